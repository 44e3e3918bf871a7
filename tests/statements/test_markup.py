from html.parser import HTMLParser
from pathlib import Path

import pytest

from portal.statements.markup import parse_statement, render

# A UN document in Chinese (the MGoS discussion paper of 2013, from shared/seeds).
SEED = Path(__file__).parent / "data" / "un_discussion_paper_zh.txt"
SAFE_TAGS = {"p", "br", "strong", "em", "ul", "ol", "li", "h2", "h3", "a", "sup", "section"}


class Elements(HTMLParser):
    """Collects the elements a browser would build from the HTML."""

    def __init__(self, html):
        super().__init__()
        self.found = []
        self.feed(html)

    def handle_starttag(self, tag, attrs):
        self.found.append((tag, dict(attrs)))


def test_basic_formatting():
    html = render("A **bold** and *italic* claim.\n\nSecond paragraph.")
    assert html == (
        "<p>A <strong>bold</strong> and <em>italic</em> claim.</p>\n<p>Second paragraph.</p>\n"
    )


def test_bullet_lists_and_section_headings():
    html = render("## Recommendations\n\n- consult\n- publish")
    assert "<h2>Recommendations</h2>" in html
    assert "<ul>\n<li>consult</li>\n<li>publish</li>\n</ul>" in html


def test_http_links_get_nofollow():
    html = render("See [the forum](https://hlpf.un.org/2027).")
    assert '<a href="https://hlpf.un.org/2027" rel="nofollow noopener">the forum</a>' in html


@pytest.mark.parametrize(
    "text",
    [
        "<script>alert(1)</script>",
        '<img src="x" onerror="alert(1)">',
        "<a href='javascript:alert(1)'>x</a>",
        "[click](javascript:alert(1))",
        "[click](JavaScript:alert(1))",
        "[click]( javascript:alert(1))",
        "[click](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)",
        "[click](vbscript:msgbox(1))",
        "<javascript:alert(1)>",
        "[x][r]\n\n[r]: javascript:alert(1)",
        '[x](https://un.org "t\\" onmouseover=\\"alert(1)")',
        "**<svg onload=alert(1)>**",
        "## <iframe src=//evil.example>",
        "- <style>body{display:none}</style>",
        "Note[^1]\n\n[^1]: <script>alert(1)</script>[x](javascript:alert(1))",
    ],
)
def test_raw_html_and_unsafe_links_come_out_inert(text):
    doc = parse_statement(text)
    outputs = [render(text), *(p.html for s in doc.sections for p in s.paragraphs)]
    outputs += [note.html for note in doc.footnotes]
    for html in outputs:
        for tag, attrs in Elements(html).found:
            assert tag in SAFE_TAGS
            assert not [name for name in attrs if name.startswith("on") or name == "style"]
            href = attrs.get("href", "https://")
            assert href.startswith(("https://", "http://", "#")), href


def test_raw_html_is_shown_as_text():
    assert render("Use <b>tags</b> & co.") == "<p>Use &lt;b&gt;tags&lt;/b&gt; &amp; co.</p>\n"


def test_unsafe_link_keeps_its_text_visible():
    assert "[click](javascript:alert(1))" in render("[click](javascript:alert(1))")


def test_footnotes_are_numbered_in_order_of_reference():
    text = "First[^b] and second[^a], first again[^b].\n\n[^a]: Note A.\n[^b]: Note B."
    html = render(text)
    assert '<a href="#fn-1" id="fnref-1" rel="nofollow noopener">1</a>' in html
    assert '<a href="#fn-2" id="fnref-2" rel="nofollow noopener">2</a>' in html
    assert html.count('id="fnref-1"') == 1  # a second reference does not repeat the id
    assert '<li id="fn-1">Note B.</li><li id="fn-2">Note A.</li>' in html
    assert "[^a]:" not in html


def test_footnote_definition_continues_on_indented_lines_and_keeps_formatting():
    doc = parse_statement("Text[^1].\n\n[^1]: See *E/2003/29*,\n    paragraph 3.")
    (note,) = doc.footnotes
    assert (note.number, note.label) == (1, "1")
    assert note.html == "See <em>E/2003/29</em>, paragraph 3."


def test_undefined_reference_stays_visible_and_unreferenced_note_is_kept():
    doc = parse_statement("Text[^missing].\n\n[^orphan]: Still published.")
    assert "[^missing]" in doc.sections[0].paragraphs[0].html
    assert [(n.number, n.html) for n in doc.footnotes] == [(1, "Still published.")]


def test_id_prefix_keeps_ids_unique_on_a_shared_page():
    html = render("A[^1]\n\n[^1]: n", id_prefix="s42-fn")
    assert 'href="#s42-fn-1"' in html and 'id="s42-fn-1"' in html


def test_paragraph_numbers_run_on_across_sections():
    text = (
        "Opening paragraph.\n\n"
        "## Consultation\n\nWe consulted.\n\nWidely.\n\n"
        "## Recommendations\n\nWe recommend:\n\n- more time\n- more regions\n\nClosing."
    )
    doc = parse_statement(text)
    assert [s.title_html for s in doc.sections] == [None, "Consultation", "Recommendations"]
    numbers = [[p.number for p in s.paragraphs] for s in doc.sections]
    assert numbers == [[1], [2, 3], [4, 5]]
    assert doc.sections[2].paragraphs[0].html == (
        "<p>We recommend:</p>\n<ul>\n<li>more time</li>\n<li>more regions</li>\n</ul>"
    )


def test_statement_starting_with_a_heading_has_no_untitled_section():
    doc = parse_statement("## *Introduction*\n\n- a list first\n\nThen text.")
    assert [s.title_html for s in doc.sections] == ["<em>Introduction</em>"]
    assert [p.number for p in doc.sections[0].paragraphs] == [1, 2]
    assert doc.sections[0].paragraphs[0].html.startswith("<ul>")


def test_footnote_numbers_follow_document_order_across_sections():
    doc = parse_statement("## One\n\nA[^x].\n\n## Two\n\nB[^y] and A[^x].\n\n[^y]: Y\n[^x]: X")
    assert [(n.number, n.label) for n in doc.footnotes] == [(1, "x"), (2, "y")]
    assert 'href="#fn-2"' in doc.sections[1].paragraphs[0].html


def test_chinese_un_paragraph_renders_unchanged():
    lines = SEED.read_text(encoding="utf-8").splitlines()
    paragraph = next(line for line in lines if line.startswith("20. "))[4:].strip()
    doc = parse_statement(paragraph)
    assert doc.sections[0].paragraphs[0].html == f"<p>{paragraph}</p>"


def test_empty_text():
    assert render("") == ""
    doc = parse_statement("")
    assert doc.sections == () and doc.footnotes == ()
