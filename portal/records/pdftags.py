"""PDF/UA-1 structure that WeasyPrint 70's tagging leaves out (issue 9).

WeasyPrint tags each box by its HTML element name while it writes the PDF, and that is the
only moment a box (with its HTML element) and its structure element meet. What is added
there, by wrapping its tree builder (``weasyprint.pdf.tags``):

- ``/Lang`` on an element whose ``lang`` differs from its parent's: a passage in another
  language (a French statement in the Arabic compilation) is read with its own voice;
- ``/Note`` for an element with ``role="note"`` (footnotes, the agenda footnote), not Span;
- an image with an empty alt (the configured logo) is decoration: a Layout artifact, not a
  Figure without alternative text;
- page-margin content: WeasyPrint keeps it out of the tree. On the first page the margin
  holds the document's own footer (agenda footnote, job number, barcode and QR code with
  their alternative text), which joins the tree; on the other pages it holds running heads,
  page numbers and the job number repeated, which become Pagination artifacts.

Checked by tests/records/test_pdf_structure.py, which walks each edition's tree with pikepdf.
"""
from __future__ import annotations

from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, field

import pydyf
from weasyprint.formatting_structure import boxes
from weasyprint.pdf import tags as weasy_tags

_build_box_tree = weasy_tags._build_box_tree
_add_tags = weasy_tags.add_tags
NULL = b"null"
_ACTIVE = ContextVar("portal_pdf_tags", default=False)


@dataclass
class _Tagging:
    """What one PDF's tagging keeps between calls (stored on WeasyPrint's pydyf.PDF)."""

    document_lang: str | None
    langs: dict = field(default_factory=dict)  # id(structure element) -> its language
    artifacts: dict = field(default_factory=dict)  # page index -> {MCID: artifact type}
    notes: int = 0

    def as_artifacts(self, page_number: int, mcids, nums: dict, kind: str) -> None:
        """These MCIDs leave the parent tree; their content becomes artifacts of this kind."""
        for mcid in mcids:
            nums[mcid] = NULL
            self.artifacts.setdefault(page_number, {})[mcid] = kind


def _state(pdf) -> _Tagging | None:
    return getattr(pdf, "portal_tagging", None)


def _describe(struct: pydyf.Dictionary, box, parent: pydyf.Dictionary, state: _Tagging):
    """Lang and Note from the box's own HTML element (not from a pseudo-element's)."""
    inherited = state.langs.get(id(parent), state.document_lang)
    element = box.element
    if element is None or box.element_tag != element.tag:
        state.langs[id(struct)] = inherited
        return
    own = element.get("lang")
    if own and own != inherited:
        struct["Lang"] = pydyf.String(own)
    state.langs[id(struct)] = own or inherited
    if element.get("role") == "note" and parent.get("S") != "/Note":
        # PDF/UA-1 wants every Note to carry an ID of its own.
        state.notes += 1
        struct["S"], struct["ID"] = "/Note", pydyf.String(f"note-{state.notes}")


def _margin_box(box, parent, pdf, page_number, nums, annotations, tags):
    if page_number == 0:
        # The first page's footer is the document's own content: into the tree.
        for child in box.children:
            yield from _tagged_box_tree(child, parent, pdf, page_number, nums, annotations,
                                        tags)
        return
    # WeasyPrint builds these elements unattached; their content becomes an artifact.
    before = set(nums)
    tuple(_build_box_tree(box, parent, pdf, page_number, nums, annotations, tags))
    _state(pdf).as_artifacts(page_number, set(nums) - before, nums, "/Pagination")


def _decorative(box) -> bool:
    """An image with an empty alt (the configured logo): decoration, not a Figure."""
    element = box.element
    return element is not None and box.element_tag == "img" and element.get("alt") == ""


def _tagged_box_tree(box, parent, pdf, page_number, nums, annotations, tags):
    state = _state(pdf)
    if state is None:  # a PDF written outside the portal's renders: WeasyPrint's own tags
        yield from _build_box_tree(box, parent, pdf, page_number, nums, annotations, tags)
        return
    if isinstance(box, boxes.MarginBox):
        yield from _margin_box(box, parent, pdf, page_number, nums, annotations, tags)
        return
    if _decorative(box) and box in tags:  # its one marked sequence, as WeasyPrint drew it
        state.as_artifacts(page_number, {tags.pop(box)["mcid"]}, nums, "/Layout")
        return
    for struct in _build_box_tree(box, parent, pdf, page_number, nums, annotations, tags):
        # Elements of html, body and page boxes come from their children's calls.
        if id(struct) not in state.langs:
            _describe(struct, box, parent, state)
        yield struct


def _as_artifacts(stream: pydyf.Stream, kinds: dict[int, str]) -> None:
    """``/Span <</MCID n>> BDC`` -> ``/Artifact <</Type /Pagination>> BDC`` for these ids."""
    items = stream.stream
    for index, item in enumerate(items):
        if isinstance(item, pydyf.Dictionary) and item.get("MCID") in kinds \
                and items[index + 1] == b"BDC":
            items[index - 1] = "/Artifact"
            items[index] = pydyf.Dictionary({"Type": kinds[item["MCID"]]})


def _add_tags_with_artifacts(pdf, document, pdf_version, page_streams):
    if not _ACTIVE.get():
        return _add_tags(pdf, document, pdf_version, page_streams)
    pdf.portal_tagging = _Tagging(document.metadata.lang)
    _add_tags(pdf, document, pdf_version, page_streams)
    for page_number, kinds in pdf.portal_tagging.artifacts.items():
        _as_artifacts(page_streams[page_number], kinds)


@contextmanager
def describing():
    """The additions apply to PDFs written inside this block (the portal's renders only:
    bare WeasyPrint, as the benchmark runs it, keeps its own tags; safe across threads)."""
    token = _ACTIVE.set(True)
    try:
        yield
    finally:
        _ACTIVE.reset(token)


def install() -> None:
    """Route WeasyPrint's tagging through the additions above (idempotent)."""
    weasy_tags._build_box_tree = _tagged_box_tree
    import weasyprint.pdf as weasy_pdf

    weasy_pdf.add_tags = _add_tags_with_artifacts
