import xml.etree.ElementTree as ET
from fractions import Fraction

import pytest

from portal.statements.charts import WIDTH, bar_chart_svg

SVG = "{http://www.w3.org/2000/svg}"
REGIONS = [("African States", 12), ("Asia-Pacific States", 8), ("Eastern European States", 0),
           ("Latin American and Caribbean States", 10), ("Western European and Others", 10)]


def parse(svg):
    return ET.fromstring(svg)  # raises on malformed XML


def texts(root):
    return [element.text for element in root.iter(f"{SVG}text")]


def bars(root):
    return list(root.iter(f"{SVG}rect"))


def test_chart_is_an_accessible_image_named_by_its_title():
    root = parse(bar_chart_svg(REGIONS, "Participants by region"))
    title = root.find(f"{SVG}title")
    assert root.get("role") == "img"
    assert title.text == "Participants by region"
    assert root.get("aria-labelledby") == title.get("id")
    assert root.get("viewBox") == f"0 0 {WIDTH} {root.get('height')}"


def test_labels_and_title_are_escaped_as_text():
    evil = '<script>alert("x")</script>'
    svg = bar_chart_svg([(evil, 1), ("A & B", 2)], f"T {evil}", font_family='x"><script>')
    assert "<script" not in svg
    root = parse(svg)
    assert evil in texts(root)
    assert "A & B" in texts(root)
    assert root.find(f"{SVG}title").text == f"T {evil}"
    assert root.get("font-family") == 'x"><script>'
    assert not list(root.iter(f"{SVG}script"))


def test_bar_lengths_are_shares_and_values_are_shown():
    root = parse(bar_chart_svg([("Women", 3), ("Men", 1)], "Gender"))
    widths = [float(bar.get("width")) for bar in bars(root)]
    assert widths[0] == pytest.approx(3 * widths[1])
    assert "3 (75.0%)" in texts(root)
    assert "1 (25.0%)" in texts(root)


def test_zero_total_draws_empty_bars():
    root = parse(bar_chart_svg([("Women", 0), ("Men", 0)], "Gender"))
    assert [bar.get("width") for bar in bars(root)] == ["0", "0"]
    assert "0 (0.0%)" in texts(root)


def test_no_rows_is_still_a_valid_image():
    root = parse(bar_chart_svg([], "Nothing yet"))
    assert float(root.get("height")) > 0
    assert bars(root) == []


def test_bars_above_the_maximum_are_marked_and_a_limit_line_is_drawn():
    root = parse(bar_chart_svg(REGIONS, "Regions", max_share=Fraction(2, 5)))
    assert [bar.get("class") for bar in bars(root)] == ["bar"] * 5
    root = parse(bar_chart_svg([("A", 3), ("B", 2)], "Regions", max_share=Fraction(2, 5)))
    assert [bar.get("class") for bar in bars(root)] == ["bar over", "bar"]
    (line,) = root.iter(f"{SVG}line")
    # B is exactly at the maximum: its bar ends on the line.
    b = bars(root)[1]
    assert float(line.get("x1")) == pytest.approx(float(b.get("x")) + float(b.get("width")))


def test_rtl_mirrors_the_layout():
    ltr = parse(bar_chart_svg([("A", 3), ("B", 1)], "T"))
    rtl = parse(bar_chart_svg([("A", 3), ("B", 1)], "T", rtl=True))
    for left, right in zip(bars(ltr), bars(rtl), strict=True):
        assert float(right.get("x")) + float(right.get("width")) == pytest.approx(
            WIDTH - float(left.get("x"))
        )
    label_ltr, label_rtl = ltr.find(f".//{SVG}text"), rtl.find(f".//{SVG}text")
    assert float(label_rtl.get("x")) == pytest.approx(WIDTH - float(label_ltr.get("x")))
    # Each text names its direction, so "end" is next to the axis in both (and in WeasyPrint).
    assert [(label.get("text-anchor"), label.get("direction")) for label in (label_ltr, label_rtl)
            ] == [("end", "ltr"), ("end", "rtl")]


def test_caller_formatted_values_replace_the_default():
    root = parse(bar_chart_svg([("Femmes", 3), ("Hommes", 2)], "Genre",
                               value_labels=["3 (60,0 %)", "2 (40,0 %)"]))
    assert texts(root) == ["Femmes", "3 (60,0 %)", "Hommes", "2 (40,0 %)"]


def test_output_is_deterministic_and_ids_differ_between_charts():
    assert bar_chart_svg(REGIONS, "Regions") == bar_chart_svg(REGIONS, "Regions")
    first = parse(bar_chart_svg(REGIONS, "Regions")).get("aria-labelledby")
    second = parse(bar_chart_svg(REGIONS[:2], "Regions")).get("aria-labelledby")
    assert first != second


def test_no_external_resources():
    svg = bar_chart_svg(REGIONS, "Regions")
    assert "http" not in svg.replace('xmlns="http://www.w3.org/2000/svg"', "")


def test_negative_counts_are_refused():
    with pytest.raises(ValueError):
        bar_chart_svg([("A", -1)], "T")


def test_long_labels_widen_their_column_within_the_chart():
    short = parse(bar_chart_svg([("A", 3), ("B", 1)], "T", rtl=True))
    long_label = "أمريكا اللاتينية ومنطقة البحر الكاريبي"
    long = parse(bar_chart_svg([(long_label, 3), ("B", 1)], "T", rtl=True))
    # In RTL the label column is at the right: a longer label moves the axis left.
    assert float(long.find(f".//{SVG}text").get("x")) < float(short.find(f".//{SVG}text").get("x"))
    assert long.get("width") == short.get("width") == str(WIDTH)
