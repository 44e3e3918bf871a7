"""Small helpers every domain's views share."""
from urllib.parse import urlsplit

from flask import abort, render_template, request


def render_form(template: str, form, **context):
    """Render a form page; a submitted form that failed validation answers 422."""
    status = 422 if request.method == "POST" and form.errors else 200
    return render_template(template, form=form, **context), status


def safe_next(target: str | None, default: str) -> str:
    """Only a path on this site may follow a sign-in or a language switch."""
    if not target:
        return default
    parts = urlsplit(target)
    if parts.scheme or parts.netloc or not target.startswith("/") or target.startswith("//"):
        return default
    return target


def found_or_404(thing):
    """The object a URL names, or a 404 when there is none."""
    if thing is None:
        abort(404)
    return thing
