"""Meetings the groups speak to, their agenda items, and versioned standards profiles."""
from datetime import date, datetime

from sqlalchemy import JSON, Date, ForeignKey, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from portal.extensions import db
from portal.i18n_text import localized
from portal.timeutil import utcnow


class StandardsProfile(db.Model):
    """Thresholds of the minimum standards (DESIGN.md section 3).

    A profile is never edited in place: a change is a new version with the same
    ``family`` and a later ``valid_from``, so that a statement is judged by the version in
    force when its consultation opened. ``thresholds`` is ``standards.Profile.to_dict()``.
    """

    __tablename__ = "standards_profile"
    __table_args__ = (UniqueConstraint("family", "version"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    family: Mapped[str] = mapped_column(String(60), index=True)
    version: Mapped[int] = mapped_column(default=1)
    names: Mapped[dict] = mapped_column(JSON, default=dict)
    thresholds: Mapped[dict] = mapped_column(JSON, default=dict)
    # Validation quorum as a fraction of the current OPs, e.g. "1/2" means a majority.
    quorum: Mapped[str] = mapped_column(String(20), default="1/2")
    valid_from: Mapped[datetime] = mapped_column(default=utcnow)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"))

    @property
    def name(self) -> str:
        return localized(self.names)


class Meeting(db.Model):
    __tablename__ = "meeting"

    id: Mapped[int] = mapped_column(primary_key=True)
    slug: Mapped[str] = mapped_column(String(80), unique=True)
    names: Mapped[dict] = mapped_column(JSON, default=dict)
    # The organ in each language, e.g. {"en": "Economic and Social Council", ...}.
    organs: Mapped[dict] = mapped_column(JSON, default=dict)
    # The session line in each language, e.g. {"en": "High-level political forum ..."}.
    sessions: Mapped[dict] = mapped_column(JSON, default=dict)
    starts_on: Mapped[date] = mapped_column(Date)
    ends_on: Mapped[date] = mapped_column(Date)
    agenda_symbol: Mapped[str] = mapped_column(String(80))  # e.g. E/HLPF/2027/1
    # Symbol pattern for stakeholder documents; {n} is the next free number.
    symbol_pattern: Mapped[str] = mapped_column(String(80))  # e.g. E/HLPF/2027/NGO/{n}
    profile_family: Mapped[str] = mapped_column(String(60), default="default")
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    agenda_items: Mapped[list["AgendaItem"]] = relationship(
        back_populates="meeting", order_by="AgendaItem.position",
        cascade="all, delete-orphan")

    @property
    def name(self) -> str:
        return localized(self.names)


class AgendaItem(db.Model):
    __tablename__ = "agenda_item"
    __table_args__ = (UniqueConstraint("meeting_id", "number"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    meeting_id: Mapped[int] = mapped_column(ForeignKey("meeting.id", ondelete="CASCADE"),
                                            index=True)
    number: Mapped[str] = mapped_column(String(20))  # "19 (a)", "4"
    position: Mapped[int] = mapped_column(default=0)
    titles: Mapped[dict] = mapped_column(JSON, default=dict)

    meeting: Mapped[Meeting] = relationship(back_populates="agenda_items")

    @property
    def title(self) -> str:
        return localized(self.titles)
