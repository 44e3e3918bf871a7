"""Country names in the reader's language: ISO 3166 codes from pycountry, names from Babel.

Babel's CLDR data names every territory in the six official languages
(``Locale("zh_Hans").territories["KE"]`` is 肯尼亚); pycountry's English name is the
fallback for the few codes CLDR lacks.
"""
from functools import cache

import pycountry
from babel import Locale


@cache
def _territories(language: str) -> dict:
    return Locale.parse(language).territories


def country_name(alpha2: str | None, language: str = "en") -> str:
    if not alpha2:
        return ""
    code = alpha2.upper()
    name = _territories(language).get(code)
    if name:
        return name
    country = pycountry.countries.get(alpha_2=code)
    return country.name if country else code


@cache
def country_choices(language: str = "en") -> tuple[tuple[str, str], ...]:
    """Every ISO 3166-1 country as (alpha2, name), sorted by name in ``language``."""
    pairs = [(c.alpha_2, country_name(c.alpha_2, language)) for c in pycountry.countries]
    return tuple(sorted(pairs, key=lambda pair: pair[1].casefold()))


def is_country(alpha2: str | None) -> bool:
    return bool(alpha2) and pycountry.countries.get(alpha_2=alpha2.strip().upper()) is not None
