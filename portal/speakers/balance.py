"""Balance of a list of speakers, and the advisor that proposes one (pure: no Flask, no SQL).

A selection is judged against a `SelectionProfile` with the statement standards' own
criteria (`portal.statements.standards`: gender balance, regional coverage and balance,
frontline share) plus two of its own:

- **slots**: the list fills the opportunity's slots (or takes every candidate when there
  are fewer candidates than slots), never more;
- **rotation** (recs 14, 25): an organization that spoke at one of the last N sessions of
  the meeting series ranks after one that did not. The finding counts the selected speakers
  from such organizations and passes when no selection meeting the other criteria could do
  with fewer.

The advisor is an exact integer programme solved by HiGHS (`highspy`, MIT licence, in
process). Why an integer programme: the balance criteria are linear in the counts of
selected people once each share limit is multiplied out (``5 * women <= 3 * declared`` for
60%), regional coverage needs one yes/no variable per region, and "the fewest changes to
the partners' list" is a linear objective; a greedy pick can miss a selection that exists,
and HiGHS proves optimality. Why it stays small: every criterion depends only on a
candidate's *type* (gender, region, frontline, rotation), so the variables are the number
kept and added of each type (at most 4 x 6 x 2 x 2 = 96 types), whatever the number of
applications; 5,000 applications solve in milliseconds. The solver's answer is checked
again with the exact rules below before it is proposed.
"""
from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field, fields
from datetime import UTC, datetime
from fractions import Fraction
from typing import Any

import highspy
import numpy as np

from portal.statements import standards
from portal.statements.standards import (
    FRONTLINE_SHARE,
    GENDER_BALANCE,
    GENDERS,
    REGIONAL_BALANCE,
    REGIONAL_COVERAGE,
    REGIONS,
    Finding,
)

SLOTS = "slots"
ROTATION = "rotation"
# The order of the balance report and of the search for what makes a profile impossible.
CRITERIA = (SLOTS, GENDER_BALANCE, REGIONAL_COVERAGE, REGIONAL_BALANCE, FRONTLINE_SHARE,
            ROTATION)
_SHARED = (GENDER_BALANCE, REGIONAL_COVERAGE, REGIONAL_BALANCE, FRONTLINE_SHARE)
_EPOCH = datetime(2000, 1, 1, tzinfo=UTC)  # the standards need a "now"; no criterion here uses it


@dataclass(frozen=True)
class SelectionProfile:
    """What the secretariat asks of a list of speakers. Shares are exact fractions."""

    max_gender_share: Fraction = Fraction(3, 5)
    min_regions: int = 3
    max_region_share: Fraction = Fraction(1, 2)
    min_frontline_share: Fraction | None = None
    rotation_sessions: int = 0  # 0: no rotation rule

    def __post_init__(self) -> None:
        # The statement standards validate the shared thresholds.
        self.standards_profile()
        if not 0 <= self.rotation_sessions <= 20:
            raise ValueError("rotation_sessions must be between 0 and 20")

    def standards_profile(self) -> standards.Profile:
        return standards.Profile(min_participants=0, max_gender_share=self.max_gender_share,
                                 min_regions=self.min_regions,
                                 max_region_share=self.max_region_share,
                                 min_frontline_share=self.min_frontline_share)

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> SelectionProfile:
        """Shares as percentages, as `standards.Profile.from_dict` reads them."""
        data = dict(data)
        rotation = int(data.pop("rotation_sessions", 0) or 0)
        shared = standards.Profile.from_dict(data)
        return cls(max_gender_share=shared.max_gender_share, min_regions=shared.min_regions,
                   max_region_share=shared.max_region_share,
                   min_frontline_share=shared.min_frontline_share, rotation_sessions=rotation)

    def to_dict(self) -> dict[str, Any]:
        shared = self.standards_profile().to_dict()
        data = {name.name: shared[name.name] for name in fields(self)
                if name.name in shared}
        data["rotation_sessions"] = self.rotation_sessions
        return data


