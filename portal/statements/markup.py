"""The small formatting syntax of statements: a safe Markdown subset.

Supported: paragraphs, **bold**, *italic*, bullet (and numbered) lists, headings (`## `) for
sections, http/https links, footnote references `[^1]` with definitions `[^1]: text` on a
line of their own (indented lines continue a definition). Everything else is shown as
typed: raw HTML is escaped, links to other schemes (javascript:, data:, mailto:) stay
plain text. The HTML is also passed through nh3 with an allow-list, as a second lock.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import nh3
from markdown_it import MarkdownIt
from markdown_it.token import Token

_md = MarkdownIt("zero", {"html": False}).enable(
    ["heading", "list", "emphasis", "link", "autolink", "escape", "newline"]
)
_md.validateLink = lambda url: re.match(r"(?i)https?://", url.strip()) is not None

_ALLOWED_TAGS = {"p", "br", "strong", "em", "ul", "ol", "li", "h2", "h3", "a", "sup", "section"}
_ALLOWED_ATTRIBUTES = {
    "a": {"href", "id"},
    "ol": {"start"},
    "li": {"id"},
    "sup": {"class"},
    "section": {"class"},
}
_LABEL = r"[A-Za-z0-9_-]{1,32}"
_DEFINITION = re.compile(rf"^\[\^({_LABEL})\]:[ \t]*(.*)$")
_REFERENCE = re.compile(rf"\[\^({_LABEL})\]")


def _clean(html: str) -> str:
    return nh3.clean(
        html,
        tags=_ALLOWED_TAGS,
        attributes=_ALLOWED_ATTRIBUTES,
        link_rel="nofollow noopener",
        url_schemes={"http", "https"},
    )


@dataclass(frozen=True)
class Paragraph:
    number: int
    html: str  # "<p>…</p>", followed by the list that belongs to it, if any


@dataclass(frozen=True)
class Section:
    title_html: str | None  # None for the paragraphs before the first heading
    paragraphs: tuple[Paragraph, ...]


@dataclass(frozen=True)
class Footnote:
    number: int
    label: str  # as the author wrote it: "1" in [^1]
    html: str  # inline HTML, no <p>


@dataclass(frozen=True)
class StatementDoc:
    sections: tuple[Section, ...]
    footnotes: tuple[Footnote, ...]


def _split_definitions(text: str) -> tuple[str, dict[str, str]]:
    """Take the footnote definitions out of the text; the first definition of a label wins."""
    body: list[str] = []
    definitions: dict[str, list[str]] = {}
    current: list[str] | None = None
    for line in text.splitlines():
        match = _DEFINITION.match(line)
        if match:
            current = [] if match[1] in definitions else definitions.setdefault(match[1], [])
            current.append(match[2])
        elif current is not None and line[:1] in (" ", "\t") and line.strip():
            current.append(line.strip())
        else:
            current = None
            body.append(line)
    return "\n".join(body), {label: " ".join(lines) for label, lines in definitions.items()}


class _Footnotes:
    """Numbers footnotes in the order of their first reference, across the whole text."""

    def __init__(self, definitions: dict[str, str], id_prefix: str) -> None:
        self.definitions = definitions
        self.id_prefix = id_prefix
        self.numbers: dict[str, int] = {}

    def reference_html(self, label: str) -> str:
        first = label not in self.numbers
        number = self.numbers.setdefault(label, len(self.numbers) + 1)
        anchor_id = f' id="{self.id_prefix}ref-{number}"' if first else ""
        return (f'<sup class="footnote-ref"><a href="#{self.id_prefix}-{number}"{anchor_id}>'
                f"{number}</a></sup>")

    def link_references(self, tokens: list[Token]) -> None:
        """Turn `[^label]` in text tokens into reference marks; unknown labels stay as typed."""
        for token in tokens:
            if token.type == "inline" and token.children:
                token.children = [piece for child in token.children for piece in self._split(child)]

    def _split(self, child: Token) -> list[Token]:
        if child.type != "text":
            return [child]
        pieces, last = [], 0
        for match in _REFERENCE.finditer(child.content):
            if match[1] in self.definitions:
                pieces.append(_token("text", child.content[last:match.start()]))
                pieces.append(_token("html_inline", self.reference_html(match[1])))
                last = match.end()
        return [*pieces, _token("text", child.content[last:])] if pieces else [child]

    def collected(self) -> tuple[Footnote, ...]:
        # Definitions never referenced follow the referenced ones, so no text is lost.
        for label in self.definitions:
            self.numbers.setdefault(label, len(self.numbers) + 1)
        return tuple(
            Footnote(number, label, _clean(_md.renderInline(self.definitions[label])))
            for label, number in sorted(self.numbers.items(), key=lambda item: item[1])
        )


def _token(kind: str, content: str) -> Token:
    return Token(kind, "", 0, content=content)


def _parse(text: str, id_prefix: str) -> tuple[list[Token], _Footnotes]:
    body, definitions = _split_definitions(text)
    footnotes = _Footnotes(definitions, id_prefix)
    tokens = _md.parse(body)
    footnotes.link_references(tokens)
    return tokens, footnotes


def _footnotes_html(footnotes: tuple[Footnote, ...], id_prefix: str) -> str:
    items = "".join(f'<li id="{id_prefix}-{note.number}">{note.html}</li>' for note in footnotes)
    return f'<section class="footnotes"><ol>{items}</ol></section>' if footnotes else ""


def render(text: str, *, id_prefix: str = "fn") -> str:
    """Statement text -> safe HTML, footnotes listed at the end.

    `id_prefix` keeps footnote ids unique when several statements share a page.
    """
    tokens, footnotes = _parse(text, id_prefix)
    html = _md.renderer.render(tokens, _md.options, {})
    return _clean(html + _footnotes_html(footnotes.collected(), id_prefix))


def _blocks(tokens: list[Token]) -> list[list[Token]]:
    """Split the token stream into top-level blocks (a heading, a paragraph, a list)."""
    blocks: list[list[Token]] = []
    for token in tokens:
        if token.level == 0 and token.nesting == 1:
            blocks.append([])
        blocks[-1].append(token)
    return blocks


def parse_statement(text: str, *, id_prefix: str = "fn") -> StatementDoc:
    """Statement text -> sections of numbered paragraphs, for web and PDF templates.

    As in UN documents, paragraph numbers run on across sections. A list belongs to the
    paragraph before it (a paragraph introducing "(a) … (b) …"); a list with no paragraph
    before it in its section is a numbered paragraph of its own.
    """
    tokens, footnotes = _parse(text, id_prefix)
    sections: list[tuple[str | None, list[Paragraph]]] = [(None, [])]
    number = 0
    for block in _blocks(tokens):
        html = _clean(_md.renderer.render(block, _md.options, {})).strip()
        kind = block[0].type
        paragraphs = sections[-1][1]
        if kind == "heading_open":
            sections.append((_clean(_md.renderer.render(block[1:2], _md.options, {})), []))
        elif kind in ("bullet_list_open", "ordered_list_open") and paragraphs:
            last = paragraphs[-1]
            paragraphs[-1] = Paragraph(last.number, f"{last.html}\n{html}")
        else:
            number += 1
            paragraphs.append(Paragraph(number, html))
    return StatementDoc(
        sections=tuple(Section(title, tuple(paras)) for title, paras in sections
                       if title is not None or paras),
        footnotes=footnotes.collected(),
    )
