"""Participation figures kept up to date as inputs change, instead of counted per request.

Each declaration (a person in a consultation) keeps how many of their inputs are accepted,
and ``ParticipationTally`` keeps, per consultation and (gender, region, frontline), how many
people have at least one accepted input and how many accepted inputs they have. The
standards report reads a few tally rows however many inputs there are.

The figures change in the same transaction as the inputs: after each ORM flush, the
accepted inputs it added, removed, or moved in or out of the accepted state change their
declaration's count with one atomic ``UPDATE ... RETURNING`` (so two simultaneous
submissions by one person count them once), and a declaration whose gender, region or
frontline changed moves its person between tally rows. Rows written without the ORM (bulk
inserts of ``demo generate``, benchmarks) are counted afterwards by ``rebuild``.
"""
from collections import Counter

from sqlalchemy import event, inspect
from sqlalchemy.dialects.postgresql import insert as postgresql_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.orm import Session

from portal.consultations.models import ACCEPTED, Declaration, Input, ParticipationTally
from portal.extensions import db

INSERTS = {"postgresql": postgresql_insert, "sqlite": sqlite_insert}
BUCKET = ("gender", "region", "frontline")
UNKNOWN_REGION = ""  # a key column cannot be NULL in a unique constraint's sense


def _counts(state) -> int:
    """1 when the input counts (accepted) in this state, else 0."""
    return 1 if state == ACCEPTED else 0


def _input_changes(session: Session) -> Counter:
    """Declaration id -> change in its accepted inputs made by this flush."""
    changes = Counter()
    for item in session.new:
        if isinstance(item, Input) and item.status == ACCEPTED:
            changes[item.declaration_id] += 1
    for item in session.deleted:
        if isinstance(item, Input):
            before = inspect(item).attrs.status.history
            old = before.deleted[0] if before.deleted else item.status
            changes[item.declaration_id] -= _counts(old)
    for item in session.dirty:
        if not isinstance(item, Input):
            continue
        state = inspect(item).attrs
        status, owner = state.status.history, state.declaration_id.history
        if not (status.has_changes() or owner.has_changes()):
            continue
        old_status = status.deleted[0] if status.deleted else item.status
        old_owner = owner.deleted[0] if owner.deleted else item.declaration_id
        changes[old_owner] -= _counts(old_status)
        changes[item.declaration_id] += _counts(item.status)
    return Counter({key: value for key, value in changes.items() if value and key})


def _moved_declarations(session: Session) -> list:
    """(declaration, old bucket) for declarations whose bucket this flush changed."""
    moved = []
    for item in session.dirty:
        if not isinstance(item, Declaration):
            continue
        state = inspect(item).attrs
        histories = [getattr(state, name).history for name in BUCKET]
        if any(history.has_changes() for history in histories):
            old = tuple(history.deleted[0] if history.deleted else getattr(item, name)
                        for name, history in zip(BUCKET, histories, strict=True))
            moved.append((item, old))
    return moved


def _add(connection, consultation_id, gender, region, frontline, people, inputs) -> None:
    insert = INSERTS[connection.dialect.name](ParticipationTally.__table__)
    connection.execute(
        insert.values(consultation_id=consultation_id, gender=gender,
                      region=region or UNKNOWN_REGION, frontline=bool(frontline),
                      people=people, inputs=inputs)
        .on_conflict_do_update(
            index_elements=["consultation_id", "gender", "region", "frontline"],
            set_={"people": ParticipationTally.people + insert.excluded.people,
                  "inputs": ParticipationTally.inputs + insert.excluded.inputs}))


@event.listens_for(Session, "after_flush")
def _keep_figures(session, _context):
    moved = _moved_declarations(session)
    changes = _input_changes(session)
    if not (moved or changes):
        return
    connection = session.connection()
    table = Declaration.__table__
    deltas = {}  # (consultation, gender, region, frontline, "people"|"inputs") -> n
    for declaration, old in moved:
        # The count before this flush's input changes: those are added below, in the new
        # bucket.
        count = connection.execute(db.select(table.c.accepted_inputs).where(
            table.c.id == declaration.id)).scalar()
        if count:
            new = (declaration.gender, declaration.region, declaration.frontline)
            _count_into(deltas, declaration.consultation_id, old, -1, -count)
            _count_into(deltas, declaration.consultation_id, new, 1, count)
    for declaration_id, change in sorted(changes.items()):
        row = connection.execute(
            table.update().where(table.c.id == declaration_id)
            .values(accepted_inputs=table.c.accepted_inputs + change)
            .returning(table.c.accepted_inputs, table.c.consultation_id,
                       *(table.c[name] for name in BUCKET))).one()
        before, after = row.accepted_inputs - change, row.accepted_inputs
        people = int(after > 0) - int(before > 0)  # a person counts while one input does
        _count_into(deltas, row.consultation_id, (row.gender, row.region, row.frontline),
                    people, change)
    # Always in the same order, so two transactions never wait for each other's rows.
    for key in sorted(deltas):
        people, inputs = deltas[key]
        if people or inputs:
            _add(connection, *key, people, inputs)


def _count_into(deltas, consultation_id, bucket, people, inputs) -> None:
    gender, region, frontline = bucket
    key = (consultation_id, gender, region or UNKNOWN_REGION, bool(frontline))
    old_people, old_inputs = deltas.get(key, (0, 0))
    deltas[key] = (old_people + people, old_inputs + inputs)


# Set-based, so that a million inputs are counted in one pass over an index.
RESET_COUNTS = "UPDATE declaration SET accepted_inputs = 0 WHERE accepted_inputs <> 0"
REBUILD_COUNTS = """
UPDATE declaration SET accepted_inputs = counted.inputs
FROM (SELECT declaration_id, count(*) AS inputs FROM consultation_input
      WHERE status = 'accepted' {consultations} GROUP BY declaration_id) AS counted
WHERE declaration.id = counted.declaration_id
"""
REBUILD_TALLY = """
INSERT INTO participation_tally (consultation_id, gender, region, frontline, people, inputs)
SELECT consultation_id, gender, coalesce(region, ''), frontline, count(*), sum(accepted_inputs)
FROM declaration WHERE accepted_inputs > 0 {consultations}
GROUP BY consultation_id, gender, coalesce(region, ''), frontline
"""


def rebuild(consultation_ids: list[int]) -> None:
    """Count the figures of these consultations again from their inputs (after bulk inserts).

    The migration that added the figures runs the same statements for every consultation.
    """
    if not consultation_ids:
        return
    ids = ", ".join(str(int(consultation_id)) for consultation_id in consultation_ids)
    only = f"AND consultation_id IN ({ids})"
    db.session.flush()
    db.session.execute(db.text(f"{RESET_COUNTS} {only}"))
    db.session.execute(db.text(REBUILD_COUNTS.format(consultations=only)))
    db.session.execute(db.text(f"DELETE FROM participation_tally WHERE 1 = 1 {only}"))
    db.session.execute(db.text(REBUILD_TALLY.format(consultations=only)))
