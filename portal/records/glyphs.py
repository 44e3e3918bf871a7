"""Which characters the official documents can print, checked when a text is entered.

A character none of the PDF faces has would print as an empty box (glyph 0). Every face
of every stack counts (pdf.ALL_FACES: a passage in another language takes its own
script's face, emoji the emoji face), read with fontTools from the files fontconfig (which
Pango uses) finds. A face that is not installed covers nothing: its characters are refused.
"""
from __future__ import annotations

import functools
import subprocess
import unicodedata

from flask_babel import lazy_gettext as _l
from fontTools.ttLib import TTFont
from wtforms.validators import ValidationError

from portal.records.pdf import ALL_FACES

# Named in the refusal, at most this many, so the message stays readable.
SHOWN_MAX = 10


def draws_nothing(character: str) -> bool:
    """Controls, format characters (bidi marks, joiners, tags), variation selectors."""
    code = ord(character)
    return (unicodedata.category(character) in ("Cc", "Cf", "Zl", "Zp")
            or 0xFE00 <= code <= 0xFE0F or 0xE0100 <= code <= 0xE01EF)


def _face_files(face: str) -> list[tuple[str, int]]:
    """(file, index in a collection) of each style of one family, as fontconfig lists them."""
    try:
        listing = subprocess.run(["fc-list", "--format", "%{file}\t%{index}\n", face],
                                 capture_output=True, text=True, check=True).stdout
    except (OSError, subprocess.CalledProcessError):
        return []
    files = []
    for line in listing.splitlines():
        path, _tab, index = line.partition("\t")
        files.append((path, int(index or 0) & 0xFFFF))  # high bits: a variable instance
    return files


def face_coverage(face: str) -> frozenset[int]:
    """Code points every installed style of the face has (bold text takes the bold file)."""
    maps = [set(TTFont(path, fontNumber=index, lazy=True).getBestCmap() or ())
            for path, index in _face_files(face)]
    return frozenset(set.intersection(*maps)) if maps else frozenset()


@functools.lru_cache(maxsize=1)
def printable_code_points() -> frozenset[int]:
    covered: set[int] = set()
    for face in ALL_FACES:
        covered |= face_coverage(face)
    return frozenset(covered)


def unprintable(text: str, covered: frozenset[int] | None = None) -> list[str]:
    """The distinct characters of ``text`` no face prints, in order of appearance."""
    covered = printable_code_points() if covered is None else covered
    missing = dict.fromkeys(char for char in text
                            if ord(char) not in covered and not draws_nothing(char))
    return list(missing)


def describe(character: str) -> str:
    """"𓀀 (U+13000 EGYPTIAN HIEROGLYPH A001)": the browser may lack the glyph too."""
    name = unicodedata.name(character, "")
    return f"{character} (U+{ord(character):04X}{' ' + name if name else ''})"


class Printable:
    """Refuses text with characters the official documents cannot print, naming them."""

    def __call__(self, form, field):
        missing = unprintable(field.data or "")
        if missing:
            shown = ", ".join(describe(char) for char in missing[:SHOWN_MAX])
            if len(missing) > SHOWN_MAX:
                shown += ", …"
            raise ValidationError(_l(
                "These characters cannot be printed in the official documents: "
                "%(characters)s. Remove them or replace them.", characters=shown))
