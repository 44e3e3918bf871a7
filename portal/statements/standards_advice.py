"""Balance advisor: for each criterion not met, the smallest change that would meet it.

Pure, like ``standards``: plain values in, numbers out; ``standards_text`` writes the
sentences. Every `Advice` is a concrete change that `apply_advice` can make to a
`Participation`, so tests prove both that it works and that one less would not.

- Consultation time is counted in whole days (rounded up), the unit a person acts on.
- Balance (gender, regions): the fewest added participants, given to the smallest groups
  first, so that no group is above the maximum share. Nobody is ever removed.
- A threshold no number of added participants can meet (a maximum share below one over the
  number of groups, a 100% frontline minimum with someone not frontline) is ``IMPOSSIBLE``.
"""

from __future__ import annotations

import dataclasses
import math
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import timedelta
from fractions import Fraction
from typing import Any

from portal.statements import standards

DAY = timedelta(days=1)

# What the advice asks for; `amount` is the number that goes with it.
OPEN = "open"  # open a consultation for `amount` days
KEEP_OPEN = "keep_open"  # keep it open `amount` more days, then close it
CLOSE = "close"  # it ran long enough: close it (amount 0)
EXTEND = "extend"  # it closed too early: move its closing date `amount` days later
ADD_PARTICIPANTS = "add_participants"
ADD_TO_GROUPS = "add_to_groups"  # `amount` participants, split as params["add"]
ADD_REGIONS = "add_regions"  # one participant from each region in params["regions"]
ADD_FRONTLINE = "add_frontline"
REMOVE_WORDS = "remove_words"
IMPOSSIBLE = "impossible"  # the profile cannot be met by adding participants
ACTIONS = (OPEN, KEEP_OPEN, CLOSE, EXTEND, ADD_PARTICIPANTS, ADD_TO_GROUPS, ADD_REGIONS,
           ADD_FRONTLINE, REMOVE_WORDS, IMPOSSIBLE)


@dataclass(frozen=True)
class Advice:
    """One criterion's smallest fix; `amount` and `params` are JSON-ready."""

    code: str
    action: str
    amount: int
    params: dict[str, Any] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        return {"action": self.action, "amount": self.amount, **self.params}


