"""Home, about, and the language switcher."""
from flask import Blueprint, abort, redirect, render_template, request, url_for
from flask_babel import gettext as _

from portal.consultations import listing
from portal.extensions import db
from portal.i18n import LANGUAGE_COOKIE, is_language
from portal.permissions import PUBLIC, allow
from portal.registry.models import MajorGroup
from portal.timeutil import utcnow
from portal.views import safe_next

bp = Blueprint("core", __name__)
ONE_YEAR = 365 * 24 * 3600


@bp.route("/")
@allow(PUBLIC)
def home():
    groups = db.session.scalars(db.select(MajorGroup).order_by(MajorGroup.position)).all()
    return render_template("core/home.html", groups=groups,
                           open_consultations=listing.open_consultations(utcnow(), limit=5))


@bp.route("/about")
@allow(PUBLIC)
def about():
    groups = db.session.scalars(db.select(MajorGroup).order_by(MajorGroup.position)).all()
    return render_template("core/about.html", groups=groups)


@bp.route("/language/<code>")
@allow(PUBLIC)
def switch_language(code):
    if not is_language(code):
        abort(404, _("This language is not available. Choose one of the six official "
                     "languages."))
    response = redirect(safe_next(request.args.get("next"), url_for("core.home")))
    response.set_cookie(LANGUAGE_COOKIE, code, max_age=ONE_YEAR, samesite="Lax",
                        httponly=True, secure=request.is_secure)
    return response
