"""Why a PDF edition could not be made: a code and its parameters, stored on the edition
(``render_error_code``, ``render_error_params``) and put into words in the reader's language
when the desk or the record's page shows it. ``render_error`` keeps the technical detail, in
English, for the server's administrators.
"""
from __future__ import annotations

from babel import Locale, UnknownLocaleError
from flask_babel import gettext as _

from portal.i18n import current_language

INTERRUPTED = "interrupted"
MISSING_FONT = "missing_font"
UNKNOWN_LANGUAGE = "unknown_language"
# Any other failure (and every message stored before codes existed).
RENDER_FAILED = "render_failed"


def _language_name(code: str) -> str:
    try:
        return Locale.parse(code).get_language_name(current_language()) or code
    except (ValueError, UnknownLocaleError):
        return code


def message(code: str | None, params: dict | None = None) -> str:
    """The reason in the current reader's language; an unknown code reads as a failure."""
    params = params or {}
    language = _language_name(str(params.get("language", "")))
    if code == INTERRUPTED:
        return _("The rendering stopped without finishing on every attempt (the process was "
                 "interrupted). Render it again from the record's page.")
    if code == MISSING_FONT:
        return _("The font %(fonts)s needed for the %(language)s edition is not installed "
                 "on this server; the edition was not rendered. Ask the server's "
                 "administrators to install it, then render it again.",
                 fonts=params.get("fonts", ""), language=language)
    if code == UNKNOWN_LANGUAGE:
        return _("This portal has no document layout for the language %(language)s; the "
                 "edition was not rendered.", language=language)
    return _("The PDF could not be made. The server's log has the details; render it again "
             "from the record's page.")


class RenderError(Exception):
    """A PDF could not be made for a reason the secretariat can act on; not retried.

    ``code`` and ``params`` are stored on the edition and shown in the reader's language
    (``message``); the exception's text is the English detail for the log.
    """

    def __init__(self, detail: str, code: str = RENDER_FAILED, **params):
        super().__init__(detail)
        self.code, self.params = code, params


class MissingFont(RenderError):
    def __init__(self, fonts: list[str], language: str):
        super().__init__(
            f"The font {', '.join(fonts)} needed for the {language} edition is not "
            f"installed on this server; the edition was not rendered.",
            MISSING_FONT, fonts=", ".join(fonts), language=language)


class UnknownLanguage(RenderError):
    def __init__(self, language: str):
        super().__init__(f"No document layout for the language {language!r}.",
                         UNKNOWN_LANGUAGE, language=language)
