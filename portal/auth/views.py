from flask import Blueprint, abort, current_app, flash, redirect, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user, login_user, logout_user
from flask_login.config import COOKIE_NAME as REMEMBER_COOKIE

from portal.auth import services
from portal.auth.forms import (
    ChangePasswordForm,
    ForgotPasswordForm,
    ProfileForm,
    RegistrationForm,
    ResetPasswordForm,
    SignInForm,
)
from portal.auth.models import User
from portal.extensions import db, login_manager
from portal.i18n import LANGUAGE_COOKIE, current_language
from portal.permissions import PUBLIC, SIGNED_IN, allow
from portal.security import (
    client_address,
    forget_failures,
    record_failure,
    rotate_csrf_secret,
    throttle_wait,
    too_many_attempts,
)
from portal.timeutil import utcnow
from portal.views import render_form, safe_next

bp = Blueprint("auth", __name__)
login_manager.login_view = "auth.sign_in"
login_manager.login_message = _l("Sign in to see this page.")
login_manager.login_message_category = "info"


@login_manager.user_loader
def load_user(session_id: str):
    user_id, _sep, version = session_id.partition(":")
    if not user_id.isdigit():
        return None
    user = db.session.get(User, int(user_id))
    if user is None or str(user.session_version) != version:
        return None
    return user


@bp.route("/register", methods=["GET", "POST"])
@allow(PUBLIC)
def register():
    form = RegistrationForm()
    if request.method == "GET":
        form.language.data = current_language()
    if form.validate_on_submit():
        services.register(form.email.data, form.display_name.data, form.password.data,
                          form.language.data, client_address())
        flash(_("We sent you an email. Follow its link to confirm your address."), "success")
        return redirect(url_for("auth.sign_in"))
    return render_form("auth/register.html", form)


@bp.route("/confirm/<token>")
@allow(PUBLIC)
def confirm(token):
    user = services.redeem_token(token, services.CONFIRM)
    if user is None:
        abort(404, _("This confirmation link is not valid or has expired."))
    user.email_confirmed_at = user.email_confirmed_at or utcnow()
    flash(_("Your email address is confirmed. You can sign in."), "success")
    return redirect(url_for("auth.sign_in"))


@bp.route("/sign-in", methods=["GET", "POST"])
@allow(PUBLIC)
def sign_in():
    form = SignInForm()
    if form.validate_on_submit():
        email, address = form.email.data, client_address()
        wait = throttle_wait(email, address)
        if wait:
            return _throttled("auth/sign_in.html", form, wait)
        user = services.authenticate(email, form.password.data)
        if user is None:
            record_failure(email, address)
            form.password.errors.append(_("The email address or password is wrong."))
            return render_form("auth/sign_in.html", form)
        forget_failures(email, address)
        if not user.is_confirmed:
            form.email.errors.append(
                _("Confirm your email address first: follow the link we sent you."))
        else:
            login_user(user, remember=form.remember.data)
            rotate_csrf_secret()
            flash(_("You are signed in."), "success")
            return redirect(safe_next(request.args.get("next"), url_for("core.home")))
    return render_form("auth/sign_in.html", form)


def _throttled(template: str, form, wait: int):
    flash(too_many_attempts(wait), "error")
    page, _status = render_form(template, form)
    return page, 429, {"Retry-After": str(wait)}


@bp.route("/sign-out", methods=["POST"])
@allow(SIGNED_IN)
def sign_out():
    # Ends the account's every session: a copy of this session's cookies is useless too.
    _end_sessions()
    flash(_("You are signed out."), "success")
    return redirect(url_for("core.home"))


@bp.route("/account/sign-out-everywhere", methods=["POST"])
@allow(SIGNED_IN)
def sign_out_everywhere():
    _end_sessions()
    flash(_("You are signed out on every device."), "success")
    return redirect(url_for("auth.sign_in"))


def _end_sessions():
    services.end_every_session(current_user._get_current_object())
    logout_user()
    rotate_csrf_secret()


@bp.route("/forgot-password", methods=["GET", "POST"])
@allow(PUBLIC)
def forgot_password():
    form = ForgotPasswordForm()
    if form.validate_on_submit():
        user = services.find_user(form.email.data)
        if user is not None and services.may_send_account_mail(user.email, client_address()):
            services.send_token_mail(user, services.RESET)
        # Same answer whether or not the account exists, or a limit was reached.
        flash(_("If an account uses this address, we sent it a link to reset the password."),
              "success")
        return redirect(url_for("auth.sign_in"))
    return render_form("auth/forgot_password.html", form)


@bp.route("/reset-password/<token>", methods=["GET", "POST"])
@allow(PUBLIC)
def reset_password(token):
    if services.peek_token(token, services.RESET) is None:
        abort(404, _("This password reset link is not valid or has expired."))
    form = ResetPasswordForm()
    if form.validate_on_submit():
        user = services.redeem_token(token, services.RESET)
        services.set_password(user, form.password.data)
        user.email_confirmed_at = user.email_confirmed_at or utcnow()
        flash(_("Your password is changed. Sign in with the new one."), "success")
        return redirect(url_for("auth.sign_in"))
    return render_form("auth/reset_password.html", form)


@bp.route("/account", methods=["GET", "POST"])
@allow(SIGNED_IN)
def profile():
    form = ProfileForm(obj=current_user)
    if form.validate_on_submit():
        form.populate_obj(current_user)
        flash(_("Your profile is saved."), "success")
        response = redirect(url_for("auth.profile"))
        # The account's language now applies; a switcher choice would hide it.
        response.delete_cookie(LANGUAGE_COOKIE)
        return response
    return render_form("auth/profile.html", form)


@bp.route("/account/password", methods=["GET", "POST"])
@allow(SIGNED_IN)
def change_password():
    form = ChangePasswordForm()
    if form.validate_on_submit():
        # Guesses of the current password are throttled as sign-in's are.
        email, address = current_user.email, client_address()
        wait = throttle_wait(email, address)
        if wait:
            return _throttled("auth/change_password.html", form, wait)
        if services.authenticate(email, form.current.data) is None:
            record_failure(email, address)
            form.current.errors.append(_("The current password is wrong."))
        else:
            forget_failures(email, address)
            services.set_password(current_user, form.password.data)
            # Keep this session (and its remember cookie) signed in; sessions elsewhere end.
            remembered = current_app.config.get("REMEMBER_COOKIE_NAME",
                                                REMEMBER_COOKIE) in request.cookies
            login_user(current_user._get_current_object(), remember=remembered)
            flash(_("Your password is changed."), "success")
            return redirect(url_for("auth.profile"))
    return render_form("auth/change_password.html", form)
