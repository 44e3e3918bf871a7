"""Forms: opening a consultation, sending an input, rejecting, importing, reporting."""
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.file import FileField, FileRequired
from wtforms import (
    BooleanField,
    RadioField,
    SelectField,
    SelectMultipleField,
    StringField,
    TextAreaField,
)
from wtforms.fields.choices import SelectChoice
from wtforms.validators import NumberRange, Optional, ValidationError
from wtforms.widgets import CheckboxInput, ListWidget

from portal import countries
from portal.consultations.models import (
    GENDER_CHOICES,
    INPUT_MAX_CHARS,
    MAN,
    OTHER,
    PREFER_NOT,
    WOMAN,
)
from portal.forms import (
    DateField,
    DateTimeLocalField,
    IntegerField,
    language_field,
    max_length,
    required,
)
from portal.i18n import LANGUAGES, NATIVE_NAMES, current_language, lazy_number
from portal.statements.standards import REGIONS
from portal.statements.standards_text import REGIONS as REGION_NAMES

GENDER_LABELS = {WOMAN: _l("Woman"), MAN: _l("Man"), OTHER: _l("Another gender"),
                 PREFER_NOT: _l("Prefer not to say")}
SCOPE_LABELS = {"global": _l("Global"), "regional": _l("Regional"), "national": _l("National")}


def options(pairs) -> list[SelectChoice]:
    return [SelectChoice(value, label) for value, label in pairs]


def country_choices():
    return options([("", _l("Not given")), *countries.country_choices(current_language())])


class MultiCheckboxField(SelectMultipleField):
    widget = ListWidget(prefix_label=False)
    option_widget = CheckboxInput()


class ConsultationForm(FlaskForm):
    agenda_item = SelectField(_l("Meeting and agenda item"), coerce=int,
                              validators=[required()])
    title = StringField(_l("Title"), validators=[required(), max_length(300)])
    guiding_questions = TextAreaField(_l("Guiding questions"),
                                      validators=[required(), max_length(10_000)])
    languages = MultiCheckboxField(
        _l("Languages in which inputs are accepted"),
        choices=options((code, NATIVE_NAMES[code]) for code in LANGUAGES),
        default=list(LANGUAGES))
    statement_language = language_field(_l("Language the statement is written in"))
    opens_at = DateTimeLocalField(_l("Opens"), validators=[required()])
    closes_at = DateTimeLocalField(_l("Closes"), validators=[required()])
    scope = SelectField(_l("Scope"), choices=options(SCOPE_LABELS.items()))
    scope_region = SelectField(_l("Region (for a regional consultation)"),
                               choices=options([("", _l("None"))] + [(r, REGION_NAMES[r])
                                                                      for r in REGIONS]))
    scope_country = SelectField(_l("Country (for a national consultation)"))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.scope_country.choices = country_choices()

    def validate_languages(self, field):
        if not field.data:
            raise ValidationError(_l("Accept at least one language."))

    def validate_closes_at(self, field):
        if self.opens_at.data and field.data and field.data <= self.opens_at.data:
            raise ValidationError(_l("The consultation must close after it opens."))

    def validate_scope_region(self, field):
        if self.scope.data == "regional" and not field.data:
            raise ValidationError(_l("Choose the region of a regional consultation."))

    def validate_scope_country(self, field):
        if self.scope.data == "national" and not field.data:
            raise ValidationError(_l("Choose the country of a national consultation."))


class DeclarationFields:
    gender = RadioField(_l("Gender"), choices=options(GENDER_LABELS.items()),
                        default=PREFER_NOT)
    country = SelectField(_l("Country"))
    organization_name = StringField(
        _l("Organization (leave empty if you take part as an individual)"),
        validators=[max_length(300)])
    frontline = BooleanField(_l("I belong to a frontline or grassroots community"))


