"""One sentence per finding, durations that never round across a boundary."""
from datetime import UTC, datetime, timedelta
from fractions import Fraction

import pytest
from flask_babel import force_locale

from portal.statements import standards
from portal.statements.standards_text import duration, finding_message, shown_value

OPENED = datetime(2027, 3, 1, tzinfo=UTC)


@pytest.mark.parametrize(("seconds", "text"), [
    (14 * 86400, "14 days"),
    (14 * 86400 - 60, "13 days, 23 hours, and 59 minutes"),
    (3600, "1 hour"),
    (0, "0 minutes"),
])
def test_durations_are_exact(app, seconds, text):
    with app.test_request_context(), force_locale("en"):
        assert duration(seconds) == text


def test_durations_follow_the_language(app):
    with app.test_request_context(), force_locale("fr"):
        assert duration(2 * 86400) == "2\u00a0jours"
    with app.test_request_context(), force_locale("zh_Hans"):
        assert duration(14 * 86400 + 60) == "14天和1分钟"  # not "14 duration-day"
    with app.test_request_context(), force_locale("ar"):
        assert duration(14 * 86400) == "14 يوماً"
        assert duration(86400) == "يوم واحد"


def evaluate(**values):
    data = dict(opened_at=OPENED, closed_at=OPENED + timedelta(days=14), now=OPENED
                + timedelta(days=20), participants=50,
                by_gender={"woman": 25, "man": 22, "other": 3},
                by_region={"AFR": 12, "APG": 12, "EEG": 6, "GRULAC": 10, "WEOG": 10},
                frontline=10, word_count=2000)
    data.update(values)
    profile = standards.Profile(min_frontline_share=Fraction(1, 10))
    return {f.code: f for f in standards.evaluate(profile, standards.Participation(**data))}


@pytest.mark.parametrize(("values", "code", "sentence"), [
    ({}, "consultation_time", "The consultation ran 14 days; the minimum is 14 days."),
    ({"closed_at": OPENED + timedelta(days=13, hours=23)}, "consultation_time",
     "The consultation ran 13 days and 23 hours, less than the minimum of 14 days."),
    ({"closed_at": None}, "consultation_time", "The consultation is still open"),
    ({"opened_at": None, "closed_at": None}, "consultation_time",
     "No consultation has been opened"),
    ({"participants": 29}, "participants", "29 people took part, fewer than the minimum of 30."),
    ({"participants": 1}, "participants", "1 person took part"),
    ({"by_gender": {"woman": 7, "man": 3}, "undeclared_gender": 2}, "gender_balance",
     "Women are 70% of those who declared a gender, above the maximum of 60%. 2 participants "
     "did not declare a gender and are not counted in the shares."),
    ({}, "gender_balance", "The largest group, Women, is 50% of those who declared a gender"),
    ({"by_gender": {}, "undeclared_gender": 4}, "gender_balance",
     "No participant declared a gender"),
    ({"by_region": {"AFR": 5, "APG": 5}}, "regional_coverage",
     "2 of the five regional groups are represented; at least 4 are needed. Missing: "
     "Eastern European States, Latin American and Caribbean States, and Western European "
     "and other States."),
    ({"by_region": {"AFR": 9, "APG": 5, "EEG": 3, "GRULAC": 3}}, "regional_balance",
     "African States have 45% of participants, above the maximum of 40%."),
    ({"frontline": 4}, "frontline_share",
     "Frontline and grassroots participants are 8%, below the minimum of 10%."),
    ({"word_count": 10_701}, "length", "The text has 10,701 words, more than the limit of "
                                       "10,700."),
])
def test_each_finding_has_its_sentence(app, values, code, sentence):
    with app.test_request_context(), force_locale("en"):
        assert sentence in finding_message(evaluate(**values)[code])


def test_values_are_shown_as_durations_percentages_and_numbers(app):
    findings = evaluate(by_gender={"woman": 2, "man": 1})
    with app.test_request_context(), force_locale("en"):
        assert shown_value(findings["consultation_time"], 14 * 86400) == "14 days"
        assert shown_value(findings["gender_balance"], findings["gender_balance"].actual) \
            == "66.7%"
        assert shown_value(findings["length"], 10_700) == "10,700"


def test_figures_follow_the_language(app):
    findings = evaluate(by_gender={"woman": 2, "man": 1}, word_count=10_701)
    gender = findings["gender_balance"]
    with app.test_request_context(), force_locale("fr"):
        assert shown_value(gender, gender.actual) == "66,7\u00a0%"  # never "66,7%" beside it
        assert "10\u202f701 mots" in finding_message(findings["length"])
    with app.test_request_context(), force_locale("zh_Hans"):
        assert "10,701" in finding_message(findings["length"])  # not "10701" or "10 701"


def test_a_share_reads_the_same_in_the_findings_and_the_chart(app):
    from portal.statements.report_view import present
    from portal.statements.services import Numbers, StandardsReport

    # 53 of 60 is 88.33...%: rounded up against the maximum, 88.4% everywhere.
    by_gender = {"woman": 53, "man": 7, "other": 0}
    findings = list(evaluate(participants=60, by_gender=by_gender).values())
    numbers = Numbers(participants=60, by_gender=by_gender, undeclared_gender=0,
                      by_region={"AFR": 12, "APG": 12, "EEG": 12, "GRULAC": 12, "WEOG": 12},
                      unknown_region=0, frontline=10, people_online=60, people_in_reports=0,
                      accepted_inputs=60)
    report = StandardsReport(standards.Profile(), None, findings, numbers, 2000)
    with app.test_request_context(), force_locale("en"):
        shown = present(report)
        gender_row = next(row for row in shown["rows"] if row.code == "gender_balance")
        chart = shown["charts"][0]
        assert gender_row.actual == "88.4%" and chart.rows[0] == ("Women", 53, "88.4%")
        assert "53 (88.4%)" in chart.svg
