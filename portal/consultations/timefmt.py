"""Moments stored as naive UTC, shown in the reader's time zone and language."""
from datetime import UTC, datetime
from zoneinfo import ZoneInfo

from flask import current_app
from flask_login import current_user

from portal.i18n import timezone_label, un_datetime
from portal.timeutil import zone_or_utc


def zone_of(user=None) -> ZoneInfo:
    user = user if user is not None else current_user
    name = getattr(user, "timezone", None) if user and user.is_authenticated else None
    return zone_or_utc(name or current_app.config.get("TIMEZONE"))


def local_moment(value: datetime | None, zone: ZoneInfo | None = None,
                 language: str | None = None) -> str:
    """"1 March 2027, 10:00 (France (Paris))" in the given or the current reader's zone."""
    if value is None:
        return ""
    zone = zone or zone_of()
    return f"{un_datetime(value, language, zone)} ({timezone_label(zone.key, language)})"


def to_utc(local_value: datetime, zone: ZoneInfo) -> datetime:
    """A wall-clock time the user typed in their zone -> naive UTC for storage."""
    return local_value.replace(tzinfo=zone).astimezone(UTC).replace(tzinfo=None)


def to_local(utc_value: datetime, zone: ZoneInfo) -> datetime:
    return utc_value.replace(tzinfo=UTC).astimezone(zone).replace(tzinfo=None)
