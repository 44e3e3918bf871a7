"""The six editions read back as a UN editor checks them (UN-DOCUMENT-FORMAT.md).

Each edition of two records is rendered once for the module, through the real pipeline on
SQLite (the layout does not depend on the database): the demo statement, and a hostile
statement (long URL and word, emoji, mixed Arabic, Latin and digits, 300 paragraphs).
"""
import pytest

from portal import create_app
from portal.extensions import db
from portal.i18n import LANGUAGES
from portal.records import services
from portal.records.models import RENDERED
from tests.conftest import _config, _empty_tables
from tests.records.factories import TEXTS, make_meeting, make_statement, publish
from tests.records.pdftools import (
    flat,
    fonts,
    notdef_glyphs,
    page_image,
    pdf_path,
    text,
    word_boxes,
)

SYMBOL = "E/HLPF/2027/NGO/1"
HOSTILE_SYMBOL = "E/HLPF/2027/NGO/2"
LONG_URL = ("https://example.org/consultations/2027/water-and-sanitation/regional/"
            "reports?participants=214&countries=38&languages=ar,zh,en,fr,ru,es"
            "&download=full-text-of-every-contribution-received-during-the-consultation")
LONG_WORD = "Rechtsschutzversicherungsgesellschaftenverwaltungsratsmitgliedsbeiträge" * 2
MIXED = ("انظر الوثيقة E/HLPF/2027/1 والتقرير https://example.org/report?id=2027. "
         "في 8 تموز/يوليه 2027 شارك 214 شخصا من 38 بلدا.")
EMOJI = "🌍💧👩🏽‍🌾"


def hostile_body(language: str) -> str:
    title, body = TEXTS[language]
    extra = "\n\n".join(f"Paragraph {n}: water for everyone {EMOJI}." for n in range(5, 301))
    return (f"{body.split('[^1]:')[0]}{LONG_URL}\n\n{LONG_WORD}\n\n{MIXED}\n\n{extra}\n\n"
            f"[^1]: {TEXTS[language][1].split('[^1]: ')[1]} {EMOJI}")


def issue(record, texts):
    for edition in record.editions:
        if edition.status == "pending":
            title, body = texts(edition.language)
            services.save_translation(edition, title=title, body=body, status="translated",
                                      translator_note=None, version=edition.version,
                                      user=None)


@pytest.fixture(scope="module")
def editions(database_urls, tmp_path_factory):
    """{(record, language): path of the PDF} for the demo and the hostile record."""
    app = create_app(_config(database_urls("sqlite"), tmp_path_factory.mktemp("layout")))
    with app.app_context():
        try:
            meeting = make_meeting()
            demo = publish(make_statement(meeting))
            issue(demo, lambda language: TEXTS[language])
            hostile = publish(make_statement(meeting, title=f"{TEXTS['en'][0]} {EMOJI}",
                                             body=hostile_body("en")))
            issue(hostile, lambda language: (f"{TEXTS[language][0]} {EMOJI}",
                                             hostile_body(language)))
            db.session.commit()
            paths = {}
            for name, record in (("demo", demo), ("hostile", hostile)):
                for edition in record.editions:
                    assert edition.render_status == RENDERED, edition.render_error
                    paths[name, edition.language] = pdf_path(edition)
            yield paths
        finally:
            db.session.remove()
            _empty_tables()
            db.engine.dispose()


# UN-DOCUMENT-FORMAT.md, first page: organization line, organ, distribution, date, the
# language line of a translation, original. Arabic, Chinese and Russian editions print
# the distribution block in English.
MASTHEADS = {
    "en": ("United Nations", "Economic and Social Council", "Distr.: General",
           "15 July 2027", None, "Original: English"),
    "fr": ("Nations Unies", "Conseil économique et social", "Distr. générale",
           "15 juillet 2027", "Français", "Original : anglais"),
    "es": ("Naciones Unidas", "Consejo Económico y Social", "Distr. general",
           "15 de julio de 2027", "Español", "Original: inglés"),
    "ru": ("Организация Объединенных Наций", "Экономический и Социальный Совет",
           "Distr.: General", "15 July 2027", "Russian", "Original: English"),
    "zh_Hans": ("联合国", "经济及社会理事会", "Distr.: General", "15 July 2027", "Chinese",
                "Original: English"),
    "ar": ("الأمم المتحدة", "المجلس الاقتصادي والاجتماعي", "Distr.: General", "15 July 2027",
           "Arabic", "Original: English"),
}


@pytest.mark.parametrize("language", LANGUAGES)
def test_masthead_lines_are_those_of_the_reference(editions, language):
    masthead = text(editions["demo", language], 1).split("Item 3")[0]
    lines = [flat(line) for line in masthead.splitlines() if line.strip()]
    organization, organ, distribution, date, language_line, original = MASTHEADS[language]
    for expected in (organization, organ, distribution, date, original, SYMBOL):
        assert flat(expected) in lines, (language, expected, lines)
    if language_line:
        assert flat(language_line) in lines, (language, lines)
    else:
        assert "English" not in lines
    # Nothing of another language's block: no localized "Original" next to an English one.
    assert len([line for line in lines if "Original" in line or "原件" in line
                or "الأصل" in line]) == 1


