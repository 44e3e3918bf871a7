"""Sentences for the balance report of a list of speakers (view layer).

The criteria shared with statements keep the statement standards' sentences
(`portal.statements.standards_text`); slots and rotation have their own here.
"""
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_babel import ngettext

from portal.speakers import balance
from portal.statements import standards_text
from portal.statements.report_view import Row, finding_row
from portal.statements.standards import Finding

LABELS = {balance.SLOTS: _l("Slots filled"), balance.ROTATION: _l("Rotation")}


def label(code: str) -> str:
    return str(LABELS[code]) if code in LABELS else standards_text.criterion_label(code)


def message(finding: Finding) -> str:
    if finding.code == balance.SLOTS:
        return ngettext("%(num)s speaker selected", "%(num)s speakers selected",
                        finding.actual) + "; " + _(
            "a complete list has %(num)s.", num=finding.required)
    if finding.code == balance.ROTATION:
        return ngettext(
            "%(num)s selected speaker comes from an organization that spoke at one of the "
            "last sessions of the series", "%(num)s selected speakers come from organizations "
            "that spoke at one of the last sessions of the series", finding.actual) + "; " + \
            _("a balanced list needs at least %(num)s.", num=finding.required)
    return standards_text.finding_message(finding)


def shown(finding: Finding, value) -> str:
    if finding.code in LABELS:
        return str(value)
    return standards_text.shown_value(finding, value)


def rows(findings) -> list[Row]:
    return [finding_row(finding, label(finding.code), shown, message(finding))
            for finding in findings]


def stored_rows(figures: list[dict] | None) -> list[Row]:
    """The frozen figures of a confirmed list, in the reader's language."""
    return rows([Finding(**figure) for figure in figures or []])
