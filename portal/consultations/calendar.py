"""Consultation windows as an iCalendar file (RFC 5545), written by the icalendar library.

Pure: plain values in, bytes out. Moments are stored as naive UTC and written as UTC
(``...Z``); the library escapes commas, semicolons, backslashes and line ends and folds long
lines.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime

import icalendar

PRODUCT = "-//MGoS Portal//Consultations//EN"


@dataclass(frozen=True)
class Window:
    uid: str
    title: str
    opens_at: datetime
    closes_at: datetime
    created_at: datetime
    description: str
    url: str


def _utc(moment: datetime) -> datetime:
    return moment.replace(tzinfo=UTC) if moment.tzinfo is None else moment.astimezone(UTC)


def to_ics(name: str, windows: list[Window]) -> bytes:
    calendar = icalendar.Calendar()
    calendar.add("prodid", PRODUCT)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("x-wr-calname", name)
    for window in windows:
        event = icalendar.Event()
        event.add("uid", window.uid)
        event.add("dtstamp", _utc(window.created_at))
        event.add("dtstart", _utc(window.opens_at))
        event.add("dtend", _utc(window.closes_at))
        event.add("summary", window.title)
        event.add("description", f"{window.description}\n\n{window.url}".strip())
        event.add("url", window.url)
        calendar.add_component(event)
    return calendar.to_ical()
