"""Text kept in several languages at once (names, descriptions, titles).

Stored as a JSON object ``{"en": ..., "fr": ...}``; shown in the reader's language,
falling back to English, then to any language the text exists in.
"""
from portal.i18n import LANGUAGES, current_language


def localized(texts: dict | None, language: str | None = None) -> str:
    if not texts:
        return ""
    language = language or current_language()
    for code in (language, "en", *LANGUAGES):
        if texts.get(code):
            return texts[code]
    return next(iter(texts.values()), "")


def language_of(texts: dict | None, language: str | None = None) -> str:
    """The language ``localized`` picked, for the ``lang`` attribute of the text."""
    language = language or current_language()
    for code in (language, "en", *LANGUAGES):
        if texts and texts.get(code):
            return code
    return language
