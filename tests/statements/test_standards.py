from datetime import UTC, datetime, timedelta
from fractions import Fraction
from pathlib import Path

import pytest

from portal.statements.standards import (
    REGIONS,
    Participation,
    Profile,
    all_passed,
    as_timedelta,
    count_words,
    distribution,
    evaluate,
    percent,
)

# A UN document in Chinese (the MGoS discussion paper of 2013, from shared/seeds).
SEEDS = Path(__file__).parent / "data"
OPENED = datetime(2027, 3, 1, 9, 0, tzinfo=UTC)
DAY = timedelta(days=1)


def participation(**overrides):
    """A consultation that meets every default standard; each test breaks one thing."""
    values = {
        "opened_at": OPENED,
        "closed_at": OPENED + 14 * DAY,
        "now": OPENED + 20 * DAY,
        "participants": 50,
        "by_gender": {"woman": 25, "man": 22, "other": 3},
        "by_region": {"AFR": 12, "APG": 12, "EEG": 6, "GRULAC": 10, "WEOG": 10},
        "frontline": 10,
        "word_count": 2_000,
    }
    values.update(overrides)
    return Participation(**values)


def finding(code, profile=None, **overrides):
    findings = evaluate(profile or Profile(), participation(**overrides))
    (match,) = [f for f in findings if f.code == code]
    return match


def test_a_consultation_meeting_every_default_passes():
    findings = evaluate(Profile(), participation())
    assert [f.code for f in findings] == [
        "consultation_time", "participants", "gender_balance", "regional_coverage",
        "regional_balance", "length",
    ]
    assert all_passed(findings)


@pytest.mark.parametrize(
    ("duration", "passed"),
    [(14 * DAY, True), (14 * DAY - timedelta(seconds=1), False), (30 * DAY, True)],
)
def test_consultation_time_boundary(duration, passed):
    result = finding("consultation_time", closed_at=OPENED + duration, now=OPENED + 40 * DAY)
    assert result.passed is passed
    assert result.required == 14 * 86_400
    assert as_timedelta(result.actual) == duration
    assert result.params == {"open": False}


@pytest.mark.parametrize(
    "closed_at", [None, OPENED + 20 * DAY], ids=["not closed", "closes after now"]
)
def test_open_consultation_has_not_met_the_time_yet(closed_at):
    # Already open 15 days, longer than the minimum, but still open.
    result = finding("consultation_time", closed_at=closed_at, now=OPENED + 15 * DAY)
    assert not result.passed
    assert result.params == {"open": True}
    assert as_timedelta(result.actual) == 15 * DAY


def test_consultation_never_opened_fails():
    result = finding("consultation_time", opened_at=None, closed_at=None)
    assert not result.passed
    assert result.params["not_opened"] is True


def test_naive_datetimes_are_refused():
    with pytest.raises(ValueError, match="timezone-aware"):
        participation(now=datetime(2027, 3, 20))


@pytest.mark.parametrize(("participants", "passed"), [(29, False), (30, True), (31, True)])
def test_participants_boundary(participants, passed):
    result = finding("participants", participants=participants)
    assert (result.required, result.actual, result.passed) == (30, participants, passed)


@pytest.mark.parametrize(
    ("by_gender", "passed", "actual"),
    [
        ({"woman": 3, "man": 2}, True, 60.0),  # exactly 60%
        ({"woman": 61, "man": 40}, False, 60.4),  # 60.396...%
        ({"woman": 600_001, "man": 399_999}, False, 60.1),  # 60.0001%, shown above 60
        ({"man": 2, "woman": 2, "other": 1}, True, 40.0),
        ({"other": 4, "woman": 1}, False, 80.0),
    ],
)
def test_gender_balance_boundary_is_exact(by_gender, passed, actual):
    result = finding("gender_balance", by_gender=by_gender)
    assert (result.required, result.actual, result.passed) == (60.0, actual, passed)


