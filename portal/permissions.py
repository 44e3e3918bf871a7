"""Who may do what: the one module that decides permissions.

Every view declares a rule with ``@allow(RULE)``; the application refuses to start
when a route has none, and ``tests/test_permissions.py`` checks each route for each
role. A rule is a named predicate over the current user and the view's arguments.
Visitors who fail a rule are sent to sign in; signed-in users get 403.
"""
from collections.abc import Callable
from dataclasses import dataclass
from functools import wraps

from flask import Flask, abort
from flask_login import current_user

from portal.extensions import login_manager

# Global roles stored on the account; focal point and organizing partner are
# derived from the registry (membership and current OP terms).
CONTRIBUTOR = "contributor"
SECRETARIAT = "secretariat"
ADMINISTRATOR = "administrator"
GLOBAL_ROLES = (CONTRIBUTOR, SECRETARIAT, ADMINISTRATOR)


@dataclass(frozen=True)
class Rule:
    name: str
    check: Callable[..., bool]

    def allows(self, user, view_args: dict) -> bool:
        return self.check(user, **view_args)


def _signed_in(user, **_):
    return user.is_authenticated


def _secretariat(user, **_):
    return user.is_authenticated and user.role in (SECRETARIAT, ADMINISTRATOR)


def _administrator(user, **_):
    return user.is_authenticated and user.role == ADMINISTRATOR


PUBLIC = Rule("public", lambda user, **_: True)
SIGNED_IN = Rule("signed in", _signed_in)
SECRETARIAT_ONLY = Rule("secretariat", _secretariat)
ADMINISTRATOR_ONLY = Rule("administrator", _administrator)


def scoped(name: str, check: Callable[..., bool]) -> Rule:
    """A rule about one object named in the URL (an organization, a group, ...).

    The secretariat passes every scoped rule: it oversees all groups.
    """
    def guarded(user, **view_args):
        return user.is_authenticated and (_secretariat(user) or check(user, **view_args))

    return Rule(name, guarded)


def allow(rule: Rule):
    def decorate(view):
        @wraps(view)
        def guarded(**view_args):
            if not rule.allows(current_user, view_args):
                if not current_user.is_authenticated:
                    return login_manager.unauthorized()
                abort(403)
            return view(**view_args)

        guarded.permission_rule = rule
        return guarded

    return decorate


def check_every_route_has_a_rule(app: Flask) -> None:
    missing = [
        endpoint
        for endpoint, view in app.view_functions.items()
        if endpoint != "static" and not hasattr(view, "permission_rule")
    ]
    if missing:
        raise RuntimeError(f"routes without a permission rule: {', '.join(sorted(missing))}")
