"""Six official languages: choosing one per request and formatting per language.

The language comes from an explicit choice (the switcher, remembered in a cookie),
then the signed-in account's preference, then the browser's Accept-Language.
"""
import subprocess
import sys
from datetime import date, datetime

import click
from babel import Locale
from flask import Flask, g, has_request_context, request
from flask.cli import AppGroup
from flask_babel import format_date, format_datetime, format_decimal, get_locale
from flask_login import current_user
from markupsafe import Markup

from portal import ROOT
from portal.extensions import babel

# UN order of the official languages; catalog and Babel names (DESIGN.md section 5).
LANGUAGES = ("ar", "zh_Hans", "en", "fr", "ru", "es")
RTL_LANGUAGES = frozenset({"ar"})
LANGUAGE_COOKIE = "lang"
# Each language's own name for itself, shown in the switcher whatever the page language.
NATIVE_NAMES = {code: Locale.parse(code).get_display_name(code) for code in LANGUAGES}
NATIVE_NAMES["zh_Hans"] = "中文"
# Used by the UN in masthead dates: "13 August 2013".
UN_DATE_PATTERN = "d MMMM y"


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
        return current_user.timezone
    return None


def current_language() -> str:
    return str(get_locale()) if get_locale() else "en"


def text_direction(code: str | None = None) -> str:
    return "rtl" if (code or current_language()) in RTL_LANGUAGES else "ltr"


def isolate(text) -> Markup:
    """User text inside a sentence or a run: it keeps its own direction (English in Arabic)."""
    return Markup("<bdi>{}</bdi>").format(text)


def un_date(value: date | datetime) -> str:
    return format_date(value, UN_DATE_PATTERN)


def init_app(app: Flask) -> None:
    babel.init_app(app, locale_selector=select_locale, timezone_selector=select_timezone)
    app.jinja_env.globals.update(
        LANGUAGES=LANGUAGES,
        NATIVE_NAMES=NATIVE_NAMES,
        html_lang=html_lang,
        text_direction=text_direction,
        current_language=current_language,
    )
    app.jinja_env.filters.update(
        un_date=un_date,
        datetime=lambda value, fmt="medium": format_datetime(value, fmt),
        date=lambda value, fmt="medium": format_date(value, fmt),
        number=format_decimal,
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
