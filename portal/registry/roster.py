"""Balance of a group's organizing-partner roster (rec. 21, 26): pure rules.

Plain values in (counts the database aggregated), findings out. No Flask or
SQLAlchemy here: the view layer turns each warning's ``code`` and ``params`` into a
sentence in the reader's language.
"""
from __future__ import annotations

from dataclasses import dataclass, field

from portal.registry.regions import REGIONS

DEFAULT_TARGET = 5
DEFAULT_MIN_LANGUAGES = 2  # official languages besides English
DEFAULT_MAX_GENDER_SHARE = 0.6
OFFICIAL_LANGUAGES = ("ar", "zh_Hans", "en", "fr", "ru", "es")
UNDECLARED = "undeclared"

# Warning codes, translated by the view layer.
NO_PARTNERS = "no_partners"
BELOW_TARGET = "below_target"
REGIONS_MISSING = "regions_missing"
FEW_LANGUAGES = "few_languages"
GENDER_IMBALANCE = "gender_imbalance"
GENDER_UNDECLARED = "gender_undeclared"


@dataclass(frozen=True)
class RosterFacts:
    """What the database counted for one group's current organizing partners."""

    partner_count: int = 0
    regions: dict[str, int] = field(default_factory=dict)  # region -> partners
    languages: frozenset[str] = frozenset()  # working languages of the partners
    genders: dict[str, int] = field(default_factory=dict)  # focal persons' genders


@dataclass(frozen=True)
class Warning:
    code: str
    params: dict


@dataclass(frozen=True)
class Assessment:
    facts: RosterFacts
    target: int
    regions_covered: tuple[str, ...]
    regions_missing: tuple[str, ...]
    languages_besides_english: tuple[str, ...]
    warnings: tuple[Warning, ...]

    @property
    def balanced(self) -> bool:
        return not self.warnings


def assess(facts: RosterFacts, target: int = DEFAULT_TARGET,
           min_languages: int = DEFAULT_MIN_LANGUAGES,
           max_gender_share: float = DEFAULT_MAX_GENDER_SHARE) -> Assessment:
    covered = tuple(region for region in REGIONS if facts.regions.get(region))
    missing = tuple(region for region in REGIONS if not facts.regions.get(region))
    others = tuple(code for code in OFFICIAL_LANGUAGES
                   if code != "en" and code in facts.languages)
    warnings: list[Warning] = []
    if facts.partner_count == 0:
        warnings.append(Warning(NO_PARTNERS, {"target": target}))
    elif facts.partner_count < target:
        warnings.append(Warning(BELOW_TARGET, {"count": facts.partner_count, "target": target}))
    if facts.partner_count and missing:
        warnings.append(Warning(REGIONS_MISSING, {"regions": missing}))
    if len(others) < min_languages:
        warnings.append(Warning(FEW_LANGUAGES, {"count": len(others), "minimum": min_languages}))
    warnings.extend(_gender_warnings(facts.genders, max_gender_share))
    return Assessment(facts, target, covered, missing, others, tuple(warnings))


def _gender_warnings(genders: dict[str, int], max_share: float) -> list[Warning]:
    found = []
    undeclared = genders.get(UNDECLARED, 0) + genders.get(None, 0)
    declared = {gender: n for gender, n in genders.items()
                if gender not in (UNDECLARED, None) and n}
    total = sum(declared.values())
    # One partner alone is always 100% of something: judge balance from two upwards.
    if total >= 2:
        gender, count = max(declared.items(), key=lambda item: (item[1], item[0]))
        if count / total > max_share:
            found.append(Warning(GENDER_IMBALANCE, {
                "gender": gender, "percent": round(100 * count / total),
                "maximum": round(100 * max_share)}))
    if undeclared:
        found.append(Warning(GENDER_UNDECLARED, {"count": undeclared}))
    return found
