"""Major-group statements, their versions and the OPs' sign-offs."""
from datetime import datetime

from sqlalchemy import ForeignKey, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from portal.extensions import db
from portal.timeutil import utcnow

# Where a statement stands on its path (DESIGN.md section 2).
DRAFT = "draft"
IN_VALIDATION = "in_validation"
SUBMITTED = "submitted"
PUBLISHED = "published"


class Statement(db.Model):
    __tablename__ = "statement"

    id: Mapped[int] = mapped_column(primary_key=True)
    group_id: Mapped[int] = mapped_column(ForeignKey("major_group.id"), index=True)
    meeting_id: Mapped[int] = mapped_column(ForeignKey("meeting.id"), index=True)
    agenda_item_id: Mapped[int | None] = mapped_column(ForeignKey("agenda_item.id"))
    original_language: Mapped[str] = mapped_column(String(10), default="en")
    status: Mapped[str] = mapped_column(String(20), default=DRAFT, index=True)
    # The standards profile version that judges this statement (fixed when its
    # consultation opens).
    profile_id: Mapped[int | None] = mapped_column(ForeignKey("standards_profile.id"))
    current_version_id: Mapped[int | None] = mapped_column(
        ForeignKey("statement_version.id", use_alter=True))
    justification: Mapped[str | None] = mapped_column(Text)
    # Frozen on submission: the exact text validated and its SHA-256 fingerprint.
    submitted_at: Mapped[datetime | None]
    frozen_title: Mapped[str | None] = mapped_column(Text)
    frozen_body: Mapped[str | None] = mapped_column(Text)
    fingerprint: Mapped[str | None] = mapped_column(String(64))
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    # Validation (added by the statements domain): who asked the other OPs to sign off,
    # and who submitted.
    validation_requested_at: Mapped[datetime | None]
    validation_requested_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("user_account.id"))
    submitted_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"))

    group = relationship("MajorGroup")
    meeting = relationship("Meeting")
    agenda_item = relationship("AgendaItem")
    profile = relationship("StandardsProfile")
    current_version: Mapped["StatementVersion | None"] = relationship(
        foreign_keys=[current_version_id], post_update=True)
    versions: Mapped[list["StatementVersion"]] = relationship(
        foreign_keys="StatementVersion.statement_id", back_populates="statement",
        order_by="StatementVersion.number")

    @property
    def title(self) -> str:
        if self.frozen_title is not None:
            return self.frozen_title
        return self.current_version.title if self.current_version else ""


class StatementVersion(db.Model):
    """Every save of the draft is a new version; none is ever changed."""

    __tablename__ = "statement_version"
    __table_args__ = (UniqueConstraint("statement_id", "number"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    statement_id: Mapped[int] = mapped_column(ForeignKey("statement.id"), index=True)
    number: Mapped[int]
    title: Mapped[str] = mapped_column(Text)
    body: Mapped[str] = mapped_column(Text)  # the markup of portal.statements.markup
    author_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    statement: Mapped[Statement] = relationship(foreign_keys=[statement_id],
                                                back_populates="versions")
    author = relationship("User")


class Signoff(db.Model):
    """An organizing partner's approval of the statement for submission."""

    __tablename__ = "statement_signoff"
    __table_args__ = (UniqueConstraint("statement_id", "organization_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    statement_id: Mapped[int] = mapped_column(ForeignKey("statement.id"), index=True)
    organization_id: Mapped[int] = mapped_column(ForeignKey("organization.id"))
    user_id: Mapped[int] = mapped_column(ForeignKey("user_account.id"))
    version_id: Mapped[int] = mapped_column(ForeignKey("statement_version.id"))
    at: Mapped[datetime] = mapped_column(default=utcnow)

    organization = relationship("Organization")
    user = relationship("User")
