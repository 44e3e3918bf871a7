"""Permission rules about statements: only the group's current OPs draft and sign off."""
from portal.extensions import db
from portal.permissions import scoped
from portal.registry.access import is_organizing_partner
from portal.statements.models import Statement


def _op_of_statement(user, statement, **_):
    group_id = db.session.scalar(db.select(Statement.group_id).filter_by(id=statement))
    return group_id is not None and is_organizing_partner(user, group_id)


OP_OF_STATEMENT = scoped("organizing partner of the statement's group", _op_of_statement)
