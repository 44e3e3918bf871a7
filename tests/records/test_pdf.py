"""The PDFs read back: text, fonts, symbol on every page, metadata, pictures to look at."""
import os
import subprocess
from pathlib import Path

import pytest
from pypdf import PdfReader

from portal.extensions import db
from portal.i18n import LANGUAGES
from portal.records import pdf
from portal.records.models import RENDERED
from tests.records import structure
from tests.records.factories import TEXTS, make_meeting, make_statement, publish, translate_all
from tests.records.pdftools import flat, fonts, pages, pdf_path, text

ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts" / "records"
# Faces each edition may use: its script's face, never another script's fallback.
ALLOWED_FONTS = {
    "ar": ("Amiri", "Liberation-Serif"),  # the distribution block is in English
    "zh_Hans": ("Noto-Serif-CJK-SC", "Noto-Sans-CJK-SC", "Liberation-Serif"),
    "en": ("Liberation-Serif", "Liberation-Sans"),
    "fr": ("Liberation-Serif", "Liberation-Sans"),
    "es": ("Liberation-Serif", "Liberation-Sans"),
    "ru": ("Liberation-Serif", "Liberation-Sans"),
}
# A phrase of each edition's text, as typed (logical order for Arabic).
PHRASES = {
    "en": "We call on Member States to act.",
    "fr": "Nous appelons les États Membres à agir.",
    "es": "Exhortamos a los Estados Miembros a actuar.",
    "ru": "Мы призываем государства-члены действовать.",
    "zh_Hans": "我们呼吁会员国采取行动。",
    # pdftotext sets a line's closing full stop where it is seen (on the left) in Arabic.
    "ar": "ندعو الدول الأعضاء إلى العمل",
}
LONG_BODY = "\n\n".join(
    f"Paragraph {n} of a long statement. " + "Sustainable development needs everyone. " * 25
    for n in range(1, 41))


@pytest.fixture
def six_editions(app):
    record = publish(make_statement(make_meeting()))
    translate_all(record)
    db.session.commit()
    assert all(e.render_status == RENDERED for e in record.editions), [
        (e.language, e.render_error) for e in record.editions]
    return record


def test_each_edition_reads_back_its_own_text(six_editions):
    for edition in six_editions.editions:
        content = flat(text(pdf_path(edition)))
        title, _body = TEXTS[edition.language]
        assert flat(PHRASES[edition.language]) in content, edition.language
        assert flat(title) in content, edition.language
        assert "E/HLPF/2027/NGO/1" in content
        assert flat(pdf.job_line("27-00001", edition.language, six_editions.published_on)) \
            in content


def test_chinese_lines_never_start_with_closing_punctuation(app):
    sentence = "妇女主要群体欢迎对目标6的审查，呼吁会员国采取行动。"
    record = publish(make_statement(make_meeting(), language="zh_Hans",
                                    body=sentence * 60))
    db.session.commit()
    lines = [line.strip() for line in text(pdf_path(record.original)).splitlines()]
    assert len([line for line in lines if line.startswith("妇女") or "审查" in line]) > 5
    assert not [line for line in lines if line and line[0] in "，。、；：？！）》」"]


def test_chinese_is_intact_with_pypdf_too(six_editions):
    reader = PdfReader(pdf_path(six_editions.edition("zh_Hans")))
    extracted = flat(reader.pages[0].extract_text())
    assert flat("妇女主要群体欢迎对目标6的审查。") in extracted


def test_every_font_is_embedded_and_of_the_right_script(six_editions):
    for edition in six_editions.editions:
        used = fonts(pdf_path(edition))
        assert used, edition.language
        for font in used:
            assert font["embedded"] and font["subset"], (edition.language, font)
            family = font["name"].split("+", 1)[-1]
            assert family.startswith(ALLOWED_FONTS[edition.language]), (edition.language,
                                                                        family)
            assert "JP" not in family and "Japan" not in family


