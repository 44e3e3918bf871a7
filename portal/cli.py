"""Command-line entry points: ``flask --app wsgi demo load`` and friends."""
import click
from flask import Flask
from flask.cli import AppGroup

from portal import demo
from portal.extensions import db

demo_cli = AppGroup("demo", help="Demo data for a fresh portal.")


@demo_cli.command("load")
def load_demo() -> None:
    """Load demo data when the database is empty; print the demo sign-ins."""
    if not demo.is_empty():
        click.echo("The database already has accounts; demo data not loaded.")
        return
    sign_ins = demo.load()
    db.session.commit()
    click.echo("Demo data loaded. Sign in at /sign-in with:")
    for email, password, label in sign_ins:
        click.echo(f"  {label:<28} {email:<28} {password}")


def init_app(app: Flask) -> None:
    from portal.ops.cli import ops_cli

    app.cli.add_command(demo_cli)
    app.cli.add_command(ops_cli)