def test_undeclared_gender_is_shown_but_not_part_of_shares():
    # 3 women of 5 declared = 60%; counting the 95 undeclared would make it 3%.
    result = finding("gender_balance", by_gender={"woman": 3, "man": 2}, undeclared_gender=95)
    assert result.passed
    assert result.actual == 60.0
    assert result.params["gender"] == "woman"
    assert result.params["count"] == 3
    assert result.params["declared"] == 5
    assert result.params["undeclared"] == 95
    assert result.params["distribution"] == [
        {"key": "woman", "count": 3, "percent": 60.0},
        {"key": "man", "count": 2, "percent": 40.0},
        {"key": "other", "count": 0, "percent": 0.0},
    ]


def test_gender_balance_without_declared_participants_fails():
    result = finding("gender_balance", by_gender={}, undeclared_gender=40)
    assert not result.passed
    assert result.params["no_data"] is True
    assert result.params["undeclared"] == 40


@pytest.mark.parametrize(
    ("by_region", "actual", "passed"),
    [
        ({"AFR": 1, "APG": 1, "EEG": 1, "GRULAC": 1}, 4, True),
        ({"AFR": 1, "APG": 1, "EEG": 1, "GRULAC": 1, "WEOG": 0}, 4, True),
        ({"AFR": 5, "APG": 5, "GRULAC": 5}, 3, False),
    ],
)
def test_regional_coverage(by_region, actual, passed):
    result = finding("regional_coverage", by_region=by_region)
    assert (result.required, result.actual, result.passed) == (4, actual, passed)


def test_regional_coverage_names_the_missing_regions():
    result = finding("regional_coverage", by_region={"AFR": 5, "APG": 5, "WEOG": 5})
    assert result.params["represented"] == ["AFR", "APG", "WEOG"]
    assert result.params["missing"] == ["EEG", "GRULAC"]


@pytest.mark.parametrize(
    ("by_region", "region", "passed"),
    [
        ({"AFR": 2, "APG": 1, "EEG": 1, "GRULAC": 1}, "AFR", True),  # exactly 2/5
        ({"AFR": 40, "APG": 30, "EEG": 10, "GRULAC": 10, "WEOG": 10}, "AFR", True),
        ({"AFR": 41, "APG": 30, "EEG": 10, "GRULAC": 10, "WEOG": 9}, "AFR", False),
        ({"AFR": 1, "WEOG": 3, "APG": 1, "EEG": 1, "GRULAC": 1}, "WEOG", False),
    ],
)
def test_regional_balance_boundary(by_region, region, passed):
    result = finding("regional_balance", by_region=by_region)
    assert result.params["region"] == region
    assert result.passed is passed


def test_regional_balance_shows_empty_regions_and_excludes_unknown():
    # 2 of 5 known = 40%, passes; with the 10 unknown in the total it would look like 13%.
    result = finding(
        "regional_balance", by_region={"AFR": 2, "APG": 1, "GRULAC": 2}, unknown_region=10
    )
    assert result.passed
    assert result.params["known"] == 5
    assert result.params["unknown"] == 10
    assert [row["key"] for row in result.params["distribution"]] == list(REGIONS)
    assert result.params["distribution"][2] == {"key": "EEG", "count": 0, "percent": 0.0}


def test_regional_balance_without_known_regions_fails():
    result = finding("regional_balance", by_region={}, unknown_region=12)
    assert not result.passed
    assert result.params["no_data"] is True


def test_frontline_share_is_checked_only_when_the_profile_sets_it():
    assert "frontline_share" not in [f.code for f in evaluate(Profile(), participation())]


@pytest.mark.parametrize(
    ("frontline", "participants", "passed", "actual"),
    [(10, 40, True, 25.0), (9, 40, False, 22.5), (33, 133, False, 24.8), (0, 0, False, 0)],
)
def test_frontline_share_boundary(frontline, participants, passed, actual):
    profile = Profile(min_frontline_share=Fraction(1, 4))
    result = finding("frontline_share", profile, frontline=frontline, participants=participants)
    assert (result.required, result.actual, result.passed) == (25.0, actual, passed)


@pytest.mark.parametrize(("words", "passed"), [(10_700, True), (10_701, False)])
def test_length_boundary(words, passed):
    result = finding("length", word_count=words)
    assert (result.required, result.actual, result.passed) == (10_700, words, passed)


def test_one_failure_fails_the_whole_statement():
    assert not all_passed(evaluate(Profile(), participation(participants=29)))


