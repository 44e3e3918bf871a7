"""The balance advisor: following the advice meets the criterion, one less does not."""
import dataclasses
import itertools
from datetime import UTC, datetime, timedelta
from fractions import Fraction

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from portal.statements import standards
from portal.statements.standards import GENDERS, REGIONS, Participation, Profile, evaluate
from portal.statements.standards_advice import (
    ADD_FRONTLINE,
    ADD_PARTICIPANTS,
    ADD_REGIONS,
    ADD_TO_GROUPS,
    CLOSE,
    EXTEND,
    IMPOSSIBLE,
    KEEP_OPEN,
    OPEN,
    REMOVE_WORDS,
    advise,
    apply_advice,
)

OPENED = datetime(2027, 3, 1, 9, 0, tzinfo=UTC)
DAY = timedelta(days=1)
SECOND = timedelta(seconds=1)


def participation(**overrides):
    """Meets every default standard; each case breaks one thing."""
    values = {
        "opened_at": OPENED, "closed_at": OPENED + 14 * DAY, "now": OPENED + 20 * DAY,
        "participants": 50, "by_gender": {"woman": 25, "man": 22, "other": 3},
        "by_region": {"AFR": 12, "APG": 12, "EEG": 6, "GRULAC": 10, "WEOG": 10},
        "frontline": 10, "word_count": 2_000,
    }
    values.update(overrides)
    return Participation(**values)


def passes(profile, p, code):
    return {f.code: f.passed for f in evaluate(profile, p)}[code]


def smaller_changes(advice):
    """Every change one step smaller than the advice."""
    if advice.action in (OPEN, KEEP_OPEN, EXTEND, ADD_PARTICIPANTS, ADD_FRONTLINE,
                         REMOVE_WORDS):
        if advice.amount:
            yield dataclasses.replace(advice, amount=advice.amount - 1)
    elif advice.action == ADD_REGIONS:
        for region in advice.params["regions"]:
            rest = [r for r in advice.params["regions"] if r != region]
            yield dataclasses.replace(advice, amount=len(rest), params={"regions": rest})
    elif advice.action == ADD_TO_GROUPS:
        yield from _smaller_splits(advice)


def _smaller_splits(advice):
    """One person fewer, split every way among the groups when that is few enough."""
    keys = GENDERS if advice.code == standards.GENDER_BALANCE else REGIONS
    fewer = advice.amount - 1
    if fewer > 6:
        splits = [dict(advice.params["add"], **{key: count - 1})
                  for key, count in advice.params["add"].items()]
    else:
        splits = [dict(zip(keys, parts, strict=True))
                  for parts in itertools.product(range(fewer + 1), repeat=len(keys))
                  if sum(parts) == fewer]
    for split in splits:
        yield dataclasses.replace(advice, amount=fewer, params={"add": split})


def assert_sufficient_and_minimal(profile, p):
    """The advice fixes each failed criterion, and no smaller change does."""
    findings = evaluate(profile, p)
    advice = advise(profile, p, findings)
    assert set(advice) == {f.code for f in findings if not f.passed}
    for code, fix in advice.items():
        if fix.action == IMPOSSIBLE:
            continue
        assert passes(profile, apply_advice(p, fix), code), fix
        for smaller in smaller_changes(fix):
            assert not passes(profile, apply_advice(p, smaller), code), (fix, smaller)
    return advice


CASES = {
    # consultation time
    "not opened": (Profile(), dict(opened_at=None, closed_at=None), OPEN, 14),
    "open one second": (Profile(), dict(closed_at=None, now=OPENED + SECOND), KEEP_OPEN, 14),
    "open 13 days": (Profile(), dict(closed_at=None, now=OPENED + 13 * DAY), KEEP_OPEN, 1),
    "open long enough": (Profile(), dict(closed_at=None, now=OPENED + 14 * DAY), CLOSE, 0),
    "one second short": (Profile(), dict(closed_at=OPENED + 14 * DAY - SECOND), EXTEND, 1),
    "ten days": (Profile(), dict(closed_at=OPENED + 10 * DAY), EXTEND, 4),
    "half days": (Profile.from_dict({"min_consultation_days": "14.5"}),
                  dict(closed_at=OPENED + 14 * DAY), EXTEND, 1),
    # participants
    "29 of 30": (Profile(), dict(participants=29), ADD_PARTICIPANTS, 1),
    "18 of 30": (Profile(), dict(participants=18), ADD_PARTICIPANTS, 12),
    "nobody": (Profile(), dict(participants=0), ADD_PARTICIPANTS, 30),
    # length
    "one word over": (Profile(), dict(word_count=10_701), REMOVE_WORDS, 1),
    # frontline
    "frontline 9 of 50": (Profile(min_frontline_share=Fraction(1, 5)),
                          dict(frontline=9), ADD_FRONTLINE, 2),
    "frontline nobody": (Profile(min_frontline_share=Fraction(1, 5)),
                         dict(participants=0, frontline=0), ADD_FRONTLINE, 1),
    "frontline all": (Profile(min_frontline_share=Fraction(1)), dict(), IMPOSSIBLE, 0),
}


