"""Outgoing mail: written to an outbox folder by default, sent by SMTP when configured.

The log records who was written to and about what, never the body: bodies carry
single-use tokens.
"""
import logging
import smtplib
import uuid
from email.message import EmailMessage
from pathlib import Path

from flask import current_app, g, has_request_context, render_template
from flask_babel import force_locale

from portal.ops import metrics

log = logging.getLogger(__name__)


def send(to: str, subject, template: str, language: str = "en", **context) -> None:
    """Render ``templates/<template>.txt`` in the recipient's language and deliver it.

    Within a request the message waits until the request's data is committed, so no
    mail announces something that was rolled back.
    """
    with force_locale(language):
        message = EmailMessage()
        message["From"] = current_app.config["MAIL_SENDER"]
        message["To"] = to
        message["Subject"] = str(subject)
        message["Message-ID"] = f"<{uuid.uuid4()}@mgos-portal>"
        message.set_content(render_template(f"{template}.txt", **context))
    if has_request_context():
        g.setdefault("outgoing_mail", []).append(message)
    else:
        _deliver(message)


def compose(to: str, subject: str, body: str, message_id: str | None = None,
            headers: dict | None = None) -> EmailMessage:
    """A plain-text message from the configured sender (notifications render their own)."""
    message = EmailMessage()
    message["From"] = current_app.config["MAIL_SENDER"]
    message["To"] = to
    message["Subject"] = subject
    message["Message-ID"] = message_id or f"<{uuid.uuid4()}@mgos-portal>"
    message.set_content(body)
    for name, value in (headers or {}).items():  # after: set_content drops Content-* headers
        message[name] = value
    return message


def deliver(message: EmailMessage) -> None:
    """Send now; raises what the SMTP server or the connection raised."""
    _deliver(message)


def deliver_queued() -> None:
    for message in g.pop("outgoing_mail", []):
        _deliver(message)


def discard_queued() -> None:
    g.pop("outgoing_mail", None)


def _deliver(message: EmailMessage) -> None:
    try:
        if current_app.config["MAIL_SMTP_HOST"]:
            _send_smtp(message)
        else:
            _write_outbox(message)
    except Exception:
        metrics.MAIL_FAILURES.inc()
        raise
    log.info("mail to %s: %s", message["To"], message["Subject"])


def _write_outbox(message: EmailMessage) -> Path:
    outbox = Path(current_app.config["MAIL_OUTBOX_DIR"])
    outbox.mkdir(parents=True, exist_ok=True)
    final = outbox / f"{uuid.uuid4().hex}.eml"
    partial = final.with_suffix(".part")
    partial.write_bytes(bytes(message))
    partial.replace(final)  # a reader never sees half a message
    return final


def _send_smtp(message: EmailMessage) -> None:
    cfg = current_app.config
    timeout = float(cfg.get("MAIL_SMTP_TIMEOUT", 30))
    with smtplib.SMTP(cfg["MAIL_SMTP_HOST"], cfg["MAIL_SMTP_PORT"], timeout=timeout) as smtp:
        if cfg["MAIL_SMTP_TLS"] == "1":
            smtp.starttls()
        if cfg["MAIL_SMTP_USER"]:
            smtp.login(cfg["MAIL_SMTP_USER"], cfg["MAIL_SMTP_PASSWORD"])
        smtp.send_message(message)
