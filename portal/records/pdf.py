"""HTML -> PDF for official records, in the UN layout (DESIGN.md section 4).

The HTML comes from ``templates/records/pdf/`` rendered with the edition's locale forced, so
every label goes through gettext. WeasyPrint only ever sees that HTML, our stylesheet and
data: URIs or in-memory assets: its URL fetcher refuses files and the network.
Fonts are named per script (DESIGN.md section 5): a missing face is an error, never a
silent fallback to another script's face.
"""
from __future__ import annotations

import base64
import functools
import hashlib
import re
import subprocess
import unicodedata
from dataclasses import dataclass, field
from datetime import date

import barcode
import qrcode
import qrcode.image.svg
import weasyprint
from babel import Locale
from barcode.writer import SVGWriter
from flask import render_template
from flask_babel import force_locale, gettext
from markupsafe import Markup, escape
from weasyprint.urls import URLFetcher, URLFetcherResponse

from portal.i18n import html_lang, text_direction, un_date
from portal.records import pdftags
from portal.records.render_errors import (  # RenderError re-exported for renders to raise
    MissingFont,
    RenderError,  # noqa: F401
    UnknownLanguage,
)
from portal.statements.markup import StatementDoc

pdftags.install()

# Bump when the templates or the stylesheet change what a PDF looks like: every PDF's
# dependency key includes it, so a new version re-renders everything once.
TEMPLATE_VERSION = "2027.2"

# The letter the UN prints after the job number: 13-42516 (C).
LANGUAGE_LETTERS = {"ar": "A", "zh_Hans": "C", "en": "E", "fr": "F", "ru": "R", "es": "S"}

# Body and heading faces of each script (DESIGN.md section 5). The stylesheet gives every
# element the stacks of its script by :lang(), so a passage marked lang="zh-Hans" inside a
# French edition is set in Song, one marked lang="ar" in Naskh. Every stack names every
# script's face, so Pango never falls back to a face we did not choose (Chinese in a Latin
# stack fell back to a Japanese CJK face). Chinese: Song (Noto Serif CJK) body, Hei (Noto
# Sans CJK) bold headings, the SC families for the Simplified forms.
SCRIPT_FACES = {
    "latin": (("Liberation Serif",), ("Liberation Sans", "Liberation Serif")),
    "zh": (("Noto Serif CJK SC",), ("Noto Sans CJK SC",)),
    "ar": (("Amiri",), ("Amiri",)),
}
# Faces other scripts' runs fall back to, in this order, after a stack's own faces.
FALLBACK_FACES = ("Liberation Serif", "Amiri", "Noto Serif CJK SC")
HEADING_FALLBACK_FACES = ("Liberation Sans", "Amiri", "Noto Sans CJK SC")
# Emoji print in colour with this face, found by fontconfig's fallback. It is never named
# in a stack: named, Pango takes digits, "*" and "/" from it and from Amiri Quran Colored.
EMOJI_FACE = "Noto Color Emoji"


def script_of(language: str) -> str:
    return {"ar": "ar", "zh_Hans": "zh"}.get(language, "latin")


def _stack(own: tuple[str, ...], fallbacks: tuple[str, ...]) -> tuple[str, ...]:
    return tuple(dict.fromkeys(own + fallbacks))


FONT_STACKS = {script: _stack(body, FALLBACK_FACES)
               for script, (body, _heading) in SCRIPT_FACES.items()}
HEADING_STACKS = {script: _stack(heading, HEADING_FALLBACK_FACES)
                  for script, (_body, heading) in SCRIPT_FACES.items()}
ALL_FACES = tuple(dict.fromkeys([*(face for stacks in (FONT_STACKS, HEADING_STACKS)
                                   for stack in stacks.values() for face in stack),
                                 EMOJI_FACE]))



def font_stack(language: str) -> tuple[str, ...]:
    return FONT_STACKS[script_of(language)]


def heading_stack(language: str) -> tuple[str, ...]:
    return HEADING_STACKS[script_of(language)]


@functools.lru_cache(maxsize=1)
def _installed_fonts() -> dict[str, tuple[str, ...]]:
    """Family name -> font files, as fontconfig (which Pango uses) sees them."""
    try:
        listing = subprocess.run(["fc-list", "--format", "%{family}\t%{file}\t%{size}\n"],
                                 capture_output=True, text=True, check=True).stdout
    except (OSError, subprocess.CalledProcessError):
        return {}
    families: dict[str, list[str]] = {}
    for line in listing.splitlines():
        names, _tab, rest = line.partition("\t")
        for name in names.split(","):
            families.setdefault(name.strip(), []).append(rest)
    return {name: tuple(sorted(files)) for name, files in families.items()}


