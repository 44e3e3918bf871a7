"""Standards figures of a statement, for the table of a compilation (rec. 10 and 20).

The statements domain owns the standards report; the figures are frozen into the
compilation when it is published.
"""
from portal.statements import standards
from portal.statements.services import standards_report

# Criteria shown as columns, in the order of standards.evaluate.
COLUMNS = (standards.CONSULTATION_TIME, standards.PARTICIPANTS, standards.GENDER_BALANCE,
           standards.REGIONAL_COVERAGE, standards.REGIONAL_BALANCE, standards.LENGTH)


def standards_figures(statement) -> dict:
    """``{code: {"required", "actual", "passed"}}`` for each criterion of the report.

    Numbers only, no sentence: compilations are also made from the command line.
    """
    return {f.code: {"required": f.required, "actual": f.actual, "passed": f.passed}
            for f in standards_report(statement).findings}
