"""Drafting, validation and submission forms."""
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import BooleanField, StringField, TextAreaField
from wtforms.validators import DataRequired, Optional
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


class RequestValidationForm(FlaskForm):
    # Asking is not approving: the requester's organization signs off only if ticked.
    sign_off = BooleanField(_l("Also sign off for my organization: we approve this text"))


class SubmitForm(FlaskForm):
    justification = TextAreaField(
        _l("Justification (published with the statement)"),
        validators=[max_length(JUSTIFICATION_MAX), Printable()])
    confirm = BooleanField(
        _l("I understand that the text is frozen once submitted: it cannot be edited or "
           "withdrawn, and the secretariat publishes it as an official record."),
        validators=[DataRequired(message=_l("Tick the box to confirm the submission."))])