def test_each_script_has_its_faces_and_chinese_has_a_bold_hei(editions):
    faces = {language: {font["name"].split("+", 1)[-1] for font in fonts(editions["demo",
                                                                                 language])}
             for language in LANGUAGES}
    assert {"Noto-Serif-CJK-SC", "Noto-Serif-CJK-SC-Bold", "Noto-Sans-CJK-SC-Bold"} \
        <= faces["zh_Hans"]
    assert {"Amiri", "Amiri-Bold"} <= faces["ar"]
    assert not [face for face in faces["ar"] if "Slanted" in face]  # no slanted headings
    for language in ("en", "fr", "es", "ru"):
        assert faces[language] <= {"Liberation-Serif", "Liberation-Serif-Bold",
                                   "Liberation-Sans-Bold"}, faces[language]
    hostile = {font["name"].split("+", 1)[-1] for font in fonts(editions["hostile", "ar"])}
    assert "Noto-Color-Emoji" in hostile


def test_no_empty_box_is_drawn_in_any_edition(editions):
    for (name, language), path in editions.items():
        assert notdef_glyphs(path) == [], (name, language)


def test_no_word_runs_outside_the_page(editions):
    for (name, language), path in editions.items():
        for number, page in enumerate(word_boxes(path), start=1):
            outside = [word for word, x_min, y_min, x_max, y_max in page["words"]
                       if x_min < 0 or y_min < 0 or x_max > page["width"]
                       or y_max > page["height"]]
            assert not outside, (name, language, number, outside[:3])


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_hostile_statement_prints_completely(editions, language):
    # Without the hyphens (U+2010) that hyphenation adds at line ends.
    content = flat(text(editions["hostile", language])).replace("\u2010", "")
    assert "Paragraph300:watereveryone" not in content  # sanity of flat()
    assert flat("Paragraph 300: water for everyone") in content
    # pdftotext joins a line ending in a hyphen to the next without it.
    assert flat(LONG_URL).replace("-", "") in content.replace("-", ""), language
    assert LONG_WORD in content
    assert "E/HLPF/2027/1" in content
    assert "https://example.org/report?id=2027" in content  # its "?" and "." in place
    assert "🌍" in content


def test_arabic_symbols_and_urls_stay_whole_and_in_order(editions):
    lines = text(editions["hostile", "ar"]).splitlines()
    mixed = [line for line in lines if "E/HLPF/2027/1" in line and "انظر" in line]
    assert mixed, "the symbol split across lines"
    assert [line for line in lines if "https://example.org/report?id=2027" in line]


def _side(page, word):
    """'left' or 'right': where on the page the word is drawn (first occurrence)."""
    for drawn, _x_min, _y, x_max, _y2 in page["words"]:
        if word in drawn:
            return "left" if x_max < page["width"] / 2 else "right"
    raise AssertionError(f"{word!r} not on the page")


@pytest.mark.parametrize(("language", "outer"), [("en", ("left", "right")),
                                                 ("ar", ("right", "left"))])
def test_running_heads_alternate_with_the_job_number(editions, language, outer):
    pages = word_boxes(editions["hostile", language])
    count = len(pages)
    assert count >= 4
    for number, page in ((2, pages[1]), (3, pages[2])):
        side = outer[number - 2]  # even pages outer side, then odd pages (mirrored in ar)
        content = " ".join(word for word, *_box in page["words"])
        assert HOSTILE_SYMBOL in content and "27-00002" in content, content[:200]
        assert f"{number}/{count}" in content
        assert _side(page, HOSTILE_SYMBOL) == side
        assert _side(page, f"{number}/{count}") == side
    assert f"1/{count}" not in " ".join(word for word, *_ in pages[0]["words"])


def _dark_rows(image, box):
    """Rows of ``box`` (left, top, right, bottom in pixels) holding any dark pixel."""
    crop = image.crop(box)
    width, height = crop.size
    pixels = crop.load()
    return [y for y in range(height) if any(pixels[x, y] < 128 for x in range(width))]


def _short_rules(image, min_length, max_length):
    """(row, first column, last column) of horizontal runs within the lengths.

    A 0.5 pt rule is drawn grey, anti-aliased, in less than a pixel row: any ink counts.
    """
    width, height = image.size
    pixels = image.load()
    rules = []
    for y in range(height):
        start = None
        for x in range(width + 1):
            dark = x < width and pixels[x, y] < 224
            if dark and start is None:
                start = x
            elif not dark and start is not None:
                if min_length <= x - start <= max_length:
                    rules.append((y, start, x - 1))
                start = None
    return rules


@pytest.mark.parametrize("language", ["en", "zh_Hans", "ar"])
def test_first_page_picture_symbol_size_and_one_clear_footnote_rule(editions, language):
    dpi = 100
    path = editions["demo", language]
    image = page_image(path, 1, dpi)
    scale = dpi / 72
    symbol = next(box for word, *box in word_boxes(path)[0]["words"] if SYMBOL in word)
    x_min, y_min, x_max, y_max = (round(value * scale) for value in symbol)
    ink = _dark_rows(image, (x_min, y_min, x_max, y_max))
    # 15 pt bold: capitals about 10.5 pt high, 14-15 px at 100 dpi (9 pt gave 8-9 px).
    assert ink and ink[-1] - ink[0] + 1 >= 12, (language, ink)
    millimetre = dpi / 25.4
    rules = _short_rules(image, 36 * millimetre, 44 * millimetre)
    rows = sorted({row for row, _first, _last in rules})
    assert rows and rows[-1] - rows[0] <= 2, rows  # one rule, a line or two of pixels thick
    _row, first, last = rules[0]
    around = _dark_rows(image, (first, rows[0] - 3, last + 1, rows[0])) + \
        _dark_rows(image, (first, rows[-1] + 1, last + 1, rows[-1] + 4))
    assert not around, (language, "text touches the footnote rule")
