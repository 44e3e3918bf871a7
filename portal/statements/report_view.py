"""The standards report as pages show it: findings with sentences, charts, data tables."""
from dataclasses import dataclass
from fractions import Fraction

from flask_babel import gettext as _
from markupsafe import Markup

from portal.i18n import format_number, format_share, text_direction
from portal.statements import charts, standards
from portal.statements.services import StandardsReport
from portal.statements.standards_text import (
    advice_message,
    criterion_label,
    finding_message,
    gender_label,
    region_label,
    shown_value,
)

# Criteria whose threshold is a ceiling; the others are a floor.
MAXIMUM_CRITERIA = (standards.GENDER_BALANCE, standards.REGIONAL_BALANCE, standards.LENGTH)


@dataclass(frozen=True)
class Row:
    code: str
    label: str
    minimum: str  # "" when the threshold is a maximum
    maximum: str  # "" when the threshold is a minimum
    actual: str
    passed: bool
    message: str
    advice: str | None  # the balance advisor's sentence, for organizing partners


def finding_row(finding: standards.Finding, label: str, shown, message: str,
                advice: str | None = None) -> Row:
    """A finding as a table row, its limit in the Minimum or the Maximum column.

    ``shown(finding, value)`` writes a required or actual value in the reader's language.
    """
    limit = shown(finding, finding.required)
    is_maximum = finding.code in MAXIMUM_CRITERIA
    return Row(finding.code, label, "" if is_maximum else limit, limit if is_maximum else "",
               shown(finding, finding.actual), finding.passed, message, advice)


def _row(finding: standards.Finding, advice) -> Row:
    return finding_row(finding, criterion_label(finding.code), shown_value,
                       finding_message(finding), advice_message(advice) if advice else None)


@dataclass(frozen=True)
class Chart:
    title: str
    svg: Markup
    rows: list  # (label, count, percent text)
    extra: list  # (label, count): undeclared / unknown, shown outside the shares


def _chart(title, rows, max_share, extra, chart_id):
    """The chart and its table name each group alike (the chart wraps long names)."""
    total = sum(count for _label, count in rows)
    # Rounded as the findings round a share compared with a maximum (up), so the largest
    # share reads the same in the findings, the chart and its table.
    percents = [format_share(standards.percent(Fraction(count, total), rounding="up")
                             if total else 0) for _l, count in rows]
    labels = [_("%(count)s (%(percent)s)", count=format_number(count), percent=percent)
              for (_label, count), percent in zip(rows, percents, strict=True)]
    legend = _("Dashed line: the maximum share, %(percent)s. A bar past it is above the "
               "maximum.", percent=format_share(standards.percent(max_share)))
    svg = charts.bar_chart_svg(rows, title, rtl=text_direction() == "rtl",
                               max_share=max_share, value_labels=labels, chart_id=chart_id,
                               legend=legend)
    table = [(label, count, percent) for (label, count), percent in
             zip(rows, percents, strict=True)]
    return Chart(title, Markup(svg), table, extra)


def present(report: StandardsReport, id_prefix: str = "standards", advice: bool = False) -> dict:
    """The report for a page; `advice` adds the advisor's sentences (organizing partners)."""
    rows = [_row(f, report.advice.get(f.code) if advice else None) for f in report.findings]
    numbers = report.numbers
    gender = _chart(
        _("Participants by gender"),
        [(gender_label(key), numbers.by_gender.get(key, 0)) for key in standards.GENDERS],
        report.profile.max_gender_share,
        [(_("Gender not declared"), numbers.undeclared_gender)], f"{id_prefix}-gender")
    region = _chart(
        _("Participants by region"),
        [(region_label(key), numbers.by_region.get(key, 0)) for key in standards.REGIONS],
        report.profile.max_region_share,
        [(_("Region unknown"), numbers.unknown_region)], f"{id_prefix}-region")
    return {"rows": rows, "charts": [gender, region], "passed": report.passed,
            "id_prefix": id_prefix, "numbers": numbers, "report": report}
