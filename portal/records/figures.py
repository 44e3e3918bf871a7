"""Standards figures of a statement, for the table of a compilation (rec. 10 and 20).

The statements domain owns the standards report; the figures are frozen into the
compilation when it is published.
"""
from portal.statements import standards
from portal.statements.services import standards_payload

# Criteria shown as columns, in the order of standards.evaluate.
COLUMNS = (standards.CONSULTATION_TIME, standards.PARTICIPANTS, standards.GENDER_BALANCE,
           standards.REGIONAL_COVERAGE, standards.REGIONAL_BALANCE, standards.LENGTH)


def standards_figures(statement) -> dict:
    """``{code: {"required", "actual", "passed"}}`` for each criterion of the report."""
    return {criterion["code"]: {key: criterion[key] for key in ("required", "actual", "passed")}
            for criterion in standards_payload(statement)["criteria"]}
