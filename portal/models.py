"""Imports every domain's models so that metadata (and Alembic) sees all tables."""
from portal.auth.models import AuthToken, SigninFailure, User  # noqa: F401
from portal.registry.models import MajorGroup, Membership, Organization, OrganizingPartner  # noqa: F401
from portal.meetings.models import AgendaItem, Meeting, StandardsProfile  # noqa: F401
from portal.statements.models import Signoff, Statement, StatementVersion  # noqa: F401
from portal.records.models import Edition, Record, RenderedFile  # noqa: F401
