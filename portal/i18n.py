"""Six official languages: choosing one per request and formatting per language.

The language comes from an explicit choice (the switcher, remembered in a cookie),
then the signed-in account's preference, then the browser's Accept-Language.
"""
import subprocess
import sys
from datetime import UTC, date, datetime
from decimal import Decimal
from functools import cache
from zoneinfo import ZoneInfo

import click
from babel import Locale
from babel.dates import format_date, format_time, get_datetime_format, get_timezone_location
from flask import Flask, g, has_request_context, request
from flask.cli import AppGroup
from flask_babel import (
    format_decimal,
    format_percent,
    get_locale,
    get_translations,
    to_user_timezone,
)
from flask_babel import gettext as _
from flask_babel.speaklater import LazyString
from flask_login import current_user
from jinja2 import pass_context
from markupsafe import Markup

from portal import ROOT, countries
from portal.extensions import babel
from portal.timeutil import UTC_ID, zone_countries, zone_or_utc

# UN order of the official languages; catalog and Babel names (DESIGN.md section 5).
LANGUAGES = ("ar", "zh_Hans", "en", "fr", "ru", "es")
RTL_LANGUAGES = frozenset({"ar"})
LANGUAGE_COOKIE = "lang"
# Each language's own name for itself, shown in the switcher whatever the page language.
NATIVE_NAMES = {code: Locale.parse(code).get_display_name(code) for code in LANGUAGES}
NATIVE_NAMES["zh_Hans"] = "中文"
# Used by the UN in masthead dates: "13 August 2013".
UN_DATE_PATTERN = "d MMMM y"
# UN style where the pattern above does not fit the language's usage.
DATE_PATTERNS = {
    "zh_Hans": "y年M月d日",
    "es": "d 'de' MMMM 'de' y",
    "ru": "d MMMM y 'года'",
}
# UN Arabic names each month twice, the Levantine name then the transliterated one:
# "25 تشرين الثاني/نوفمبر 2026" (CLDR has only the second, "25 نوفمبر 2026").
ARABIC_MONTHS = (
    "كانون الثاني/يناير", "شباط/فبراير", "آذار/مارس", "نيسان/أبريل", "أيار/مايو",
    "حزيران/يونيه", "تموز/يوليه", "آب/أغسطس", "أيلول/سبتمبر", "تشرين الأول/أكتوبر",
    "تشرين الثاني/نوفمبر", "كانون الأول/ديسمبر",
)


def html_lang(code: str) -> str:
    """BCP 47 tag for the HTML lang attribute (``zh_Hans`` becomes ``zh-Hans``)."""
    return code.replace("_", "-")


def is_language(code) -> bool:
    return code in LANGUAGES


def select_locale() -> str | None:
    if not has_request_context():
        return None  # commands and background work: English unless force_locale says
    if getattr(g, "forced_language", None):  # the API's ?lang= parameter
        return g.forced_language
    chosen = request.cookies.get(LANGUAGE_COOKIE)
    if is_language(chosen):
        return chosen
    if current_user and current_user.is_authenticated and is_language(
        current_user.preferred_language
    ):
        return current_user.preferred_language
    return from_accept_language(request.accept_languages) or "en"


def from_accept_language(accepted) -> str | None:
    """The first official language the browser asks for, best quality first."""
    for value, _quality in accepted:
        primary = value.replace("_", "-").split("-")[0].lower()
        # Browsers send zh, zh-CN or zh-Hans; the catalog is named zh_Hans.
        code = "zh_Hans" if primary == "zh" else primary
        if is_language(code):
            return code
    return None


def select_timezone() -> str | None:
    if has_request_context() and current_user and current_user.is_authenticated:
        return zone_or_utc(current_user.timezone).key
    return None


def current_language() -> str:
    return str(get_locale()) if get_locale() else "en"


def text_direction(code: str | None = None) -> str:
    return "rtl" if (code or current_language()) in RTL_LANGUAGES else "ltr"


def isolate(text) -> Markup:
    """User text inside a sentence or a run: it keeps its own direction (English in Arabic)."""
    return Markup("<bdi>{}</bdi>").format(text)


def _reader_date(value: date | datetime) -> date:
    """The calendar day of a stored (naive UTC) moment in the reader's time zone."""
    if isinstance(value, datetime):
        return to_user_timezone(value).date() if has_request_context() else value.date()
    return value


def un_date(value: date | datetime | None, language: str | None = None) -> str:
    """A date as UN documents write it in the language: "25 November 2026",
    "2026年11月25日", "25 تشرين الثاني/نوفمبر 2026", "25 ноября 2026 года"."""
    if value is None:
        return ""
    language = language if is_language(language) else current_language()
    day = _reader_date(value)
    if language == "ar":
        return f"{day.day} {ARABIC_MONTHS[day.month - 1]} {day.year}"
    return format_date(day, DATE_PATTERNS.get(language, UN_DATE_PATTERN), locale=language)


def un_datetime(value: datetime | None, language: str | None = None,
                zone: ZoneInfo | None = None) -> str:
    """UN date and short time of a stored (naive UTC) moment in ``zone`` or the reader's,
    joined as the language joins them."""
    if value is None:
        return ""
    language = language if is_language(language) else current_language()
    if zone is not None:
        moment = value.replace(tzinfo=UTC).astimezone(zone)
    else:
        moment = to_user_timezone(value) if has_request_context() else value
    joined = get_datetime_format("medium", locale=language).replace("'", "")
    return joined.replace("{1}", un_date(moment.date(), language)).replace(
        "{0}", format_time(moment, "short", locale=language))


