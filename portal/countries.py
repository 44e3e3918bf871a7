"""Countries and areas as the UN names them: the M49 standard's short names in six languages.

The table is ``portal/data/un_m49_countries.tsv`` (source, retrieval date and decisions in
``portal/data/UN_M49_COUNTRIES.md``). Every form, page, export and PDF that shows or accepts
a country asks this module, so one list and one spelling appear everywhere. Names are sorted
by each language's own collation (ICU): Chinese by pinyin, Spanish with "ñ" after "n".

No Flask here: callers pass the language; ``portal.i18n.country_label`` adds the reader's
language and the translated fallback for a code the list does not name.
"""
import csv
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import icu

DATA_FILE = Path(__file__).resolve().parent / "data" / "un_m49_countries.tsv"
LANGUAGES = ("ar", "zh_Hans", "en", "fr", "ru", "es")
_COLUMNS = {"ar": "ar", "zh_Hans": "zh", "en": "en", "fr": "fr", "ru": "ru", "es": "es"}
STATUSES = ("member", "observer", "area")  # Member State, observer State, other area


@dataclass(frozen=True)
class Country:
    alpha2: str
    alpha3: str
    m49: str
    region: str  # M49 region code ("002" Africa ... "009" Oceania); "" for Antarctica
    status: str
    names: dict  # language -> UN short name

    @property
    def is_state(self) -> bool:
        return self.status in ("member", "observer")


@cache
def _table() -> dict[str, Country]:
    with DATA_FILE.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle, delimiter="\t"))
    table = {}
    for row in rows:
        if row["status"] not in STATUSES:
            raise ValueError(f"{DATA_FILE}: {row['alpha2']}: unknown status {row['status']!r}")
        names = {language: row[column] for language, column in _COLUMNS.items()}
        country = Country(row["alpha2"], row["alpha3"], row["m49"], row["region"],
                          row["status"], names)
        table[country.alpha2] = table[country.alpha3] = country
    return table


def lookup(code) -> Country | None:
    """The country or area of an ISO alpha-2 or alpha-3 code, any case; None if unlisted."""
    if not isinstance(code, str):
        return None
    return _table().get(code.strip().upper())


def is_country(code) -> bool:
    """True for an ISO alpha-2 code the UN list names (Taiwan, for one, it does not)."""
    country = lookup(code)
    return country is not None and country.alpha2 == code.strip().upper()


def country_name(code, language: str = "en") -> str | None:
    """The UN short name in ``language`` (English for any other language); None if unlisted."""
    country = lookup(code)
    if country is None:
        return None
    return country.names.get(language) or country.names["en"]


def countries() -> list[Country]:
    """Every country and area of the list, once each."""
    return list({country.alpha2: country for country in _table().values()}.values())


@cache
def collator(language: str):
    """ICU's collator for the language (``zh_Hans`` sorts as Chinese: by pinyin)."""
    return icu.Collator.createInstance(icu.Locale(language.replace("_Hans", "")))


def sort_by_name(items, language: str, name=lambda item: item):
    key = collator(language if language in LANGUAGES else "en").getSortKey
    return sorted(items, key=lambda item: key(name(item)))


@cache
def country_choices(language: str = "en") -> tuple[tuple[str, str], ...]:
    """Every country and area as (alpha2, name), in ``language``'s alphabetical order."""
    pairs = [(c.alpha2, country_name(c.alpha2, language)) for c in countries()]
    return tuple(sort_by_name(pairs, language, name=lambda pair: pair[1]))
