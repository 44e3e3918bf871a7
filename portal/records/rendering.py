"""Render one edition to a stored PDF, unless its dependencies have not changed."""
from __future__ import annotations

from portal.extensions import db
from portal.records import documents, pdf, storage
from portal.records.models import Edition, RenderedFile


def render_edition(edition: Edition) -> str:
    """Returns "unchanged" when the stored PDF is still current, else "rendered"."""
    record = edition.record
    pdf.check_fonts(edition.language)  # an unknown language or a missing face: refused first
    html, key = documents.edition_document(record, edition)
    current = edition.file
    if current is not None and current.dependency_key == key and storage.exists(current.sha256):
        return "unchanged"
    content, pages = pdf.html_to_pdf_with_pages(html, assets=documents.assets())
    digest = storage.store(content)
    stored = db.session.scalar(db.select(RenderedFile).where(RenderedFile.sha256 == digest))
    if stored is None:
        stored = RenderedFile(sha256=digest, size=len(content), dependency_key=key,
                              language=edition.language, pages=pages)
        db.session.add(stored)
        db.session.flush()
    else:
        # WeasyPrint is deterministic: new inputs may give the very same bytes, which are
        # then current for the new inputs too.
        stored.dependency_key = key
    edition.file = stored
    return "rendered"
