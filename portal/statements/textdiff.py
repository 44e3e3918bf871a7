"""Two versions side by side, line against line, with the changed words marked.

Pure: plain strings in, rows of (kind, text) parts out; the template escapes the text and
wraps "removed" parts in <del> and "added" parts in <ins>.
"""
from __future__ import annotations

import difflib
import re
from dataclasses import dataclass, field

SAME, REMOVED, ADDED = "same", "removed", "added"
# Words, runs of spaces and single signs: a changed comma does not mark the whole word.
_TOKEN = re.compile(r"\w+|\s+|[^\w\s]", re.UNICODE)


@dataclass(frozen=True)
class Side:
    number: int | None  # line number in its version; None where that side has no line
    parts: list[tuple[str, str]] = field(default_factory=list)  # (SAME|REMOVED|ADDED, text)


@dataclass(frozen=True)
class Row:
    kind: str  # "same", "changed", "removed" (old line only) or "added" (new line only)
    old: Side
    new: Side


def _words(old: str, new: str) -> tuple[list, list]:
    a, b = _TOKEN.findall(old), _TOKEN.findall(new)
    left, right = [], []
    matcher = difflib.SequenceMatcher(None, a, b, autojunk=False)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            left.append((SAME, "".join(a[i1:i2])))
            right.append((SAME, "".join(b[j1:j2])))
            continue
        if i2 > i1:
            left.append((REMOVED, "".join(a[i1:i2])))
        if j2 > j1:
            right.append((ADDED, "".join(b[j1:j2])))
    return left, right


def _changed_block(old, new, i1, i2, j1, j2) -> list[Row]:
    rows = []
    for offset in range(max(i2 - i1, j2 - j1)):
        i, j = i1 + offset, j1 + offset
        if i < i2 and j < j2:
            left, right = _words(old[i], new[j])
            rows.append(Row("changed", Side(i + 1, left), Side(j + 1, right)))
        elif i < i2:
            rows.append(Row(REMOVED, Side(i + 1, [(REMOVED, old[i])]), Side(None)))
        else:
            rows.append(Row(ADDED, Side(None), Side(j + 1, [(ADDED, new[j])])))
    return rows


def side_by_side(old: list[str], new: list[str]) -> list[Row]:
    """One row per line pair; replaced lines are paired in order and diffed word by word."""
    rows: list[Row] = []
    matcher = difflib.SequenceMatcher(None, old, new, autojunk=False)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            rows.extend(Row(SAME, Side(i + 1, [(SAME, old[i])]), Side(j + 1, [(SAME, new[j])]))
                        for i, j in zip(range(i1, i2), range(j1, j2), strict=True))
        else:
            rows.extend(_changed_block(old, new, i1, i2, j1, j2))
    return rows
