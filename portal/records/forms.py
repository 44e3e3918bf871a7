from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.file import FileAllowed, FileField, FileSize
from wtforms import BooleanField, HiddenField, SelectField, StringField, TextAreaField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, Optional, Regexp, ValidationError

from portal.csvfile import NUL_IN_FILE, nul_line
from portal.forms import DateField, IntegerField, language_field, max_length, required
from portal.i18n import lazy_number
from portal.records.glyphs import Printable
from portal.records.models import (
    ADDENDUM,
    BODY_MAX,
    CORRIGENDUM,
    NOTE_MAX,
    PENDING,
    REVISION,
    TITLE_MAX,
    TRANSLATED,
)

SYMBOL_CHARS = Regexp(r"^[A-Za-z0-9./()\- ]*$",
                      message=_l("Use letters, digits and / . - ( ) only."))


def choices(pairs):
    return [SelectChoice(value, label) for value, label in pairs]


def _date(label):
    return DateField(label, validators=[required()],
                     render_kw={"autocomplete": "off"})


def _confirm():
    return BooleanField(
        _l("I understand that publishing is final: the symbol is assigned for good and the "
           "record can never be edited or withdrawn, only corrected by a new record."),
        validators=[DataRequired(message=_l("Tick the box to confirm the publication."))])


class PublishForm(FlaskForm):
    published_on = _date(_l("Date of the document"))
    agenda_symbol = StringField(_l("Symbol of the provisional agenda (footnote)"),
                                validators=[Optional(), max_length(80), SYMBOL_CHARS])
    confirm = _confirm()


class TranslationForm(FlaskForm):
    title = StringField(_l("Title"), validators=[required(), max_length(TITLE_MAX),
                                                 Printable()])
    body = TextAreaField(_l("Text"), validators=[Optional(), max_length(BODY_MAX), Printable()])
    upload = FileField(_l("Or upload the text (a UTF-8 .txt or .md file)"), validators=[
        FileAllowed(["txt", "md"], _l("Upload a .txt or .md file.")),
        FileSize(BODY_MAX * 4, message=_l("The file is too large."))])
    status = SelectField(_l("Status"), choices=choices([
        (PENDING, _l("Draft (pending, not public)")),
        (TRANSLATED, _l("Translated (issue this edition; it cannot change afterwards)"))]))
    translator_note = TextAreaField(_l("Translator's note"),
                                    validators=[Optional(), max_length(NOTE_MAX)])
    version = HiddenField()

    def validate(self, extra_validators=None) -> bool:
        """The text comes from the box or from the uploaded file, one of the two."""
        if not super().validate(extra_validators):
            return False
        if self.upload.data:
            try:
                text = self.upload.data.read(BODY_MAX * 4 + 1).decode("utf-8-sig")
            except UnicodeDecodeError:
                self.upload.errors.append(_l("The file is not UTF-8 text."))
                return False
            if nul_line(text) is not None:
                self.upload.errors.append(_l("Line %(line)d: %(message)s", line=nul_line(text),
                                             message=NUL_IN_FILE))
                return False
            if len(text) > BODY_MAX:
                self.upload.errors.append(_l("At most %(max)s characters.",
                                             max=lazy_number(BODY_MAX)))
                return False
            self.body.data = text.replace("\r\n", "\n")
            try:
                Printable()(self, self.body)
            except ValidationError as refusal:
                self.upload.errors.append(str(refusal))
                return False
        if not (self.body.data or "").strip():
            self.body.errors.append(_l("Type the text or upload a file."))
            return False
        return True


class IssueForm(FlaskForm):
    kind = SelectField(_l("Kind of document"), choices=choices([
        (CORRIGENDUM, _l("Corrigendum")), (REVISION, _l("Revision")),
        (ADDENDUM, _l("Addendum"))]))
    title = StringField(_l("Title"), validators=[required(), max_length(TITLE_MAX),
                                                 Printable()])
    body = TextAreaField(_l("Text"), validators=[required(), max_length(BODY_MAX), Printable()])
    note = TextAreaField(_l("What this document changes"),
                         validators=[Optional(), max_length(NOTE_MAX), Printable()])
    published_on = _date(_l("Date of the document"))
    confirm = _confirm()


class CompileForm(FlaskForm):
    meeting = SelectField(_l("Meeting"), coerce=int, validators=[required()])
    agenda_item = SelectField(_l("Agenda item"), coerce=int)
    original_language = language_field(_l("Original language of the compilation"))
    published_on = _date(_l("Date of the document"))
    agenda_symbol = StringField(_l("Symbol of the provisional agenda (footnote)"),
                                validators=[Optional(), max_length(80), SYMBOL_CHARS])
    confirm = _confirm()


class ActionForm(FlaskForm):
    """A button that changes something: only its CSRF token."""


class ArchiveSearchForm(FlaskForm):
    class Meta:
        csrf = False  # a search is a GET that changes nothing

    q = StringField(_l("Symbol or title"), validators=[Optional(), max_length(200)])
    meeting = SelectField(_l("Meeting"), validators=[Optional()])
    group = SelectField(_l("Group"), validators=[Optional()])
    language = SelectField(_l("Available in"), validators=[Optional()])
    date_from = DateField(_l("From"), validators=[Optional()])
    date_to = DateField(_l("To"), validators=[Optional()])
    page = IntegerField(validators=[Optional()])
