"""Country-to-UN-regional-group lookup.

The table lives in ``data/un_regional_groups.csv`` next to this module (columns
``alpha2,group``); its sources and every exception to the official list are
documented in ``data/UN_REGIONAL_GROUPS.md``.  Neither Flask nor a database is
used here.
"""

from __future__ import annotations

import csv
import functools
from pathlib import Path

#: The five UN regional groups, in the order the portal displays them.
REGIONS: tuple[str, ...] = ("AFR", "APG", "EEG", "GRULAC", "WEOG")

#: Non-member observer States that the table maps to a group anyway (see the .md file).
OBSERVER_STATES: frozenset[str] = frozenset({"PS", "VA"})

DATA_FILE = Path(__file__).resolve().parent / "data" / "un_regional_groups.csv"


@functools.cache
def _table() -> dict[str, str]:
    """Load the CSV once and return ``{alpha2: group}``; fail loudly on bad rows."""
    table: dict[str, str] = {}
    with DATA_FILE.open(encoding="utf-8", newline="") as handle:
        reader = csv.DictReader(handle)
        if reader.fieldnames != ["alpha2", "group"]:
            raise ValueError(
                f"{DATA_FILE}: expected header 'alpha2,group', got {reader.fieldnames}"
            )
        for line, row in enumerate(reader, start=2):
            code = (row["alpha2"] or "").strip().upper()
            group = (row["group"] or "").strip().upper()
            if not code and not group:
                continue
            if group not in REGIONS:
                raise ValueError(f"{DATA_FILE}:{line}: unknown group {group!r}")
            if code in table:
                raise ValueError(f"{DATA_FILE}:{line}: duplicate country {code!r}")
            table[code] = group
    return table


def _normalise(alpha2: object) -> str | None:
    if not isinstance(alpha2, str):
        return None
    code = alpha2.strip().upper()
    return code if len(code) == 2 and code.isascii() and code.isalpha() else None


def region_of(alpha2: str) -> str | None:
    """Return the regional group of an ISO 3166-1 alpha-2 code (case-insensitive).

    ``None`` means "unknown region": the code is not a country, or it is a
    country or territory that belongs to no regional group.
    """
    code = _normalise(alpha2)
    return None if code is None else _table().get(code)


def countries_in(region: str) -> list[str]:
    """Return the sorted alpha-2 codes mapped to ``region`` (case-insensitive).

    Raises ``ValueError`` for anything that is not one of :data:`REGIONS`.
    """
    key = region.strip().upper() if isinstance(region, str) else region
    if key not in REGIONS:
        raise ValueError(f"unknown regional group {region!r}; expected one of {REGIONS}")
    return sorted(code for code, group in _table().items() if group == key)

