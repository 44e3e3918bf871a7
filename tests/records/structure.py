"""A tagged PDF's structure read back (PDF/UA-1 checks that can run here, without veraPDF).

pikepdf walks the structure tree from StructTreeRoot; pypdf gives the text of each marked
content sequence of each page (by MCID), of the artifacts, and of what is marked as neither.
"""
from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

import pikepdf
from pypdf import PdfReader

# Operators that put something on the page (text, paths, images and forms).
PAINTING = {"Tj", "TJ", "'", '"', "f", "f*", "F", "S", "s", "B", "B*", "b", "b*", "Do", "sh"}


@dataclass
class Element:
    role: str
    lang: str | None  # its own or inherited
    alt: str | None
    id: str | None
    content: list = field(default_factory=list)  # (page index, MCID)
    children: list = field(default_factory=list)
    text: str = ""

    def walk(self):
        yield self
        for child in self.children:
            yield from child.walk()

    def all_text(self) -> str:
        return self.text + "".join(child.all_text() for child in self.children)


@dataclass
class Structure:
    lang: str | None
    title: str | None
    xmp: dict  # the XMP metadata (dc:title, pdfuaid:part, ...)
    root: Element
    marked: dict  # (page index, MCID) -> text
    artifact_text: dict  # page index -> text
    unmarked: list  # (page index, operator) painted outside any marked content

    def reachable(self) -> set:
        return {key for element in self.root.walk() for key in element.content}

    def elements(self, role: str) -> list[Element]:
        return [element for element in self.root.walk() if element.role == role]


def _kids(node) -> list:
    kids = node.get("/K")
    if kids is None:
        return []
    return list(kids) if isinstance(kids, pikepdf.Array) else [kids]


def _element(node, page_of: dict, page, lang) -> Element:
    page = node.get("/Pg", page)
    lang = str(node["/Lang"]) if "/Lang" in node else lang
    element = Element(str(node.get("/S")), lang,
                      str(node["/Alt"]) if "/Alt" in node else None,
                      str(node["/ID"]) if "/ID" in node else None)
    for kid in _kids(node):
        if isinstance(kid, int):
            element.content.append((page_of[page.objgen], int(kid)))
        elif isinstance(kid, pikepdf.Dictionary) and kid.get("/Type") == "/MCR":
            element.content.append((page_of[kid.get("/Pg", page).objgen], int(kid.MCID)))
        elif isinstance(kid, pikepdf.Dictionary) and kid.get("/Type") != "/OBJR":
            element.children.append(_element(kid, page_of, page, lang))
    return element


def _page_text(page, index: int, marked: dict, artifacts: dict) -> None:
    stack = []

    def before(operator, args, *_matrices):
        if operator in (b"BDC", b"BMC"):
            properties = args[1] if operator == b"BDC" else {}
            stack.append("artifact" if args[0] == "/Artifact" else properties.get("/MCID"))
        elif operator == b"EMC":
            stack.pop()

    def text(value, *_state):
        where = stack[-1] if stack else None
        if where == "artifact":
            artifacts[index] += value
        elif where is not None:
            marked[index, where] = marked.get((index, where), "") + value

    page.extract_text(visitor_operand_before=before, visitor_text=text)


def _marked_text(reader: PdfReader):
    marked, artifacts = {}, defaultdict(str)
    for index, page in enumerate(reader.pages):
        _page_text(page, index, marked, artifacts)
    return marked, dict(artifacts)


def _unmarked(pdf: pikepdf.Pdf) -> list:
    found = []
    for index, page in enumerate(pdf.pages):
        depth = 0
        for _operands, operator in pikepdf.parse_content_stream(page):
            name = str(operator)
            if name in ("BDC", "BMC"):
                depth += 1
            elif name == "EMC":
                depth -= 1
            elif name in PAINTING and depth == 0:
                found.append((index, name))
    return found


def _fill_text(element: Element, marked: dict) -> None:
    element.text = "".join(marked.get(key, "") for key in element.content)
    for child in element.children:
        _fill_text(child, marked)


def read(path) -> Structure:
    with pikepdf.open(path) as pdf:
        page_of = {page.obj.objgen: index for index, page in enumerate(pdf.pages)}
        catalog = pdf.Root
        lang = str(catalog["/Lang"]) if "/Lang" in catalog else None
        root = Element("StructTreeRoot", lang, None, None)
        for kid in _kids(catalog.StructTreeRoot):
            root.children.append(_element(kid, page_of, None, lang))
        title = str(pdf.docinfo["/Title"]) if "/Title" in pdf.docinfo else None
        xmp = dict(pdf.open_metadata())
        unmarked = _unmarked(pdf)
    marked, artifacts = _marked_text(PdfReader(path))
    _fill_text(root, marked)
    return Structure(lang, title, xmp, root, marked, artifacts, unmarked)
