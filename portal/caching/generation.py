"""Every transaction that writes changes the generation token as it commits.

The token is changed inside the writing transaction (just before COMMIT), so a reader sees
the new token exactly when it sees the new data: a page rendered from old data can only be
stored under the old token, which no request asks for again. Once committed, the new
token is announced to ``LISTENERS`` (the Redis copy of the token, see ``store.py``).
"""
import secrets
from collections.abc import Callable

from sqlalchemy import event
from sqlalchemy.dialects.postgresql import insert as postgresql_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.orm import Session

from portal.caching.models import GENERATION_ROW, CacheGeneration

WROTE = "portal_wrote"
BUMPED = "portal_bumped_token"
LISTENERS: list[Callable[[str], None]] = []
CURRENT_SQL = f"SELECT token FROM cache_generation WHERE id = {GENERATION_ROW}"
INSERTS = {"postgresql": postgresql_insert, "sqlite": sqlite_insert}


def current(session: Session) -> str | None:
    """The token pages are cached under; None (cache nothing) before the first write.

    Plain SQL: read on every anonymous request, it should cost no more than its round trip.
    """
    return session.connection().exec_driver_sql(CURRENT_SQL).scalar()


def bump(session: Session) -> None:
    insert = INSERTS[session.get_bind().dialect.name]
    token = session.info[BUMPED] = secrets.token_hex(16)
    session.execute(insert(CacheGeneration).values(id=GENERATION_ROW, token=token)
                    .on_conflict_do_update(index_elements=["id"], set_={"token": token}))


def _changes_pending(session: Session) -> bool:
    return bool(session.new or session.deleted
                or any(session.is_modified(item) for item in session.dirty))


@event.listens_for(Session, "after_flush")
def _mark_flushed_write(session, _context):
    if _changes_pending(session):
        session.info[WROTE] = True


@event.listens_for(Session, "do_orm_execute")
def _mark_bulk_write(state):
    if state.is_insert or state.is_update or state.is_delete:
        state.session.info[WROTE] = True


@event.listens_for(Session, "before_commit")
def _bump_when_written(session):
    if session.info.pop(WROTE, False) or _changes_pending(session):
        bump(session)
        session.info.pop(WROTE, None)  # the bump itself is a write


@event.listens_for(Session, "after_commit")
def _announce(session):
    token = session.info.pop(BUMPED, None)
    if token is not None:
        for listener in LISTENERS:
            listener(token)


@event.listens_for(Session, "after_rollback")
def _forget_rolled_back_write(session):
    session.info.pop(WROTE, None)
    session.info.pop(BUMPED, None)
