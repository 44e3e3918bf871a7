"""Coded values of the registry and their names in the reader's language."""
from flask_babel import lazy_gettext as _l
from flask_babel import lazy_pgettext

ORG_TYPES = {
    "ngo": _l("Non-governmental organization"),
    "community": _l("Community-based organization"),
    "network": _l("Network or coalition"),
    "indigenous": _l("Indigenous peoples' organization"),
    "women": _l("Women's organization"),
    "youth": _l("Youth organization"),
    "trade_union": _l("Trade union"),
    "farmers": _l("Farmers' organization"),
    "business": _l("Business or industry association"),
    "research": _l("Research or academic institution"),
    "local_authority": _l("Local authority"),
    "foundation": _l("Foundation"),
    "other": _l("Other"),
}

SIZES = {
    "small": _l("Small (up to 10 staff or volunteers)"),
    "medium": _l("Medium (11 to 50)"),
    "large": _l("Large (51 to 250)"),
    "very_large": _l("Very large (more than 250)"),
}

GENDERS = {
    "woman": _l("Woman"),
    "man": _l("Man"),
    "non_binary": _l("Non-binary"),
    "other": _l("Another gender"),
    "undeclared": _l("Prefers not to say"),
}

REGION_NAMES = {
    "AFR": _l("African States"),
    "APG": _l("Asia-Pacific States"),
    "EEG": _l("Eastern European States"),
    "GRULAC": _l("Latin American and Caribbean States"),
    "WEOG": _l("Western European and other States"),
}

SCOPES = {
    "global": _l("Global"),
    "regional": _l("Regional"),
    "thematic": _l("Thematic"),
}

ORG_STATUSES = {
    "pending": _l("Awaiting verification"),
    "verified": _l("Verified"),
    # The context lets languages agree "Rejected" with "organization" (ru: Отклонена).
    "rejected": lazy_pgettext("organization status", "Rejected"),
}

TERM_STATUSES = {
    "applied": _l("Application pending"),
    "confirmed": _l("Confirmed"),
    "declined": _l("Declined"),
    "stepped_down": _l("Stepped down"),
    "removed": _l("Removed"),
    "withdrawn": _l("Application withdrawn"),
}

GROUP_KINDS = {
    "major_group": _l("Major group"),
    "constituency": _l("Other stakeholder constituency"),
    "cluster": _l("Cluster or thematic sub-group"),
}

# What a reader sees of a term: its status, or for a confirmed term where it stands in time.
TERM_STATES = {
    **TERM_STATUSES,
    "current": _l("Current"),
    "expired": _l("Term ended"),
    "upcoming": _l("Not started yet"),
}
