from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import SelectField, SelectMultipleField, StringField
from wtforms.fields.choices import SelectChoice
from wtforms.widgets import CheckboxInput, ListWidget

from portal.api.models import NAME_MAX
from portal.api.tokens import LIFETIMES, SCOPES
from portal.forms import max_length, required


class TokenForm(FlaskForm):
    name = StringField(_l("What the token is for"), validators=[required(),
                                                                max_length(NAME_MAX)])
    scopes = SelectMultipleField(
        _l("What the token may do"),
        choices=[SelectChoice(scope, label) for scope, label in SCOPES.items()],
        widget=ListWidget(prefix_label=False), option_widget=CheckboxInput(),
        validate_choice=True)
    lifetime = SelectField(
        _l("Valid for"), coerce=int, default=90,
        choices=[SelectChoice(days, label) for days, label in LIFETIMES.items()])
