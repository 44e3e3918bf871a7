"""Major groups, organizations, their members, and organizing-partner terms."""
from datetime import date, datetime
from decimal import Decimal

from sqlalchemy import (
    JSON,
    Boolean,
    CheckConstraint,
    Date,
    ForeignKey,
    Index,
    Numeric,
    String,
    Text,
    UniqueConstraint,
    text,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from portal.extensions import db
from portal.i18n_text import localized
from portal.timeutil import utcnow

MAJOR_GROUP = "major_group"
CONSTITUENCY = "constituency"
CLUSTER = "cluster"

PENDING = "pending"
VERIFIED = "verified"
REJECTED = "rejected"
APPROVED = "approved"  # a membership the focal point accepted


class MajorGroup(db.Model):
    """A major group, another stakeholder constituency, or a cluster inside one."""

    __tablename__ = "major_group"

    id: Mapped[int] = mapped_column(primary_key=True)
    slug: Mapped[str] = mapped_column(String(60), unique=True)
    kind: Mapped[str] = mapped_column(String(20), default=MAJOR_GROUP)
    position: Mapped[int] = mapped_column(default=0)
    names: Mapped[dict] = mapped_column(JSON, default=dict)
    descriptions: Mapped[dict] = mapped_column(JSON, default=dict)
    criteria: Mapped[dict] = mapped_column(JSON, default=dict)
    parent_id: Mapped[int | None] = mapped_column(ForeignKey("major_group.id"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    parent: Mapped["MajorGroup | None"] = relationship(remote_side=[id])

    @property
    def name(self) -> str:
        return localized(self.names)

    @property
    def description(self) -> str:
        return localized(self.descriptions)


organization_group = db.Table(
    "organization_group",
    db.Column("organization_id", ForeignKey("organization.id", ondelete="CASCADE"),
              primary_key=True),
    db.Column("group_id", ForeignKey("major_group.id", ondelete="CASCADE"), primary_key=True),
)


class Organization(db.Model):
    __tablename__ = "organization"
    __table_args__ = (UniqueConstraint("name_key", "country"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    names: Mapped[dict] = mapped_column(JSON, default=dict)
    # Case- and space-folded primary name: one registration per name and country.
    name_key: Mapped[str] = mapped_column(String(300))
    country: Mapped[str] = mapped_column(String(2), index=True)
    region: Mapped[str | None] = mapped_column(String(10), index=True)
    org_type: Mapped[str] = mapped_column(String(40))
    website: Mapped[str | None] = mapped_column(String(500))
    working_languages: Mapped[list] = mapped_column(JSON, default=list)
    size: Mapped[str | None] = mapped_column(String(20))
    frontline: Mapped[bool] = mapped_column(Boolean, default=False)
    status: Mapped[str] = mapped_column(String(20), default=PENDING, index=True)
    status_reason: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    # Every name in every language, case-folded, for the directory's name search
    # (JSON columns store non-ASCII names as escapes, so they cannot be searched).
    search_text: Mapped[str | None] = mapped_column(Text)
    # Bumped on each edit: an edit based on an older revision is refused, not merged.
    revision: Mapped[int] = mapped_column(default=1)
    verified_at: Mapped[datetime | None]

    groups: Mapped[list[MajorGroup]] = relationship(secondary=organization_group)
    memberships: Mapped[list["Membership"]] = relationship(back_populates="organization",
                                                           cascade="all, delete-orphan")

    @property
    def name(self) -> str:
        return localized(self.names)


class Membership(db.Model):
    __tablename__ = "membership"
    __table_args__ = (UniqueConstraint("organization_id", "user_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    organization_id: Mapped[int] = mapped_column(
        ForeignKey("organization.id", ondelete="CASCADE"), index=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("user_account.id", ondelete="CASCADE"),
                                         index=True)
    is_focal_point: Mapped[bool] = mapped_column(Boolean, default=False)
    status: Mapped[str] = mapped_column(String(20), default=PENDING)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    organization: Mapped[Organization] = relationship(back_populates="memberships")
    user = relationship("User")


# Organizing-partner term states.
APPLIED = "applied"
CONFIRMED = "confirmed"
DECLINED = "declined"
STEPPED_DOWN = "stepped_down"
REMOVED = "removed"
WITHDRAWN = "withdrawn"  # an application its organization took back before a decision


class OrganizingPartner(db.Model):
    """One organization's term (or application for a term) as OP of one group."""

    __tablename__ = "organizing_partner"
    # At most one pending application per organization and group, even under a race.
    __table_args__ = (
        Index("uq_organizing_partner_pending", "organization_id", "group_id", unique=True,
              postgresql_where=text("status = 'applied'"),
              sqlite_where=text("status = 'applied'")),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    organization_id: Mapped[int] = mapped_column(ForeignKey("organization.id"), index=True)
    group_id: Mapped[int] = mapped_column(ForeignKey("major_group.id"), index=True)
    status: Mapped[str] = mapped_column(String(20), default=APPLIED, index=True)
    term_start: Mapped[date] = mapped_column(Date)
    term_end: Mapped[date] = mapped_column(Date)
    scope: Mapped[str] = mapped_column(String(20), default="global")
    scope_region: Mapped[str | None] = mapped_column(String(10))
    scope_theme: Mapped[str | None] = mapped_column(String(200))
    working_languages: Mapped[list] = mapped_column(JSON, default=list)
    focal_person_name: Mapped[str] = mapped_column(String(200))
    focal_person_gender: Mapped[str | None] = mapped_column(String(20))
    focal_person_user_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"))
    applied_at: Mapped[datetime] = mapped_column(default=utcnow)
    decided_at: Mapped[datetime | None]
    decision_reason: Mapped[str | None] = mapped_column(Text)
    ended_at: Mapped[datetime | None]
    end_reason: Mapped[str | None] = mapped_column(Text)

    organization: Mapped[Organization] = relationship()
    group: Mapped[MajorGroup] = relationship()

    @classmethod
    def current_filter(cls, on: date):
        """SQL condition for terms in force on a day."""
        return db.and_(cls.status == CONFIRMED, cls.term_start <= on, cls.term_end >= on,
                       cls.ended_at.is_(None))


class Invitation(db.Model):
    """A focal point's invitation of an email address to join the organization."""

    __tablename__ = "organization_invitation"
    __table_args__ = (UniqueConstraint("organization_id", "email"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    organization_id: Mapped[int] = mapped_column(
        ForeignKey("organization.id", ondelete="CASCADE"), index=True)
    email: Mapped[str] = mapped_column(String(254), index=True)
    invited_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("user_account.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    accepted_at: Mapped[datetime | None]

    organization: Mapped[Organization] = relationship()


class Disclosure(db.Model):
    """One version of an organization's public disclosure; never changed once filed."""

    __tablename__ = "disclosure"
    __table_args__ = (UniqueConstraint("organization_id", "version"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    organization_id: Mapped[int] = mapped_column(
        ForeignKey("organization.id", ondelete="CASCADE"), index=True)
    version: Mapped[int]
    filed_at: Mapped[datetime] = mapped_column(default=utcnow, index=True)
    filed_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("user_account.id", ondelete="SET NULL"))
    affiliations: Mapped[str] = mapped_column(Text, default="")
    interests: Mapped[str] = mapped_column(Text, default="")

    organization: Mapped[Organization] = relationship()
    funding: Mapped[list["FundingSource"]] = relationship(
        back_populates="disclosure", cascade="all, delete-orphan",
        order_by="FundingSource.position")
    filed_by = relationship("User")

    @property
    def total_share(self) -> Decimal:
        return sum((source.share for source in self.funding), Decimal(0))


class FundingSource(db.Model):
    __tablename__ = "disclosure_funding"
    __table_args__ = (CheckConstraint("share >= 0 AND share <= 100", name="share_range"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    disclosure_id: Mapped[int] = mapped_column(
        ForeignKey("disclosure.id", ondelete="CASCADE"), index=True)
    position: Mapped[int] = mapped_column(default=0)
    source: Mapped[str] = mapped_column(String(300))
    share: Mapped[Decimal] = mapped_column(Numeric(5, 2))

    disclosure: Mapped[Disclosure] = relationship(back_populates="funding")


class Endorsement(db.Model):
    """A constituency member's support for an organizing-partner application."""

    __tablename__ = "op_endorsement"
    __table_args__ = (UniqueConstraint("term_id", "user_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    term_id: Mapped[int] = mapped_column(
        ForeignKey("organizing_partner.id", ondelete="CASCADE"), index=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("user_account.id", ondelete="CASCADE"))
    comment: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    user = relationship("User")


class Feedback(db.Model):
    """A constituency member's rating (1-5) of an OP's consultation work."""

    __tablename__ = "op_feedback"
    __table_args__ = (CheckConstraint("rating BETWEEN 1 AND 5", name="rating_range"),
                      UniqueConstraint("term_id", "user_id"))

    id: Mapped[int] = mapped_column(primary_key=True)
    term_id: Mapped[int] = mapped_column(
        ForeignKey("organizing_partner.id", ondelete="CASCADE"), index=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("user_account.id", ondelete="CASCADE"))
    rating: Mapped[int]
    comment: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    user = relationship("User")
