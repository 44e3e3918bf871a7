"""Minimum standards for major-group statements (recommendation 20, DESIGN.md section 3).

Pure rules: plain values in, findings out. The caller counts participants with SQL and
builds a `Participation`; `evaluate` compares it with a `Profile` and returns one `Finding`
per criterion. A finding carries numbers, never sentences: the web layer turns `code` and
`params` into a sentence in the reader's language.

Shares are `fractions.Fraction` so that a boundary is exact: with a 60% maximum, 3 of 5
passes and 61 of 101 fails, with no floating-point rounding deciding either way.
"""

from __future__ import annotations

import math
import re
import unicodedata
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, fields
from datetime import datetime, timedelta
from fractions import Fraction
from typing import Any

GENDERS = ("woman", "man", "other")
# The five UN regional groups, in the order the UN lists them.
REGIONS = ("AFR", "APG", "EEG", "GRULAC", "WEOG")

CONSULTATION_TIME = "consultation_time"
PARTICIPANTS = "participants"
GENDER_BALANCE = "gender_balance"
REGIONAL_COVERAGE = "regional_coverage"
REGIONAL_BALANCE = "regional_balance"
FRONTLINE_SHARE = "frontline_share"
LENGTH = "length"

_SHARE_FIELDS = ("max_gender_share", "max_region_share", "min_frontline_share")


def _as_share(value: Any, name: str) -> Fraction | None:
    """Accept Fraction or int only: a float such as 0.6 is not exactly 3/5."""
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, (Fraction, int)):
        raise TypeError(f"{name} must be a Fraction, not {type(value).__name__}")
    share = Fraction(value)
    if not 0 <= share <= 1:
        raise ValueError(f"{name} must be between 0 and 1, got {share}")
    return share


def _percent_to_share(value: Any) -> Fraction | None:
    """JSON percent (60, "60", "62.5", "125/2") -> exact share (3/5, ...)."""
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, (int, float, str)):
        raise TypeError(f"a percentage must be a number or a string, not {value!r}")
    # str() first: Fraction(60.1) would carry the float's binary error.
    return Fraction(str(value)) / 100


def _share_to_percent(share: Fraction | None) -> int | str | None:
    if share is None:
        return None
    percent = share * 100
    return percent.numerator if percent.denominator == 1 else str(percent)


