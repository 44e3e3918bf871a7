"""JSON of the statements domain (to move onto the shared API layer later)."""
from flask import Blueprint, abort, jsonify

from portal.permissions import PUBLIC, allow
from portal.statements import services

bp = Blueprint("statements_api", __name__, url_prefix="/api/v1")


@bp.route("/statements/<int:statement>/standards")
@allow(PUBLIC)
def standards(statement):
    """``{"passed", "profile", "criteria": [{"code","required","actual","passed","message"}]}``."""
    found = services.get_statement(statement)
    if found is None:
        abort(404)
    return jsonify(services.standards_payload(found))
