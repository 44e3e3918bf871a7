"""``flask --app wsgi ops verify``: check a restored (or running) portal's data."""
import click
from flask.cli import AppGroup

from portal.ops.verify import verify

ops_cli = AppGroup("ops", help="Operations: integrity checks.")


@ops_cli.command("verify")
def verify_command() -> None:
    """Recompute every stored PDF's SHA-256 and every statement's fingerprint."""
    report = verify()
    for problem in report.problems:
        click.echo(problem, err=True)
    click.echo(f"{report.files} stored files and {report.statements} statement fingerprints "
               f"checked, {len(report.problems)} problems.")
    if not report.ok:
        raise SystemExit(1)
