"""The account's notification settings."""
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms.fields.choices import SelectChoice

from portal.consultations.forms import MultiCheckboxField
from portal.notifications.services import KINDS


class SettingsForm(FlaskForm):
    kinds = MultiCheckboxField(_l("Send me an email when"), choices=[
        SelectChoice(kind, label) for kind, label in KINDS.items()])


class ActionForm(FlaskForm):
    """A button that only needs the CSRF token."""