@dataclass(frozen=True, slots=True)
class Candidate:
    """One application as the rules see it. ``rank``: smaller is preferred on a tie."""

    id: int
    gender: str | None
    region: str | None
    frontline: bool = False
    recent: bool = False  # the organization spoke at one of the last N sessions
    rank: int = 0

    @property
    def type(self) -> tuple:
        return (self.gender, self.region, self.frontline, self.recent)


@dataclass(frozen=True)
class Swap:
    """One change the advisor proposes; ``reasons`` are the criteria it helps."""

    remove: int | None
    add: int | None
    reasons: tuple[str, ...]


@dataclass(frozen=True)
class Advice:
    """A selection meeting every criterion, or why none exists.

    ``selected``: the proposed ids (None when impossible); ``swaps``: the changes from the
    current list; ``blocking``: the smallest set of criteria no selection can meet together.
    """

    selected: tuple[int, ...] | None
    swaps: tuple[Swap, ...] = ()
    blocking: tuple[str, ...] = ()
    findings: tuple[Finding, ...] = field(default=())

    @property
    def possible(self) -> bool:
        return self.selected is not None


def places(slots: int, candidates: Sequence[Candidate]) -> int:
    """How many people a complete list holds."""
    return min(slots, len(candidates))


def evaluate(profile: SelectionProfile, slots: int, candidates: Sequence[Candidate],
             selected_ids: Iterable[int], fewest: int | None = None) -> list[Finding]:
    """One finding per criterion, in the order of `CRITERIA` (rotation only when set).

    ``fewest``: `fewest_recent` when the caller already knows it (it depends only on the
    candidates, not on the selection).
    """
    chosen = set(selected_ids)
    selected = [c for c in candidates if c.id in chosen]
    findings = [_slots_finding(slots, candidates, selected)]
    participation = _participation(selected)
    shared = {f.code: f for f in standards.evaluate(profile.standards_profile(), participation)}
    findings += [shared[code] for code in _SHARED if code in shared]
    if profile.rotation_sessions:
        if fewest is None:
            fewest = fewest_recent(profile, slots, candidates)
        findings.append(_rotation_finding(profile, candidates, selected, fewest))
    return findings


def all_passed(findings: Iterable[Finding]) -> bool:
    return standards.all_passed(findings)


def _participation(selected: Sequence[Candidate]) -> standards.Participation:
    genders = Counter(c.gender for c in selected if c.gender in GENDERS)
    regions = Counter(c.region for c in selected if c.region in REGIONS)
    return standards.Participation(
        opened_at=None, closed_at=None, now=_EPOCH, participants=len(selected),
        by_gender=dict(genders), undeclared_gender=len(selected) - sum(genders.values()),
        by_region=dict(regions), unknown_region=len(selected) - sum(regions.values()),
        frontline=sum(1 for c in selected if c.frontline))


def _slots_finding(slots: int, candidates, selected) -> Finding:
    required = places(slots, candidates)
    return Finding(SLOTS, required, len(selected), len(selected) == required,
                   {"slots": slots, "candidates": len(candidates)})


def _rotation_finding(profile, candidates, selected, fewest: int) -> Finding:
    recent = sum(1 for c in selected if c.recent)
    chosen = {c.id for c in selected}
    return Finding(ROTATION, fewest, recent, recent <= fewest,
                   {"sessions": profile.rotation_sessions,
                    "left_out": sum(1 for c in candidates if not c.recent and c.id not in chosen)})


def fewest_recent(profile: SelectionProfile, slots: int,
                  candidates: Sequence[Candidate]) -> int:
    """The fewest recent speakers a list meeting the other criteria needs.

    When the other criteria cannot be met together, the fewest any full list needs.
    """
    model = _Model(profile, slots, candidates, ())
    solution = model.solve(set(CRITERIA) - {ROTATION}, minimise_recent=True)
    if solution is None:
        return max(0, places(slots, candidates) - sum(1 for c in candidates if not c.recent))
    return model.recent_count(solution)


