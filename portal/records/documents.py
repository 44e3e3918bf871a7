"""What each edition's PDF shows: the record's data turned into the template's context."""
from __future__ import annotations

from pathlib import Path

from flask import current_app
from flask_babel import force_locale
from flask_babel import gettext as _
from sqlalchemy.orm import selectinload

from portal.extensions import db
from portal.i18n import html_lang, text_direction
from portal.i18n_text import localized
from portal.records import pdf
from portal.records.models import (
    ADDENDUM,
    COMPILATION,
    CORRIGENDUM,
    ORAL_STATEMENT,
    PENDING,
    REVISION,
    SPEAKERS_LIST,
    Edition,
    Record,
)
from portal.statements.markup import parse_statement


def record_url(record: Record) -> str:
    return f"{current_app.config['BASE_URL'].rstrip('/')}/records/{record.symbol}"


def masthead(record: Record, language: str) -> pdf.Masthead:
    meeting, item = record.meeting, record.agenda_item
    return pdf.Masthead(
        symbol=record.symbol,
        organ=localized(meeting.organs, language),
        published_on=record.published_on,
        original_language=record.original_language,
        job_number=record.job_number,
        record_url=record_url(record),
        session=localized(meeting.sessions, language),
        agenda_number=item.number if item else None,
        agenda_title=localized(item.titles, language) if item else "",
        agenda_symbol=record.agenda_symbol,
        distribution=record.distribution,
    )


def assets() -> dict:
    """The configured logo (never the UN emblem), read by the portal, not by WeasyPrint."""
    logo = current_app.config.get("RECORDS_LOGO")
    if not logo:
        return {}
    path = Path(logo)
    mime = "image/svg+xml" if path.suffix == ".svg" else "image/png"
    return {"logo": (path.read_bytes(), mime)}


def _kind_label(kind: str) -> str | None:
    return {CORRIGENDUM: _("Corrigendum"), REVISION: _("Revision"),
            ADDENDUM: _("Addendum")}.get(kind)


def _submitted_by(kind: str, group_name: str) -> str:
    if kind == SPEAKERS_LIST:
        return _("Issued by the secretariat on the proposal of the organizing partners")
    if kind == ORAL_STATEMENT:
        return _("Oral statement delivered on behalf of the Major Group of %(group)s",
                 group=group_name)
    return _("Statement submitted by the Major Group of %(group)s", group=group_name)


def statement_context(record: Record, edition: Edition) -> dict:
    sections, unplaced = pdf.place_footnotes(parse_statement(edition.body or ""))
    group = record.group
    statement = record.statement
    language = edition.language
    with force_locale(language):
        group_name = localized(group.names, language) if group else ""
        submitted = _submitted_by(record.kind, group_name)
        kind_label = _kind_label(record.kind)
    justification = statement.justification if statement is not None else None
    return {
        "template": "records/pdf/statement.html",
        "doc_title": edition.title,
        "title": edition.title,
        "submitted_by": submitted,
        "kind_label": kind_label,
        "kind_note": record.note if record.kind != COMPILATION else None,
        "keywords": [group_name] if group_name else [],
        "author": group_name,
        "sections": sections,
        "unplaced": unplaced,
        "unofficial": edition.status == PENDING and edition.machine_translated,
        "justification": justification,
        "justification_lang": html_lang(record.original_language)
        if justification and record.original_language != language else None,
    }


def compilation_context(record: Record, edition: Edition, compiled: dict[int, Record]) -> dict:
    """Statements by agenda item then group; each in this language when it has one."""
    language = edition.language
    items: list[dict] = []
    next_number = 1  # paragraphs are numbered on across statements, as in one UN document
    for index, entry in enumerate(record.contents or []):
        source = compiled.get(entry["record_id"])
        if source is None:
            continue
        shown = source.edition(language)
        if shown is None or not shown.has_text or shown.status == PENDING:
            shown = source.original
        foreign = shown.language != language
        # Every statement says its language and direction (fonts follow :lang() in the CSS).
        lang, direction = html_lang(shown.language), text_direction(shown.language)
        sections, unplaced = pdf.place_footnotes(
            parse_statement(shown.body or "", id_prefix=f"s{index}"),
            lang=lang, direction=direction, first_number=next_number)
        next_number += sum(len(paras) for _title, paras in sections)
        agenda = localized(entry.get("agenda_titles"), language)
        if not items or items[-1]["agenda_number"] != entry.get("agenda_number"):
            items.append({"agenda_number": entry.get("agenda_number"), "agenda_title": agenda,
                          "groups": []})
        groups = items[-1]["groups"]
        group_name = localized(entry.get("group_names"), language)
        if not groups or groups[-1]["name"] != group_name:
            groups.append({"name": group_name, "statements": []})
        groups[-1]["statements"].append({
            "symbol": entry["symbol"],
            "title": shown.title,
            "lang": lang,
            "dir": direction,
            "in_original": foreign,
            "original_name": pdf.language_name_in_text(shown.language, language),
            "sections": sections,
            "unplaced": unplaced,
            "figures": entry.get("figures") or {},
            "group_name": group_name,
        })
    return {
        "template": "records/pdf/compilation.html",
        "doc_title": edition.title,
        "title": edition.title,
        "keywords": [],
        "author": "",
        "items": items,
        "statement_count": len(record.contents or []),
        "unofficial": False,
    }


def compiled_records(records: list[Record]) -> dict[int, Record]:
    ids = {entry["record_id"] for record in records for entry in record.contents or []}
    if not ids:
        return {}
    rows = db.session.scalars(db.select(Record).where(Record.id.in_(ids))
                              .options(selectinload(Record.editions))).all()
    return {row.id: row for row in rows}


def edition_document(record: Record, edition: Edition) -> tuple[str, str]:
    """(HTML, dependency key) of one edition."""
    language = edition.language
    if record.kind == COMPILATION:
        context = compilation_context(record, edition, compiled_records([record]))
    else:
        context = statement_context(record, edition)
    template = context.pop("template")
    html = pdf.render_html(template, language, masthead(record, language),
                           has_logo=bool(current_app.config.get("RECORDS_LOGO")), **context)
    return html, pdf.dependency_key(html, language)