def test_metadata_and_tags(six_editions):
    for edition in six_editions.editions:
        reader = PdfReader(pdf_path(edition))
        info = reader.metadata
        assert info.title == edition.title
        assert info.subject == "E/HLPF/2027/NGO/1"
        assert "E/HLPF/2027/NGO/1" in info["/Keywords"]
        catalog = reader.trailer["/Root"]
        assert catalog["/Lang"] == edition.language.replace("_", "-")
        assert bool(catalog["/MarkInfo"]["/Marked"])
        assert "/StructTreeRoot" in catalog


def test_symbol_on_every_page_and_page_count(app):
    record = publish(make_statement(make_meeting(), body=LONG_BODY))
    db.session.commit()
    edition = record.original
    path = pdf_path(edition)
    count = pages(path)
    assert count >= 3 and count == edition.file.pages
    for page in range(1, count + 1):
        page_text = text(path, page)
        assert "E/HLPF/2027/NGO/1" in page_text, page
        if page > 1:
            assert f"{page}/{count}" in page_text
    # Every paragraph made it, in order, numbered.
    content = flat(text(path))
    positions = [content.find(flat(f"{n}.Paragraph {n} of")) for n in range(1, 41)]
    assert -1 not in positions, [n + 1 for n, p in enumerate(positions) if p == -1]
    assert positions == sorted(positions)


def test_first_pages_as_pictures_for_a_person_to_look_at(six_editions, app):
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    for edition in six_editions.editions:
        target = ARTIFACTS / f"statement-{edition.language}"
        subprocess.run(["pdftoppm", "-r", "80", "-png", "-singlefile", "-f", "1", "-l", "1",
                        str(pdf_path(edition)), str(target)], check=True)
        assert target.with_suffix(".png").stat().st_size > 10_000


def test_compilation_in_each_language(app):
    meeting = make_meeting()
    women = publish(make_statement(meeting))
    translate_all(women)
    publish(make_statement(meeting, group_slug="farmers", language="fr"))
    from datetime import date

    from portal.records import services

    compilation = services.compile_statements(meeting, original_language="en",
                                              published_on=date(2027, 7, 16),
                                              agenda_symbol="E/HLPF/2027/1", user=None)
    db.session.commit()
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    for language in LANGUAGES:
        edition = compilation.edition(language)
        assert edition.render_status == RENDERED, edition.render_error
        content = flat(text(pdf_path(edition)))
        # The women's statement in this language, the farmers' in French (its original).
        assert flat(PHRASES[language]) in content, language
        assert flat(PHRASES["fr"]) in content
        assert "E/HLPF/2027/NGO/3" in content and "E/HLPF/2027/NGO/2" in content
        subprocess.run(["pdftoppm", "-r", "80", "-png", "-singlefile", "-f", "1", "-l", "1",
                        str(pdf_path(edition)), str(ARTIFACTS / f"compilation-{language}")],
                       check=True)


def test_html_in_statement_text_is_printed_not_obeyed(app):
    body = ('<script>alert(1)</script> <img src="file:///etc/hostname"> '
            '<a href="javascript:alert(2)">x</a> & done')
    record = publish(make_statement(make_meeting(), title="<b>Bold?</b>", body=body))
    db.session.commit()
    content = text(pdf_path(record.original))
    assert "<script>alert(1)</script>" in content
    assert '<img src="file:///etc/hostname">' in content
    assert "<b>Bold?</b>" in content


def test_url_fetcher_refuses_files_and_the_network():
    fetcher = pdf.PortalURLFetcher({"logo": (b"<svg xmlns='http://www.w3.org/2000/svg'/>",
                                             "image/svg+xml")})
    for url in ("file:///etc/passwd", "http://example.org/x.png", "https://example.org/",
                "ftp://example.org/x", "portal-asset:secret"):
        with pytest.raises(ValueError):
            fetcher.fetch(url)
    assert fetcher.fetch("data:text/plain,hi").read() == b"hi"
    assert fetcher.fetch("portal-asset:logo").read().startswith(b"<svg")