def advise(profile: SelectionProfile, slots: int, candidates: Sequence[Candidate],
           current: Iterable[int] = ()) -> Advice:
    """The list meeting every criterion with the fewest changes to ``current``.

    Among lists with the same number of changes it keeps the best-ranked candidates of
    each type. When none exists, `blocking` names the criteria that make it impossible.
    """
    current_ids = [c.id for c in candidates if c.id in set(current)]
    model = _Model(profile, slots, candidates, current_ids)
    active = _active(profile)
    solution = model.solve(active, minimise_recent=ROTATION in active)
    if solution is None:
        return Advice(None, blocking=model.blocking(active))
    selected = model.pick(solution)
    # With rotation on, the solution has the fewest recent speakers: no second solve.
    fewest = model.recent_count(solution) if ROTATION in active else None
    findings = tuple(evaluate(profile, slots, candidates, selected, fewest))
    if not all_passed(findings):  # never propose what the exact rules refuse
        raise AssertionError(f"the solver proposed a failing selection: {findings}")
    failing = {f.code for f in evaluate(profile, slots, candidates, current_ids, fewest)
               if not f.passed}
    swaps = _swaps(candidates, current_ids, selected, failing)
    return Advice(tuple(selected), swaps, (), findings)


def _active(profile: SelectionProfile) -> set[str]:
    active = set(CRITERIA)
    if profile.min_frontline_share is None:
        active.discard(FRONTLINE_SHARE)
    if not profile.rotation_sessions:
        active.discard(ROTATION)
    return active


def _swaps(candidates, current_ids, selected, failing: set[str]) -> tuple[Swap, ...]:
    by_id = {c.id: c for c in candidates}
    removed = [by_id[i] for i in current_ids if i not in set(selected)]
    added = [by_id[i] for i in selected if i not in set(current_ids)]
    swaps = []
    for index in range(max(len(removed), len(added))):
        out = removed[index] if index < len(removed) else None
        new = added[index] if index < len(added) else None
        reasons = _reasons(out, new)
        # Name the failing criteria the swap mends; other differences are side effects.
        mended = tuple(code for code in reasons if code in failing)
        swaps.append(Swap(out.id if out else None, new.id if new else None,
                          mended or reasons))
    return tuple(swaps)


def _reasons(out: Candidate | None, new: Candidate | None) -> tuple[str, ...]:
    if out is None or new is None:
        return (SLOTS,)
    reasons = []
    if out.gender != new.gender:
        reasons.append(GENDER_BALANCE)
    if out.region != new.region:
        reasons += [REGIONAL_COVERAGE, REGIONAL_BALANCE]
    if out.frontline != new.frontline:
        reasons.append(FRONTLINE_SHARE)
    if out.recent != new.recent:
        reasons.append(ROTATION)
    return tuple(reasons)


