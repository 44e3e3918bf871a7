"""Moments stored as naive UTC, shown in the reader's time zone and language."""
from datetime import UTC, datetime
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from babel.dates import format_date, format_time, get_datetime_format
from flask import current_app
from flask_babel import get_locale
from flask_login import current_user


def zone_of(user=None) -> ZoneInfo:
    user = user if user is not None else current_user
    name = getattr(user, "timezone", None) if user and user.is_authenticated else None
    try:
        return ZoneInfo(name or current_app.config.get("TIMEZONE") or "UTC")
    except (ZoneInfoNotFoundError, ValueError):
        return ZoneInfo("UTC")


def local_moment(value: datetime | None, zone: ZoneInfo | None = None, locale=None,
                 fmt: str = "medium") -> str:
    """"1 Mar 2027, 10:00 (Europe/Paris)" in the given or the current reader's zone.

    The locale's own way of joining a medium date and a short time (no seconds).
    """
    if value is None:
        return ""
    zone = zone or zone_of()
    locale = locale or get_locale()
    moment = value.replace(tzinfo=UTC).astimezone(zone)
    pattern = get_datetime_format(fmt, locale=locale).replace("'", "")
    text = pattern.replace("{1}", format_date(moment, fmt, locale=locale)).replace(
        "{0}", format_time(moment, "short", locale=locale))
    return f"{text} ({zone.key})"


def to_utc(local_value: datetime, zone: ZoneInfo) -> datetime:
    """A wall-clock time the user typed in their zone -> naive UTC for storage."""
    return local_value.replace(tzinfo=zone).astimezone(UTC).replace(tzinfo=None)


def to_local(utc_value: datetime, zone: ZoneInfo) -> datetime:
    return utc_value.replace(tzinfo=UTC).astimezone(zone).replace(tzinfo=None)
