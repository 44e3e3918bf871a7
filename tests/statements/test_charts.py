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


def test_long_names_wrap_between_words_so_the_chart_uses_the_tables_names():
    root = parse(bar_chart_svg(REGIONS, "Regions"))
    wrapped = [[span.text for span in label.iter(f"{SVG}tspan")]
               for label in root.iter(f"{SVG}text") if label.text is None]
    assert ["Latin American and", "Caribbean States"] in wrapped
    # Rows grow alike so that two lines never overlap the next bar.
    tops = [float(bar.get("y")) for bar in bars(root)]
    assert min(b - a for a, b in zip(tops, tops[1:], strict=False)) >= 2 * 14
    short = parse(bar_chart_svg([("Women", 3), ("Men", 2)], "Gender"))
    assert not list(short.iter(f"{SVG}tspan"))


def test_the_legend_says_what_the_dashed_line_is():
    legend = "Dashed line: the maximum share, 40%."
    root = parse(bar_chart_svg(REGIONS, "Regions", max_share=Fraction(2, 5), legend=legend))
    assert legend in texts(root) and root.find(f"{SVG}desc").text == legend
    (line,) = root.iter(f"{SVG}line")
    (sample,) = root.iter(f"{SVG}path")
    assert sample.get("stroke-dasharray") == line.get("stroke-dasharray")
    # Below the bars and the limit line, inside the image.
    legend_y = float(root.find(f".//{SVG}g[@class='legend']/{SVG}text").get("y"))
    assert float(line.get("y2")) < legend_y < float(root.get("height"))
    assert "legend" not in bar_chart_svg(REGIONS, "Regions", legend=legend)  # no line, no legend
