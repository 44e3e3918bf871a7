"""Server-rendered SVG bar charts for balance reports (web pages and WeasyPrint PDFs).

The SVG is returned as a string to be inlined in HTML. It needs no script, font file or
external URL. The chart is one image to assistive technology (role="img" named by its
<title>); the caller puts the same numbers in a visually hidden table next to it.
"""

from __future__ import annotations

import hashlib
import math
import unicodedata
from fractions import Fraction
from html import escape

WIDTH = 480
ROW_HEIGHT = 28
BAR_HEIGHT = 18
PAD = 8
LABEL_WIDTH = 150  # room for "Latin America and Caribbean" at 12px
MAX_LABEL_WIDTH = 264  # longer labels ("Латинская Америка и Карибский бассейн") take plot room
VALUE_WIDTH = 80  # room for "1234 (100.0%)" after the longest bar
FONT_SIZE = 12
# Average advance of a glyph, in em, with some margin: Latin, Cyrillic and Arabic faces of the
# font stack stay below 0.55; Chinese characters are one em wide.
NARROW_EM, WIDE_EM = 0.55, 1.0
DEFAULT_FONT = "'Liberation Sans', Arial, 'Noto Sans', 'Amiri', 'WenQuanYi Micro Hei', sans-serif"

BAR_COLOUR = "#1f5f99"
OVER_COLOUR = "#b3261e"  # a bar above the maximum; the dashed line says the same without colour
TEXT_COLOUR = "#1a1a1a"


def _share(count: int, total: int) -> Fraction:
    return Fraction(count, total) if total else Fraction(0)


def _default_value_label(count: int, share: Fraction) -> str:
    return f"{count} ({round(share * 1000) / 10}%)"


def _chart_id(title: str, rows: list[tuple[str, int]]) -> str:
    # Derived from the content so that the output is deterministic and two different charts
    # on one page get different ids.
    digest = hashlib.sha1(repr((title, rows)).encode("utf-8")).hexdigest()
    return f"chart-{digest[:10]}"


def text_width(text: str) -> float:
    """A generous estimate of the width of `text` at FONT_SIZE, in px."""
    ems = sum(WIDE_EM if unicodedata.east_asian_width(char) in "WF" else NARROW_EM
              for char in text)
    return ems * FONT_SIZE


def label_width(labels: list[str]) -> float:
    """The label column: wide enough for the longest label, within bounds."""
    longest = max((text_width(label) for label in labels), default=0)
    return min(MAX_LABEL_WIDTH, max(LABEL_WIDTH, math.ceil(longest) + 8))


def plot_width(labels_width: float) -> float:
    return WIDTH - 2 * PAD - labels_width - VALUE_WIDTH


def _axis(rtl: bool, labels_width: float = LABEL_WIDTH) -> float:
    """x of the line the bars start from: right of the labels, or left of them in RTL."""
    return WIDTH - PAD - labels_width if rtl else PAD + labels_width


def _along_bars(distance: float, rtl: bool, labels_width: float = LABEL_WIDTH) -> float:
    """x at `distance` from the axis in the direction the bars grow."""
    axis = _axis(rtl, labels_width)
    return axis - distance if rtl else axis + distance


def _text(x: float, y: float, anchor: str, content: str, direction: str) -> str:
    # Each text names its direction: browsers would otherwise inherit the page's, and the
    # anchor's meaning ("end" is the left edge in RTL) follows it in browsers and WeasyPrint.
    return (f'<text x="{x:g}" y="{y:g}" text-anchor="{anchor}" direction="{direction}">'
            f"{escape(content)}</text>")


def _row_svg(index: int, label: str, value: str, width: float, over: bool, rtl: bool,
             labels_width: float) -> str:
    top = PAD + index * ROW_HEIGHT
    baseline = top + BAR_HEIGHT / 2 + FONT_SIZE * 0.35
    bar_x = min(_axis(rtl, labels_width), _along_bars(width, rtl, labels_width))
    label_x = _along_bars(-6, rtl, labels_width)
    value_x = _along_bars(width + 4, rtl, labels_width)
    direction = "rtl" if rtl else "ltr"
    # Labels end next to the axis; values start after the bar's end, in either direction.
    css_class = "bar over" if over else "bar"
    fill = OVER_COLOUR if over else BAR_COLOUR
    return (
        f'<g class="row">{_text(label_x, baseline, "end", label, direction)}'
        f'<rect class="{css_class}" x="{bar_x:g}" y="{top:g}" width="{width:g}" '
        f'height="{BAR_HEIGHT}" fill="{fill}"/>'
        f'{_text(value_x, baseline, "start", value, direction)}</g>'
    )


def _limit_svg(max_share: Fraction, height: int, rtl: bool, labels_width: float) -> str:
    x = _along_bars(float(max_share) * plot_width(labels_width), rtl, labels_width)
    return (
        f'<line class="limit" x1="{x:g}" y1="{PAD / 2:g}" x2="{x:g}" y2="{height - PAD / 2:g}" '
        f'stroke="{TEXT_COLOUR}" stroke-width="1.5" stroke-dasharray="4 3"/>'
    )


def bar_chart_svg(
    rows: list[tuple[str, int]],
    title: str,
    *,
    rtl: bool = False,
    max_share: Fraction | None = None,
    value_labels: list[str] | None = None,
    font_family: str = DEFAULT_FONT,
    chart_id: str | None = None,
) -> str:
    """A horizontal bar chart of `rows` (label, count); each bar's length is its share.

    - Labels and `title` are shown as text, escaped; the caller has already translated them.
    - `max_share` (e.g. Fraction(2, 5)) draws a dashed limit line; bars above it are marked
      class "bar over" and drawn in another colour.
    - `value_labels` replaces the default "count (share%)" text next to each bar, for
      locale-formatted numbers; one per row.
    - `rtl` mirrors the layout: labels on the right, bars growing to the left.
    - The label column widens (taking room from the bars) for long labels, up to a bound.
    - `chart_id` overrides the id that ties aria-labelledby to <title>.
    A zero total draws empty bars. The same arguments always give the same string.
    """
    if any(count < 0 for _, count in rows):
        raise ValueError("counts must not be negative")
    if value_labels is not None and len(value_labels) != len(rows):
        raise ValueError("one value label per row")
    total = sum(count for _, count in rows)
    shares = [_share(count, total) for _, count in rows]
    if value_labels is None:
        value_labels = [_default_value_label(count, share)
                        for (_, count), share in zip(rows, shares, strict=True)]
    height = 2 * PAD + max(len(rows), 1) * ROW_HEIGHT
    title_id = f"{chart_id or _chart_id(title, rows)}-title"
    labels_width = label_width([label for label, _ in rows])
    body = [
        _row_svg(i, label, value, float(share) * plot_width(labels_width),
                 max_share is not None and share > max_share, rtl, labels_width)
        for i, ((label, _), value, share) in enumerate(zip(rows, value_labels, shares, strict=True))
    ]
    if max_share is not None:
        body.append(_limit_svg(Fraction(max_share), height, rtl, labels_width))
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" role="img" aria-labelledby="{escape(title_id)}" '
        f'width="{WIDTH}" height="{height}" viewBox="0 0 {WIDTH} {height}" '
        f'font-family="{escape(font_family)}" font-size="{FONT_SIZE}" fill="{TEXT_COLOUR}">'
        f'<title id="{escape(title_id)}">{escape(title)}</title>'
        + "".join(body)
        + "</svg>"
    )
