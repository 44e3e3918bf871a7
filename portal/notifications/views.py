"""Notification settings, the one-click unsubscribe link, and the secretariat's mail desk."""
import click
from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user

from portal import navigation
from portal.auth.models import User
from portal.extensions import db
from portal.notifications import delivery, events, services
from portal.notifications.forms import ActionForm, SettingsForm
from portal.notifications.models import FAILED, PENDING, Notification
from portal.permissions import (
    ADMINISTRATOR,
    PUBLIC,
    SECRETARIAT,
    SECRETARIAT_ONLY,
    SIGNED_IN,
    allow,
)
from portal.timeutil import utcnow
from portal.views import found_or_404, render_form

bp = Blueprint("notify", __name__)
navigation.add("notify.desk", _l("Outgoing mail"),
               lambda user: user.is_authenticated and user.role in (SECRETARIAT, ADMINISTRATOR))
DESK_LIMIT = 200


@bp.route("/account/notifications", methods=["GET", "POST"])
@allow(SIGNED_IN)
def settings():
    form = SettingsForm()
    if request.method == "GET":
        form.kinds.data = [kind for kind in services.KINDS
                           if kind not in services.turned_off(current_user)]
    if form.validate_on_submit():
        services.set_choices(current_user, set(form.kinds.data or ()))
        # Saving says the address works again (after a bounce it was left out).
        current_user.email_bounced_at = None
        flash(_("Your email notifications are saved."), "success")
        return redirect(url_for("notify.settings"))
    return render_form("notifications/settings.html", form)


@bp.route("/unsubscribe/<token>")
@allow(PUBLIC)
def unsubscribe(token):
    """One click from the email, no sign-in: the link names the person and the kind."""
    found = services.read_unsubscribe_token(token)
    if found is None or db.session.get(User, found[0]) is None:
        abort(404, _("This unsubscribe link is not valid."))
    user_id, kind = found
    services.turn_off(user_id, kind)
    return render_template("notifications/unsubscribed.html", kind_label=services.KINDS[kind])


@bp.route("/secretariat/mail")
@allow(SECRETARIAT_ONLY)
def desk():
    """Mail not sent yet (pending, with its next try) or given up (failed)."""
    rows = db.session.scalars(
        db.select(Notification).where(Notification.status.in_((PENDING, FAILED)))
        .order_by(Notification.status.desc(), Notification.next_try_at)
        .limit(DESK_LIMIT)).all()
    counts = dict(db.session.execute(
        db.select(Notification.status, db.func.count()).group_by(Notification.status)).all())
    return render_template("notifications/desk.html", rows=rows, counts=counts,
                           form=ActionForm(), limit=DESK_LIMIT,
                           attempts=delivery.attempts_allowed())


@bp.route("/secretariat/mail/<int:notification>/retry", methods=["POST"])
@allow(SECRETARIAT_ONLY)
def retry(notification):
    row = found_or_404(db.session.get(Notification, notification))
    if not ActionForm().validate_on_submit():
        abort(400)
    if row.status not in (PENDING, FAILED):
        abort(409, _("This email was already sent."))
    delivery.try_again(row)
    flash(_("The email to %(address)s is being sent again.", address=row.recipient), "success")
    return redirect(url_for("notify.desk"))


@bp.cli.command("digest")
def digest_command():
    """The daily run: organizing partners' digests, reminders of consultations closing in
    three days, and any email due for another try."""
    now = utcnow()
    digests, reminders = events.digest(now), events.reminders(now)
    db.session.commit()
    outcome = delivery.deliver_due()
    click.echo(f"{digests} digests and {reminders} reminders queued; "
               f"{outcome['sent']} sent, {outcome['pending']} to try again, "
               f"{outcome['failed']} failed.")
    from portal import jobs

    jobs.wait_for_threads()


@bp.cli.command("send")
def send_command():
    """Send the emails due for another try (run every few minutes)."""
    outcome = delivery.deliver_due()
    click.echo(f"{outcome['sent']} sent, {outcome['pending']} to try again, "
               f"{outcome['failed']} failed.")
