"""The standards report's numbers, counted by SQL: the rules the issue asks to get exactly right."""
from datetime import timedelta

import pytest

from portal.extensions import db
from portal.statements import services
from portal.timeutil import utcnow
from tests.consultations.factories import add_input, add_report, open_consultation
from tests.world import build_world


@pytest.fixture
def world(app):
    return build_world()


@pytest.fixture
def consultation(world):
    return open_consultation(world.groups["women"], world.users["organizing_partner"])


def numbers(consultation):
    db.session.expire_all()
    statement = services.get_statement(consultation.statement_id)
    return services.participation_numbers(statement)


def finding(consultation, code, now=None):
    statement = services.get_statement(consultation.statement_id)
    return services.standards_report(statement, now).finding(code)


@pytest.mark.parametrize("inputs", [1, 3])
def test_a_person_counts_once_however_many_inputs(consultation, make_user, inputs):
    person = make_user()
    for _ in range(inputs):
        add_input(consultation, person)
    result = numbers(consultation)
    assert (result.participants, result.by_gender["woman"], result.accepted_inputs) == (
        1, 1, inputs)


@pytest.mark.parametrize(("statuses", "counted"), [
    (["accepted"], 1),
    (["withdrawn"], 0),
    (["rejected"], 0),
    (["withdrawn", "rejected"], 0),
    (["withdrawn", "accepted"], 1),
    (["rejected", "accepted", "accepted"], 1),
])
def test_withdrawn_and_rejected_inputs_count_for_nothing(consultation, make_user, statuses,
                                                         counted):
    person = make_user()
    for status in statuses:
        add_input(consultation, person, status=status)
    result = numbers(consultation)
    assert result.participants == counted
    assert sum(result.by_region.values()) == counted


def test_the_latest_declaration_is_the_one_counted(consultation, make_user):
    person = make_user()
    add_input(consultation, person, gender="woman", country="KE")
    add_input(consultation, person, gender="man", country="FR")
    result = numbers(consultation)
    assert result.by_gender == {"woman": 0, "man": 1, "other": 0}
    assert result.by_region["WEOG"] == 1 and result.by_region["AFR"] == 0


def test_report_numbers_are_added_to_the_people_online(consultation, make_user):
    add_input(consultation, make_user(), gender="woman", country="KE")
    statement = consultation.statement
    add_report(statement, participants=10, women=6, men=3, undeclared_gender=1, afr=4, apg=6)
    add_report(statement, participants=5, women=5, eeg=2, unknown_region=3, frontline=2)
    result = numbers(consultation)
    assert result.participants == 16
    assert (result.people_online, result.people_in_reports) == (1, 15)
    assert result.by_gender == {"woman": 12, "man": 3, "other": 0}
    assert result.undeclared_gender == 1
    assert result.by_region == {"AFR": 5, "APG": 6, "EEG": 2, "GRULAC": 0, "WEOG": 0}
    assert result.unknown_region == 3
    assert result.frontline == 2


@pytest.mark.parametrize(("country", "region_key"), [("", None), ("AQ", None), ("BR", "GRULAC")])
def test_undeclared_gender_and_unknown_region_are_kept_apart(consultation, make_user, country,
                                                             region_key):
    add_input(consultation, make_user(), gender="prefer_not", country=country)
    result = numbers(consultation)
    assert result.participants == 1
    assert result.by_gender == {"woman": 0, "man": 0, "other": 0}
    assert result.undeclared_gender == 1
    assert result.unknown_region == (0 if region_key else 1)
    gender = finding(consultation, "gender_balance")
    assert gender.params["undeclared"] == 1 and gender.params["declared"] == 0
    assert not gender.passed


def test_a_region_nobody_came_from_is_shown_as_zero(consultation, make_user):
    add_input(consultation, make_user(), country="KE")
    region = finding(consultation, "regional_balance")
    assert [row["key"] for row in region.params["distribution"]] == [
        "AFR", "APG", "EEG", "GRULAC", "WEOG"]
    assert [row["count"] for row in region.params["distribution"]] == [1, 0, 0, 0, 0]


@pytest.mark.parametrize(("women", "men", "passed"), [
    (3, 2, True),      # exactly 60%
    (60, 40, True),    # exactly 60%
    (61, 40, False),   # 60.4%
    (6001, 4000, False),  # 60.004%: no rounding lets it pass
    (2, 3, True),
])
def test_gender_share_boundary_is_exact(consultation, women, men, passed):
    add_report(consultation.statement, participants=women + men, women=women, men=men,
               afr=women + men)
    assert finding(consultation, "gender_balance").passed is passed


@pytest.mark.parametrize(("afr", "each_other", "passed"), [
    (2, 1, True),      # 2 of 5: 40% exactly
    (40, 20, True),    # 40 of 100
    (41, 20, False),   # 41 of 101: 40.6%
])
def test_region_share_boundary_is_exact(consultation, afr, each_other, passed):
    total = afr + 3 * each_other
    add_report(consultation.statement, participants=total, women=total, afr=afr,
               apg=each_other, eeg=each_other, weog=each_other)
    assert finding(consultation, "regional_balance").passed is passed


@pytest.mark.parametrize(("length", "passed"), [
    (timedelta(days=14), True),
    (timedelta(days=14) - timedelta(seconds=1), False),
    (timedelta(days=30), True),
])
def test_consultation_time_is_a_duration_compared_with_the_minimum(world, length, passed):
    consultation = open_consultation(world.groups["women"], world.users["organizing_partner"],
                                     opened_days_ago=40)
    consultation.closes_at = consultation.opens_at + length
    db.session.flush()
    result = finding(consultation, "consultation_time")
    assert result.passed is passed
    assert result.actual == int(length.total_seconds())


def test_a_consultation_still_open_has_not_met_the_time(consultation):
    consultation.closes_at = utcnow() + timedelta(days=1)
    consultation.opens_at = utcnow() - timedelta(days=30)
    db.session.flush()
    result = finding(consultation, "consultation_time")
    assert not result.passed and result.params["open"]


@pytest.mark.parametrize(("people", "passed"), [(29, False), (30, True)])
def test_minimum_participants_counts_people_not_inputs(consultation, make_user, people, passed):
    add_report(consultation.statement, participants=people - 1, women=people - 1,
               afr=people - 1)
    person = make_user()
    for _ in range(3):
        add_input(consultation, person)
    assert finding(consultation, "participants").passed is passed


def test_imported_rows_of_one_person_reference_count_once(consultation):
    add_input(consultation, person_ref="survey-17", gender="man", country="IN")
    add_input(consultation, person_ref="survey-17", gender="man", country="IN")
    add_input(consultation, person_ref=None, gender="woman", country="IN")
    result = numbers(consultation)
    assert result.participants == 2 and result.by_region["APG"] == 2
