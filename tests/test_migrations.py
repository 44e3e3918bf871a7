"""The schema built by the migrations on an empty database matches the models."""
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from flask_migrate import downgrade, upgrade
from sqlalchemy import create_engine, inspect

from portal import create_app
from portal.extensions import db


def _fresh_database(app, tmp_path):
    if app.backend == "sqlite":
        return f"sqlite:///{tmp_path / 'migrated.sqlite3'}"
    url = app.config["SQLALCHEMY_DATABASE_URI"]
    base, _name = url.rsplit("/", 1)
    admin = create_engine(f"{base}/postgres", isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.exec_driver_sql("DROP DATABASE IF EXISTS portal_migrations")
        conn.exec_driver_sql("CREATE DATABASE portal_migrations")
    admin.dispose()
    return f"{base}/portal_migrations"


def test_migrations_build_the_schema_the_models_describe(app, tmp_path):
    url = _fresh_database(app, tmp_path)
    migrated = create_app({**app.config, "SQLALCHEMY_DATABASE_URI": url})
    with migrated.app_context():
        upgrade()
        with db.engine.connect() as conn:
            differences = compare_metadata(MigrationContext.configure(conn), db.metadata)
        assert differences == []
        downgrade(revision="base")
        leftover = set(inspect(db.engine).get_table_names()) - {"alembic_version"}
        assert leftover == set()
        db.engine.dispose()
