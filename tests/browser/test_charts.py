"""Charts as Chromium draws them in a right-to-left page: labels clear of the bars, inside."""
import pytest

from portal.statements.charts import bar_chart_svg
from tests.browser.walk import page_problems

pytestmark = pytest.mark.browser

REGIONS_AR = [("الدول الأفريقية", 12), ("دول آسيا والمحيط الهادئ", 8),
              ("أمريكا اللاتينية ومنطقة البحر الكاريبي", 30), ("دول أوروبا الشرقية", 0)]
REGIONS_RU = [("Латинская Америка и Карибский бассейн", 10), ("Африка", 2)]


@pytest.mark.parametrize(("language", "rows"), [("ar", REGIONS_AR), ("ru", REGIONS_RU)])
def test_chart_labels_neither_cross_the_bars_nor_leave_the_chart(page, language, rows):
    svg = bar_chart_svg(rows, "T", rtl=language == "ar",
                        value_labels=[f"{count} (100%)" for _label, count in rows])
    direction = "rtl" if language == "ar" else "ltr"
    page.set_content(f'<html lang="{language}" dir="{direction}"><body>{svg}</body></html>')
    assert [problem for problem in page_problems(page, language) if "chart" in problem] == []