@pytest.mark.parametrize(("profile", "changes", "action", "amount"), CASES.values(),
                         ids=CASES.keys())
def test_advice_at_each_boundary(profile, changes, action, amount):
    p = participation(**changes)
    advice = assert_sufficient_and_minimal(profile, p)
    assert (action, amount) in {(fix.action, fix.amount) for fix in advice.values()}


def test_a_report_meeting_every_standard_needs_no_advice():
    assert advise(Profile(), participation()) == {}


def test_the_under_represented_gender_is_named_with_the_fewest_to_add():
    # 61 women and 39 men: 61/(100 + x) <= 3/5 needs x = 2 more men; 1 more is 60.4%.
    p = participation(by_gender={"woman": 61, "man": 39}, participants=100)
    fix = assert_sufficient_and_minimal(Profile(), p)["gender_balance"]
    assert (fix.action, fix.amount, fix.params) == (ADD_TO_GROUPS, 2, {"add": {"man": 2}})


def test_men_are_named_before_another_gender_that_has_fewer():
    p = participation(by_gender={"woman": 10, "man": 5, "other": 0}, participants=15)
    fix = assert_sufficient_and_minimal(Profile(), p)["gender_balance"]
    assert fix.params == {"add": {"man": 2}}


def test_nobody_declared_a_gender_needs_two_people_of_different_genders():
    p = participation(by_gender={}, undeclared_gender=50)
    fix = assert_sufficient_and_minimal(Profile(), p)["gender_balance"]
    assert fix.params == {"add": {"woman": 1, "man": 1}}


def test_a_region_over_the_maximum_names_the_smallest_region():
    # The example: Eastern European States need at least 7 more participants.
    p = participation(by_region={"AFR": 20, "APG": 10, "EEG": 0, "GRULAC": 10, "WEOG": 3})
    fix = assert_sufficient_and_minimal(Profile(), p)["regional_balance"]
    assert (fix.action, fix.amount, fix.params) == (ADD_TO_GROUPS, 7, {"add": {"EEG": 7}})


def test_a_region_far_over_the_maximum_is_balanced_across_several_regions():
    p = participation(by_region={"AFR": 40})
    fix = assert_sufficient_and_minimal(Profile(), p)["regional_balance"]
    assert fix.amount == 60 and fix.params["add"] == {"APG": 15, "EEG": 15, "GRULAC": 15,
                                                      "WEOG": 15}


def test_missing_regions_are_named_one_participant_each():
    p = participation(by_region={"AFR": 30, "APG": 20})
    fix = assert_sufficient_and_minimal(Profile(), p)["regional_coverage"]
    assert (fix.action, fix.amount, fix.params) == (ADD_REGIONS, 2,
                                                    {"regions": ["EEG", "GRULAC"]})


def test_a_maximum_share_no_split_can_meet_is_impossible():
    profile = Profile(max_region_share=Fraction(1, 6))
    fix = advise(profile, participation())["regional_balance"]
    assert fix.action == IMPOSSIBLE


counts = st.integers(min_value=0, max_value=60)
shares = st.fractions(min_value=Fraction(1, 5), max_value=1, max_denominator=20)


@settings(max_examples=150, deadline=None)
@given(
    by_gender=st.fixed_dictionaries({key: counts for key in GENDERS}),
    by_region=st.fixed_dictionaries({key: counts for key in REGIONS}),
    extra=counts, frontline=counts, days_open=st.integers(min_value=0, max_value=40),
    still_open=st.booleans(), gender_share=shares, region_share=shares,
    frontline_share=st.fractions(min_value=0, max_value=1, max_denominator=20),
    min_regions=st.integers(min_value=0, max_value=5),
    min_days=st.fractions(min_value=0, max_value=30, max_denominator=4),
)
def test_any_advice_is_enough_and_minimal(by_gender, by_region, extra, frontline, days_open,
                                          still_open, gender_share, region_share,
                                          frontline_share, min_regions, min_days):
    participants = max(sum(by_gender.values()), sum(by_region.values())) + extra
    profile = Profile.from_dict({
        "min_consultation_days": str(min_days), "min_regions": min_regions,
        "max_gender_share": str(gender_share * 100),
        "max_region_share": str(region_share * 100),
        "min_frontline_share": str(frontline_share * 100)})
    end = OPENED + days_open * DAY + 7 * SECOND
    p = participation(by_gender=by_gender, by_region=by_region, participants=participants,
                      frontline=min(frontline, participants),
                      closed_at=None if still_open else end,
                      now=end if still_open else end + DAY)
    assert_sufficient_and_minimal(profile, p)
