"""Forms of the secretariat's meeting and standards-profile pages."""
import re
from fractions import Fraction

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import StringField
from wtforms.validators import NumberRange, Optional, Regexp, ValidationError

from portal.forms import (
    DateField,
    DateTimeLocalField,
    DecimalField,
    IntegerField,
    max_length,
    required,
)
from portal.i18n import LANGUAGES, NATIVE_NAMES, html_lang
from portal.meetings.services import quorum_fraction
from portal.statements.standards import Profile

TEXT_MAX = 300
SYMBOL_MAX = 80


class MultilingualForm(FlaskForm):
    """A form with one field per official language for some texts (``<prefix>_<code>``).

    Subclasses list ``MULTILINGUAL = {prefix: label}``; English is required, the others
    optional.
    """

    MULTILINGUAL: dict = {}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for prefix, label in self.MULTILINGUAL.items():
            for code in LANGUAGES:
                self[f"{prefix}_{code}"].label.text = _(
                    "%(field)s (%(language)s)", field=label, language=NATIVE_NAMES[code])

    def texts(self, prefix: str) -> dict:
        return {code: self[f"{prefix}_{code}"].data.strip() for code in LANGUAGES
                if (self[f"{prefix}_{code}"].data or "").strip()}

    def fill(self, prefix: str, texts: dict) -> None:
        for code in LANGUAGES:
            self[f"{prefix}_{code}"].data = (texts or {}).get(code, "")


def multilingual(form_class, prefix: str, limit: int = TEXT_MAX):
    """Add the six fields of ``prefix`` to ``form_class`` (called right after the class)."""
    for code in LANGUAGES:
        checks = [required() if code == "en" else Optional(), max_length(limit)]
        setattr(form_class, f"{prefix}_{code}",
                StringField(prefix, validators=checks, render_kw={"lang": html_lang(code)}))
    return form_class


class MeetingForm(MultilingualForm):
    MULTILINGUAL = {"name": _l("Name"), "organ": _l("Organ"), "session": _l("Session")}

    slug = StringField(_l("Short name in addresses"), validators=[
        required(), max_length(80),
        Regexp(r"^[a-z0-9-]+$", message=_l("Use lower-case letters, digits and hyphens."))])
    starts_on = DateField(_l("First day"), validators=[required()])
    ends_on = DateField(_l("Last day"), validators=[required()])
    agenda_symbol = StringField(_l("Symbol of the provisional agenda"),
                                validators=[required(), max_length(SYMBOL_MAX)])
    symbol_pattern = StringField(_l("Symbol pattern of stakeholder documents"),
                                 validators=[required(), max_length(SYMBOL_MAX)])
    profile_family = StringField(_l("Standards profile"),
                                 validators=[required(), max_length(60)])

    def validate_ends_on(self, field):
        if self.starts_on.data and field.data and field.data < self.starts_on.data:
            raise ValidationError(_l("The last day cannot be before the first day."))

    def validate_symbol_pattern(self, field):
        if field.data.count("{n}") != 1 or re.sub(r"\{n\}", "", field.data).count("{") \
                or "}" in field.data.replace("{n}", ""):
            raise ValidationError(
                _l("The pattern must contain {n} exactly once, where the number goes."))


for _prefix in MeetingForm.MULTILINGUAL:
    multilingual(MeetingForm, _prefix)


class AgendaItemForm(MultilingualForm):
    MULTILINGUAL = {"title": _l("Title")}

    number = StringField(_l("Item number"), validators=[required(), max_length(20)])


multilingual(AgendaItemForm, "title", 1000)


def _percent_field(label, optional=False):
    checks = [Optional() if optional else required(),
              NumberRange(min=0, max=100, message=_l("Give a percentage from 0 to 100."))]
    return DecimalField(label, places=None, validators=checks)


class ProfileForm(MultilingualForm):
    MULTILINGUAL = {"name": _l("Name")}

    family = StringField(_l("Profile family"), validators=[
        required(), max_length(60),
        Regexp(r"^[a-z0-9-]+$", message=_l("Use lower-case letters, digits and hyphens."))])
    min_consultation_days = DecimalField(
        _l("Minimum consultation time (days)"), places=None,
        validators=[required(), NumberRange(min=0, max=365,
                                            message=_l("Give a number of days from 0 to 365."))])
    min_participants = IntegerField(_l("Minimum number of participants"), validators=[
        required(), NumberRange(min=0, max=1_000_000, message=_l("Give a number from 0."))])
    max_gender_share = _percent_field(_l("Largest share of one gender (%)"))
    min_regions = IntegerField(_l("Regions that must be represented"), validators=[
        required(), NumberRange(min=0, max=5, message=_l("Give a number from 0 to 5."))])
    max_region_share = _percent_field(_l("Largest share of one region (%)"))
    min_frontline_share = _percent_field(
        _l("Smallest share of frontline participants (%), empty to skip"), optional=True)
    max_words = IntegerField(_l("Word limit"), validators=[
        required(), NumberRange(min=1, max=100_000, message=_l("Give a number from 1."))])
    quorum = StringField(_l("Sign-off quorum (more than this fraction of the current OPs)"),
                         validators=[required(), max_length(20)])
    valid_from = DateTimeLocalField(_l("In force from (UTC); empty for now"),
                                    validators=[Optional()])

    def validate_quorum(self, field):
        try:
            quorum_fraction(field.data)
        except (ValueError, ZeroDivisionError) as error:
            raise ValidationError(
                _l("Give a fraction above 0 and at most 1, such as 1/2.")) from error

    def thresholds(self) -> dict:
        def exact(value):
            return str(Fraction(str(value))) if value is not None else None

        data = {
            "min_consultation_days": exact(self.min_consultation_days.data),
            "min_participants": self.min_participants.data,
            "max_gender_share": exact(self.max_gender_share.data),
            "min_regions": self.min_regions.data,
            "max_region_share": exact(self.max_region_share.data),
            "max_words": self.max_words.data,
        }
        if self.min_frontline_share.data is not None:
            data["min_frontline_share"] = exact(self.min_frontline_share.data)
        # Normalised by the pure module, so what is stored reads back identically.
        return Profile.from_dict(data).to_dict()

    def fill_from(self, profile) -> None:
        values = Profile.from_dict(profile.thresholds).to_dict()
        self.family.data = profile.family
        self.fill("name", profile.names)
        for name in ("min_consultation_days", "min_participants", "max_gender_share",
                     "min_regions", "max_region_share", "min_frontline_share", "max_words"):
            value = values.get(name)
            if isinstance(value, str):
                value = float(Fraction(value))
            self[name].data = value
        self.quorum.data = profile.quorum


multilingual(ProfileForm, "name")
