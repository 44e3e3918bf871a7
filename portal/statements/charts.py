"""Server-rendered SVG bar charts for balance reports (web pages and WeasyPrint PDFs).

The SVG is returned as a string to be inlined in HTML. It needs no script, font file or
external URL. The chart is one image to assistive technology (role="img" named by its
<title>); the caller puts the same numbers in a visually hidden table next to it.
"""

from __future__ import annotations

import hashlib
from fractions import Fraction
from html import escape

WIDTH = 480
ROW_HEIGHT = 28
BAR_HEIGHT = 18
PAD = 8
LABEL_WIDTH = 150  # room for "Latin America and Caribbean" at 12px
VALUE_WIDTH = 80  # room for "1234 (100.0%)" after the longest bar
PLOT_WIDTH = WIDTH - 2 * PAD - LABEL_WIDTH - VALUE_WIDTH
FONT_SIZE = 12
DEFAULT_FONT = "'Liberation Sans', Arial, 'Noto Sans', 'Amiri', 'WenQuanYi Micro Hei', sans-serif"

LINE_HEIGHT = 14  # a label longer than its column wraps onto lines this far apart
LEGEND_HEIGHT = 22

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


def _axis(rtl: bool) -> float:
    """x of the line the bars start from: right of the labels, or left of them in RTL."""
    return WIDTH - PAD - LABEL_WIDTH if rtl else PAD + LABEL_WIDTH


def _along_bars(distance: float, rtl: bool) -> float:
    """x at `distance` from the axis in the direction the bars grow."""
    return _axis(rtl) - distance if rtl else _axis(rtl) + distance


def _text(x: float, y: float, anchor: str, content: str, direction: str) -> str:
    # Each text names its direction: browsers would otherwise inherit the page's, and the
    # anchor's meaning ("end" is the left edge in RTL) follows it in browsers and WeasyPrint.
    return (f'<text x="{x:g}" y="{y:g}" text-anchor="{anchor}" direction="{direction}">'
            f"{escape(content)}</text>")


def _estimated_width(text: str) -> float:
    # Ideographs take a full em; other scripts about 0.6 em at most on average.
    return sum(FONT_SIZE if ord(char) >= 0x2E80 else FONT_SIZE * 0.6 for char in text)


def label_lines(label: str, width: float = LABEL_WIDTH - 10) -> list[str]:
    """The label on as many lines as it needs to fit `width`, broken between words.

    Region names are the same in the chart and in its table, so "Latin American and
    Caribbean States" takes two lines rather than a shorter name than the table's.
    """
    lines: list[str] = []
    for word in label.split(" "):
        if lines and _estimated_width(f"{lines[-1]} {word}") <= width:
            lines[-1] = f"{lines[-1]} {word}"
        else:
            lines.append(word)
    return lines or [""]


def _label_svg(x: float, baseline: float, label: str, direction: str) -> str:
    # Labels end next to the axis, whichever side it is on.
    lines = label_lines(label)
    if len(lines) == 1:
        return _text(x, baseline, "end", label, direction)
    first = baseline - (len(lines) - 1) * LINE_HEIGHT / 2
    spans = "".join(f'<tspan x="{x:g}" y="{first + i * LINE_HEIGHT:g}">{escape(line)}</tspan>'
                    for i, line in enumerate(lines))
    return (f'<text x="{x:g}" y="{first:g}" text-anchor="end" direction="{direction}">'
            f"{spans}</text>")


def _row_height(rows: list[tuple[str, int]]) -> float:
    lines = max((len(label_lines(label)) for label, _ in rows), default=1)
    return max(ROW_HEIGHT, lines * LINE_HEIGHT + ROW_HEIGHT - BAR_HEIGHT)


def _row_svg(index: int, label: str, value: str, width: float, over: bool, rtl: bool,
             row_height: float = ROW_HEIGHT) -> str:
    top = PAD + index * row_height + (row_height - ROW_HEIGHT) / 2
    baseline = top + BAR_HEIGHT / 2 + FONT_SIZE * 0.35
    bar_x = min(_axis(rtl), _along_bars(width, rtl))
    label_x = _along_bars(-6, rtl)
    value_x = _along_bars(width + 4, rtl)
    direction = "rtl" if rtl else "ltr"
    css_class = "bar over" if over else "bar"
    fill = OVER_COLOUR if over else BAR_COLOUR
    return (
        f'<g class="row">{_label_svg(label_x, baseline, label, direction)}'
        f'<rect class="{css_class}" x="{bar_x:g}" y="{top:g}" width="{width:g}" '
        f'height="{BAR_HEIGHT}" fill="{fill}"/>'
        f'{_text(value_x, baseline, "start", value, direction)}</g>'
    )


def _legend_svg(legend: str, top: float, rtl: bool) -> str:
    """A dashed sample and the words saying what the limit line is."""
    middle = top + LEGEND_HEIGHT / 2
    start = _along_bars(0, rtl)
    end = _along_bars(24, rtl)
    text_x = _along_bars(30, rtl)
    direction = "rtl" if rtl else "ltr"
    return (
        f'<g class="legend"><path d="M{start:g} {middle:g} H{end:g}" stroke="{TEXT_COLOUR}" '
        f'stroke-width="1.5" stroke-dasharray="4 3"/>'
        f'{_text(text_x, middle + FONT_SIZE * 0.35, "start", legend, direction)}</g>'
    )


def _limit_svg(max_share: Fraction, height: int, rtl: bool) -> str:
    x = _along_bars(float(max_share) * PLOT_WIDTH, rtl)
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
    legend: str | None = None,
) -> str:
    """A horizontal bar chart of `rows` (label, count); each bar's length is its share.

    - Labels and `title` are shown as text, escaped; the caller has already translated them.
    - `max_share` (e.g. Fraction(2, 5)) draws a dashed limit line; bars above it are marked
      class "bar over" and drawn in another colour.
    - `value_labels` replaces the default "count (share%)" text next to each bar, for
      locale-formatted numbers; one per row.
    - `rtl` mirrors the layout: labels on the right, bars growing to the left.
    - `chart_id` overrides the id that ties aria-labelledby to <title>.
    - `legend` (with `max_share`) writes under the bars what the dashed line means.
    - A label too long for its column wraps onto more lines; every row grows alike.
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
    row_height = _row_height(rows)
    plot_height = 2 * PAD + max(len(rows), 1) * row_height
    with_legend = legend is not None and max_share is not None
    height = plot_height + (LEGEND_HEIGHT if with_legend else 0)
    title_id = f"{chart_id or _chart_id(title, rows)}-title"
    body = [
        _row_svg(i, label, value, float(share) * PLOT_WIDTH,
                 max_share is not None and share > max_share, rtl, row_height)
        for i, ((label, _), value, share) in enumerate(zip(rows, value_labels, shares, strict=True))
    ]
    if max_share is not None:
        body.append(_limit_svg(Fraction(max_share), plot_height, rtl))
    if with_legend:
        body.append(_legend_svg(legend, plot_height - PAD / 2, rtl))
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" role="img" aria-labelledby="{escape(title_id)}" '
        f'width="{WIDTH}" height="{height}" viewBox="0 0 {WIDTH} {height}" '
        f'font-family="{escape(font_family)}" font-size="{FONT_SIZE}" fill="{TEXT_COLOUR}">'
        f'<title id="{escape(title_id)}">{escape(title)}</title>'
        + (f"<desc>{escape(legend)}</desc>" if with_legend else "")
        + "".join(body)
        + "</svg>"
    )
