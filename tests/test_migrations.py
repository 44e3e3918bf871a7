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


def test_the_participation_figures_revision_counts_the_existing_inputs(app, tmp_path, make_user):
    from portal.consultations import services as consultations
    from portal.statements import services as statements
    from tests.consultations.factories import open_consultation
    from tests.world import build_world

    url = _fresh_database(app, tmp_path)
    migrated = create_app({**app.config, "SQLALCHEMY_DATABASE_URI": url})
    with migrated.app_context():
        upgrade()
        world = build_world()
        consultation = open_consultation(world.groups["women"],
                                         world.users["organizing_partner"])
        statement_id = consultation.statement_id
        people = [make_user() for _ in range(3)]
        for person, gender, country in [(0, "woman", "KE"), (1, "man", "PE"),
                                        (0, "woman", "KE"), (2, "other", None)]:
            consultations.submit_input(consultation, people[person], "en", "Input.",
                                       consultations.DeclarationValues(gender, country))
        db.session.commit()
        expected = statements.participation_numbers(consultation.statement)
        assert expected.participants == 3 and expected.accepted_inputs == 4
        db.session.remove()  # its open transaction would hold the tables the revision drops

        downgrade(revision="0005_auth")  # as a database that holds inputs before 0006_perf
        upgrade()
        statement = statements.get_statement(statement_id)
        assert statements.participation_numbers(statement) == expected
        db.session.remove()
        downgrade(revision="base")
        db.engine.dispose()
