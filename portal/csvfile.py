"""Reading an uploaded CSV file for an all-or-nothing import, with spreadsheet line numbers.

Shared by the imports of organizations (registry) and of offline inputs (consultations):
both decode UTF-8 (a BOM allowed), normalize the header, refuse missing or unknown
columns, skip blank rows and cap the number of rows. Each caller then checks its own rows.
"""
import csv
import io
from dataclasses import dataclass, field

from flask_babel import lazy_gettext as _l


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
    reader = csv.DictReader(io.StringIO(text, newline=""))
    header = [(name or "").strip().lower() for name in (reader.fieldnames or [])]
    missing = [name for name in required if name not in header]
    if missing:
        result.problems.append((1, _l("Missing columns: %(columns)s.",
                                      columns=", ".join(missing))))
        return result
    unknown = [name for name in header if name not in required + optional]
    if refuse_unknown and unknown:
        result.problems.append((1, _l("Unknown columns: %(columns)s.",
                                      columns=", ".join(unknown))))
        return result
    reader.fieldnames = header
    # A quoted value may span lines: the row's line is where it starts, as a spreadsheet shows.
    start = reader.line_num + 1
    for raw in reader:
        line, start = start, reader.line_num + 1
        if len(result.rows) >= max_rows:
            result.problems.append((line, _l("Too many rows: at most %(max)d.", max=max_rows)))
            break
        if None in raw:
            result.problems.append((line, _l("This row has more values than the header has "
                                             "columns.")))
            continue
        values = {key: (value or "").strip() for key, value in raw.items()}
        if any(values.values()):
            result.rows.append((line, values))
    return result
