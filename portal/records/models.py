"""Official records, their language editions and their rendered PDF files.

A published record never changes: its symbol, title, original text and date are fixed
when it is published. A correction, revision or addendum is a new record whose symbol
extends its parent's (``E/HLPF/2027/NGO/3/Corr.1``). Editions other than the original
start pending and are completed once, by the secretariat, with the translation.
"""
from datetime import date, datetime

from sqlalchemy import (
    JSON,
    Boolean,
    Date,
    ForeignKey,
    Integer,
    LargeBinary,
    String,
    Text,
    UniqueConstraint,
    event,
    inspect,
)
from sqlalchemy.orm import Mapped, Session, mapped_column, relationship

from portal.extensions import db
from portal.i18n import LANGUAGES
from portal.timeutil import utcnow

# Kinds of record.
STATEMENT = "statement"
COMPILATION = "compilation"
CORRIGENDUM = "corrigendum"
REVISION = "revision"
ADDENDUM = "addendum"
SPEAKERS_LIST = "speakers_list"  # a published list of speakers (portal.speakers)
ORAL_STATEMENT = "oral_statement"  # an oral statement as delivered (portal.speakers)
SUFFIXES = {CORRIGENDUM: "Corr.", REVISION: "Rev.", ADDENDUM: "Add."}
KINDS = (STATEMENT, COMPILATION, CORRIGENDUM, REVISION, ADDENDUM, SPEAKERS_LIST, ORAL_STATEMENT)

# Edition status (what the public sees next to each language).
ORIGINAL = "original"
TRANSLATED = "translated"
PENDING = "pending"
EDITION_STATUSES = (ORIGINAL, TRANSLATED, PENDING)

# Where an edition's PDF stands.
NOT_RENDERED = "none"
QUEUED = "queued"
RENDERING = "rendering"
RENDERED = "rendered"
FAILED = "failed"

SYMBOL_MAX = 120
TITLE_MAX = 500
BODY_MAX = 200_000
NOTE_MAX = 2000