def required_fonts(language: str) -> tuple[str, ...]:
    # The first face of each stack must exist; the others are for runs it may lack.
    return tuple(dict.fromkeys((font_stack(language)[0], heading_stack(language)[0])))


def check_fonts(language: str, installed: dict | None = None) -> None:
    """Refuse, before anything is drawn, an edition this server cannot print."""
    if language not in LANGUAGE_LETTERS:
        raise UnknownLanguage(language)
    installed = _installed_fonts() if installed is None else installed
    missing = [name for name in required_fonts(language) if name not in installed]
    if missing:
        raise MissingFont(missing, language)


def fonts_fingerprint(language: str) -> str:
    """Changes when a font file used by the edition is replaced or upgraded."""
    installed = _installed_fonts()
    names = sorted(ALL_FACES)  # any passage may be in another script
    return hashlib.sha256(repr([(n, installed.get(n)) for n in names]).encode()).hexdigest()


class PortalURLFetcher(URLFetcher):
    """Only data: URIs and the portal's own in-memory assets (``portal-asset:name``).

    ``file://`` would read the server's disk and http(s) would let a document reach the
    network: both are refused, whatever the HTML says.
    """

    def __init__(self, assets: dict[str, tuple[bytes, str]] | None = None):
        super().__init__(allowed_protocols={"data"}, allow_redirects=False)
        self.assets = assets or {}

    def fetch(self, url, headers=None):
        if url.startswith("portal-asset:"):
            name = url.removeprefix("portal-asset:")
            if name not in self.assets:
                raise ValueError(f"no portal asset named {name!r}")
            body, mime = self.assets[name]
            return URLFetcherResponse(url, body, {"Content-Type": mime})
        if not url.startswith("data:"):
            raise ValueError(f"refused to fetch {url!r}: records use no outside resources")
        return super().fetch(url, headers)


def svg_data_uri(svg: bytes | str) -> str:
    raw = svg.encode() if isinstance(svg, str) else svg
    return "data:image/svg+xml;base64," + base64.b64encode(raw).decode("ascii")


# The six editions of a record share its job number and URL: draw the codes once.
@functools.lru_cache(maxsize=256)
def barcode_svg(text: str) -> bytes:
    code = barcode.get("code128", text, writer=SVGWriter())
    return code.render({"write_text": False, "module_height": 7.0, "module_width": 0.25,
                        "quiet_zone": 1.0})


@functools.lru_cache(maxsize=256)
def qr_svg(url: str) -> bytes:
    image = qrcode.make(url, image_factory=qrcode.image.svg.SvgPathImage, border=1)
    return image.to_string()


# The recycling mark of the first page's corner: three arrows chasing round a triangle.
RECYCLE_MARK = (
    '<svg xmlns="http://www.w3.org/2000/svg" viewBox="-50 -50 100 100" width="100" '
    'height="100"><g fill="none" stroke="#000" stroke-width="8" stroke-linejoin="round">'
    + "".join(f'<g transform="rotate({angle})"><path d="M -26 -4 L -8 -35 L 6 -35"/>'
              f'<path d="M 2 -44 L 14 -35 L 2 -26" fill="#000" stroke-width="3"/></g>'
              for angle in (0, 120, 240))
    + "</g></svg>")


def job_line(job_number: str, language: str, on: date) -> str:
    """``27-01234 (E) 150727``: job number, language letter, day month year."""
    return f"{job_number} ({LANGUAGE_LETTERS[language]}) {on.strftime('%d%m%y')}"


# How UN mastheads name the original language where Babel's name differs: Chinese
# editions write 英文 (not 英语), Arabic ones بالإنكليزية, and Russian editions keep the
# masthead in English ("Original: English").
UN_LANGUAGE_NAMES = {
    "zh_Hans": {"ar": "阿拉伯文", "zh_Hans": "中文", "en": "英文", "fr": "法文", "ru": "俄文",
                "es": "西班牙文"},
    "ar": {"ar": "بالعربية", "zh_Hans": "بالصينية", "en": "بالإنكليزية", "fr": "بالفرنسية",
           "ru": "بالروسية", "es": "بالإسبانية"},
    "ru": {"ar": "Arabic", "zh_Hans": "Chinese", "en": "English", "fr": "French",
           "ru": "Russian", "es": "Spanish"},
}


def language_name(code: str, in_language: str) -> str:
    """The original language as the masthead names it ("Original: English")."""
    names = UN_LANGUAGE_NAMES.get(in_language)
    if names and code in names:
        return names[code]
    return Locale.parse(code).get_language_name(in_language)


# A left-to-right embedding (U+202A ... U+202C) around Latin runs: WeasyPrint ignores
# unicode-bidi, and the isolates U+2066/U+2069 are in none of our faces, so Pango drew them
# with whatever face it found (Amiri Quran Colored, the emoji face).
LTR_START, LTR_END = "\u202a", "\u202c"


