"""The standards report as pages show it: findings with sentences, charts, data tables."""
from dataclasses import dataclass
from fractions import Fraction

from flask_babel import gettext as _
from markupsafe import Markup

from portal.i18n import format_number, format_share, text_direction
from portal.statements import charts, standards
from portal.statements.services import StandardsReport
from portal.statements.standards_text import (
    criterion_label,
    finding_message,
    gender_label,
    region_label,
    shown_value,
)


@dataclass(frozen=True)
class Row:
    code: str
    label: str
    required: str
    actual: str
    passed: bool
    message: str


@dataclass(frozen=True)
class Chart:
    title: str
    svg: Markup
    rows: list  # (label, count, percent text)
    extra: list  # (label, count): undeclared / unknown, shown outside the shares


def _chart(title, rows, max_share, extra, chart_id, table_labels=None):
    total = sum(count for _label, count in rows)
    # Rounded as the findings round a share compared with a maximum (up), so the largest
    # share reads the same in the findings, the chart and its table.
    percents = [format_share(standards.percent(Fraction(count, total), rounding="up")
                             if total else 0) for _l, count in rows]
    labels = [_("%(count)s (%(percent)s)", count=format_number(count), percent=percent)
              for (_label, count), percent in zip(rows, percents, strict=True)]
    svg = charts.bar_chart_svg(rows, title, rtl=text_direction() == "rtl",
                               max_share=max_share, value_labels=labels, chart_id=chart_id)
    names = table_labels or [label for label, _count in rows]
    table = [(name, count, percent) for name, (_label, count), percent in
             zip(names, rows, percents, strict=True)]
    return Chart(title, Markup(svg), table, extra)


def present(report: StandardsReport, id_prefix: str = "standards") -> dict:
    rows = [Row(f.code, criterion_label(f.code), shown_value(f, f.required),
                shown_value(f, f.actual), f.passed, finding_message(f))
            for f in report.findings]
    numbers = report.numbers
    gender = _chart(
        _("Participants by gender"),
        [(gender_label(key), numbers.by_gender.get(key, 0)) for key in standards.GENDERS],
        report.profile.max_gender_share,
        [(_("Gender not declared"), numbers.undeclared_gender)], f"{id_prefix}-gender")
    region = _chart(
        _("Participants by region"),
        [(region_label(key, short=True), numbers.by_region.get(key, 0))
         for key in standards.REGIONS],
        report.profile.max_region_share,
        [(_("Region unknown"), numbers.unknown_region)], f"{id_prefix}-region",
        table_labels=[region_label(key) for key in standards.REGIONS])
    return {"rows": rows, "charts": [gender, region], "passed": report.passed,
            "numbers": numbers, "report": report}