class _Model:
    """The integer programme over candidate types (see the module's docstring).

    Columns: for each type, how many currently selected to keep and how many others to add;
    then one yes/no column per region for the coverage criterion.
    """

    def __init__(self, profile, slots, candidates, current_ids):
        self.profile = profile
        self.size = places(slots, candidates)
        current = set(current_ids)
        self.current_count = len(current)
        members: dict[tuple, list[Candidate]] = defaultdict(list)
        for candidate in sorted(candidates, key=lambda c: (c.rank, c.id)):
            members[candidate.type].append(candidate)
        self.types = sorted(members, key=repr)
        self.kept = {t: [c for c in members[t] if c.id in current] for t in self.types}
        self.others = {t: [c for c in members[t] if c.id not in current] for t in self.types}

    def _count(self, chosen) -> list[tuple[int, float]]:
        """(column, 1) for the keep and add columns of every type that ``chosen`` accepts."""
        columns = []
        for index, kind in enumerate(self.types):
            if chosen(kind):
                columns += [(2 * index, 1.0), (2 * index + 1, 1.0)]
        return columns

    def solve(self, criteria: set[str], minimise_recent: bool) -> list[float] | None:
        highs = highspy.Highs()
        highs.setOptionValue("output_flag", False)
        columns = 2 * len(self.types) + len(REGIONS)
        upper = []
        for kind in self.types:
            upper += [len(self.kept[kind]), len(self.others[kind])]
        upper += [1] * len(REGIONS)
        highs.addVars(columns, np.zeros(columns), np.array(upper, dtype=float))
        highs.changeColsIntegrality(
            columns, np.arange(columns, dtype=np.int32),
            np.array([highspy.HighsVarType.kInteger] * columns))
        # Each change costs 1; each recent speaker costs more than any number of changes.
        weight = float(sum(upper) + 1)
        costs = []
        for kind in self.types:
            recent = kind[3] and minimise_recent
            costs += [weight if recent else 0.0, (weight if recent else 0.0) + 1.0]
        costs += [0.0] * len(REGIONS)
        highs.changeColsCost(columns, np.arange(columns, dtype=np.int32), np.array(costs))
        self._constraints(highs, criteria)
        highs.run()
        if highs.getModelStatus() != highspy.HighsModelStatus.kOptimal:
            return None
        return [round(value) for value in highs.getSolution().col_value]

    def _constraints(self, highs, criteria: set[str]) -> None:
        inf = highspy.kHighsInf
        everyone = self._count(lambda kind: True)
        size = self.size
        if SLOTS in criteria:
            _row(highs, size, size, everyone)
        else:
            _row(highs, 0, size, everyone)
        if GENDER_BALANCE in criteria:
            self._share_limit(highs, 0, GENDERS, self.profile.max_gender_share)
        if REGIONAL_BALANCE in criteria:
            self._share_limit(highs, 1, REGIONS, self.profile.max_region_share)
        if REGIONAL_COVERAGE in criteria and self.profile.min_regions:
            flags = 2 * len(self.types)
            for offset, region in enumerate(REGIONS):
                # A region counts as covered only when someone from it is selected.
                people = self._count(lambda kind, r=region: kind[1] == r)
                _row(highs, 0, inf, people + [(flags + offset, -1.0)])
            _row(highs, self.profile.min_regions, inf,
                 [(flags + offset, 1.0) for offset in range(len(REGIONS))])
        minimum = self.profile.min_frontline_share
        if FRONTLINE_SHARE in criteria and minimum is not None:
            # frontline / selected >= minimum, with a list of at least one person.
            frontline = self._count(lambda kind: kind[2])
            _row(highs, 0, inf,
                 [(col, value * minimum.denominator) for col, value in frontline]
                 + [(col, -value * minimum.numerator) for col, value in everyone])
            _row(highs, 1, inf, everyone)

    def _share_limit(self, highs, position: int, keys, maximum: Fraction) -> None:
        """No key above ``maximum`` of the known; at least one person known (else no data)."""
        known = self._count(lambda kind: kind[position] in keys)
        _row(highs, 1, highspy.kHighsInf, known)
        for key in keys:
            group = self._count(lambda kind, k=key: kind[position] == k)
            terms = defaultdict(float)
            for col, value in group:
                terms[col] += value * maximum.denominator
            for col, value in known:
                terms[col] -= value * maximum.numerator
            _row(highs, -highspy.kHighsInf, 0, list(terms.items()))

    def recent_count(self, solution) -> int:
        return sum(solution[2 * i] + solution[2 * i + 1]
                   for i, kind in enumerate(self.types) if kind[3])

    def pick(self, solution) -> list[int]:
        chosen = []
        for index, kind in enumerate(self.types):
            chosen += [c.id for c in self.kept[kind][:solution[2 * index]]]
            chosen += [c.id for c in self.others[kind][:solution[2 * index + 1]]]
        return sorted(chosen)

    def blocking(self, criteria: set[str]) -> tuple[str, ...]:
        """A smallest set of criteria that cannot be met together (deletion filter)."""
        needed = [code for code in CRITERIA if code in criteria]
        for code in list(needed):
            trial = set(needed) - {code}
            if self.solve(trial, minimise_recent=False) is None:
                needed.remove(code)
        return tuple(needed)


def _row(highs, lower: float, upper: float, terms: list[tuple[int, float]]) -> None:
    merged: dict[int, float] = defaultdict(float)
    for col, value in terms:
        merged[col] += value
    cols = [col for col, value in merged.items() if value]
    highs.addRow(float(lower), float(upper), len(cols), np.array(cols, dtype=np.int32),
                 np.array([merged[c] for c in cols], dtype=float))
