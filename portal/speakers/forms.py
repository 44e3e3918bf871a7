"""Forms of the speakers pages: declaring an opportunity, applying, selecting."""
from fractions import Fraction

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import BooleanField, HiddenField, SelectField, StringField, TextAreaField
from wtforms.validators import InputRequired, NumberRange, Optional, ValidationError

from portal.countries import country_choices
from portal.forms import (
    DateField,
    DateTimeLocalField,
    DecimalField,
    IntegerField,
    language_field,
    max_length,
    required,
)
from portal.meetings.forms import MultilingualForm, _percent_field, multilingual
from portal.registry.forms import CheckboxList, language_checkboxes, options
from portal.registry.labels import GENDERS
from portal.speakers.balance import SelectionProfile
from portal.speakers.models import SPEAK, SUMMARY_MAX, TOPIC_MAX, TRAVEL


def present():
    """Required, where 0 is an answer (DataRequired would refuse it)."""
    return InputRequired(message=_l("This field is required."))


KINDS = {SPEAK: _l("Speaking slots"), TRAVEL: _l("Funded travel places")}


class OpportunityForm(MultilingualForm):
    MULTILINGUAL = {"session": _l("Session")}

    kind = SelectField(_l("Kind"), choices=options(KINDS.items()))
    agenda_item = SelectField(_l("Agenda item"), validators=[Optional()])
    group = SelectField(_l("Who may apply"), validators=[Optional()])
    held_on = DateField(_l("Day of the session"), validators=[required()])
    series = StringField(_l("Meeting series (for the rotation rule)"),
                         validators=[required(), max_length(60)])
    slots = IntegerField(_l("Number of slots or places"), validators=[
        required(), NumberRange(min=1, max=500, message=_l("Give a number from 1 to 500."))])
    minutes = IntegerField(_l("Minutes for each speaker"), validators=[
        Optional(), NumberRange(min=1, max=60, message=_l("Give a number from 1 to 60."))])
    languages = language_checkboxes(_l("Languages with interpretation"))
    covers = TextAreaField(_l("What the travel support covers"),
                           validators=[Optional(), max_length(2000)])
    deadline = DateTimeLocalField(_l("Deadline for applications (UTC)"),
                                  validators=[required()])
    max_gender_share = _percent_field(_l("Largest share of one gender (%)"))
    min_regions = IntegerField(_l("Regions that must be represented"), validators=[
        present(), NumberRange(min=0, max=5, message=_l("Give a number from 0 to 5."))])
    max_region_share = _percent_field(_l("Largest share of one region (%)"))
    min_frontline_share = _percent_field(
        _l("Smallest share of frontline speakers (%), empty to skip"), optional=True)
    rotation_sessions = IntegerField(
        _l("Rotation: sessions to look back over (0 for none)"), validators=[
            present(), NumberRange(min=0, max=20, message=_l("Give a number from 0 to 20."))])

    def __init__(self, *args, meeting=None, groups=(), **kwargs):
        super().__init__(*args, **kwargs)
        items = meeting.agenda_items if meeting is not None else []
        self.agenda_item.choices = options(
            [("", _l("No particular item")), *((str(i.id), f"{i.number}. {i.title}")
                                               for i in items)])
        self.group.choices = options([("", _l("Any group (joint selection)")),
                                      *((str(g.id), g.name) for g in groups)])

    def validate_languages(self, field):
        if not field.data:
            raise ValidationError(_l("Choose at least one language."))

    def profile(self) -> dict:
        def exact(value):
            return None if value is None else str(Fraction(str(value)))

        data = {"max_gender_share": exact(self.max_gender_share.data),
                "min_regions": self.min_regions.data,
                "max_region_share": exact(self.max_region_share.data),
                "rotation_sessions": self.rotation_sessions.data}
        if self.min_frontline_share.data is not None:
            data["min_frontline_share"] = exact(self.min_frontline_share.data)
        return SelectionProfile.from_dict(data).to_dict()


multilingual(OpportunityForm, "session")


class ApplicationForm(FlaskForm):
    organization = SelectField(_l("On behalf of"), coerce=int)
    topic = StringField(_l("Topic"), validators=[required(), max_length(TOPIC_MAX)])
    language = language_field(_l("Language you will speak in"))
    summary = TextAreaField(_l("Short summary of what you will say"),
                            validators=[required(), max_length(SUMMARY_MAX)])
    gender = SelectField(_l("Gender"), choices=options(GENDERS.items()))
    country = SelectField(_l("Country"), validators=[required()])
    frontline = BooleanField(_l("I am a frontline or grassroots person (for example a forest "
                                "or slum dweller, a smallholder farmer)"))
    frontline_description = TextAreaField(_l("Describe your frontline work in a few lines"),
                                          validators=[Optional(), max_length(SUMMARY_MAX)])
    travel_need = TextAreaField(_l("What you need for travel"),
                                validators=[Optional(), max_length(SUMMARY_MAX)])
    cost_estimate = DecimalField(_l("Cost estimate (US dollars)"), places=2, validators=[
        Optional(), NumberRange(min=0, max=1_000_000,
                                message=_l("Give an amount from 0 to 1,000,000."))])

    def __init__(self, *args, organizations=(), language="en", travel=False, **kwargs):
        super().__init__(*args, **kwargs)
        self.organization.choices = options((o.id, o.name) for o in organizations)
        self.country.choices = options([("", _l("Choose a country")),
                                        *country_choices(language)])
        self.travel = travel

    def validate_frontline_description(self, field):
        if self.frontline.data and not (field.data or "").strip():
            raise ValidationError(_l("Describe your frontline work."))

    def validate_travel_need(self, field):
        if self.travel and not (field.data or "").strip():
            raise ValidationError(_l("Say what you need for travel."))


class WithdrawForm(FlaskForm):
    pass


class SelectionForm(FlaskForm):
    chosen = CheckboxList(_l("Selected"), coerce=int, validate_choice=False)
    version = HiddenField()
    override_reason = TextAreaField(_l("Reason for overriding the profile (published)"),
                                    validators=[Optional(), max_length(SUMMARY_MAX)])


class OralStatementForm(FlaskForm):
    title = StringField(_l("Title"), validators=[required(), max_length(500)])
    text = TextAreaField(_l("Text of the oral statement"),
                         validators=[required(), max_length(20_000)])
    language = language_field(_l("Language of the text"))


class MarkForm(FlaskForm):
    delivered = SelectField(_l("Was the statement delivered?"), choices=options([
        ("yes", _l("Delivered: publish it as an official record")),
        ("no", _l("Not delivered"))]))
