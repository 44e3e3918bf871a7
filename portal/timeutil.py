"""Times are stored in UTC, naive in the database, and shown in the reader's zone."""
import zoneinfo
from datetime import UTC, datetime
from functools import cache
from importlib import resources
from pathlib import Path
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

UTC_ID = "UTC"


def utcnow() -> datetime:
    """Current UTC time without tzinfo, the form every DateTime column stores."""
    return datetime.now(UTC).replace(tzinfo=None)


def zone_or_utc(name) -> ZoneInfo:
    """The IANA zone ``name``; UTC for one this server does not know (never a crash)."""
    try:
        return ZoneInfo(name or UTC_ID)
    except (ZoneInfoNotFoundError, ValueError):
        return ZoneInfo(UTC_ID)


def _zone_tab() -> str:
    """The tz database's zone.tab, where zoneinfo finds its data (system or tzdata)."""
    for folder in zoneinfo.TZPATH:
        path = Path(folder) / "zone.tab"
        if path.exists():
            return path.read_text(encoding="utf-8")
    try:
        return (resources.files("tzdata.zoneinfo") / "zone.tab").read_text(encoding="utf-8")
    except ModuleNotFoundError:
        return ""


@cache
def zone_countries() -> dict[str, str]:
    """IANA zone id -> ISO country code, one row a zone as zone.tab lists them.

    These are the zones a person picks from: no old aliases (Asia/Rangoon beside
    Asia/Yangon), no Etc/GMT+5 (which means UTC-5).
    """
    zones = {}
    for line in _zone_tab().splitlines():
        if line and not line.startswith("#"):
            country, _coordinates, zone, *_comment = line.split("\t")
            zones[zone] = country
    return zones
