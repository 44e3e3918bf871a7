"""Main navigation entries; each domain adds its own when the app is built."""
from flask import Flask
from flask_babel import lazy_gettext as _l
from flask_login import current_user

# (endpoint, label, who sees it)
ENTRIES: list[tuple[str, object, object]] = [
    ("core.home", _l("Home"), lambda user: True),
    ("core.about", _l("About"), lambda user: True),
]


def add(endpoint: str, label, visible=lambda user: True) -> None:
    if all(existing != endpoint for existing, _label, _visible in ENTRIES):
        ENTRIES.append((endpoint, label, visible))


# Public pages first in the order a visitor needs them; desks for the secretariat after.
ORDER = ("core.home", "consultations.open_list", "registry.directory", "meetings.index",
         "records.archive_page", "api_pages.docs", "core.about")


def _position(entry) -> int:
    endpoint = entry[0]
    return ORDER.index(endpoint) if endpoint in ORDER else len(ORDER)


def main_navigation():
    entries = sorted(ENTRIES, key=_position)  # stable: others keep the order they came in
    return [(endpoint, label) for endpoint, label, visible in entries if visible(current_user)]


def init_app(app: Flask) -> None:
    app.jinja_env.globals["main_navigation"] = main_navigation
