"""Reading an uploaded CSV file for an all-or-nothing import, with spreadsheet line numbers.

Shared by the imports of organizations (registry) and of offline inputs (consultations):
both decode UTF-8 (a BOM allowed), normalize the header, refuse missing or unknown
columns, skip blank rows and cap the number of rows. Each caller then checks its own rows.
"""
import csv
import io
from dataclasses import dataclass, field

from flask_babel import lazy_gettext as _l

from portal.i18n import lazy_number

NUL_IN_FILE = _l("This line holds a NUL character, which no text may contain: the file is "
                 "damaged or not a text file.")


def nul_line(text: str) -> int | None:
    """The line of the first NUL character in the text, if any (PostgreSQL cannot store it)."""
    if "\x00" not in text:
        return None
    return text.count("\n", 0, text.index("\x00")) + 1


@dataclass
class CsvFile:
    rows: list[tuple[int, dict]] = field(default_factory=list)  # (line, {column: text})
    problems: list[tuple[int, object]] = field(default_factory=list)  # (line, message)


def read(data: bytes, required: tuple, optional: tuple = (), max_rows: int = 20_000,
         refuse_unknown: bool = False) -> CsvFile:
    """Rows keyed by lower-case column names with stripped values, or the file's problems."""
    result = CsvFile()
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = data[:error.start].count(b"\n") + 1
        result.problems.append((line, _l(
            "The file is not valid UTF-8 text (byte %(position)d). Save it as \"CSV UTF-8\" "
            "and try again.", position=error.start)))
        return result
    if nul_line(text) is not None:
        # No spreadsheet writes NUL: the file is damaged or not text.
        result.problems.append((nul_line(text), NUL_IN_FILE))
        return result
    reader = csv.DictReader(io.StringIO(text, newline=""))
    try:
        _read_header(reader, required, optional, refuse_unknown, result)
        if not result.problems:
            _read_rows(reader, max_rows, result)
    except ValueTooLong as error:
        result.problems.append((error.line, _l(
            "A value on this line is longer than %(max)d characters.", max=error.limit)))
    return result


class ValueTooLong(Exception):
    """Python's csv module refuses a value longer than csv.field_size_limit() (131,072
    characters by default), far beyond any column's limit: the rest cannot be read."""

    def __init__(self, line: int):
        super().__init__(line)
        self.line, self.limit = line, csv.field_size_limit()


def _read_header(reader: csv.DictReader, required: tuple, optional: tuple,
                 refuse_unknown: bool, result: CsvFile) -> None:
    try:
        names = reader.fieldnames or []
    except csv.Error:
        raise ValueTooLong(1) from None
    header = [(name or "").strip().lower() for name in names]
    missing = [name for name in required if name not in header]
    if missing:
        result.problems.append((1, _l("Missing columns: %(columns)s.",
                                      columns=", ".join(missing))))
        return
    unknown = [name for name in header if name not in required + optional]
    if refuse_unknown and unknown:
        result.problems.append((1, _l("Unknown columns: %(columns)s.",
                                      columns=", ".join(unknown))))
        return
    reader.fieldnames = header


def _numbered(reader: csv.DictReader):
    """(line, row): a quoted value may span lines; a row's line is where it starts, as a
    spreadsheet shows."""
    start = reader.line_num + 1
    try:
        for raw in reader:
            yield start, raw
            start = reader.line_num + 1
    except csv.Error:
        raise ValueTooLong(start) from None


def _read_rows(reader: csv.DictReader, max_rows: int, result: CsvFile) -> None:
    for line, raw in _numbered(reader):
        if len(result.rows) >= max_rows:
            result.problems.append((line, _l("Too many rows: at most %(max)s.",
                                             max=lazy_number(max_rows))))
            break
        if None in raw:
            result.problems.append((line, _l("This row has more values than the header has "
                                             "columns.")))
            continue
        values = {key: (value or "").strip() for key, value in raw.items()}
        if any(values.values()):
            result.rows.append((line, values))
