"""A shared cache of anonymous pages, invalidated by a data generation every write bumps."""
from flask import g

_SERVED_FROM_CACHE = "page_cache_hit"


def served_from_cache() -> bool:
    """Whether this request is answered with a stored copy: the headers every answer gets
    (security, the API's) were stored with it, so the hooks that add them can skip it."""
    return g.get(_SERVED_FROM_CACHE, False)


def mark_served_from_cache() -> None:
    setattr(g, _SERVED_FROM_CACHE, True)
