"""Drafting, validation and submission forms."""
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import StringField, TextAreaField
from wtforms.validators import Optional
from wtforms.widgets import HiddenInput

from portal.forms import IntegerField, max_length, required
from portal.records.glyphs import Printable
from portal.statements.services import BODY_MAX, JUSTIFICATION_MAX, TITLE_MAX


class DraftForm(FlaskForm):
    # The version the editor started from; a save based on an older one is refused.
    base_version = IntegerField(widget=HiddenInput(), validators=[Optional()])
    # What the official documents print is refused here if a character would print blank.
    title = StringField(_l("Title"), validators=[required(), max_length(TITLE_MAX),
                                                 Printable()])
    body = TextAreaField(_l("Text"), validators=[max_length(BODY_MAX), Printable()])


class ActionForm(FlaskForm):
    """A button that only needs the CSRF token."""


class SubmitForm(FlaskForm):
    justification = TextAreaField(
        _l("Justification (published with the statement)"),
        validators=[max_length(JUSTIFICATION_MAX), Printable()])