class Record(db.Model):
    __tablename__ = "record"
    __table_args__ = (
        # The meeting's numbering: one record per number, a number never given twice.
        UniqueConstraint("meeting_id", "sequence"),
        UniqueConstraint("parent_id", "kind", "suffix_number"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    symbol: Mapped[str] = mapped_column(String(SYMBOL_MAX), unique=True)
    kind: Mapped[str] = mapped_column(String(20), default=STATEMENT, index=True)
    parent_id: Mapped[int | None] = mapped_column(ForeignKey("record.id"), index=True)
    sequence: Mapped[int | None] = mapped_column(Integer)
    suffix_number: Mapped[int | None] = mapped_column(Integer)
    meeting_id: Mapped[int] = mapped_column(ForeignKey("meeting.id"), index=True)
    agenda_item_id: Mapped[int | None] = mapped_column(ForeignKey("agenda_item.id"),
                                                       index=True)
    # A statement becomes at most one record (its corrections point to that record).
    statement_id: Mapped[int | None] = mapped_column(ForeignKey("statement.id"), unique=True)
    group_id: Mapped[int | None] = mapped_column(ForeignKey("major_group.id"), index=True)
    title: Mapped[str] = mapped_column(Text)
    original_language: Mapped[str] = mapped_column(String(10), default="en")
    distribution: Mapped[str] = mapped_column(String(20), default="general")
    published_on: Mapped[date] = mapped_column(Date, index=True)
    published_at: Mapped[datetime] = mapped_column(default=utcnow, index=True)
    job_number: Mapped[str] = mapped_column(String(20), unique=True)
    # The provisional agenda's symbol, printed as the footnote of the agenda item.
    agenda_symbol: Mapped[str | None] = mapped_column(String(80))
    # Compilations: the statements compiled, frozen when it was published.
    contents: Mapped[list | None] = mapped_column(JSON)
    # Corrections, revisions, addenda: what the new record changes, as the UN prints it.
    note: Mapped[str | None] = mapped_column(Text)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"))

    parent: Mapped["Record | None"] = relationship(remote_side=[id], back_populates="children")
    children: Mapped[list["Record"]] = relationship(back_populates="parent",
                                                    order_by="Record.id")
    meeting = relationship("Meeting")
    agenda_item = relationship("AgendaItem")
    statement = relationship("Statement")
    group = relationship("MajorGroup")
    editions: Mapped[list["Edition"]] = relationship(
        back_populates="record", cascade="all, delete-orphan", order_by="Edition.position")

    def edition(self, language: str) -> "Edition | None":
        return next((e for e in self.editions if e.language == language), None)

    @property
    def original(self) -> "Edition | None":
        return self.edition(self.original_language)

    def title_in(self, language: str) -> tuple[str, str]:
        """(title, its language): the official edition's in ``language`` if there is one."""
        edition = self.edition(language)
        if edition is not None and edition.status != PENDING and edition.title:
            return edition.title, language
        return self.title, self.original_language


class Edition(db.Model):
    """One language of a record: the original, a translation, or still pending."""

    __tablename__ = "record_edition"
    __table_args__ = (UniqueConstraint("record_id", "language"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    record_id: Mapped[int] = mapped_column(ForeignKey("record.id", ondelete="CASCADE"),
                                           index=True)
    language: Mapped[str] = mapped_column(String(10))
    position: Mapped[int] = mapped_column(default=0)  # UN order of the languages
    status: Mapped[str] = mapped_column(String(20), default=PENDING, index=True)
    title: Mapped[str | None] = mapped_column(Text)
    body: Mapped[str | None] = mapped_column(Text)
    translator_note: Mapped[str | None] = mapped_column(Text)
    # A draft a machine translated: shown and printed as unofficial, never as translated.
    machine_translated: Mapped[bool] = mapped_column(Boolean, default=False)
    # Bumped on every save: a form sent from an older page is refused, not applied.
    version: Mapped[int] = mapped_column(default=1)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_by_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id"))
    render_status: Mapped[str] = mapped_column(String(20), default=NOT_RENDERED, index=True)
    # Why the last render failed: a code and its parameters, shown in the reader's language
    # (portal.records.render_errors); render_error keeps the English detail for the log.
    render_error: Mapped[str | None] = mapped_column(Text)
    render_error_code: Mapped[str | None] = mapped_column(String(40))
    render_error_params: Mapped[dict | None] = mapped_column(JSON)
    # Tries of the current render; a try holds a lease: past it, the process is taken for dead.
    render_attempts: Mapped[int] = mapped_column(default=0)
    render_lease_until: Mapped[datetime | None]
    rendered_at: Mapped[datetime | None]
    file_id: Mapped[int | None] = mapped_column(ForeignKey("rendered_file.id"))

    record: Mapped[Record] = relationship(back_populates="editions")
    file: Mapped["RenderedFile | None"] = relationship()

    @property
    def has_text(self) -> bool:
        return bool(self.body and self.title)

    @property
    def is_public(self) -> bool:
        """Official text, or a machine draft shown as unofficial; never a human draft.

        Every language of a compilation is public: its frame is generated in the language
        and the statements inside appear in their official editions.
        """
        if self.record.kind == COMPILATION:
            return True
        return self.has_text and (self.status != PENDING or self.machine_translated)


def language_position(language: str) -> int:
    return LANGUAGES.index(language) if language in LANGUAGES else len(LANGUAGES)


class RenderedFile(db.Model):
    """A PDF in the files store (``portal.records.storage``) by the SHA-256 of its bytes.

    ``dependency_key`` is the hash of everything the PDF was made from (HTML, template
    version, fonts): an edition is rendered again only when its key changes.
    """

    __tablename__ = "rendered_file"

    id: Mapped[int] = mapped_column(primary_key=True)
    sha256: Mapped[str] = mapped_column(String(64), unique=True)
    size: Mapped[int]
    dependency_key: Mapped[str] = mapped_column(String(64), index=True)
    language: Mapped[str] = mapped_column(String(10))
    pages: Mapped[int] = mapped_column(default=0)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class FileBlob(db.Model):
    """The bytes of a stored file when ``STORAGE_BACKEND`` is ``database``."""

    __tablename__ = "file_blob"

    sha256: Mapped[str] = mapped_column(String(64), primary_key=True)
    size: Mapped[int]
    content: Mapped[bytes] = mapped_column(LargeBinary)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


# What is fixed once published: a change must be a new record (Corr., Rev., Add.).
FIXED_RECORD_FIELDS = ("symbol", "kind", "parent_id", "sequence", "suffix_number",
                       "meeting_id", "statement_id", "title", "original_language",
                       "published_on", "job_number", "agenda_symbol", "contents", "note")
FIXED_EDITION_FIELDS = ("title", "body", "language", "record_id")


class PublishedRecordChanged(Exception):
    pass


@event.listens_for(Session, "before_flush")
def _refuse_changes_to_published_text(session, flush_context, instances):
    """Last line of defence under the services: published text is never edited in place."""
    for obj in session.dirty:
        state = inspect(obj)
        if isinstance(obj, Record):
            fields = FIXED_RECORD_FIELDS
        elif isinstance(obj, Edition) and _issued(state):
            fields = FIXED_EDITION_FIELDS
        else:
            continue
        changed = [name for name in fields if state.attrs[name].history.has_changes()]
        if changed:
            raise PublishedRecordChanged(
                f"{type(obj).__name__} {obj.id}: published fields cannot change: {changed}")
    for obj in session.deleted:
        if isinstance(obj, (Record, Edition)):
            raise PublishedRecordChanged(f"{type(obj).__name__} {obj.id} cannot be deleted")


def _issued(state) -> bool:
    """An edition whose status was original or translated before this change."""
    history = state.attrs["status"].history
    before = history.deleted[0] if history.deleted else state.attrs["status"].value
    return before in (ORIGINAL, TRANSLATED)
