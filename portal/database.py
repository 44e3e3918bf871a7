"""One commit per request, in one place: services only add and flush."""
from flask import Flask

from portal import mail
from portal.extensions import db


def init_app(app: Flask) -> None:
    @app.after_request
    def commit_or_roll_back(response):
        # A response below 400 means the request did what it meant to do; anything
        # else (a rejected form, a refusal, an error page) must change no data.
        if response.status_code < 400:
            db.session.commit()
            mail.deliver_queued()
        else:
            db.session.rollback()
            mail.discard_queued()
        return response
