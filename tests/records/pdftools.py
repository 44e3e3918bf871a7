"""Reading rendered PDFs back with poppler (pdftotext, pdffonts, pdfinfo) and pypdf."""
import re
import subprocess
from pathlib import Path

import pikepdf

from portal.records import storage


def pdf_path(edition) -> Path:
    return storage.path_for(edition.file.sha256)


def text(path, first=None, last=None) -> str:
    args = ["pdftotext", "-enc", "UTF-8"]
    if first:
        args += ["-f", str(first), "-l", str(last or first)]
    out = subprocess.run([*args, str(path), "-"], capture_output=True, check=True).stdout
    return out.decode("utf-8")


def flat(value: str) -> str:
    """Whitespace and bidi marks removed, so a phrase broken over lines still matches."""
    return re.sub(r"[\s\u200e\u200f\u202a-\u202e\u2066-\u2069]+", "", value)


def pages(path) -> int:
    info = subprocess.run(["pdfinfo", str(path)], capture_output=True, text=True,
                          check=True).stdout
    return int(re.search(r"^Pages:\s+(\d+)", info, re.M).group(1))


def fonts(path) -> list[dict]:
    out = subprocess.run(["pdffonts", str(path)], capture_output=True, text=True,
                         check=True).stdout.splitlines()[2:]
    rows = []
    for line in out:
        # name type... emb sub uni object ID: the flags are the 5th to 3rd from the end.
        parts = line.split()
        rows.append({"name": parts[0], "embedded": parts[-5] == "yes",
                     "subset": parts[-4] == "yes"})
    return rows




def _shown_strings(operands, operator):
    if operator == "TJ":
        return [bytes(item) for item in operands[0] if isinstance(item, pikepdf.String)]
    return [bytes(operands[-1])]


_CID_CHAR = re.compile(rb"<([0-9a-fA-F]+)>\s+(\d+)")
_CID_RANGE = re.compile(rb"<([0-9a-fA-F]+)>\s*<([0-9a-fA-F]+)>\s+(\d+)")


def _notdef_codes(font) -> set[bytes]:
    """The two-byte codes of a Type0 font that draw glyph 0 (CIDToGIDMap is Identity)."""
    if font.Encoding == "/Identity-H":
        return {b"\0\0"}
    cmap = font.Encoding.read_bytes()
    codes = set()
    for block in re.findall(rb"begincidchar(.*?)endcidchar", cmap, re.S):
        codes |= {bytes.fromhex(code.decode()) for code, cid in _CID_CHAR.findall(block)
                  if int(cid) == 0}
    for block in re.findall(rb"begincidrange(.*?)endcidrange", cmap, re.S):
        codes |= {bytes.fromhex(low.decode()) for low, _high, cid in _CID_RANGE.findall(block)
                  if int(cid) == 0}
    return codes


def notdef_glyphs(path) -> list[tuple[int, str]]:
    """(page, font) of every glyph 0 (.notdef: an empty box) drawn on the pages.

    WeasyPrint writes text with Type0 fonts, two-byte codes mapped to glyph ids by the
    font's encoding CMap: a shown code that maps to glyph 0 prints as an empty box.
    """
    found = []
    with pikepdf.open(path) as document:
        for number, page in enumerate(document.pages, start=1):
            fonts = page.Resources.get("/Font", {})
            notdef: set[bytes] = set()
            for operands, operator in pikepdf.parse_content_stream(page):
                operator = str(operator)
                if operator == "Tf":
                    font = fonts[operands[0]]
                    notdef = _notdef_codes(font) if font.Subtype == "/Type0" else set()
                elif operator in ("Tj", "TJ", "'", '"') and notdef:
                    for raw in _shown_strings(operands, operator):
                        if {raw[i:i + 2] for i in range(0, len(raw), 2)} & notdef:
                            found.append((number, str(font.BaseFont)))
    return found


_PAGE = re.compile(r'<page width="([\d.]+)" height="([\d.]+)">(.*?)</page>', re.S)
_WORD = re.compile(r'<word xMin="([\d.-]+)" yMin="([\d.-]+)" xMax="([\d.-]+)" '
                   r'yMax="([\d.-]+)">(.*?)</word>')


def word_boxes(path) -> list[dict]:
    """Each page's size and its words with their boxes in points (pdftotext -bbox)."""
    import html

    # The head repeats the document's metadata, not always valid UTF-8: only words count.
    out = subprocess.run(["pdftotext", "-bbox", "-enc", "UTF-8", str(path), "-"],
                         capture_output=True, check=True).stdout.decode("utf-8", "replace")
    return [{"width": float(width), "height": float(height),
             "words": [(html.unescape(word), *map(float, box))
                       for *box, word in _WORD.findall(body)]}
            for width, height, body in _PAGE.findall(out)]


def page_image(path, page: int, dpi: int):
    """One page as a greyscale Pillow image (pdftoppm writes PGM to its standard output)."""
    import io

    from PIL import Image

    pgm = subprocess.run(["pdftoppm", "-r", str(dpi), "-gray", "-singlefile",
                          "-f", str(page), "-l", str(page), str(path)],
                         capture_output=True, check=True).stdout
    return Image.open(io.BytesIO(pgm))