def _whole_days(duration: timedelta) -> int:
    return math.ceil(Fraction(duration // timedelta(microseconds=1), 86_400_000_000))


def _consultation_time(profile: standards.Profile, p: standards.Participation,
                       finding: standards.Finding) -> Advice:
    minimum = profile.min_consultation
    if p.opened_at is None:
        return Advice(finding.code, OPEN, _whole_days(minimum))
    if finding.params.get("open"):
        days = _whole_days(max(p.opened_at + minimum - p.now, timedelta(0)))
        return Advice(finding.code, KEEP_OPEN if days else CLOSE, days)
    return Advice(finding.code, EXTEND, _whole_days(p.opened_at + minimum - p.closed_at))


def _participants(profile, p, finding) -> Advice:
    return Advice(finding.code, ADD_PARTICIPANTS, profile.min_participants - p.participants)


def _fill(counts: dict[str, int], added: int, order: tuple[str, ...]) -> dict[str, int]:
    """Give `added` people to the smallest groups first (ties: `order`); lowers the top."""
    low, high = 0, max(counts.values()) + added
    while low < high:  # the highest level reachable with `added` people
        level = (low + high + 1) // 2
        if sum(max(0, level - count) for count in counts.values()) <= added:
            low = level
        else:
            high = level - 1
    given = {key: max(0, low - counts[key]) for key in order}
    spare = added - sum(given.values())
    for key in order:  # fewer than one each for the groups at the level
        if spare and counts[key] + given[key] == low:
            given[key] += 1
            spare -= 1
    return {key: amount for key, amount in given.items() if amount}


def _fewest_added(counts: dict[str, int], maximum: Fraction,
                  order: tuple[str, ...]) -> dict[str, int] | None:
    """The smallest additions after which no group is above `maximum`; None if none can."""
    if maximum * len(order) < 1:
        return None
    known = sum(counts.values())
    # The largest group cannot shrink, so the total must reach top / maximum; and someone
    # must have declared. Within one denominator of that a total works (see the tests).
    start = max(known, 1, math.ceil(max(counts.values()) / maximum))
    for total in range(start, start + maximum.denominator + 1):
        added = _fill(counts, total - known, order)
        if all(counts[key] + added.get(key, 0) <= maximum * total for key in order):
            return added
    raise AssertionError("unreachable: a multiple of the denominator always fits")


def _single_group(counts: dict[str, int], added: dict[str, int], maximum: Fraction,
                  order: tuple[str, ...], named_last: tuple[str, ...]) -> dict[str, int]:
    """The same number given to one group, the smallest, when that is enough too.

    Groups in `named_last` are chosen only when no other single group would do.
    """
    amount = sum(added.values())
    total = sum(counts.values()) + amount
    for target in sorted(order, key=lambda key: (key in named_last, counts[key])):
        after = dict(counts, **{target: counts[target] + amount})
        if all(count <= maximum * total for count in after.values()):
            return {target: amount}
    return added


def _balance(finding: standards.Finding, counts: Mapping[str, int], keys: tuple[str, ...],
             maximum: Fraction, named_last: tuple[str, ...] = ()) -> Advice:
    counts = {key: counts.get(key, 0) for key in keys}
    added = _fewest_added(counts, maximum, keys)
    if added is None:
        return Advice(finding.code, IMPOSSIBLE, 0)
    added = _single_group(counts, added, maximum, keys, named_last)
    return Advice(finding.code, ADD_TO_GROUPS, sum(added.values()),
                  {"add": {key: added[key] for key in keys if key in added}})


def _gender_balance(profile, p, finding) -> Advice:
    # The under-represented gender named is women or men when either is enough.
    return _balance(finding, p.by_gender, standards.GENDERS, profile.max_gender_share,
                    named_last=("other",))


def _regional_balance(profile, p, finding) -> Advice:
    return _balance(finding, p.by_region, standards.REGIONS, profile.max_region_share)


def _regional_coverage(profile, p, finding) -> Advice:
    missing = finding.params["missing"]
    regions = missing[:profile.min_regions - finding.actual]
    return Advice(finding.code, ADD_REGIONS, len(regions), {"regions": regions})


def _frontline_share(profile, p, finding) -> Advice:
    minimum = profile.min_frontline_share
    if not p.participants:
        return Advice(finding.code, ADD_FRONTLINE, 1)
    if minimum == 1:
        return Advice(finding.code, IMPOSSIBLE, 0)
    # (frontline + x) / (participants + x) >= minimum
    needed = (minimum * p.participants - p.frontline) / (1 - minimum)
    return Advice(finding.code, ADD_FRONTLINE, math.ceil(needed))


def _length(profile, p, finding) -> Advice:
    return Advice(finding.code, REMOVE_WORDS, p.word_count - profile.max_words)


_ADVISORS = {
    standards.CONSULTATION_TIME: _consultation_time,
    standards.PARTICIPANTS: _participants,
    standards.GENDER_BALANCE: _gender_balance,
    standards.REGIONAL_COVERAGE: _regional_coverage,
    standards.REGIONAL_BALANCE: _regional_balance,
    standards.FRONTLINE_SHARE: _frontline_share,
    standards.LENGTH: _length,
}


def advise(profile: standards.Profile, participation: standards.Participation,
           findings: list[standards.Finding] | None = None) -> dict[str, Advice]:
    """Criterion code -> its smallest fix, for every criterion not met."""
    if findings is None:
        findings = standards.evaluate(profile, participation)
    return {f.code: _ADVISORS[f.code](profile, participation, f)
            for f in findings if not f.passed}


def _added_people(p: standards.Participation, by: str, added: Mapping[str, int]):
    counts = dict(getattr(p, by))
    for key, amount in added.items():
        counts[key] = counts.get(key, 0) + amount
    return dataclasses.replace(p, participants=p.participants + sum(added.values()),
                               **{by: counts})


def apply_advice(p: standards.Participation, advice: Advice) -> standards.Participation:
    """The participation once the advice is followed (people added as the advice says)."""
    action, amount = advice.action, advice.amount
    if action == OPEN:
        return dataclasses.replace(p, opened_at=p.now, closed_at=p.now + amount * DAY,
                                   now=p.now + amount * DAY)
    if action in (KEEP_OPEN, CLOSE):
        return dataclasses.replace(p, closed_at=p.now + amount * DAY, now=p.now + amount * DAY)
    if action == EXTEND:
        closed = p.closed_at + amount * DAY
        return dataclasses.replace(p, closed_at=closed, now=max(p.now, closed))
    if action == ADD_PARTICIPANTS:
        return dataclasses.replace(p, participants=p.participants + amount)
    if action == ADD_TO_GROUPS:
        by = "by_gender" if advice.code == standards.GENDER_BALANCE else "by_region"
        return _added_people(p, by, advice.params["add"])
    if action == ADD_REGIONS:
        return _added_people(p, "by_region", dict.fromkeys(advice.params["regions"], 1))
    if action == ADD_FRONTLINE:
        return dataclasses.replace(p, participants=p.participants + amount,
                                   frontline=p.frontline + amount)
    if action == REMOVE_WORDS:
        return dataclasses.replace(p, word_count=p.word_count - amount)
    return p
