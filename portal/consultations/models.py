"""Consultations, the inputs people send, their declarations, and consultation reports."""
from datetime import date, datetime

from sqlalchemy import (
    JSON,
    Boolean,
    CheckConstraint,
    Date,
    ForeignKey,
    Index,
    LargeBinary,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from portal.extensions import db
from portal.timeutil import utcnow

GLOBAL = "global"
REGIONAL = "regional"
NATIONAL = "national"
SCOPES = (GLOBAL, REGIONAL, NATIONAL)

# Declared genders; PREFER_NOT is "undeclared" in the standards report.
WOMAN = "woman"
MAN = "man"
OTHER = "other"
PREFER_NOT = "prefer_not"
GENDER_CHOICES = (WOMAN, MAN, OTHER, PREFER_NOT)

# Input states: only accepted inputs count.
ACCEPTED = "accepted"
WITHDRAWN = "withdrawn"
REJECTED = "rejected"

INPUT_MAX_CHARS = 20_000


class Consultation(db.Model):
    """An OP's call for inputs to one statement, open between two UTC moments."""

    __tablename__ = "consultation"
    __table_args__ = (CheckConstraint("closes_at > opens_at", name="closes_after_opening"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    statement_id: Mapped[int] = mapped_column(ForeignKey("statement.id"), unique=True)
    group_id: Mapped[int] = mapped_column(ForeignKey("major_group.id"), index=True)
    title: Mapped[str] = mapped_column(String(300))
    guiding_questions: Mapped[str] = mapped_column(Text, default="")
    languages: Mapped[list] = mapped_column(JSON, default=list)
    opens_at: Mapped[datetime] = mapped_column(index=True)
    closes_at: Mapped[datetime] = mapped_column(index=True)
    scope: Mapped[str] = mapped_column(String(20), default=GLOBAL)
    scope_region: Mapped[str | None] = mapped_column(String(10))
    scope_country: Mapped[str | None] = mapped_column(String(2))
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    statement = relationship("Statement", backref=db.backref("consultation", uselist=False))
    group = relationship("MajorGroup")

    def is_open(self, now: datetime) -> bool:
        return self.opens_at <= now < self.closes_at

    def has_closed(self, now: datetime) -> bool:
        return now >= self.closes_at


class Declaration(db.Model):
    """Who a participant says they are, once per consultation and person.

    A signed-in contributor has one row per consultation (changed in place when they change
    it, so their latest declaration is what counts). Each person of a CSV import gets a row
    without an account; rows naming the same ``person_ref`` share one.
    """

    __tablename__ = "declaration"
    __table_args__ = (
        UniqueConstraint("consultation_id", "user_id"),
        UniqueConstraint("consultation_id", "person_ref", name="uq_declaration_person_ref"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    consultation_id: Mapped[int] = mapped_column(ForeignKey("consultation.id"), index=True)
    user_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"), index=True)
    person_ref: Mapped[str | None] = mapped_column(String(100))
    # active_history: portal.consultations.tally needs the values before a change.
    gender: Mapped[str] = mapped_column(String(20), default=PREFER_NOT, active_history=True)
    country: Mapped[str | None] = mapped_column(String(2))
    # Derived from the country when saved (portal.registry.regions); None = unknown.
    region: Mapped[str | None] = mapped_column(String(10), active_history=True)
    organization_name: Mapped[str | None] = mapped_column(String(300))  # None: individual
    frontline: Mapped[bool] = mapped_column(Boolean, default=False, active_history=True)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)
    # Kept by portal.consultations.tally: how many of this person's inputs are accepted.
    accepted_inputs: Mapped[int] = mapped_column(default=0, server_default="0")


class ParticipationTally(db.Model):
    """People with an accepted input, and their accepted inputs, per consultation and
    (gender, region, frontline); kept by portal.consultations.tally."""

    __tablename__ = "participation_tally"
    __table_args__ = (UniqueConstraint("consultation_id", "gender", "region", "frontline"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    consultation_id: Mapped[int] = mapped_column(ForeignKey("consultation.id"))
    gender: Mapped[str] = mapped_column(String(20))
    region: Mapped[str] = mapped_column(String(10))  # "" when unknown
    frontline: Mapped[bool] = mapped_column(Boolean)
    people: Mapped[int] = mapped_column(default=0)
    inputs: Mapped[int] = mapped_column(default=0)


class Input(db.Model):
    __tablename__ = "consultation_input"
    # Covers the standards report's count: accepted inputs of a consultation per person.
    __table_args__ = (Index("ix_consultation_input_counting", "consultation_id", "status",
                            "declaration_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    consultation_id: Mapped[int] = mapped_column(ForeignKey("consultation.id"), index=True)
    declaration_id: Mapped[int] = mapped_column(ForeignKey("declaration.id"), index=True,
                                                active_history=True)
    author_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"), index=True)
    language: Mapped[str] = mapped_column(String(10))
    body: Mapped[str] = mapped_column(Text)
    # active_history: portal.consultations.tally needs the status before a change.
    status: Mapped[str] = mapped_column(String(20), default=ACCEPTED, index=True,
                                        active_history=True)
    reject_reason: Mapped[str | None] = mapped_column(Text)
    imported: Mapped[bool] = mapped_column(Boolean, default=False)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)

    consultation: Mapped[Consultation] = relationship()
    declaration: Mapped[Declaration] = relationship()
    author = relationship("User")


class ConsultationSubscription(db.Model):
    """A person who asked to be told by email when their group opens a consultation."""

    __tablename__ = "consultation_subscription"
    __table_args__ = (UniqueConstraint("user_id", "group_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("user_account.id", ondelete="CASCADE"),
                                         index=True)
    group_id: Mapped[int] = mapped_column(ForeignKey("major_group.id", ondelete="CASCADE"),
                                          index=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


REPORT_GENDER_COLUMNS = ("women", "men", "other_gender", "undeclared_gender")
REPORT_REGION_COLUMNS = ("afr", "apg", "eeg", "grulac", "weog", "unknown_region")


class ConsultationReport(db.Model):
    """A national or regional consultation held elsewhere (rec. 23), counted by its numbers.

    Declared numbers are plain columns so that the standards report SUMs them in SQL.
    """

    __tablename__ = "consultation_report"

    id: Mapped[int] = mapped_column(primary_key=True)
    statement_id: Mapped[int] = mapped_column(ForeignKey("statement.id"), index=True)
    scope: Mapped[str] = mapped_column(String(20), default=NATIONAL)
    place: Mapped[str] = mapped_column(String(300))
    starts_on: Mapped[date] = mapped_column(Date)
    ends_on: Mapped[date] = mapped_column(Date)
    organizer: Mapped[str] = mapped_column(String(300))
    summary: Mapped[str] = mapped_column(Text)
    participants: Mapped[int] = mapped_column(default=0)
    women: Mapped[int] = mapped_column(default=0)
    men: Mapped[int] = mapped_column(default=0)
    other_gender: Mapped[int] = mapped_column(default=0)
    undeclared_gender: Mapped[int] = mapped_column(default=0)
    afr: Mapped[int] = mapped_column(default=0)
    apg: Mapped[int] = mapped_column(default=0)
    eeg: Mapped[int] = mapped_column(default=0)
    grulac: Mapped[int] = mapped_column(default=0)
    weog: Mapped[int] = mapped_column(default=0)
    unknown_region: Mapped[int] = mapped_column(default=0)
    frontline: Mapped[int] = mapped_column(default=0)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


# Import job states: queued, then checking every row, then writing them all in one
# transaction; it ends done, refused (errors in the file, nothing written) or failed.
JOB_QUEUED = "queued"
JOB_CHECKING = "checking"
JOB_WRITING = "writing"
JOB_DONE = "done"
JOB_REFUSED = "refused"
JOB_FAILED = "failed"
JOB_RUNNING = (JOB_QUEUED, JOB_CHECKING, JOB_WRITING)


class ImportJob(db.Model):
    """A large CSV import of offline inputs, run by the background queue, all or nothing.

    Seen only by the person who sent the file and the secretariat.
    """

    __tablename__ = "import_job"

    id: Mapped[int] = mapped_column(primary_key=True)
    consultation_id: Mapped[int] = mapped_column(ForeignKey("consultation.id"), index=True)
    created_by_id: Mapped[int] = mapped_column(ForeignKey("user_account.id"), index=True)
    # The importer's language: the messages about their file are written in it.
    language: Mapped[str] = mapped_column(String(10), default="en")
    dry_run: Mapped[bool] = mapped_column(Boolean, default=False)
    status: Mapped[str] = mapped_column(String(20), default=JOB_QUEUED)
    rows_total: Mapped[int] = mapped_column(default=0)
    rows_done: Mapped[int] = mapped_column(default=0)
    # The uploaded file until the job ends; dropped then.
    data: Mapped[bytes | None] = mapped_column(LargeBinary)
    errors: Mapped[list] = mapped_column(JSON, default=list)  # [[line or None, message]]
    imported: Mapped[int] = mapped_column(default=0)
    people: Mapped[int] = mapped_column(default=0)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    finished_at: Mapped[datetime | None]

    consultation: Mapped[Consultation] = relationship()

    @property
    def running(self) -> bool:
        return self.status in JOB_RUNNING
