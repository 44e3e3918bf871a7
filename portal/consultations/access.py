"""Permission rules about consultations and inputs (scoped: the secretariat passes)."""
from portal.consultations.models import Consultation, ImportJob, Input
from portal.extensions import db
from portal.permissions import Rule, scoped
from portal.registry.access import is_organizing_partner


def _group_of_consultation(consultation_id) -> int | None:
    return db.session.scalar(db.select(Consultation.group_id).filter_by(id=consultation_id))


def _op_of_group(user, group, **_):
    return is_organizing_partner(user, group)


def _op_of_consultation(user, consultation, **_):
    group_id = _group_of_consultation(consultation)
    return group_id is not None and is_organizing_partner(user, group_id)


def _author_of_input(user, input, **_):
    return user.is_authenticated and db.session.scalar(
        db.select(Input.author_id).filter_by(id=input)) == user.id


def _op_of_input(user, input, **_):
    group_id = db.session.scalar(
        db.select(Consultation.group_id).join(Input, Input.consultation_id == Consultation.id)
        .filter(Input.id == input))
    return group_id is not None and is_organizing_partner(user, group_id)


def _importer(user, import_job, **_):
    return db.session.scalar(
        db.select(ImportJob.created_by_id).filter_by(id=import_job)) == user.id


OP_OF_GROUP = scoped("organizing partner of the group", _op_of_group)
OP_OF_CONSULTATION = scoped("organizing partner of the consultation's group",
                            _op_of_consultation)
# Not scoped: an input is its author's words; nobody else edits or withdraws it.
INPUT_AUTHOR = Rule("author of the input", _author_of_input)
OP_OF_INPUT = scoped("organizing partner of the input's group", _op_of_input)
# An import's file and its errors are its sender's, and the secretariat's.
IMPORTER = scoped("person who sent the import", _importer)
