"""The translator's desk: paragraphs side by side, a PDF preview, progress without reload."""
import pytest

from portal.extensions import db
from portal.permissions import SECRETARIAT
from portal.records import services
from portal.records.models import RenderedFile
from portal.records.translation_desk import aligned
from tests.records.factories import make_meeting, make_statement, publish
from tests.records.pdftools import flat, text

ORIGINAL = "## Water\n\nFirst point.\n\nSecond point.\n\n## Land\n\nThird point."


def test_paragraph_numbers_face_each_other_with_their_headings():
    rows = aligned(ORIGINAL, "## Eau\n\nPremier point.\n\nDeuxième point.")
    assert [(r.number, r.original, r.translation) for r in rows] == [
        (None, "Water", "Eau"),
        (1, "<p>First point.</p>", "<p>Premier point.</p>"),
        (2, "<p>Second point.</p>", "<p>Deuxième point.</p>"),
        (None, "Land", None),
        (3, "<p>Third point.</p>", None),  # not translated yet
    ]


def test_an_empty_translation_leaves_every_paragraph_to_translate():
    rows = aligned("One.\n\nTwo.", "")
    assert [(r.number, r.translation) for r in rows] == [(1, None), (2, None)]


@pytest.fixture
def record(app):
    record = publish(make_statement(make_meeting(), body=ORIGINAL))
    db.session.commit()
    return record


def test_the_desk_shows_both_texts_side_by_side_and_previews_the_pdf(record, client, sign_in,
                                                                     make_user, tmp_path):
    french = record.edition("fr")
    services.save_translation(french, title="Eau", body="## Eau\n\nPremier point.",
                              status="pending", translator_note=None,
                              version=french.version, user=None)
    db.session.commit()
    client = sign_in(make_user(role=SECRETARIAT))
    page = client.get(f"/secretariat/records/{record.id}/editions/fr").get_data(as_text=True)
    row = page.split('<th scope="row">1.</th>')[1].split("</tr>")[0]
    assert "First point." in row and "Premier point." in row
    missing = page.split('<th scope="row">2.</th>')[1].split("</tr>")[0]
    assert "Second point." in missing and "Not translated yet" in missing
    preview = f"/secretariat/records/{record.id}/editions/fr/preview.pdf"
    assert preview in page
    # The preview is the edition as its PDF will be; nothing is stored.
    stored = db.session.scalar(db.select(db.func.count()).select_from(RenderedFile))
    response = client.get(preview)
    assert response.status_code == 200 and response.mimetype == "application/pdf"
    assert response.data.startswith(b"%PDF") and response.headers["Cache-Control"] == "no-store"
    saved = tmp_path / "preview.pdf"
    saved.write_bytes(response.data)
    assert "Premierpoint." in flat(text(saved))  # the saved French text, set as the edition
    assert db.session.scalar(db.select(db.func.count()).select_from(RenderedFile)) == stored


def test_render_progress_is_served_as_json_for_the_pages_own_script(record, client):
    page = client.get(f"/records/{record.symbol}").get_data(as_text=True)
    assert '<script src="/static/render-progress.js" defer></script>' in page
    assert f'data-progress-url="/records/{record.id}/progress.json"' in page
    assert client.get("/static/render-progress.js").status_code == 200
    progress = client.get(f"/records/{record.id}/progress.json").get_json()
    # A visitor follows the public editions only: the original, not the pending ones.
    (original,) = progress["editions"]
    assert original["language"] == "en" and original["pdf_url"].startswith("/records/pdf/en/")
    assert original["pdf_label"].startswith("PDF, ") and original["done"] is True