def language_name_in_text(code: str, in_language: str) -> str:
    """A language named in running text: "(французский)" in Russian, never in English.

    Chinese documents name a text's language with 文 (法文), as their mastheads do.
    """
    if in_language == "zh_Hans":
        return UN_LANGUAGE_NAMES["zh_Hans"][code]
    return Locale.parse(code).get_language_name(in_language)


def ltr(text) -> Markup:
    """A left-to-right run (symbol, date, URL) kept in its order inside Arabic text."""
    return Markup('<bdi dir="ltr" class="ltr">%s%s%s</bdi>') % (LTR_START, text, LTR_END)


_FOOTNOTE_REF = re.compile(
    r'<sup class="footnote-ref"><a href="#(?P<prefix>[A-Za-z0-9_-]+)-(?P<n>\d+)"[^>]*>'
    r'\d+</a></sup>')


_LINK = re.compile(r"<a [^>]*>.*?</a>", re.S)


def isolate_links(html: str) -> str:
    """Wrap each link in LTR_START/LTR_END so a URL keeps its order inside Arabic text."""
    return isolate_runs(_LINK.sub(lambda match: f"{LTR_START}{match.group(0)}{LTR_END}", html))


# Links and runs already isolated are left alone; only text between tags is searched.
_ISOLATED_OR_TAG = re.compile(r"(<a [^>]*>.*?</a>|<bdi [^>]*>.*?</bdi>|<[^>]+>)", re.S)
# A bare URL, or a document symbol: E/HLPF/2027/1, A/RES/70/1, E/CN.17/2013/L.1.
_RUN = re.compile(r"(?P<url>\b(?:https?://|www\.)[^\s<>\"\u202a-\u202e\u2066-\u2069]+)"
                  r"|(?P<symbol>(?<![\w/])[A-Z][A-Z0-9.]*(?:/[A-Za-z0-9.\-]*[A-Za-z0-9])+)")
# A final full stop or bracket is the sentence's, not the URL's.
_URL_END = ".,;:!?)]}»\u201d'"
# Longer "symbols" are some other slashed text: they may wrap like a URL.
SYMBOL_MAX = 40


def _isolate_run(match) -> str:
    run = match.group(0)
    kept = run.rstrip(_URL_END) if match["url"] else run
    breakable = match["url"] or len(run) > SYMBOL_MAX
    classes = "ltr url" if breakable else "ltr"
    return (Markup('<bdi dir="ltr" class="%s">%s%s%s</bdi>')
            % (classes, LTR_START, Markup(kept), LTR_END) + run[len(kept):])


def isolate_runs(html: str) -> str:
    """Bare URLs and document symbols as left-to-right runs, symbols unbreakable.

    In an Arabic line, a URL's "?" and "." and a symbol's slashes would otherwise be
    reordered by the bidi algorithm, and a symbol could split across lines.
    """
    parts = _ISOLATED_OR_TAG.split(html)
    for index in range(0, len(parts), 2):  # even parts are text between tags
        parts[index] = _RUN.sub(_isolate_run, parts[index])
    return "".join(parts)


RTL_START = "\u202b"


def isolate(text) -> Markup:
    """A run in another language kept whole inside a line, in the direction of its first
    strong letter (an embedding, as in ltr(): the isolate marks are in none of our faces)."""
    start = RTL_START if _first_strong_is_rtl(str(text)) else LTR_START
    return Markup("%s%s%s") % (start, text, LTR_END)


def _first_strong_is_rtl(text: str) -> bool:
    for char in text:
        kind = unicodedata.bidirectional(char)
        if kind in ("L", "R", "AL"):
            return kind != "L"
    return False


def place_footnotes(doc: StatementDoc, *, lang: str | None = None,
                    direction: str | None = None, first_number: int = 1) -> tuple[list, list]:
    """Paragraph HTML with each footnote set at its first reference (CSS page footnotes).

    Returns (sections as [(title_html, [(number, html)])], notes never referenced). Later
    references to the same note repeat its number as a plain superscript. ``lang`` and
    ``direction`` mark notes of a text in another language than the document's.
    ``first_number``: a compilation numbers its paragraphs on across statements.
    """
    marks = (f' lang="{lang}"' if lang else "") + (f' dir="{direction}"' if direction else "")
    notes = {note.number: note.html for note in doc.footnotes}
    placed: set[int] = set()

    def replace(match):
        number = int(match["n"])
        if number in placed or number not in notes:
            return f'<sup class="footnote-again">{number}</sup>'
        placed.add(number)
        # role="note": tagged as a Note in the PDF (portal.records.pdftags).
        return (f'<span class="footnote" role="note"{marks}>'
                f'{isolate_links(notes[number])}</span>')

    sections = [
        (section.title_html,
         [(para.number + first_number - 1,
           Markup(isolate_links(_FOOTNOTE_REF.sub(replace, para.html))))
          for para in section.paragraphs])
        for section in doc.sections
    ]
    unplaced = [(n, Markup(isolate_links(html))) for n, html in notes.items()
                if n not in placed]
    return sections, unplaced


