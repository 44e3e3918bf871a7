"""Characters no PDF face has are refused when typed, named in the reader's language."""
import io

from flask_babel import force_locale

from portal.extensions import db
from portal.permissions import SECRETARIAT
from portal.records import glyphs
from portal.records.models import Edition
from tests.records.factories import make_meeting, make_statement, publish

HIEROGLYPH = "\U00013000"  # in no installed face
PRIVATE_USE = "\ue000"


def test_every_face_of_every_stack_counts_not_only_the_first():
    text = ("Water 水和环境卫生 المياه Вода ½ № “quoted” — 😀 👍🏽 1️⃣ 👩\u200d👩\u200d👧 "
            "\u200e\u202a\u202c\u2066\u2069\ufe0f\t\n")
    assert glyphs.unprintable(text) == []


def test_characters_no_face_has_are_named_once_in_order():
    text = f"a{HIEROGLYPH}b{PRIVATE_USE}c{HIEROGLYPH}"
    assert glyphs.unprintable(text) == [HIEROGLYPH, PRIVATE_USE]
    assert glyphs.describe(HIEROGLYPH) == f"{HIEROGLYPH} (U+13000 EGYPTIAN HIEROGLYPH A001)"
    assert glyphs.describe(PRIVATE_USE) == f"{PRIVATE_USE} (U+E000)"


def test_a_face_that_is_not_installed_covers_nothing():
    assert glyphs.face_coverage("No Such Face On This Server") == frozenset()


def test_a_translation_with_an_unprintable_character_is_refused_and_saves_nothing(
        app, make_user, sign_in):
    record = publish(make_statement(make_meeting()))
    db.session.commit()
    client = sign_in(make_user(role=SECRETARIAT, language="fr"))
    url = f"/secretariat/records/{record.id}/editions/fr"
    typed = client.post(url, data={"title": "Titre", "body": f"Texte {HIEROGLYPH}.",
                                   "status": "translated", "version": "1"})
    assert typed.status_code == 422
    page = typed.get_data(as_text=True)
    assert "ne peuvent pas être imprimés dans les documents officiels" in page
    assert "U+13000 EGYPTIAN HIEROGLYPH A001" in page
    uploaded = client.post(url, data={
        "title": "Titre", "body": "", "status": "translated", "version": "1",
        "upload": (io.BytesIO(f"Texte {PRIVATE_USE}".encode()), "fr.txt")},
        content_type="multipart/form-data")
    assert uploaded.status_code == 422 and "U+E000" in uploaded.get_data(as_text=True)
    edition = db.session.scalar(db.select(Edition).where(Edition.record_id == record.id,
                                                         Edition.language == "fr"))
    assert edition.body is None and edition.status == "pending"


def test_the_refusal_is_translated_in_every_language(app):
    from portal.i18n import LANGUAGES

    field = type("Field", (), {"data": HIEROGLYPH})()
    messages = set()
    for language in LANGUAGES:
        with force_locale(language):
            try:
                glyphs.Printable()(None, field)
            except glyphs.ValidationError as refusal:
                messages.add(str(refusal))
    assert len(messages) == len(LANGUAGES)
    assert all("U+13000" in message for message in messages)
