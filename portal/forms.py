"""Shared form pieces: field limits, validators and typed fields every domain reuses."""
import wtforms
from flask_babel import lazy_gettext as _l
from wtforms import SelectField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, Length, StopValidation

from portal.i18n import LANGUAGES, NATIVE_NAMES, html_lang, lazy_number


def required():
    return DataRequired(message=_l("This field is required."))


def max_length(limit: int):
    return Length(max=limit, message=_l("At most %(max)s characters.", max=lazy_number(limit)))


def language_field(label, **kwargs) -> SelectField:
    # Each option is named in its own language and marked so for screen readers.
    choices = [SelectChoice(code, NATIVE_NAMES[code], render_kw={"lang": html_lang(code)})
               for code in LANGUAGES]
    return SelectField(label, choices=choices, **kwargs)


def strip(value):
    """Filter for text fields: people paste addresses with spaces around them."""
    return value.strip() if isinstance(value, str) else value


# Dates the portal deals in: nothing of the UN system predates its Charter (1945), and no
# meeting, term or report is planned beyond 2100. Outside, the date is a typing error (year
# 0001 or 9999), and such years overflow once a moment is converted between time zones.
FIRST_YEAR, LAST_YEAR = 1945, 2100
DATE_OUT_OF_RANGE = _l("Give a date between %(first)d and %(last)d.", first=FIRST_YEAR,
                       last=LAST_YEAR)


class TypedInput:
    """A typed value that does not parse says so ("Not a valid date"), instead of the
    "This field is required" a required() validator would put in its place; an empty box
    still goes to the validators (required or optional)."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("invalid_value_message", self.INVALID)
        super().__init__(*args, **kwargs)

    def pre_validate(self, form):
        if self.process_errors and self.raw_data and str(self.raw_data[0]).strip():
            raise StopValidation()
        super().pre_validate(form)


class SaneDate(TypedInput):
    def pre_validate(self, form):
        super().pre_validate(form)
        if self.data is not None and not FIRST_YEAR <= self.data.year <= LAST_YEAR:
            raise StopValidation(DATE_OUT_OF_RANGE)


class DateField(SaneDate, wtforms.DateField):
    INVALID = _l("Not a valid date: give it as 2027-07-14.")


class DateTimeLocalField(SaneDate, wtforms.DateTimeLocalField):
    INVALID = _l("Not a valid date and time: give them as 2027-07-14 09:30.")


class IntegerField(TypedInput, wtforms.IntegerField):
    INVALID = _l("Enter a whole number.")


class DecimalField(TypedInput, wtforms.DecimalField):
    INVALID = _l("Enter a number, such as 7 or 7.5.")

    def process_formdata(self, valuelist):
        super().process_formdata(valuelist)
        # Decimal reads "NaN" and "Infinity", which no count or share can be.
        if self.data is not None and not self.data.is_finite():
            self.data = None
            raise ValueError(self.INVALID)
