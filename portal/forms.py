"""Shared form pieces: field limits and validators every domain reuses."""
from flask_babel import lazy_gettext as _l
from wtforms import SelectField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, Length

from portal.i18n import LANGUAGES, NATIVE_NAMES, html_lang


def required():
    return DataRequired(message=_l("This field is required."))


def max_length(limit: int):
    return Length(max=limit, message=_l("At most %(max)d characters.", max=limit))


def language_field(label, **kwargs) -> SelectField:
    # Each option is named in its own language and marked so for screen readers.
    choices = [SelectChoice(code, NATIVE_NAMES[code], render_kw={"lang": html_lang(code)})
               for code in LANGUAGES]
    return SelectField(label, choices=choices, **kwargs)


def strip(value):
    """Filter for text fields: people paste addresses with spaces around them."""
    return value.strip() if isinstance(value, str) else value
