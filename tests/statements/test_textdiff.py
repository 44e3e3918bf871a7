"""Side-by-side differences: lines paired, words marked, nothing lost."""
from portal.statements.textdiff import ADDED, REMOVED, SAME, side_by_side


def text(side):
    return "".join(part for _kind, part in side.parts)


def test_a_changed_word_is_marked_and_the_rest_of_the_line_is_kept():
    (row,) = side_by_side(["We call for land rights."], ["We call for water rights."])
    assert row.kind == "changed" and (row.old.number, row.new.number) == (1, 1)
    assert (REMOVED, "land") in row.old.parts and (ADDED, "water") in row.new.parts
    assert (SAME, "We call for ") in row.old.parts
    assert text(row.old) == "We call for land rights."
    assert text(row.new) == "We call for water rights."


def test_added_and_removed_lines_face_an_empty_side_and_numbers_follow_each_version():
    rows = side_by_side(["Title", "One.", "Two."], ["Title", "Two.", "Three."])
    assert [(r.kind, r.old.number, r.new.number) for r in rows] == [
        ("same", 1, 1), ("removed", 2, None), ("same", 3, 2), ("added", None, 3)]
    assert rows[1].new.parts == [] and rows[3].new.parts == [(ADDED, "Three.")]


def test_identical_versions_have_no_change():
    assert {row.kind for row in side_by_side(["A", "B"], ["A", "B"])} == {"same"}
