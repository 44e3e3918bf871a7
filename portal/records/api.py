"""``GET /api/v1/records``: published records as JSON (to move onto the shared API layer)."""
from flask import Blueprint, jsonify, request

from portal.i18n import is_language
from portal.permissions import PUBLIC, allow
from portal.records import archive

bp = Blueprint("records_api", __name__)


@bp.route("/api/v1/records")
@allow(PUBLIC)
def records():
    page = request.args.get("page", "1")
    language = request.args.get("language")
    payload = archive.api_page(int(page) if page.isdigit() else 1,
                               meeting=request.args.get("meeting") or None,
                               language=language if is_language(language) else None)
    return jsonify(payload)
