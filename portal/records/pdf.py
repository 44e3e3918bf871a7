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
from dataclasses import dataclass, field
from datetime import date

import barcode
import qrcode
import qrcode.image.svg
import weasyprint
from babel import Locale
from barcode.writer import SVGWriter
from flask import render_template
from flask_babel import force_locale
from markupsafe import Markup, escape
from weasyprint.urls import URLFetcher, URLFetcherResponse

from portal.i18n import html_lang, text_direction, un_date
from portal.statements.markup import StatementDoc

# Bump when the templates or the stylesheet change what a PDF looks like: every PDF's
# dependency key includes it, so a new version re-renders everything once.
TEMPLATE_VERSION = "2027.1"

# The letter the UN prints after the job number: 13-42516 (C).
LANGUAGE_LETTERS = {"ar": "A", "zh_Hans": "C", "en": "E", "fr": "F", "ru": "R", "es": "S"}

# Every script gets a face that has it. Chinese named first in the Chinese stack, or Pango
# picks a Japanese CJK face; Amiri carries Latin digits and symbols for the Arabic edition.
FONT_STACKS = {
    "ar": ("Amiri",),
    "zh_Hans": ("WenQuanYi Micro Hei", "Liberation Serif"),
    "latin": ("Liberation Serif", "Liberation Sans"),
}
HEADING_STACKS = {
    "ar": ("Amiri",),
    "zh_Hans": ("WenQuanYi Micro Hei",),
    "latin": ("Liberation Sans", "Liberation Serif"),
}

class RenderError(Exception):
    """A PDF could not be made; the message says why in words a secretariat member reads."""


class MissingFont(RenderError):
    pass


def font_stack(language: str) -> tuple[str, ...]:
    return FONT_STACKS.get(language, FONT_STACKS["latin"])


def heading_stack(language: str) -> tuple[str, ...]:
    return HEADING_STACKS.get(language, HEADING_STACKS["latin"])


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
    installed = _installed_fonts() if installed is None else installed
    missing = [name for name in required_fonts(language) if name not in installed]
    if missing:
        raise MissingFont(
            f"The font {', '.join(missing)} needed for the {language} edition is not "
            f"installed on this server; the edition was not rendered.")


def fonts_fingerprint(language: str) -> str:
    """Changes when a font file used by the edition is replaced or upgraded."""
    installed = _installed_fonts()
    names = sorted(set(font_stack(language)) | set(heading_stack(language)))
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
    names = UN_LANGUAGE_NAMES.get(in_language)
    if names and code in names:
        return names[code]
    return Locale.parse(code).get_language_name(in_language)


def ltr(text) -> Markup:
    """A left-to-right run (symbol, date, URL) isolated so it keeps its order in Arabic."""
    return Markup('<bdi dir="ltr" class="ltr">\u2066%s\u2069</bdi>') % (text,)


_FOOTNOTE_REF = re.compile(
    r'<sup class="footnote-ref"><a href="#(?P<prefix>[A-Za-z0-9_-]+)-(?P<n>\d+)"[^>]*>'
    r'\d+</a></sup>')


_LINK = re.compile(r"<a [^>]*>.*?</a>", re.S)


def isolate_links(html: str) -> str:
    """Wrap each link in U+2066/U+2069 so a URL keeps its order inside Arabic text."""
    return _LINK.sub(lambda match: f"\u2066{match.group(0)}\u2069", html)


def isolate(text) -> Markup:
    """A run in another language, isolated (U+2068 first-strong ... U+2069) inside a line."""
    return Markup("\u2068%s\u2069") % (text,)


def place_footnotes(doc: StatementDoc, *, lang: str | None = None,
                    direction: str | None = None) -> tuple[list, list]:
    """Paragraph HTML with each footnote set at its first reference (CSS page footnotes).

    Returns (sections as [(title_html, [(number, html)])], notes never referenced). Later
    references to the same note repeat its number as a plain superscript. ``lang`` and
    ``direction`` mark notes of a text in another language than the document's.
    """
    marks = (f' lang="{lang}"' if lang else "") + (f' dir="{direction}"' if direction else "")
    notes = {note.number: note.html for note in doc.footnotes}
    placed: set[int] = set()

    def replace(match):
        number = int(match["n"])
        if number in placed or number not in notes:
            return f'<sup class="footnote-again">{number}</sup>'
        placed.add(number)
        return f'<span class="footnote"{marks}>{isolate_links(notes[number])}</span>'

    sections = [
        (section.title_html,
         [(para.number, Markup(isolate_links(_FOOTNOTE_REF.sub(replace, para.html))))
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


def stylesheet(language: str) -> str:
    stack = ", ".join(f'"{name}"' for name in font_stack(language))
    headings = ", ".join(f'"{name}"' for name in heading_stack(language))
    return render_template("records/pdf/document.css", language=language, body_fonts=stack,
                           heading_fonts=headings, rtl=text_direction(language) == "rtl")


def render_html(template: str, language: str, masthead: Masthead, **context) -> str:
    """The edition's HTML, every label in ``language`` (gettext and Babel forced to it)."""
    with force_locale(language):
        return render_template(
            template, language=language, lang=html_lang(language),
            dir=text_direction(language), m=masthead, ltr=ltr,
            isolate=isolate, date_text=un_date(masthead.published_on, language),
            original_name=language_name(masthead.original_language, language),
            job_text=job_line(masthead.job_number, language, masthead.published_on),
            barcode_uri=svg_data_uri(barcode_svg(masthead.job_number)),
            qr_uri=svg_data_uri(qr_svg(masthead.record_url)),
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
    return document.write_pdf(**PDF_OPTIONS), len(document.pages)


def html_to_pdf(html: str, *, assets: dict | None = None) -> bytes:
    return html_to_pdf_with_pages(html, assets=assets)[0]


def render(template: str, language: str, masthead: Masthead, *, assets=None,
           **context) -> Pdf:
    check_fonts(language)
    html = render_html(template, language, masthead, **context)
    return Pdf(html_to_pdf(html, assets=assets), dependency_key(html, language), html)
