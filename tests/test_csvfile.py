"""The CSV reader shared by the imports: line numbers as a spreadsheet shows them."""
import pytest

from portal import csvfile

REQUIRED = ("name", "country")


def test_rows_keep_the_line_where_they_start_even_after_a_multi_line_value():
    data = b'Name,Country\r\n"First\nsecond line",KE\r\nOther,FR\r\n'
    upload = csvfile.read(data, REQUIRED)
    assert upload.problems == []
    assert upload.rows == [(2, {"name": "First\nsecond line", "country": "KE"}),
                           (4, {"name": "Other", "country": "FR"})]


def test_byte_order_mark_and_blank_rows_are_accepted():
    upload = csvfile.read("\ufeffname,country\n,\nA,KE\n".encode(), REQUIRED)
    assert upload.rows == [(3, {"name": "A", "country": "KE"})]


@pytest.mark.parametrize(("data", "kwargs", "line", "message"), [
    ("name,country\nA,KE\n".encode("utf-16"), {}, 1, "not valid UTF-8"),
    (b"name\nA\n", {}, 1, "Missing columns: country."),
    (b"name,country,colour\nA,KE,red\n", {"refuse_unknown": True}, 1,
     "Unknown columns: colour."),
    (b"name,country\nA,KE,extra\n", {}, 2, "more values than the header"),
    (b"name,country\nA,KE\nB,FR\nC,ES\n", {"max_rows": 2}, 4, "at most 2"),
])
def test_problems_name_their_line(app, data, kwargs, line, message):
    upload = csvfile.read(data, REQUIRED, **kwargs)
    assert upload.problems[0][0] == line
    assert message in str(upload.problems[0][1])


def test_a_nul_character_is_refused_with_its_line(app):
    upload = csvfile.read(b"name,country\nA,KE\nB,K\x00E\n", REQUIRED)
    assert upload.rows == []
    assert upload.problems[0][0] == 3 and "NUL character" in str(upload.problems[0][1])


@pytest.mark.parametrize(("data", "line"), [
    (b"name,country\nA,KE\nB," + b"x" * 131_073 + b"\n", 3),
    # A quoted value spanning lines is reported at the line where its row starts.
    (b"name,country\nA,KE\n\"" + b"x\n" * 70_000 + b"\",KE\n", 3),
    (b"name," + b"x" * 131_073 + b"\nA,KE\n", 1),
])
def test_a_value_beyond_the_csv_field_limit_is_refused_with_its_line(app, data, line):
    upload = csvfile.read(data, REQUIRED)
    assert upload.problems[0][0] == line
    assert "longer than 131072 characters" in str(upload.problems[0][1])
