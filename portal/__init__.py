"""The MGoS Portal application factory."""
import os
from pathlib import Path

from flask import Flask, has_request_context

ROOT = Path(__file__).resolve().parent.parent


class Portal(Flask):
    """Absolute links start with the configured ``BASE_URL``, never the request's Host.

    The Host header is the client's to choose: a feed or API answer kept by a shared cache
    must not carry links to wherever a hostile client said the portal lives.
    """

    def url_for(self, endpoint: str, /, *, _scheme=None, _external=None, **values) -> str:
        if has_request_context() and (_external or _scheme):
            path = super().url_for(endpoint, _external=False, **values)
            return self.config["BASE_URL"].rstrip("/") + path
        return super().url_for(endpoint, _scheme=_scheme, _external=_external, **values)


def create_app(test_config: dict | None = None) -> Flask:
    app = Portal(
        __name__,
        # Each machine's own folder (generated secret key, SQLite file, local files, outbox).
        instance_path=os.environ.get("PORTAL_INSTANCE_DIR", str(ROOT / "instance")),
        template_folder=str(ROOT / "templates"),
    )
    from portal import config

    config.load(app)
    if test_config:
        app.config.update(test_config)

    from portal import (
        cli,
        compression,
        database,
        errors,
        i18n,
        models,  # noqa: F401  (every table known before migrations run)
        navigation,
        ops,
        permissions,
        security,
    )
    from portal.caching import pages
    from portal.extensions import csrf, db, limiter, login_manager, migrate

    ops.init_app(app)
    db.init_app(app)
    migrate.init_app(app, db, directory=str(ROOT / "migrations"), render_as_batch=True)
    csrf.init_app(app)
    limiter.init_app(app)
    login_manager.init_app(app)
    i18n.init_app(app)
    navigation.init_app(app)
    security.init_app(app)
    database.init_app(app)
    _register_blueprints(app)
    # After every other hook is registered: compression, then the page store, run after
    # all of them (the blueprints' own too) and before the request log.
    compression.init_app(app)
    pages.init_app(app)
    errors.init_app(app)
    cli.init_app(app)
    permissions.check_every_route_has_a_rule(app)
    return app


def _register_blueprints(app: Flask) -> None:
    from portal.api.blueprints import BLUEPRINTS as api_blueprints
    from portal.auth.views import bp as auth_bp
    from portal.consultations.views import bp as consultations_bp
    from portal.core.views import bp as core_bp
    from portal.meetings.views import bp as meetings_bp
    from portal.notifications.views import bp as notifications_bp
    from portal.ops.views import bp as ops_bp
    from portal.records import views as records
    from portal.registry.views import bp as registry_bp
    from portal.speakers.views import bp as speakers_bp
    from portal.statements.views import bp as statements_bp

    for blueprint in (core_bp, auth_bp, registry_bp, meetings_bp, consultations_bp,
                      statements_bp, records.bp, notifications_bp, speakers_bp, ops_bp,
                      *api_blueprints):
        app.register_blueprint(blueprint)
