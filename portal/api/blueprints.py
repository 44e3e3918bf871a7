"""The API domain's blueprints; importing the endpoint modules declares their routes."""
from portal.api import endpoints, exports, writes  # noqa: F401  (declare the endpoints)
from portal.api.core import bp as api_bp
from portal.api.exports import cli_bp
from portal.api.views import bp as pages_bp
from portal.speakers import api as speakers_api  # noqa: F401  (declare the endpoints)

BLUEPRINTS = (api_bp, pages_bp, cli_bp)
