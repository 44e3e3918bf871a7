"""Speaking opportunities and travel support (issue 13; recs 8, 14, 25, 28, 29).

The secretariat declares an opportunity for a meeting; members of verified organizations
apply; the organizing partners keep one selection per opportunity (their group's, or a joint
one when any group may apply); the secretariat confirms it and publishes the list of
speakers as an official record. Selected speakers may file the text of their oral statement.
"""
from datetime import date, datetime
from decimal import Decimal

from sqlalchemy import (
    JSON,
    Boolean,
    Date,
    ForeignKey,
    Numeric,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from portal.extensions import db
from portal.i18n_text import localized
from portal.timeutil import utcnow

SPEAK = "speak"
TRAVEL = "travel"
OPPORTUNITY_KINDS = (SPEAK, TRAVEL)

# Where an opportunity stands.
OPEN = "open"
CONFIRMED = "confirmed"  # the secretariat confirmed the partners' selection
PUBLISHED = "published"  # the list of speakers is an official record

# Where an application stands.
SUBMITTED = "submitted"
WITHDRAWN = "withdrawn"
SELECTED = "selected"
UNSUCCESSFUL = "unsuccessful"

TOPIC_MAX = 300
SUMMARY_MAX = 2000


class Opportunity(db.Model):
    """A speaking slot series or a number of funded travel places at one session.

    ``profile`` is ``portal.speakers.balance.SelectionProfile.to_dict()``: gender and
    regional limits as for statements, a minimum frontline share and the rotation rule.
    ``series`` names the meeting series the rotation looks back over (e.g. "hlpf").
    """

    __tablename__ = "speaking_opportunity"

    id: Mapped[int] = mapped_column(primary_key=True)
    meeting_id: Mapped[int] = mapped_column(ForeignKey("meeting.id"), index=True)
    agenda_item_id: Mapped[int | None] = mapped_column(ForeignKey("agenda_item.id"))
    kind: Mapped[str] = mapped_column(String(20), default=SPEAK)
    sessions: Mapped[dict] = mapped_column(JSON, default=dict)  # the session, per language
    held_on: Mapped[date] = mapped_column(Date)
    series: Mapped[str] = mapped_column(String(60), index=True)
    slots: Mapped[int]
    minutes: Mapped[int | None]
    languages: Mapped[list] = mapped_column(JSON, default=list)  # interpreted languages
    # None: any group may apply and the partners select jointly.
    group_id: Mapped[int | None] = mapped_column(ForeignKey("major_group.id"), index=True)
    covers: Mapped[str | None] = mapped_column(Text)  # travel: what the support covers
    deadline: Mapped[datetime]
    profile: Mapped[dict] = mapped_column(JSON, default=dict)
    status: Mapped[str] = mapped_column(String(20), default=OPEN, index=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"))
    confirmed_at: Mapped[datetime | None]
    confirmed_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"))
    record_id: Mapped[int | None] = mapped_column(ForeignKey("record.id"))

    meeting = relationship("Meeting")
    agenda_item = relationship("AgendaItem")
    group = relationship("MajorGroup")
    record = relationship("Record")
    selection: Mapped["Selection | None"] = relationship(
        primaryjoin="Opportunity.id == Selection.opportunity_id", viewonly=True,
        uselist=False)

    @property
    def session(self) -> str:
        return localized(self.sessions)


class Application(db.Model):
    """One person's application to one opportunity, in any of the six languages."""

    __tablename__ = "speaking_application"
    __table_args__ = (UniqueConstraint("opportunity_id", "user_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    opportunity_id: Mapped[int] = mapped_column(
        ForeignKey("speaking_opportunity.id", ondelete="CASCADE"), index=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("user_account.id"), index=True)
    organization_id: Mapped[int] = mapped_column(ForeignKey("organization.id"), index=True)
    group_id: Mapped[int | None] = mapped_column(ForeignKey("major_group.id"))
    topic: Mapped[str] = mapped_column(String(TOPIC_MAX))
    language: Mapped[str] = mapped_column(String(10))  # the language the person will speak
    summary: Mapped[str] = mapped_column(Text)
    gender: Mapped[str | None] = mapped_column(String(20))  # None: not declared
    country: Mapped[str] = mapped_column(String(2))
    region: Mapped[str | None] = mapped_column(String(10))
    frontline: Mapped[bool] = mapped_column(Boolean, default=False)
    frontline_description: Mapped[str | None] = mapped_column(Text)
    travel_need: Mapped[str | None] = mapped_column(Text)
    cost_estimate: Mapped[Decimal | None] = mapped_column(Numeric(12, 2))
    status: Mapped[str] = mapped_column(String(20), default=SUBMITTED, index=True)
    outcome_reason: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow)

    opportunity: Mapped[Opportunity] = relationship()
    user = relationship("User")
    organization = relationship("Organization")
    group = relationship("MajorGroup")


class Selection(db.Model):
    """The partners' selection for one opportunity; ``version`` refuses a stale save."""

    __tablename__ = "speaker_selection"

    id: Mapped[int] = mapped_column(primary_key=True)
    opportunity_id: Mapped[int] = mapped_column(
        ForeignKey("speaking_opportunity.id", ondelete="CASCADE"), unique=True)
    version: Mapped[int] = mapped_column(default=0)
    application_ids: Mapped[list] = mapped_column(JSON, default=list)
    # Written when the selection does not meet the profile; published with the list.
    override_reason: Mapped[str | None] = mapped_column(Text)
    # The balance figures of the confirmed list, frozen for the published record.
    figures: Mapped[list | None] = mapped_column(JSON)
    # Who the confirmed list holds, in numbers (participation figures across time):
    # speakers, by_gender, undeclared_gender, by_region, unknown_region, frontline,
    # organizations, first_time_organizations.
    counts: Mapped[dict | None] = mapped_column(JSON)
    saved_at: Mapped[datetime | None]
    saved_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"))

    opportunity: Mapped[Opportunity] = relationship()


class OralStatement(db.Model):
    """The text a selected speaker will deliver; on the record once delivered."""

    __tablename__ = "oral_statement"

    id: Mapped[int] = mapped_column(primary_key=True)
    application_id: Mapped[int] = mapped_column(
        ForeignKey("speaking_application.id", ondelete="CASCADE"), unique=True)
    title: Mapped[str] = mapped_column(String(500))
    text: Mapped[str] = mapped_column(Text)
    language: Mapped[str] = mapped_column(String(10))
    submitted_at: Mapped[datetime] = mapped_column(default=utcnow)
    delivered: Mapped[bool | None] = mapped_column(Boolean)  # None: not marked yet
    marked_at: Mapped[datetime | None]
    record_id: Mapped[int | None] = mapped_column(ForeignKey("record.id"))

    application: Mapped[Application] = relationship()
    record = relationship("Record")