@dataclass(frozen=True)
class Profile:
    """Thresholds set by the secretariat for one meeting or process.

    `chinese_chars_per_word`: the UN word limit (10,700 words for documents from outside the
    Secretariat) is an English figure. A Chinese text has no spaces, so `count_words` counts
    every `chinese_chars_per_word` CJK characters as one word; the default 2 is the
    conventional estimate of Chinese characters per English word (UN translation services
    use 1.5 to 2). Set it to Fraction(3, 2) for the stricter estimate.
    """

    min_consultation: timedelta = timedelta(days=14)
    min_participants: int = 30
    max_gender_share: Fraction = Fraction(3, 5)
    min_regions: int = 4
    max_region_share: Fraction = Fraction(2, 5)
    min_frontline_share: Fraction | None = None
    max_words: int = 10_700
    chinese_chars_per_word: Fraction = Fraction(2)

    def __post_init__(self) -> None:
        for name in _SHARE_FIELDS:
            object.__setattr__(self, name, _as_share(getattr(self, name), name))
        if self.max_gender_share is None or self.max_region_share is None:
            raise ValueError("max_gender_share and max_region_share are required")
        ratio = self.chinese_chars_per_word
        if isinstance(ratio, (bool, float)) or not isinstance(ratio, (Fraction, int)):
            raise TypeError("chinese_chars_per_word must be a Fraction or an int")
        if ratio <= 0:
            raise ValueError("chinese_chars_per_word must be positive")
        object.__setattr__(self, "chinese_chars_per_word", Fraction(ratio))
        if not 0 <= self.min_regions <= len(REGIONS):
            raise ValueError(f"min_regions must be between 0 and {len(REGIONS)}")
        if self.min_participants < 0 or self.max_words < 0:
            raise ValueError("min_participants and max_words must not be negative")
        if self.min_consultation < timedelta(0):
            raise ValueError("min_consultation must not be negative")

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Profile:
        """Build from the JSON form written by `to_dict`; missing keys take the defaults.

        Shares are percentages: 60, "60", "62.5" or "125/2" (converted exactly, never via
        float). `min_consultation_days` is a number of days (int, float or string);
        `chinese_chars_per_word` an int or a string such as "3/2". Unknown keys raise
        ValueError so that a misspelt threshold is not silently ignored.
        """
        known = {f.name for f in fields(cls)} - {"min_consultation"} | {"min_consultation_days"}
        unknown = set(data) - known
        if unknown:
            raise ValueError(f"unknown profile keys: {sorted(unknown)}")
        kwargs: dict[str, Any] = {}
        for key, value in data.items():
            if key == "min_consultation_days":
                days = Fraction(str(value))
                kwargs["min_consultation"] = timedelta(microseconds=round(days * 86_400_000_000))
            elif key in _SHARE_FIELDS:
                kwargs[key] = _percent_to_share(value)
            elif key == "chinese_chars_per_word":
                kwargs[key] = Fraction(str(value))
            else:
                kwargs[key] = int(value)
        return cls(**kwargs)

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready dict; shares as percent (int when whole, else an exact "p/q" string)."""
        days = Fraction(self.min_consultation // timedelta(microseconds=1), 86_400_000_000)
        ratio = self.chinese_chars_per_word
        return {
            "min_consultation_days": days.numerator if days.denominator == 1 else float(days),
            "min_participants": self.min_participants,
            "max_gender_share": _share_to_percent(self.max_gender_share),
            "min_regions": self.min_regions,
            "max_region_share": _share_to_percent(self.max_region_share),
            "min_frontline_share": _share_to_percent(self.min_frontline_share),
            "max_words": self.max_words,
            "chinese_chars_per_word": ratio.numerator if ratio.denominator == 1 else str(ratio),
        }


def _check_counts(counts: Mapping[str, int], keys: Iterable[str], name: str) -> None:
    unknown = set(counts) - set(keys)
    if unknown:
        raise ValueError(f"{name}: unknown keys {sorted(unknown)}")
    if any(count < 0 for count in counts.values()):
        raise ValueError(f"{name}: counts must not be negative")


def _check_aware(moment: datetime | None, name: str) -> None:
    if moment is not None and moment.utcoffset() is None:
        raise ValueError(f"{name} must be timezone-aware (UTC)")


@dataclass(frozen=True)
class Participation:
    """What the database says about one statement's consultation.

    `participants`: distinct people with accepted inputs plus the participant numbers that
    national and regional consultation reports declare. Counting a person once is the
    caller's job. `by_gender` and `by_region` hold the participants who declared one;
    the others go in `undeclared_gender` and `unknown_region`. Missing keys mean zero.
    """

    opened_at: datetime | None
    closed_at: datetime | None
    now: datetime
    participants: int
    by_gender: Mapping[str, int] = field(default_factory=dict)
    undeclared_gender: int = 0
    by_region: Mapping[str, int] = field(default_factory=dict)
    unknown_region: int = 0
    frontline: int = 0
    word_count: int = 0

    def __post_init__(self) -> None:
        for name in ("opened_at", "closed_at", "now"):
            _check_aware(getattr(self, name), name)
        _check_counts(self.by_gender, GENDERS, "by_gender")
        _check_counts(self.by_region, REGIONS, "by_region")
        numbers = (self.participants, self.undeclared_gender, self.unknown_region,
                   self.frontline, self.word_count)
        if any(number < 0 for number in numbers):
            raise ValueError("counts must not be negative")


@dataclass(frozen=True)
class Finding:
    """One criterion's result; `required`, `actual` and `params` are JSON-ready.

    Durations are whole seconds (see `as_timedelta`), shares are percentages with one
    decimal (see `percent`); `passed` is decided on the exact values, not on these.
    """

    code: str
    required: int | float
    actual: int | float
    passed: bool
    params: dict[str, Any] = field(default_factory=dict)


def as_timedelta(seconds: int) -> timedelta:
    """Turn a finding's duration back into a timedelta, e.g. for babel's format_timedelta."""
    return timedelta(seconds=seconds)


def _seconds(duration: timedelta) -> int:
    # Floor: a duration one microsecond short of 14 days must not display as 14 days.
    return duration // timedelta(seconds=1)


def percent(share: Fraction, *, rounding: str = "nearest") -> float:
    """Share -> percent with one decimal. rounding: "nearest", "up" or "down".

    Findings round a maximum's actual up and a minimum's actual down, so the number shown
    never contradicts `passed` (60.04% against a 60% maximum shows 60.1, not 60.0).
    """
    tenths = share * 1000
    if rounding == "up":
        return math.ceil(tenths) / 10
    if rounding == "down":
        return math.floor(tenths) / 10
    return round(tenths) / 10


def distribution(
    counts: Mapping[str, int], keys: Iterable[str]
) -> list[tuple[str, int, Fraction]]:
    """(key, count, share of the total over `keys`) in the order of `keys`.

    Keys without a count appear with 0, so a region nobody came from is shown, not hidden.
    With a zero total every share is 0.
    """
    keys = tuple(keys)
    _check_counts(counts, keys, "counts")
    total = sum(counts.get(key, 0) for key in keys)
    return [
        (key, counts.get(key, 0), Fraction(counts.get(key, 0), total) if total else Fraction(0))
        for key in keys
    ]


def _distribution_params(rows: list[tuple[str, int, Fraction]]) -> list[dict[str, Any]]:
    return [{"key": key, "count": count, "percent": percent(share)} for key, count, share in rows]


def _consultation_time(profile: Profile, p: Participation) -> Finding:
    required = _seconds(profile.min_consultation)
    if p.opened_at is None:
        return Finding(CONSULTATION_TIME, required, 0, False, {"open": False, "not_opened": True})
    still_open = p.closed_at is None or p.closed_at > p.now
    end = p.now if still_open else p.closed_at
    duration = max(end - p.opened_at, timedelta(0))
    passed = not still_open and duration >= profile.min_consultation
    return Finding(CONSULTATION_TIME, required, _seconds(duration), passed, {"open": still_open})


def _participants(profile: Profile, p: Participation) -> Finding:
    passed = p.participants >= profile.min_participants
    return Finding(PARTICIPANTS, profile.min_participants, p.participants, passed, {})


def _largest(rows: list[tuple[str, int, Fraction]]) -> tuple[str, int, Fraction]:
    # On a tie the first key in order wins, so the finding is deterministic.
    return max(rows, key=lambda row: row[2])


def _balance(code: str, counts: Mapping[str, int], keys: tuple[str, ...], maximum: Fraction,
             names: tuple[str, str, str], unknown: int) -> Finding:
    """No group above ``maximum`` of those whose group is known; the unknown are only shown.

    ``names`` are the params' keys for the known total, the unknown count and the largest
    group ("declared", "undeclared", "gender" for gender; "known", "unknown", "region").
    """
    known_key, unknown_key, largest_key = names
    rows = distribution(counts, keys)
    known = sum(count for _, count, _ in rows)
    required = percent(maximum)
    params: dict[str, Any] = {
        known_key: known,
        unknown_key: unknown,
        "distribution": _distribution_params(rows),
    }
    if not known:
        return Finding(code, required, 0, False, {**params, "no_data": True})
    largest, count, share = _largest(rows)
    params.update({largest_key: largest, "count": count})
    return Finding(code, required, percent(share, rounding="up"), share <= maximum, params)


def _gender_balance(profile: Profile, p: Participation) -> Finding:
    return _balance(GENDER_BALANCE, p.by_gender, GENDERS, profile.max_gender_share,
                    ("declared", "undeclared", "gender"), p.undeclared_gender)


def _regional_coverage(profile: Profile, p: Participation) -> Finding:
    represented = [region for region in REGIONS if p.by_region.get(region, 0) > 0]
    missing = [region for region in REGIONS if region not in represented]
    passed = len(represented) >= profile.min_regions
    params = {"represented": represented, "missing": missing, "total_regions": len(REGIONS)}
    return Finding(REGIONAL_COVERAGE, profile.min_regions, len(represented), passed, params)


def _regional_balance(profile: Profile, p: Participation) -> Finding:
    return _balance(REGIONAL_BALANCE, p.by_region, REGIONS, profile.max_region_share,
                    ("known", "unknown", "region"), p.unknown_region)


def _frontline_share(profile: Profile, p: Participation) -> Finding:
    required = percent(profile.min_frontline_share)
    params: dict[str, Any] = {"count": p.frontline, "participants": p.participants}
    if not p.participants:
        return Finding(FRONTLINE_SHARE, required, 0, False, {**params, "no_data": True})
    share = Fraction(p.frontline, p.participants)
    passed = share >= profile.min_frontline_share
    return Finding(FRONTLINE_SHARE, required, percent(share, rounding="down"), passed, params)


def _length(profile: Profile, p: Participation) -> Finding:
    return Finding(LENGTH, profile.max_words, p.word_count, p.word_count <= profile.max_words, {})


def evaluate(profile: Profile, participation: Participation) -> list[Finding]:
    """One finding per criterion, in a fixed order; frontline only when the profile sets it."""
    rules = [_consultation_time, _participants, _gender_balance, _regional_coverage,
             _regional_balance]
    if profile.min_frontline_share is not None:
        rules.append(_frontline_share)
    rules.append(_length)
    return [rule(profile, participation) for rule in rules]


def all_passed(findings: Iterable[Finding]) -> bool:
    """True when every criterion is met; a failing statement needs a written justification."""
    return all(finding.passed for finding in findings)


def _is_cjk(char: str) -> bool:
    # Han ideographs and Japanese kana are written without spaces between words. Korean
    # Hangul is written with spaces, so it is counted as ordinary words.
    name = unicodedata.name(char, "")
    return name.startswith(("CJK UNIFIED IDEOGRAPH", "CJK COMPATIBILITY IDEOGRAPH",
                            "HIRAGANA", "KATAKANA"))


_WORD = re.compile(r"\w")


def count_words(text: str, chinese_chars_per_word: Fraction | int = Fraction(2)) -> int:
    """Words as the UN word limit counts them, for any of the six official languages.

    - Alphabetic scripts (Latin, Cyrillic, Arabic, Hangul): a word is a run of
      non-space characters holding at least one letter or digit, so "well-being" and
      "E/2003/29" are one word each and a lone dash is none.
    - Chinese (and Japanese) text has no spaces: every CJK ideograph or kana counts as
      1/`chinese_chars_per_word` word, and the total of these is rounded up. With the
      default 2, 10,700 words allow 21,400 Chinese characters.
    - Mixed text counts both; CJK punctuation (。，《》) counts for nothing.
    """
    ratio = Fraction(chinese_chars_per_word)
    if ratio <= 0:
        raise ValueError("chinese_chars_per_word must be positive")
    cjk = 0
    rest = []
    for char in text:
        if _is_cjk(char):
            cjk += 1
            rest.append(" ")  # an ideograph ends the alphabetic word before it
        else:
            rest.append(char)
    words = sum(1 for token in "".join(rest).split() if _WORD.search(token))
    return words + math.ceil(cjk / ratio)
