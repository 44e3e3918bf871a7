"""The five catalogs follow the UN terminology of translations/glossary.toml."""
import re
import tomllib

import pytest
from babel.messages.pofile import read_po

from portal import ROOT
from portal.i18n import LANGUAGES

TRANSLATED = [code for code in LANGUAGES if code != "en"]
PLACEHOLDER = re.compile(r"%\(\w+\)[sdif]|\{\w*\}")

with open(ROOT / "translations" / "glossary.toml", "rb") as glossary_file:
    TERMS = tomllib.load(glossary_file)["term"]


def _catalog(code):
    with open(ROOT / "translations" / code / "LC_MESSAGES" / "messages.po", "rb") as handle:
        return read_po(handle, locale=code)


def _texts(value):
    return list(value) if isinstance(value, (list, tuple)) else [value]


def _pattern(term, code):
    return re.compile(term.get(f"{code}_match", re.escape(term[code])))


def _concerns(term, message):
    """Whether the message's English text uses the term (placeholders such as %(gender)s aside)."""
    english = [PLACEHOLDER.sub("", text) for text in _texts(message.id)]
    if any(re.search(skip, english[0]) for skip in term.get("skip", [])):
        return False
    return any(re.search(term["match"], text, re.IGNORECASE) for text in english)


def _departures(term, code, message):
    required, forbidden = _pattern(term, code), term.get("forbid", {}).get(code, [])
    for translation in _texts(message.string):
        if not required.search(translation):
            yield f"{term['en']!r} should read {term[code]!r}: {translation!r}"
        for variant in forbidden:
            if re.search(variant, translation):
                yield f"{term['en']!r} must not read {variant!r}: {translation!r}"


@pytest.mark.parametrize("code", TRANSLATED)
def test_catalog_uses_the_glossary_terms(code):
    problems = [problem for message in _catalog(code) if message.id
                for term in TERMS if _concerns(term, message)
                for problem in _departures(term, code, message)]
    assert not problems, f"{code}: {len(problems)} departures, e.g. " + "\n".join(problems[:10])


@pytest.mark.parametrize("term", TERMS, ids=[term["en"] for term in TERMS])
def test_each_term_has_every_language_and_matches_its_own_rendering(term):
    for code in TRANSLATED:
        assert _pattern(term, code).search(term[code]), (term["en"], code)
        for variant in term.get("forbid", {}).get(code, []):
            assert not re.search(variant, term[code]), (term["en"], code, variant)


def test_the_glossary_names_each_term_once():
    names = [term["en"].lower() for term in TERMS]
    assert len(names) == len(set(names))


def test_rejected_agrees_with_organization_through_its_context():
    # Russian "организация" is feminine, "материал" (an input) masculine.
    catalog = _catalog("ru")
    assert catalog.get("Rejected", context="organization status").string == "Отклонена"
    assert catalog.get("Rejected").string == "Отклонен"
