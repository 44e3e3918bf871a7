"""Optional machine translation of pending editions (rec. 21: quick online translation).

Off by default. ``MACHINE_TRANSLATION`` (the PORTAL_MACHINE_TRANSLATION environment
variable, see portal/config.py) names a function ``translate(text, source, target) -> str`` as
``package.module:function`` or ``package.module.function``. A draft it writes is always
marked ``machine_translated`` and printed as an unofficial translation; it never becomes
the official translation without the secretariat saving it as translated.
"""
from __future__ import annotations

import importlib
import logging

from flask import current_app

from portal.records.models import PENDING

log = logging.getLogger(__name__)


def translator():
    dotted = current_app.config.get("MACHINE_TRANSLATION")
    if not dotted:
        return None
    module_name, sep, name = dotted.partition(":")
    if not sep:
        module_name, _dot, name = dotted.rpartition(".")
    return getattr(importlib.import_module(module_name), name)


def prefill(edition) -> bool:
    """Fill one pending, empty edition with a machine draft; False when no service is set."""
    translate = translator()
    if translate is None or edition.status != PENDING:
        return False
    source = edition.record.original
    try:
        title = translate(source.title, source.language, edition.language)
        body = translate(source.body, source.language, edition.language)
    except Exception:  # an outside service failing must not stop publishing
        log.exception("machine translation failed for %s (%s)", edition.record.symbol,
                      edition.language)
        return False
    edition.title, edition.body = title, body
    edition.machine_translated = True
    return True


def prefill_record(record) -> None:
    if translator() is None:
        return
    for edition in record.editions:
        if edition.status == PENDING and not edition.has_text:
            prefill(edition)
