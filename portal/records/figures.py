"""Standards figures of a statement, for the table of a compilation (rec. 10 and 20).

The statements domain owns the standards report. ``standards_figures`` asks it through
``portal.statements.services.standards_report(statement)`` when that function exists.
Until then only the one criterion computable from the frozen text alone is given (its
length against the UN word limit); the others are reported as not available, never
guessed. The figures are frozen into the compilation when it is published.
"""
from __future__ import annotations

import importlib

from portal.statements import standards

# Criteria shown as columns, in the order of standards.evaluate.
COLUMNS = (standards.CONSULTATION_TIME, standards.PARTICIPANTS, standards.GENDER_BALANCE,
           standards.REGIONAL_COVERAGE, standards.REGIONAL_BALANCE, standards.LENGTH)


def _report_function():
    try:
        module = importlib.import_module("portal.statements.services")
    except ImportError:
        return None
    return getattr(module, "standards_report", None)


def standards_figures(statement) -> dict:
    """``{code: {"required", "actual", "passed"}}``; a missing code means not available.

    Numbers only, from the statement's standards report: no sentence, so no language and
    no request are needed (compilations are also made from the command line).
    """
    report = _report_function()
    if report is not None:
        return {f.code: {"required": f.required, "actual": f.actual, "passed": f.passed}
                for f in report(statement).findings}
    return length_only(statement)


def length_only(statement) -> dict:
    profile = standards.Profile()
    if statement.profile is not None and statement.profile.thresholds:
        try:
            profile = standards.Profile.from_dict(statement.profile.thresholds)
        except (TypeError, ValueError):
            pass
    words = standards.count_words(f"{statement.frozen_title or ''}\n{statement.frozen_body or ''}",
                                  profile.chinese_chars_per_word)
    return {standards.LENGTH: {"required": profile.max_words, "actual": words,
                               "passed": words <= profile.max_words}}