def test_a_huge_paragraph_renders_completely(app):
    words = " ".join(f"word{n}" for n in range(12_000))
    record = publish(make_statement(make_meeting(), body=words))
    db.session.commit()
    edition = record.original
    assert edition.render_status == RENDERED
    content = text(pdf_path(edition))
    assert "word0" in content and "word11999" in content
    assert edition.file.pages > 3


@pytest.mark.skipif(not os.environ.get("PORTAL_SLOW_TESTS"),
                    reason="renders ~300 pages; set PORTAL_SLOW_TESTS=1")
def test_a_300_page_compilation_is_complete(app):
    from datetime import date

    from portal.records import services

    meeting = make_meeting()
    paragraph = ("Member States should guarantee the participation of women, youth, farmers "
                 "and indigenous peoples in every decision on water. ") * 12
    body = "\n\n".join(f"{paragraph} (end of paragraph {n})" for n in range(1, 26))
    for n in range(60):
        publish(make_statement(meeting, title=f"Statement number {n + 1}", body=body,
                               group_slug=("women", "farmers", "ngos")[n % 3]))
    compilation = services.compile_statements(meeting, original_language="en",
                                              published_on=date(2027, 7, 16),
                                              agenda_symbol="E/HLPF/2027/1", user=None)
    db.session.commit()
    edition = compilation.original
    assert edition.render_status == RENDERED, edition.render_error
    path = pdf_path(edition)
    count = pages(path)
    assert count >= 280 and count == edition.file.pages
    content = text(path)
    assert content.count("end of paragraph 25") == 60
    assert content.count("E/HLPF/2027/NGO/61") >= count  # symbol on every page (+ masthead)


def test_latin_runs_keep_their_order_in_arabic(app):
    body = ("انظر التقرير في <https://example.org/report-2027> والوثيقة E/HLPF/2027/1 "
            "المؤرخة 8 تموز/يوليه 2027.")
    record = publish(make_statement(make_meeting(), language="ar", body=body))
    db.session.commit()
    content = text(pdf_path(record.original))
    assert "https://example.org/report-2027" in content
    assert "E/HLPF/2027/1" in content and "E/HLPF/2027/NGO/1" in content
    assert flat("انظر التقرير في") in flat(content)


def test_a_configured_logo_is_read_by_the_portal_not_by_weasyprint(app, tmp_path,
                                                                    monkeypatch):
    logo = tmp_path / "logo.svg"
    logo.write_text('<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10">'
                    '<rect width="10" height="10"/></svg>')
    app.config["RECORDS_LOGO"] = str(logo)
    fetched = []
    real_fetch = pdf.PortalURLFetcher.fetch

    def spy(self, url, headers=None):
        fetched.append(url.split(",")[0][:30])
        return real_fetch(self, url, headers)

    monkeypatch.setattr(pdf.PortalURLFetcher, "fetch", spy)
    record = publish(make_statement(make_meeting()))
    db.session.commit()
    assert record.original.render_status == RENDERED
    assert "portal-asset:logo" in fetched
    assert not [url for url in fetched if url.startswith(("file:", "http"))]
    # The logo is decoration (alt=""): an artifact; the barcode, the QR code and the
    # recycling mark stay Figures with their alternative text.
    figures = structure.read(pdf_path(record.original)).elements("/Figure")
    assert len(figures) == 3 and all(figure.alt for figure in figures)


@pytest.mark.parametrize(("original", "edition", "expected"), [
    ("en", "zh_Hans", "英文"), ("fr", "zh_Hans", "法文"), ("en", "ru", "English"),
    ("en", "ar", "بالإنكليزية"), ("en", "fr", "anglais"), ("es", "es", "español"),
])
def test_masthead_names_the_original_language_as_un_documents_do(original, edition, expected):
    from portal.records.pdf import language_name

    assert language_name(original, edition) == expected
