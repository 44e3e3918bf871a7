"""Times are stored in UTC, naive in the database, and shown in the reader's zone."""
from datetime import UTC, datetime


def utcnow() -> datetime:
    """Current UTC time without tzinfo, the form every DateTime column stores."""
    return datetime.now(UTC).replace(tzinfo=None)
