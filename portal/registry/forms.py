from decimal import Decimal, InvalidOperation

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.file import FileField, FileRequired
from wtforms import (
    BooleanField,
    EmailField,
    FieldList,
    FormField,
    HiddenField,
    RadioField,
    SelectField,
    SelectMultipleField,
    StringField,
    TextAreaField,
    URLField,
)
from wtforms import Form as PlainForm
from wtforms.fields.choices import SelectChoice
from wtforms.validators import Email, NumberRange, Optional, Regexp, ValidationError
from wtforms.widgets import CheckboxInput, ListWidget

from portal.countries import country_choices
from portal.forms import DateField, IntegerField, max_length, required
from portal.i18n import LANGUAGES, NATIVE_NAMES, html_lang
from portal.registry.labels import GENDERS, GROUP_KINDS, ORG_TYPES, REGION_NAMES, SCOPES, SIZES
from portal.registry.regions import REGIONS

NAME_MAX = 300
TEXT_MAX = 5000
REASON_MAX = 2000


def options(pairs) -> list[SelectChoice]:
    return [SelectChoice(value, label) for value, label in pairs]


class CheckboxList(SelectMultipleField):
    widget = ListWidget(prefix_label=False)
    option_widget = CheckboxInput()


def language_checkboxes(label):
    # Each language named in itself, marked so for screen readers.
    return CheckboxList(label, choices=[
        SelectChoice(code, NATIVE_NAMES[code], render_kw={"lang": html_lang(code)})
        for code in LANGUAGES])


def _names_form(label_pattern, limit, textarea=False):
    """One field per official language, e.g. ``name_en``; at least one filled."""
    fields = {}
    for code in LANGUAGES:
        cls = TextAreaField if textarea else StringField
        fields[code] = cls(NATIVE_NAMES[code], validators=[Optional(), max_length(limit)])
    return type("LanguageTexts", (PlainForm,), fields)


NamesForm = _names_form(None, NAME_MAX)
LongTextsForm = _names_form(None, TEXT_MAX, textarea=True)


def texts_of(form_field) -> dict:
    return {code: value.strip() for code, value in form_field.data.items()
            if value and value.strip()}