def test_distribution_lists_every_key_in_order_with_exact_shares():
    assert distribution({"WEOG": 1, "AFR": 2}, REGIONS) == [
        ("AFR", 2, Fraction(2, 3)),
        ("APG", 0, Fraction(0)),
        ("EEG", 0, Fraction(0)),
        ("GRULAC", 0, Fraction(0)),
        ("WEOG", 1, Fraction(1, 3)),
    ]
    assert distribution({}, ["woman", "man"]) == [("woman", 0, 0), ("man", 0, 0)]


def test_misspelt_keys_are_refused_not_dropped():
    with pytest.raises(ValueError, match="women"):
        participation(by_gender={"women": 3})
    with pytest.raises(ValueError, match="AFRICA"):
        participation(by_region={"AFRICA": 3})
    with pytest.raises(ValueError, match="max_gender_shares"):
        Profile.from_dict({"max_gender_shares": 60})


def test_profile_refuses_float_shares():
    # 0.6 as a float is slightly below 3/5, so 60% exactly would fail.
    with pytest.raises(TypeError):
        Profile(max_gender_share=0.6)


def test_profile_reads_percentages_exactly():
    profile = Profile.from_dict(
        {"max_gender_share": 60, "max_region_share": "40", "min_frontline_share": "12.5",
         "min_consultation_days": 21, "chinese_chars_per_word": "3/2"}
    )
    assert profile.max_gender_share == Fraction(3, 5)
    assert profile.max_region_share == Fraction(2, 5)
    assert profile.min_frontline_share == Fraction(1, 8)
    assert profile.min_consultation == 21 * DAY
    assert profile.chinese_chars_per_word == Fraction(3, 2)


@pytest.mark.parametrize(
    "profile",
    [Profile(), Profile(max_gender_share=Fraction(1, 3), min_frontline_share=Fraction(1, 5),
                        min_consultation=timedelta(days=10, hours=12))],
)
def test_profile_round_trips_through_json_form(profile):
    assert Profile.from_dict(profile.to_dict()) == profile


def test_profile_defaults_in_json_form():
    assert Profile().to_dict() == {
        "min_consultation_days": 14, "min_participants": 30, "max_gender_share": 60,
        "min_regions": 4, "max_region_share": 40, "min_frontline_share": None,
        "max_words": 10_700, "chinese_chars_per_word": 2,
    }


@pytest.mark.parametrize(
    ("share", "rounding", "expected"),
    [(Fraction(2, 3), "nearest", 66.7), (Fraction(2, 3), "down", 66.6),
     (Fraction(600_001, 1_000_000), "up", 60.1), (Fraction(3, 5), "up", 60.0)],
)
def test_percent_rounding(share, rounding, expected):
    assert percent(share, rounding=rounding) == expected


@pytest.mark.parametrize(
    ("text", "words"),
    [
        ("Minimum standards for major-group statements.", 5),
        ("See E/2003/29 — paragraphs 46 to 53.", 6),
        ("المعايير الدنيا لبيانات المجموعات الرئيسية", 5),
        ("Минимальные стандарты для заявлений основных групп", 6),
        # 34 ideographs = 17 words, plus "20."
        ("20. 主要群体声明的最低标准：应制定一整套最低标准，阐明主要群体声明的组成部分。", 18),
        ("主要群体", 2),
        ("主要群体声明", 3),
        ("群", 1),  # rounded up
        ("HLPF主要群体", 3),  # mixed: one Latin word, four ideographs
        ("", 0),
    ],
)
def test_count_words(text, words):
    assert count_words(text) == words


def test_count_words_conversion_follows_the_profile():
    text = "主要群体声明的最低标准"  # 11 ideographs
    assert count_words(text, Fraction(3, 2)) == 8  # 7.33 rounded up
    assert count_words(text, 1) == 11


def test_count_words_on_a_chinese_un_document():
    text = (SEEDS / "un_discussion_paper_zh.txt").read_text(encoding="utf-8")
    ideographs = sum(1 for char in text if "\u4e00" <= char <= "\u9fff")
    words = count_words(text)
    # Half the ideographs, plus the symbols, numbers and paragraph numbers between them.
    assert ideographs // 2 < words < ideographs // 2 + len(text.split())
    assert words <= Profile().max_words
