"""The translator's desk: original and translation paragraph by paragraph, numbers aligned.

Both texts are parsed as statements (portal.statements.markup), whose paragraph numbers run
on across sections as in UN documents; paragraph n of the translation faces paragraph n of
the original, and a heading faces the heading that opens the same paragraph.
"""
from __future__ import annotations

from dataclasses import dataclass

from portal.statements.markup import StatementDoc, parse_statement


@dataclass(frozen=True)
class DeskRow:
    number: int | None  # None for a heading row
    original: str | None  # sanitized HTML, None where this side has nothing
    translation: str | None


def _by_number(doc: StatementDoc) -> tuple[dict[int, str], dict[int, str]]:
    """(paragraph number -> HTML, paragraph number -> heading just before it)."""
    paragraphs, headings = {}, {}
    for section in doc.sections:
        if section.title_html and section.paragraphs:
            headings[section.paragraphs[0].number] = section.title_html
        for paragraph in section.paragraphs:
            paragraphs[paragraph.number] = paragraph.html
    return paragraphs, headings


def aligned(original: str, translation: str) -> list[DeskRow]:
    """One row per paragraph number of either text, with a heading row where one opens."""
    left, left_headings = _by_number(parse_statement(original, id_prefix="orig-fn"))
    right, right_headings = _by_number(parse_statement(translation or "", id_prefix="tr-fn"))
    rows = []
    for number in range(1, max([0, *left, *right]) + 1):
        if number in left_headings or number in right_headings:
            rows.append(DeskRow(None, left_headings.get(number), right_headings.get(number)))
        rows.append(DeskRow(number, left.get(number), right.get(number)))
    return rows
