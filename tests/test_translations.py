"""Every string a person sees is translated in all five catalogs besides English."""
import re
import subprocess
import sys

import pytest
from babel.messages.pofile import read_po

from portal import ROOT
from portal.i18n import LANGUAGES

TRANSLATED = [code for code in LANGUAGES if code != "en"]
PLACEHOLDER = re.compile(r"%\((\w+)\)[sdif]|\{(\w*)\}")


@pytest.fixture(scope="module")
def source_messages(tmp_path_factory):
    """The messages in the code and templates now, extracted afresh."""
    pot = tmp_path_factory.mktemp("pot") / "messages.pot"
    subprocess.run([sys.executable, "-m", "babel.messages.frontend", "extract",
                    "-F", "babel.cfg", "-k", "lazy_gettext", "-k", "_l", "-o", str(pot),
                    "portal", "templates"], check=True, cwd=ROOT, capture_output=True)
    with open(pot, "rb") as handle:
        return {_key(message.id): message for message in read_po(handle) if message.id}


def _key(message_id):
    return message_id[0] if isinstance(message_id, (list, tuple)) else message_id


def _catalog(code):
    with open(ROOT / "translations" / code / "LC_MESSAGES" / "messages.po", "rb") as handle:
        return {_key(message.id): message for message in read_po(handle, locale=code)
                if message.id}


def _placeholders(text):
    return sorted(a or b for a, b in PLACEHOLDER.findall(text))


def _strings(message):
    return list(message.string) if isinstance(message.string, (list, tuple)) else [
        message.string]


@pytest.mark.parametrize("code", TRANSLATED)
def test_every_source_string_is_translated_and_not_fuzzy(source_messages, code):
    catalog = _catalog(code)
    missing = [key for key in source_messages if key not in catalog]
    untranslated = [key for key, message in catalog.items()
                    if key in source_messages and not all(_strings(message))]
    fuzzy = [key for key, message in catalog.items() if message.fuzzy]
    assert not missing, f"{code}: not in the catalog: {missing[:10]}"
    assert not untranslated, f"{code}: untranslated: {untranslated[:10]}"
    assert not fuzzy, f"{code}: fuzzy: {fuzzy[:10]}"


@pytest.mark.parametrize("code", TRANSLATED)
def test_placeholders_match_the_source(code):
    problems = []
    for key, message in _catalog(code).items():
        source = _placeholders(key)
        for translation in _strings(message):
            # Plural forms may drop the number (Arabic "one" and "two" say it in words).
            found = _placeholders(translation)
            if found != source and not (isinstance(message.id, (list, tuple))
                                        and set(found) <= set(source)):
                problems.append((key, translation))
    assert not problems, f"{code}: placeholders differ: {problems[:5]}"


@pytest.mark.parametrize(("count", "expected"), [
    (1, "1 مشارك"), (2, "2 مشاركان"), (5, "5 مشاركين"), (11, "11 مشاركاً"), (100, "100 مشارك"),
])
def test_arabic_plural_forms_follow_the_catalog_header(app, count, expected):
    # Babel's Arabic header puts 100-102 at index 4 and 11-99 at index 5, not CLDR's order.
    from flask_babel import force_locale, ngettext

    with force_locale("ar"):
        text = ngettext("%(num)s participant", "%(num)s participants", count)
    assert text == expected