class InputForm(DeclarationFields, FlaskForm):
    language = SelectField(_l("Language of your input"))
    body = TextAreaField(_l("Your input"), description=_l(
        "At most %(max)s characters.", max=lazy_number(INPUT_MAX_CHARS)),
        validators=[required()])

    def __init__(self, languages, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.language.choices = options((code, NATIVE_NAMES[code]) for code in LANGUAGES
                                        if code in languages)
        if self.language.data is None and current_language() in languages:
            self.language.data = current_language()  # not the first of the list, Arabic
        self.country.choices = country_choices()

    def validate_body(self, field):
        if len(field.data or "") > INPUT_MAX_CHARS:
            raise ValidationError(_l(
                "An input can have at most %(max)s characters; yours has %(length)s.",
                max=lazy_number(INPUT_MAX_CHARS), length=lazy_number(len(field.data))))

    def validate_gender(self, field):
        if field.data not in GENDER_CHOICES:
            raise ValidationError(_l("Choose one of the options."))


class RejectForm(FlaskForm):
    reason = TextAreaField(_l("Reason, shown to the author"),
                           validators=[required(), max_length(1000)])


class ImportForm(FlaskForm):
    file = FileField(_l("CSV file"), validators=[FileRequired(_l("Choose a file."))])
    dry_run = BooleanField(_l("Only check the file, import nothing"), default=True)


def _count(label):
    return IntegerField(label, default=0, validators=[
        Optional(), NumberRange(min=0, max=10_000_000, message=_l("Give a number from 0."))])


class ReportForm(FlaskForm):
    scope = SelectField(_l("Scope"), choices=options([("national", _l("National")),
                                                      ("regional", _l("Regional"))]))
    place = StringField(_l("Place"), validators=[required(), max_length(300)])
    starts_on = DateField(_l("First day"), validators=[required()])
    ends_on = DateField(_l("Last day"), validators=[required()])
    organizer = StringField(_l("Organizer"), validators=[required(), max_length(300)])
    summary = TextAreaField(_l("Summary"), validators=[required(), max_length(20_000)])
    participants = IntegerField(_l("Participants"), validators=[
        required(), NumberRange(min=1, max=10_000_000, message=_l("Give a number from 1."))])
    women = _count(_l("Women"))
    men = _count(_l("Men"))
    other_gender = _count(_l("Another gender"))
    undeclared_gender = _count(_l("Gender not declared"))
    afr = _count(REGION_NAMES["AFR"])
    apg = _count(REGION_NAMES["APG"])
    eeg = _count(REGION_NAMES["EEG"])
    grulac = _count(REGION_NAMES["GRULAC"])
    weog = _count(REGION_NAMES["WEOG"])
    unknown_region = _count(_l("Region unknown"))
    frontline = _count(_l("Frontline and grassroots participants"))

    GENDER_FIELDS = ("women", "men", "other_gender", "undeclared_gender")
    REGION_FIELDS = ("afr", "apg", "eeg", "grulac", "weog", "unknown_region")

    def _sum(self, names):
        return sum(self[name].data or 0 for name in names)

    def validate_ends_on(self, field):
        if self.starts_on.data and field.data and field.data < self.starts_on.data:
            raise ValidationError(_l("The last day cannot be before the first day."))

    def validate_women(self, field):
        if self.participants.data and self._sum(self.GENDER_FIELDS) != self.participants.data:
            raise ValidationError(_l("The numbers by gender must add up to the participants "
                                     "(put the others under \"not declared\")."))

    def validate_afr(self, field):
        if self.participants.data and self._sum(self.REGION_FIELDS) != self.participants.data:
            raise ValidationError(_l("The numbers by region must add up to the participants "
                                     "(put the others under \"unknown\")."))

    def validate_frontline(self, field):
        if self.participants.data and (field.data or 0) > self.participants.data:
            raise ValidationError(_l("Cannot be more than the participants."))

    def values(self) -> dict:
        names = ("scope", "place", "starts_on", "ends_on", "organizer", "summary",
                 "participants", *self.GENDER_FIELDS, *self.REGION_FIELDS, "frontline")
        return {name: (self[name].data if self[name].data is not None else 0)
                for name in names}


class OpenConsultationsFilter(FlaskForm):
    """The filters of the open consultations list: a GET that changes nothing."""

    class Meta:
        csrf = False

    group = SelectField(_l("Group"), validators=[Optional()])
    region = SelectField(_l("Region"), validators=[Optional()], choices=options(
        [("", _l("Any region"))] + [(key, REGION_NAMES[key]) for key in REGIONS]))
    language = SelectField(_l("Language"), validators=[Optional()], choices=options(
        [("", _l("Any language"))] + [(code, NATIVE_NAMES[code]) for code in LANGUAGES]))
    closing_soon = BooleanField(_l("Closing within a week"))

    def __init__(self, formdata, group_choices):
        super().__init__(formdata)
        self.group.choices = options([("", _l("All groups"))] + list(group_choices))
