"""Imports every domain's models so that metadata (and Alembic) sees all tables."""
import portal.api.models  # noqa: F401
import portal.auth.models  # noqa: F401
import portal.caching.models  # noqa: F401
import portal.consultations.models  # noqa: F401
import portal.consultations.tally  # noqa: F401  (keeps participation figures on flush)
import portal.meetings.models  # noqa: F401
import portal.notifications.models  # noqa: F401
import portal.records.models  # noqa: F401
import portal.registry.models  # noqa: F401
import portal.speakers.models  # noqa: F401
import portal.statements.models  # noqa: F401
