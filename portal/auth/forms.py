from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import BooleanField, EmailField, PasswordField, SelectField, StringField
from wtforms.validators import Email, EqualTo, Length

from portal.auth.models import EMAIL_MAX, NAME_MAX
from portal.forms import language_field, max_length, required, strip
from portal.i18n import current_language, timezone_choices

PASSWORD_MIN = 10
PASSWORD_MAX = 200


def email_field():
    return EmailField(_l("Email address"), filters=[strip], validators=[
        required(), max_length(EMAIL_MAX),
        Email(message=_l("Enter a valid email address."), check_deliverability=False),
    ])


def new_password_fields():
    password = PasswordField(_l("New password"), validators=[
        required(),
        Length(min=PASSWORD_MIN, max=PASSWORD_MAX,
               message=_l("Use between %(min)d and %(max)d characters.",
                          min=PASSWORD_MIN, max=PASSWORD_MAX)),
    ])
    confirm = PasswordField(_l("Repeat the password"), validators=[
        required(), EqualTo("password", message=_l("The two passwords differ.")),
    ])
    return password, confirm


class RegistrationForm(FlaskForm):
    display_name = StringField(_l("Your name"), validators=[required(), max_length(NAME_MAX)])
    email = email_field()
    password, confirm = new_password_fields()
    language = language_field(_l("Preferred language"))


class SignInForm(FlaskForm):
    email = email_field()
    password = PasswordField(_l("Password"), validators=[required(), max_length(PASSWORD_MAX)])
    remember = BooleanField(_l("Keep me signed in on this device"))


class ForgotPasswordForm(FlaskForm):
    email = email_field()


class ResetPasswordForm(FlaskForm):
    password, confirm = new_password_fields()


class ChangePasswordForm(FlaskForm):
    current = PasswordField(_l("Current password"),
                            validators=[required(), max_length(PASSWORD_MAX)])
    password, confirm = new_password_fields()


class ProfileForm(FlaskForm):
    display_name = StringField(_l("Your name"), validators=[required(), max_length(NAME_MAX)])
    preferred_language = language_field(_l("Preferred language"))
    timezone = SelectField(_l("Time zone"),
                           description=_l("Dates and times are shown in this time zone."))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # IANA ids as values; the reader sees "Kenya (Nairobi)" in their language.
        self.timezone.choices = timezone_choices(current_language())
