"""Downloads of public data as CSV and JSON, and ``flask export open-data DIR``.

``COLLECTIONS`` is the one list of what open data contains: each entry names a query of
public rows, the resource that shows them and, optionally, the filters its download
accepts. Each entry gets a download endpoint ``/api/v1/exports/<name>.csv|json`` and a
place in the dump, so the archive index, once official records exist, is one line:
``"records": Collection(records_query, RECORD, RECORD_FILTERS, filter_records)``.
"""
import csv
import io
import json
import os
import tempfile
from dataclasses import dataclass
from pathlib import Path

import click
from flask import Blueprint, current_app
from flask_babel import lazy_gettext as _l
from tqdm import tqdm

from portal.api import resources as r
from portal.api.core import API, Param
from portal.api.endpoints import (
    CONSULTATION_FILTERS,
    ID,
    ORGANIZATION_FILTERS,
    RECORD_FILTERS,
    filter_consultations,
    filter_organizations,
    filter_records,
    participation_of,
)
from portal.api.schema import Json, Nested, Resource, String, Translations
from portal.extensions import db
from portal.i18n import LANGUAGES, html_lang
from portal.permissions import PUBLIC
from portal.speakers import figures as speaking_figures
from portal.speakers.api import SPEAKING_SESSION
from portal.timeutil import utcnow


@dataclass(frozen=True)
class Collection:
    query: object  # () -> select of public rows
    resource: Resource
    params: tuple = ()  # filters the download accepts ...
    apply: object = None  # ... and (query, args) -> filtered query


COLLECTIONS = {
    "groups": Collection(r.groups_query, r.GROUP),
    "organizations": Collection(r.organizations_query, r.ORGANIZATION,
                                tuple(ORGANIZATION_FILTERS), filter_organizations),
    "organizing-partners": Collection(r.op_terms_query, r.OP_TERM),
    "meetings": Collection(r.meetings_query, r.MEETING),
    "agenda-items": Collection(r.agenda_items_query, r.AGENDA_ROW),
    "statements": Collection(r.statements_query, r.STATEMENT),
    "consultations": Collection(r.consultations_query, r.CONSULTATION,
                                tuple(CONSULTATION_FILTERS), filter_consultations),
    # The archive's index: every published record and its editions.
    "records": Collection(r.records_query, r.RECORD, tuple(RECORD_FILTERS), filter_records),
    # Participation figures across time: one row per confirmed speaking session.
    "speaking-sessions": Collection(speaking_figures.sessions_query, SPEAKING_SESSION),
}
FORMATS = ("csv", "json")
BATCH = 500


def rows(collection: Collection, args=None):
    """Every public row (matching the filters) as JSON-ready dicts, read in batches."""
    statement = collection.query()
    if args and collection.apply:
        statement = collection.apply(statement, args)
    entity = statement.column_descriptions[0]["entity"]
    statement = statement.order_by(entity.id).execution_options(yield_per=BATCH)
    for row in db.session.scalars(statement):
        yield collection.resource.dump(row)


def count(collection: Collection) -> int:
    return db.session.scalar(
        db.select(db.func.count()).select_from(collection.query().subquery()))


# -- CSV ---------------------------------------------------------------------------------

def csv_columns(resource: Resource, prefix: str = "") -> list[str]:
    """One column per scalar; nested objects and translations become dotted columns."""
    columns = []
    for name, spec in resource.fields.items():
        if isinstance(spec, Nested) and not spec.many:
            columns += csv_columns(spec.resource, f"{prefix}{name}.")
        elif isinstance(spec, Json) and spec.json_type.get("type") == "object" \
                and "properties" in spec.json_type:
            columns += [f"{prefix}{name}.{key}" for key in spec.json_type["properties"]]
        elif isinstance(spec, Translations):
            columns += [f"{prefix}{name}.{html_lang(code)}" for code in LANGUAGES]
        else:
            columns.append(prefix + name)
    return columns


def _cell(row: dict, column: str):
    value = row
    for part in column.split("."):
        value = value.get(part) if isinstance(value, dict) else None
    if isinstance(value, list):
        value = ";".join(str(item.get("slug") or item.get("number") or item.get("language")
                             or item.get("id"))
                         if isinstance(item, dict) else str(item) for item in value)
    if isinstance(value, bool):
        value = "true" if value else "false"
    value = "" if value is None else str(value)
    # A cell starting like a formula would run in a spreadsheet: quote it.
    return "'" + value if value[:1] in ("=", "+", "-", "@", "\t", "\r") else value


def csv_writer(handle, collection: Collection):
    """Write the header; return a function that writes one item as a row."""
    columns = csv_columns(collection.resource)
    writer = csv.writer(handle)
    writer.writerow(columns)
    return lambda item: writer.writerow([_cell(item, column) for column in columns])


def write_csv(handle, collection: Collection, items) -> None:
    write_row = csv_writer(handle, collection)
    for item in items:
        write_row(item)


def write_json(handle, name: str, items, generated_at: str) -> int:
    """A JSON document written item by item; returns how many items it holds."""
    handle.write(json.dumps({"collection": name, "generated_at": generated_at})[:-1])
    handle.write(',"data":[')
    written = 0
    for item in items:
        handle.write(("," if written else "") + json.dumps(item, ensure_ascii=False))
        written += 1
    handle.write("]}\n")
    return written


def _timestamp() -> str:
    return utcnow().replace(microsecond=0).isoformat() + "Z"


# -- download endpoint -------------------------------------------------------------------