@dataclass(frozen=True)
class Masthead:
    """Everything the first page of a UN document shows above the text."""

    symbol: str
    organ: str
    published_on: date
    original_language: str
    job_number: str
    record_url: str
    session: str = ""
    agenda_number: str | None = None
    agenda_title: str = ""
    agenda_symbol: str | None = None
    distribution: str = "general"


@dataclass
class Pdf:
    content: bytes
    dependency_key: str
    html: str = field(repr=False)


def css_stack(faces: tuple[str, ...]) -> str:
    return ", ".join(f'"{name}"' for name in faces)


def stylesheet(language: str) -> str:
    stacks = {script: (css_stack(FONT_STACKS[script]), css_stack(HEADING_STACKS[script]))
              for script in SCRIPT_FACES}
    return render_template("records/pdf/document.css", language=language, stacks=stacks,
                           body_fonts=stacks[script_of(language)][0],
                           heading_fonts=stacks[script_of(language)][1],
                           rtl=text_direction(language) == "rtl")


# Editions whose distribution block is in their own language; the Arabic, Chinese and
# Russian editions print it in English, as the UN does (UN-DOCUMENT-FORMAT.md).
LOCALIZED_DISTRIBUTION = frozenset({"en", "fr", "es"})


@dataclass(frozen=True)
class Distribution:
    """The block under the symbol: "Distr.: General", date, edition language, original."""

    language: str
    lines: tuple[str, ...]


def distribution(masthead: Masthead, language: str) -> Distribution:
    block = language if language in LOCALIZED_DISTRIBUTION else "en"
    with force_locale(block):
        lines = [gettext("Distr.: General") if masthead.distribution == "general"
                 else gettext("Distr.: Limited"), un_date(masthead.published_on, block)]
        if language != masthead.original_language:  # a translation names its language
            lines.append(Locale.parse(language).get_language_name(block).capitalize())
        lines.append(gettext("Original: %(language)s",
                             language=language_name(masthead.original_language, block)))
    return Distribution(block, tuple(lines))


def render_html(template: str, language: str, masthead: Masthead, **context) -> str:
    """The edition's HTML, every label in ``language`` (gettext and Babel forced to it)."""
    block = distribution(masthead, language)
    with force_locale(language):
        return render_template(
            template, language=language, lang=html_lang(language),
            dir=text_direction(language), m=masthead, ltr=ltr,
            isolate=isolate, date_text=un_date(masthead.published_on, language),
            distribution=block, distribution_lang=html_lang(block.language),
            original_name=language_name(masthead.original_language, language),
            job_text=job_line(masthead.job_number, language, masthead.published_on),
            barcode_uri=svg_data_uri(barcode_svg(masthead.job_number)),
            qr_uri=svg_data_uri(qr_svg(masthead.record_url)),
            recycle_uri=svg_data_uri(RECYCLE_MARK),
            css=Markup(stylesheet(language)), escape=escape, **context)


def dependency_key(html: str, language: str) -> str:
    """What the PDF depends on: its HTML (text and labels), the template version, fonts."""
    digest = hashlib.sha256()
    for part in (TEMPLATE_VERSION, language, fonts_fingerprint(language), html):
        digest.update(part.encode())
        digest.update(b"\0")
    return digest.hexdigest()


PDF_OPTIONS = {"pdf_variant": "pdf/ua-1"}


def html_to_pdf_with_pages(html: str, *, assets: dict | None = None) -> tuple[bytes, int]:
    """Tagged PDF/UA-1 (title, language, structure), fonts subset, only safe URLs fetched."""
    source = weasyprint.HTML(string=html, base_url="portal-asset:",
                             url_fetcher=PortalURLFetcher(assets))
    document = source.render(**PDF_OPTIONS)
    with pdftags.describing():
        return document.write_pdf(**PDF_OPTIONS), len(document.pages)


def html_to_pdf(html: str, *, assets: dict | None = None) -> bytes:
    return html_to_pdf_with_pages(html, assets=assets)[0]


def render(template: str, language: str, masthead: Masthead, *, assets=None,
           **context) -> Pdf:
    check_fonts(language)
    html = render_html(template, language, masthead, **context)
    return Pdf(html_to_pdf(html, assets=assets), dependency_key(html, language), html)
