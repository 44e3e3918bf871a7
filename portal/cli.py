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


@demo_cli.command("generate")
@click.option("--organizations", default=200, show_default=True)
@click.option("--consultations", default=10, show_default=True)
@click.option("--inputs", default=2000, show_default=True)
@click.option("--statements", default=40, show_default=True)
@click.option("--records", default=10, show_default=True)
@click.option("--seed", default=1, show_default=True)
def generate_demo(organizations, consultations, inputs, statements, records, seed) -> None:
    """Add data at scale on top of the demo (loaded first into an empty database)."""
    from portal import demo_generate

    if demo.is_empty():
        load_demo.callback()
    sizes = demo_generate.Sizes(organizations, consultations, inputs, statements, records)
    try:
        made = demo_generate.generate(sizes, seed)
    except ValueError as refusal:
        raise click.ClickException(str(refusal)) from refusal
    db.session.commit()
    click.echo(f"Generated. The global consultation's statement: "
               f"/statements/{made.global_statement_id}; a record: {made.record_symbol}")


def init_app(app: Flask) -> None:
    from portal.ops.cli import ops_cli

    app.cli.add_command(demo_cli)
    app.cli.add_command(ops_cli)
