"""PDF/UA-1 machine checks and compilations, on the demo record and compilation read back.

The demo (E/HLPF/2027/NGO/1 in six languages, the farmers' French statement and the
compilation) is rendered once for the module; the tags are the same whatever the database.
"""
import pytest

from portal import create_app
from portal.extensions import db
from portal.i18n import LANGUAGES, html_lang
from portal.records import demo as records_demo
from portal.records import documents
from portal.records.models import COMPILATION, RENDERED, Record
from portal.registry.seed import seed_major_groups
from tests.conftest import _config, _empty_tables
from tests.records import structure
from tests.records.pdftools import flat, pdf_path, text

# The first footnote of the women's statement, as each edition words it (its start).
FOOTNOTES = {"en": "The report of the consultations", "fr": "Le rapport des consultations",
             "es": "El informe de las consultas", "ru": "С докладом о консультациях",
             "zh_Hans": "协商报告", "ar": "يمكن الاطلاع على تقرير المشاورات"}
FRENCH = "Le grand groupe des agriculteurs"
# "(French)" in running text, in the compilation's language.
FRENCH_NAMED = {"en": "French", "es": "francés", "ru": "французский", "zh_Hans": "法文",
                "ar": "الفرنسية"}


@pytest.fixture(scope="module")
def demo(database_urls, tmp_path_factory):
    """{(kind, language): (PDF path, edition title, pages)} of the rendered demo records."""
    app = create_app(_config(database_urls("sqlite"), tmp_path_factory.mktemp("demo")))
    with app.app_context():
        try:
            seed_major_groups()
            records_demo.load()
            db.session.commit()
            rendered = {}
            for record in db.session.scalars(db.select(Record)).all():
                kind = "compilation" if record.kind == COMPILATION else record.symbol
                for edition in record.editions:
                    if edition.render_status == RENDERED:
                        rendered[kind, edition.language] = (
                            pdf_path(edition), edition.title, edition.file.pages)
            yield rendered
        finally:
            db.session.remove()
            _empty_tables()
            db.engine.dispose()


@pytest.fixture(scope="module")
def read(demo):
    """The structure of each PDF, read once."""
    cache = {}

    def read_one(kind, language):
        if (kind, language) not in cache:
            cache[kind, language] = structure.read(demo[kind, language][0])
        return cache[kind, language]

    return read_one


EDITIONS = [(kind, language) for kind in ("E/HLPF/2027/NGO/1", "compilation")
            for language in LANGUAGES]


def test_every_edition_is_rendered(demo):
    assert set(EDITIONS) <= set(demo), sorted(set(EDITIONS) - set(demo))


def test_every_marked_item_is_reachable_from_the_root_or_an_artifact(read):
    for kind, language in EDITIONS:
        tagged = read(kind, language)
        unreachable = set(tagged.marked) - tagged.reachable()
        assert not unreachable, (kind, language, [tagged.marked[k] for k in unreachable])
        assert not tagged.unmarked, (kind, language, tagged.unmarked[:5])


def test_running_heads_and_page_numbers_are_artifacts(read, demo):
    for language in LANGUAGES:
        path, _title, pages = demo["compilation", language]
        tagged = read("compilation", language)
        assert pages >= 2
        for page in range(1, pages):
            number = f"{page + 1}/{pages}"
            assert "E/HLPF/2027/NGO/3" in tagged.artifact_text[page], (language, page)
            assert number in tagged.artifact_text[page], (language, page)
            read_aloud = "".join(t for (p, _mcid), t in tagged.marked.items() if p == page)
            assert number not in read_aloud and "E/HLPF/2027/NGO/3" not in read_aloud


def test_first_page_footer_is_reachable_with_alternative_text(read):
    for kind, language in EDITIONS:
        tagged = read(kind, language)
        job = "27-00001" if kind != "compilation" else "27-00003"
        figures = tagged.elements("/Figure")
        alts = [figure.alt or "" for figure in figures]
        assert any(job in alt for alt in alts), (kind, language, alts)
        assert any("http://localhost/records/" in alt for alt in alts), (kind, language)
        reachable_text = flat(tagged.root.all_text())
        assert job in reachable_text, (kind, language)
        notes = [flat(note.all_text()) for note in tagged.elements("/Note")]
        assert any("E/HLPF/2027/1" in note for note in notes), (kind, language, notes)


def test_footnotes_are_notes_not_spans(read):
    for language in LANGUAGES:
        tagged = read("E/HLPF/2027/NGO/1", language)
        notes = [flat(note.all_text()) for note in tagged.elements("/Note")]
        assert any(flat(FOOTNOTES[language]) in note for note in notes), (language, notes)
        ids = [note.id for note in tagged.elements("/Note")]
        assert None not in ids and len(set(ids)) == len(ids)  # PDF/UA-1: each Note an ID


def test_every_figure_has_alternative_text(read):
    for kind, language in EDITIONS:
        assert all(figure.alt for figure in read(kind, language).elements("/Figure"))


def test_document_language_and_title(read, demo):
    for kind, language in EDITIONS:
        tagged = read(kind, language)
        assert tagged.lang == html_lang(language)
        assert tagged.title == demo[kind, language][1]
        assert tagged.xmp["{http://purl.org/dc/elements/1.1/}title"] == tagged.title
        assert tagged.xmp["{http://www.aiim.org/pdfua/ns/id/}part"] == "1"


def test_a_statement_in_another_language_carries_its_own_lang(read):
    for language in LANGUAGES:
        tagged = read("compilation", language)
        french = [e for e in tagged.root.walk() if flat(FRENCH) in flat(e.text)]
        assert french, language
        assert {e.lang for e in french} == {"fr"}, language
        # The women's statement, in this edition's own language, carries the document's.
        own = [e for e in tagged.root.walk() if flat(FOOTNOTES[language]) in flat(e.text)]
        assert own and {e.lang for e in own} == {html_lang(language)}, language


def test_compilation_numbers_paragraphs_on_across_statements(demo):
    # The women's statement has paragraphs 1 to 3: the farmers' French one starts at 4.
    for language in ("en", "ru", "zh_Hans", "fr"):
        content = flat(text(demo["compilation", language][0]))
        assert flat(f"4.{FRENCH}") in content, language
        assert flat(f"1.{FRENCH}") not in content


def test_compilation_names_the_original_language_in_its_own_language(demo):
    for language, name in FRENCH_NAMED.items():
        content = flat(text(demo["compilation", language][0]))
        assert flat(name) in content, language
    assert "French" not in text(demo["compilation", "ru"][0])


def test_annex_shows_each_statements_own_standards_figures(demo):
    content = flat(text(demo["compilation", "en"][0]))
    # Participants of the women's statement (its text says 214) and of the farmers' (41).
    assert "214/30(met)" in content
    assert "41/30(met)" in content
    assert "0/30(notmet)" not in content


def test_every_compiled_statement_says_its_language_and_direction(demo):
    compilation = db.session.scalar(db.select(Record).where(Record.kind == COMPILATION))
    html, _key = documents.edition_document(compilation, compilation.edition("ar"))
    # The women's statement in Arabic, the farmers' in French (its original), in the
    # Arabic compilation: each with its own language and direction.
    assert 'class="text" lang="ar" dir="rtl"' in html
    assert 'class="text" lang="fr" dir="ltr"' in html
    assert 'class="footnote" role="note" lang="ar" dir="rtl"' in html