FORMAT = Param("format", String(enum=FORMATS), _l("csv or json."), location="path",
               required=True)


def _declare_download(name: str, collection: Collection) -> None:
    @API.get(f"/exports/{name}.{{format}}", rule=PUBLIC, tag=_l("Exports"),
             name=f"export_{name.replace('-', '_')}",
             summary=_l("Download: %(collection)s, as CSV or JSON", collection=name),
             description=_l("Names are in the requested language; every language a name "
                            "exists in is also given. CSV lists nested objects by "
                            "identifier."),
             params=[FORMAT, *collection.params],
             content={"text/csv": {"schema": {"type": "string"}},
                      "application/json": {"schema": {"type": "object"}}})
    def download(args, format):  # noqa: A002  (the path segment's name)
        handle = io.StringIO()
        if format == "csv":
            write_csv(handle, collection, rows(collection, args))
        else:
            write_json(handle, name, rows(collection, args), _timestamp())
        response = current_app.response_class(handle.getvalue(), mimetype=f"text/{format}"
                                              if format == "csv" else "application/json")
        response.headers["Content-Disposition"] = (
            f'attachment; filename="mgos-{name}.{format}"')
        return response


for _name, _collection in COLLECTIONS.items():
    _declare_download(_name, _collection)


# -- one consultation's participation figures ---------------------------------------------

def participation_rows(figures: dict) -> list[tuple[str, str, int]]:
    """(measure, category, count) rows: one table a spreadsheet can pivot."""
    people = figures["participants"]
    rows = [("participants", "total", people["total"]),
            ("participants", "online", people["online"]),
            ("participants", "from_reports", people["from_reports"]),
            ("accepted_inputs", "total", figures["accepted_inputs"])]
    rows += [("gender", key, count) for key, count in people["by_gender"].items()]
    rows.append(("gender", "undeclared", people["undeclared_gender"]))
    rows += [("region", key, count) for key, count in people["by_region"].items()]
    rows.append(("region", "unknown", people["unknown_region"]))
    rows.append(("frontline", "total", people["frontline"]))
    return rows


@API.get("/exports/consultations/{id}/participation.{format}", rule=PUBLIC,
         tag=_l("Exports"), name="export_participation",
         summary=_l("Download: a consultation's anonymised participation figures"),
         description=_l("CSV columns: consultation, measure, category, count. JSON: as "
                        "/consultations/{id}/participation. No person is named."),
         params=[ID(), FORMAT],
         content={"text/csv": {"schema": {"type": "string"}},
                  "application/json": {"schema": r.PARTICIPATION.ref}})
def download_participation(args, id, format):  # noqa: A002  (the path segment's name)
    figures = r.PARTICIPATION.dump(participation_of(id))
    name = f"mgos-consultation-{id}-participation.{format}"
    if format == "json":
        response = current_app.response_class(
            json.dumps(figures, ensure_ascii=False), mimetype="application/json")
    else:
        handle = io.StringIO()
        writer = csv.writer(handle)
        writer.writerow(["consultation", "measure", "category", "count"])
        writer.writerows([id, *row] for row in participation_rows(figures))
        response = current_app.response_class(handle.getvalue(), mimetype="text/csv")
    response.headers["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


# -- flask export open-data DIR ----------------------------------------------------------

cli_bp = Blueprint("export", __name__, cli_group="export")


@cli_bp.cli.command("open-data")
@click.argument("directory", type=click.Path(file_okay=False, path_type=Path))
@click.option("--quiet", is_flag=True, help="No progress bar.")
def open_data(directory: Path, quiet: bool) -> None:
    """Write every public collection as JSON and CSV, with a manifest, into DIRECTORY."""
    from flask_babel import force_locale

    directory.mkdir(parents=True, exist_ok=True)
    generated_at = _timestamp()
    manifest = {"generated_at": generated_at, "api": "/api/v1", "collections": {}}
    # Addresses in the data (records' pages and PDFs) are absolute, under BASE_URL.
    with current_app.test_request_context(base_url=current_app.config.get("BASE_URL")), \
            force_locale("en"):
        for name, collection in COLLECTIONS.items():
            progress = tqdm(rows(collection), total=count(collection), desc=name,
                            unit="row", disable=quiet)
            with _atomic(directory / f"{name}.json") as json_file, \
                    _atomic(directory / f"{name}.csv") as csv_file:
                write_row = csv_writer(csv_file, collection)

                def both(items=progress, write_row=write_row):
                    for item in items:
                        write_row(item)
                        yield item

                written = write_json(json_file, name, both(), generated_at)
            manifest["collections"][name] = {
                "count": written, "files": [f"{name}.json", f"{name}.csv"]}
    with _atomic(directory / "manifest.json") as handle:
        json.dump(manifest, handle, indent=2)
    click.echo(f"Open data written to {directory}")


class _atomic:
    """Write to a temporary file next to the target; rename only when complete."""

    def __init__(self, target: Path):
        self.target = target

    def __enter__(self):
        fd, self.temporary = tempfile.mkstemp(dir=self.target.parent, suffix=".part")
        # mkstemp makes the file private; open data is for everyone (within the umask).
        umask = os.umask(0)
        os.umask(umask)
        os.chmod(self.temporary, 0o666 & ~umask)
        self.handle = os.fdopen(fd, "w", encoding="utf-8", newline="")
        return self.handle

    def __exit__(self, error_type, *_):
        self.handle.close()
        if error_type is None:
            os.replace(self.temporary, self.target)
        else:
            os.unlink(self.temporary)
        return False
