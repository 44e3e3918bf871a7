"""Pages of the API domain: the documentation and the account's access tokens."""
from flask import Blueprint, abort, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user

from portal import navigation
from portal.api import tokens
from portal.api.core import API, PROBLEM_DESCRIPTIONS, PROBLEM_TITLES
from portal.api.exports import COLLECTIONS
from portal.api.forms import TokenForm
from portal.api.models import ApiToken
from portal.api.openapi import build_spec
from portal.extensions import db
from portal.permissions import PUBLIC, SIGNED_IN, allow
from portal.views import render_form

bp = Blueprint("api_pages", __name__)
MAX_ACTIVE_TOKENS = 20

navigation.add("api_pages.docs", _l("Open data"))


@bp.route("/api/v1/docs")
@allow(PUBLIC)
def docs():
    spec = build_spec()
    # In the order the endpoints are declared: directory first, technical ones last.
    operations = [(path, method, spec["paths"][path][method])
                  for path, method in ((API.blueprint.url_prefix + e.path, e.method.lower())
                                       for e in API.endpoints.values())]
    tags = list(dict.fromkeys(op["tags"][0] for _path, _method, op in operations))
    problems = [(kind, PROBLEM_TITLES[kind], PROBLEM_DESCRIPTIONS[kind])
                for kind in PROBLEM_TITLES]
    return render_template("api/docs.html", spec=spec, operations=operations, tags=tags,
                           problems=problems, scopes=tokens.SCOPES, type_label=type_label,
                           collections=list(COLLECTIONS),
                           endpoint_count=len(API.endpoints))


def type_label(schema: dict) -> str:
    """A short reading of a JSON Schema: "integer", "array of GroupRef", "string or null"."""
    if "$ref" in schema:
        return schema["$ref"].rsplit("/", 1)[-1]
    if "anyOf" in schema:
        return _(" or ").join(type_label(option) for option in schema["anyOf"])
    if "allOf" in schema:
        return type_label(schema["allOf"][0])
    kind = schema.get("type", "")
    if isinstance(kind, list):
        return _(" or ").join(type_label(dict(schema, type=one)) for one in kind)
    if kind == "array":
        return _("array of %(items)s", items=type_label(schema.get("items", {})))
    if kind == "string" and schema.get("format"):
        return f"string ({schema['format']})"
    return kind or "JSON"


@bp.route("/account/tokens", methods=["GET", "POST"])
@allow(SIGNED_IN)
def token_list():
    form = TokenForm()
    secret = None
    if form.validate_on_submit():
        active = [token for token in tokens.owned_by(current_user) if token.is_active]
        if len(active) >= MAX_ACTIVE_TOKENS:
            form.name.errors.append(_("You have %(count)d active tokens: revoke one first.",
                                      count=len(active)))
        else:
            _token, secret = tokens.create(current_user, form.name.data, form.scopes.data,
                                           form.lifetime.data)
            form = TokenForm(formdata=None)
    page, status = render_form("api/tokens.html", form, secret=secret,
                               tokens=tokens.owned_by(current_user), scopes=tokens.SCOPES)
    # The secret is on this page once: no cache may keep it.
    return page, 422 if form.errors else status, {"Cache-Control": "no-store"}


@bp.route("/account/tokens/<int:token_id>/revoke", methods=["POST"])
@allow(SIGNED_IN)
def revoke(token_id):
    token = db.session.get(ApiToken, token_id)
    if token is None or token.user_id != current_user.id:
        abort(404)
    tokens.revoke(token)
    flash(_("The token “%(name)s” is revoked: tools using it can no longer sign in.",
            name=token.name), "success")
    return redirect(url_for("api_pages.token_list"))
