"""Permission rules of the speakers pages."""
from portal.extensions import db
from portal.permissions import scoped
from portal.registry.access import op_group_ids
from portal.speakers.models import Application, Opportunity


def _selects_for(user, opportunity, **_):
    """The partners of the opportunity's group; any group's partners for a joint one."""
    row = db.session.execute(db.select(Opportunity.id, Opportunity.group_id)
                             .filter_by(id=opportunity)).first()
    if row is None:
        return False
    groups = op_group_ids(user)
    return bool(groups) if row.group_id is None else row.group_id in groups


def _own_application(user, application, **_):
    owner = db.session.scalar(db.select(Application.user_id).filter_by(id=application))
    return owner == user.id


SELECTOR = scoped("organizing partner selecting for the opportunity", _selects_for)
APPLICANT = scoped("author of the application", _own_application)