# --- numbers: one formatter for every figure a person reads --------------------------

def format_number(value) -> str:
    """A count or figure in the reader's locale: "20,000", "20 000", "20.000"."""
    return format_decimal(value)


def lazy_number(value):
    """``format_number`` when the text is shown: for messages built before any request."""
    return LazyString(format_number, value)


def format_share(percent, decimals: int = 1) -> str:
    """A percentage (88.3) in the reader's percent format: "88.3%", "88,3 %", "88.3‎%‎".

    Callers round (``standards.percent``) so that every place shows the same figure;
    this keeps up to ``decimals`` digits and the locale's sign and spacing.
    """
    pattern = get_locale().percent_formats[None].pattern
    pattern = pattern.replace("#,##0", "#,##0." + "#" * decimals, 1) if decimals else pattern
    return format_percent(Decimal(str(percent)) / 100, pattern)


def ngettext(singular: str, plural: str, number: int, **variables) -> str:
    """``ngettext`` whose ``%(num)s`` is the number with the locale's digit grouping."""
    text = get_translations().ungettext(singular, plural, number)
    return text % dict(variables, num=format_number(number))


def _grouping_ngettext(original):
    """Templates' ``ngettext``: ``%(num)s`` gets the grouped number, as ngettext."""
    @pass_context
    def ngettext(context, singular, plural, number, **variables):
        if "%(num)s" in singular and "num" not in variables:
            variables["num"] = format_number(number)
        return original(context, singular, plural, number, **variables)
    return ngettext


# --- countries and time zones -------------------------------------------------------

def country_label(code) -> str:
    """The UN name of a country in the reader's language; never a bare code."""
    if not code:
        return ""
    return countries.country_name(code, current_language()) or _(
        "Country or area not on the UN list")


def timezone_label(name, language: str | None = None) -> str:
    """"Kenya (Nairobi)", "肯尼亚（内罗毕）": the UN country name and CLDR's city name."""
    language = language if is_language(language) else current_language()
    key = zone_or_utc(name).key
    if key == UTC_ID:
        return _("Coordinated Universal Time (UTC)")
    # CLDR lacks a few newer ids (America/Argentina/Buenos_Aires): its fallback is the id.
    city = get_timezone_location(key, locale=language, return_city=True).split("/")[-1]
    country = countries.country_name(zone_countries().get(key), language)
    if not country:
        return city
    return f"{country}（{city}）" if language == "zh_Hans" else f"{country} ({city})"


@cache
def timezone_choices(language: str) -> tuple[tuple[str, str], ...]:
    pairs = [(key, timezone_label(key, language)) for key in (UTC_ID, *zone_countries())]
    return tuple(countries.sort_by_name(pairs, language, name=lambda pair: pair[1]))


def init_app(app: Flask) -> None:
    babel.init_app(app, locale_selector=select_locale, timezone_selector=select_timezone)
    app.jinja_env.globals.update(
        ngettext=_grouping_ngettext(app.jinja_env.globals["ngettext"]),
        country_name=country_label,
        timezone_label=timezone_label,
        LANGUAGES=LANGUAGES,
        NATIVE_NAMES=NATIVE_NAMES,
        html_lang=html_lang,
        text_direction=text_direction,
        current_language=current_language,
    )
    app.jinja_env.filters.update(
        un_date=un_date,
        # The format argument templates pass ("short") is ignored: one UN style.
        datetime=lambda value, _format=None: un_datetime(value),
        date=lambda value, _format=None: un_date(value),
        number=format_number,
    )
    app.jinja_env.filters["bidi"] = isolate
    app.cli.add_command(translate_cli)


translate_cli = AppGroup("translate", help="Extract, update and compile the message catalogs.")
CATALOG_DIR = ROOT / "translations"
POT = CATALOG_DIR / "messages.pot"


def _pybabel(*args: str) -> None:
    # Run from the project root: babel.cfg's patterns are relative paths.
    subprocess.run([sys.executable, "-m", "babel.messages.frontend", *args], check=True,
                   cwd=ROOT)


@translate_cli.command("extract")
def extract() -> None:
    """Collect every translatable string from the code and templates into messages.pot."""
    CATALOG_DIR.mkdir(exist_ok=True)
    _pybabel("extract", "-F", "babel.cfg", "-k", "lazy_gettext", "-k", "_l",
             "-k", "lazy_pgettext:1c,2", "--no-location", "--sort-output", "-o", str(POT),
             "portal", "templates")


@translate_cli.command("update")
def update() -> None:
    """Merge messages.pot into each language's catalog."""
    # Width 100, as the catalogs are kept: another width rewraps every entry.
    _pybabel("update", "-i", str(POT), "-d", str(CATALOG_DIR), "--no-fuzzy-matching",
             "--ignore-obsolete", "--width", "100")


@translate_cli.command("compile")
def compile_catalogs() -> None:
    """Compile the catalogs to .mo files read at run time."""
    _pybabel("compile", "-d", str(CATALOG_DIR), "--statistics")
    click.echo("catalogs compiled")