class OrganizationForm(FlaskForm):
    names = FormField(NamesForm, label=_l("Name of the organization"))
    country = SelectField(_l("Country"), validators=[required()])
    org_type = SelectField(_l("Type of organization"),
                           choices=options(ORG_TYPES.items()), validators=[required()])
    groups = CheckboxList(_l("Major groups and constituencies"), coerce=int,
                          validators=[required()])
    website = URLField(_l("Website"), validators=[Optional(), max_length(500), Regexp(
        r"^https?://[^\s]+$", message=_l("Give an address starting with http:// or https://."))])
    working_languages = language_checkboxes(_l("Working languages"))
    size = SelectField(_l("Size"), choices=options([("", _l("Not given")), *SIZES.items()]),
                       validators=[Optional()])
    frontline = BooleanField(_l("A frontline or grassroots organization (for example forest "
                                "or slum dwellers, smallholder farmers, a small community "
                                "organization)"))
    revision = HiddenField(validators=[Optional()])

    def __init__(self, *args, language="en", groups=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.country.choices = options([("", _l("Choose a country")),
                                       *country_choices(language)])
        self.groups.choices = options((g.id, g.name) for g in groups)

    def validate(self, extra_validators=None):
        valid = super().validate(extra_validators)
        if not texts_of(self.names):
            self.form_errors.append(_l("Give the name in at least one language."))
            return False
        return valid


class InviteForm(FlaskForm):
    email = EmailField(_l("Email address of the person to invite"), validators=[
        required(), max_length(254),
        Email(message=_l("Enter a valid email address."), check_deliverability=False)])


class JoinDecisionForm(FlaskForm):
    """The secretariat's decision on a request to join an organization without a focal
    point; approving may name the person focal point, so the organization is not stuck."""
    focal_point = BooleanField(_l("Also make this person the organization's focal point"))


class ReasonForm(FlaskForm):
    reason = TextAreaField(_l("Reason"), validators=[required(), max_length(REASON_MAX)])


class OptionalReasonForm(FlaskForm):
    reason = TextAreaField(_l("Reason (optional)"), validators=[Optional(),
                                                                 max_length(REASON_MAX)])


class FundingForm(PlainForm):
    source = StringField(_l("Source of funds"), validators=[Optional(), max_length(300)])
    share = StringField(_l("Share (%)"), validators=[Optional(), max_length(10)])

    def validate_share(self, field):
        if not field.data:
            if self.source.data:
                raise ValidationError(_l("Give the share of this source."))
            return
        try:
            value = Decimal(field.data.strip().replace(",", "."))
        except InvalidOperation:
            raise ValidationError(_l("Give a number such as 12.5.")) from None
        if not value.is_finite() or value < 0 or value > 100:
            raise ValidationError(_l("Each share is a percentage between 0 and 100."))
        if value != value.quantize(Decimal("0.01")):
            raise ValidationError(_l("Use at most two decimals."))
        if not self.source.data:
            raise ValidationError(_l("Name the source of this share."))


class DisclosureForm(FlaskForm):
    funding = FieldList(FormField(FundingForm), min_entries=6, max_entries=30)
    affiliations = TextAreaField(_l("Affiliations (networks, parent bodies, political or "
                                    "commercial ties)"),
                                 validators=[Optional(), max_length(TEXT_MAX)])
    interests = TextAreaField(_l("Declared interests (possible conflicts of interest)"),
                              validators=[Optional(), max_length(TEXT_MAX)])
    based_on = HiddenField(validators=[required()])

    def funding_rows(self) -> list[tuple[str, Decimal]]:
        return [(entry.source.data.strip(),
                 Decimal(entry.share.data.strip().replace(",", ".")))
                for entry in self.funding if entry.source.data and entry.share.data]


class ApplicationForm(FlaskForm):
    group = SelectField(_l("Group"), coerce=int, validators=[required()])
    term_start = DateField(_l("Term starts"), validators=[required()])
    term_end = DateField(_l("Term ends"), validators=[required()])
    scope = RadioField(_l("Scope"), choices=options(SCOPES.items()), default="global",
                       validators=[required()])
    scope_region = SelectField(
        _l("Region (for a regional scope)"), default="",
        choices=options([("", "—"), *((r, REGION_NAMES[r]) for r in REGIONS)]))
    # No Optional(): it would stop the checks below that depend on the scope.
    scope_theme = StringField(_l("Theme (for a thematic scope)"), validators=[max_length(200)])
    working_languages = language_checkboxes(_l("Working languages"))
    focal_person_name = StringField(_l("Focal person"), validators=[required(),
                                                                    max_length(200)])
    focal_person_gender = SelectField(_l("Gender of the focal person (self-declared)"),
                                      choices=options(GENDERS.items()), default="undeclared")

    def validate_term_end(self, field):
        if self.term_start.data and field.data and field.data <= self.term_start.data:
            raise ValidationError(_l("The term must end after it starts."))

    def validate_scope_region(self, field):
        if self.scope.data == "regional" and not field.data:
            raise ValidationError(_l("Choose the region of a regional scope."))

    def validate_scope_theme(self, field):
        if self.scope.data == "thematic" and not (field.data or "").strip():
            raise ValidationError(_l("Name the theme of a thematic scope."))

    def validate_working_languages(self, field):
        if not field.data:
            raise ValidationError(_l("Choose at least one working language."))


class EndorseForm(FlaskForm):
    comment = TextAreaField(_l("Comment (optional)"), validators=[Optional(),
                                                                  max_length(REASON_MAX)])


class FeedbackForm(FlaskForm):
    rating = RadioField(_l("Rating of the consultation work (1 poor, 5 excellent)"),
                        choices=options((str(n), str(n)) for n in range(1, 6)),
                        validators=[required()])
    comment = TextAreaField(_l("Comment"), validators=[Optional(), max_length(TEXT_MAX)])


class GroupForm(FlaskForm):
    slug = StringField(_l("Short name in addresses"), validators=[
        required(), max_length(60),
        Regexp(r"^[a-z0-9]+(-[a-z0-9]+)*$",
               message=_l("Use lowercase letters, digits and hyphens."))])
    kind = SelectField(_l("Kind"), choices=options(GROUP_KINDS.items()))
    parent_id = SelectField(_l("Inside the group (for a cluster)"), coerce=int,
                            validators=[Optional()])
    names = FormField(NamesForm, label=_l("Name"))
    descriptions = FormField(LongTextsForm, label=_l("Description"))
    criteria = FormField(LongTextsForm, label=_l("Criteria for membership"))
    position = IntegerField(_l("Position in lists"), validators=[Optional(), NumberRange(0,
                                                                                       10_000)])

    def __init__(self, *args, groups=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.parent_id.choices = options([(0, "—"), *((g.id, g.name) for g in groups)])

    def validate(self, extra_validators=None):
        valid = super().validate(extra_validators)
        if not texts_of(self.names):
            self.form_errors.append(_l("Give the name in at least one language."))
            return False
        return valid

    def validate_parent_id(self, field):
        if self.kind.data == "cluster" and not field.data:
            raise ValidationError(_l("A cluster belongs to a group: choose it."))


class ImportForm(FlaskForm):
    file = FileField(_l("CSV file"), validators=[FileRequired(_l("Choose a file."))])
    dry_run = BooleanField(_l("Dry run: check the file without importing"), default=True)
