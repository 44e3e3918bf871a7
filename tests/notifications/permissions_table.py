SECRETARIAT_PAGE = {"visitor": 302, "*": 403, "secretariat": 200, "administrator": 200}

ROWS = [
    ("GET", "/account/notifications", {"visitor": 302, "*": 200}),
    # An empty form turns every kind off: saved.
    ("POST", "/account/notifications", {"visitor": 302, "*": 302}),
    # One click from the email, signed in or not.
    ("GET", "/unsubscribe/{token}", {"*": 200}),
    ("GET", "/secretariat/mail", SECRETARIAT_PAGE),
    ("POST", "/secretariat/mail/{notification}/retry", {**SECRETARIAT_PAGE, "secretariat": 302,
                                                       "administrator": 302}),
]


def prepare(world):
    from portal.extensions import db
    from portal.notifications.models import Notification
    from portal.notifications.services import RECEIPT, unsubscribe_token

    contributor = world.users["contributor"]
    row = Notification(key="test:1", kind=RECEIPT, user_id=contributor.id,
                       recipient=contributor.email, subject="Subject", body="Body",
                       status="failed", attempts=8)
    db.session.add(row)
    db.session.commit()
    return {"token": unsubscribe_token(contributor.id, RECEIPT), "notification": row.id}
