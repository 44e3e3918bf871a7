"""Drafting: versions, diffs, refused stale saves, safe markup, word count."""
import pytest

from portal.extensions import db
from portal.statements.models import StatementVersion
from tests.consultations.factories import open_consultation, write_version
from tests.world import add_member, build_world


@pytest.fixture
def world(app):
    return build_world()


@pytest.fixture
def statement(world):
    consultation = open_consultation(world.groups["women"], world.users["organizing_partner"])
    db.session.commit()
    return consultation.statement


def versions(statement):
    db.session.expire_all()
    return db.session.scalar(db.select(db.func.count()).select_from(StatementVersion)
                             .filter_by(statement_id=statement.id))


def test_every_save_is_a_new_version(world, client, sign_in, statement):
    sign_in(world.users["organizing_partner"])
    base = statement.current_version_id
    response = client.post(f"/statements/{statement.id}/draft", data={
        "base_version": base, "title": "Women's statement", "body": "## Care\n\nCare work."})
    assert response.status_code == 302
    page = client.get(f"/statements/{statement.id}/draft").get_data(as_text=True)
    assert "Version 2 is saved" in page or "Current version: 2" in page
    assert versions(statement) == 2


def test_a_save_over_a_version_the_editor_did_not_see_is_refused_and_loses_nothing(
        world, client, sign_in, statement, make_user):
    partner = world.users["organizing_partner"]
    seen = statement.current_version_id
    colleague = make_user(name="Colleague")
    add_member(colleague, world.organizations["op_org"])
    write_version(statement, colleague, "Their title", "Their paragraph about water.")
    db.session.commit()
    sign_in(partner)
    response = client.post(f"/statements/{statement.id}/draft", data={
        "base_version": seen, "title": "My title", "body": "My paragraph about land."})
    assert response.status_code == 409
    page = response.get_data(as_text=True)
    assert "Someone else saved version 2" in page
    assert "Their paragraph about water." in page  # the other editor's text, shown
    assert "My paragraph about land." in page  # the submitted text, kept in the form
    assert versions(statement) == 2
    # The form now carries the current version, so saving again (after merging) works.
    current = statement.current_version_id
    assert f'value="{current}"' in page
    again = client.post(f"/statements/{statement.id}/draft", data={
        "base_version": current, "title": "Merged", "body": "Land and water."})
    assert again.status_code == 302 and versions(statement) == 3


def test_a_diff_between_two_versions_is_escaped(world, client, sign_in, statement):
    partner = world.users["organizing_partner"]
    write_version(statement, partner, "Title", "Line one.\nLine two.")
    write_version(statement, partner, "Title", "Line one.\n<script>alert(1)</script>")
    db.session.commit()
    sign_in(partner)
    page = client.get(f"/statements/{statement.id}/diff?from=2&to=3").get_data(as_text=True)
    # Side by side: the changed line of each version in one row, only the words marked.
    row = page.split('<tr class="diff-row-changed">')[1].split("</tr>")[0]
    assert '<del class="diff-removed">Line two.</del>' in row
    assert '<ins class="diff-added">&lt;script&gt;alert(1)&lt;/script&gt;</ins>' in row
    assert "<script>alert" not in page and "@@" not in page
    assert "1 line differs" in page


def test_markup_of_the_statement_is_rendered_safely(world, client, sign_in, statement):
    write_version(statement, world.users["organizing_partner"], "A <b>title</b>",
                  "## Section\n\nFirst **point**.[^1]\n\n<script>alert(1)</script>\n\n"
                  "[^1]: E/HLPF/2026/1.")
    db.session.commit()
    sign_in(world.users["organizing_partner"])
    page = client.get(f"/statements/{statement.id}").get_data(as_text=True)
    assert "<strong>point</strong>" in page
    assert "<script>alert" not in page and "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert "A &lt;b&gt;title&lt;/b&gt;" in page
    assert f'id="s{statement.id}fn-1"' in page


def test_the_drafting_view_shows_the_word_count_and_the_standards(world, client, sign_in,
                                                                   statement):
    write_version(statement, world.users["organizing_partner"], "T", "one two three")
    db.session.commit()
    sign_in(world.users["organizing_partner"])
    page = client.get(f"/statements/{statement.id}/draft").get_data(as_text=True)
    assert "Words: 3 of 10,700." in page
    assert "Minimum standards" in page and "<svg" in page


def test_organizing_partners_read_what_would_meet_the_standards(world, client, sign_in,
                                                                 statement):
    write_version(statement, world.users["organizing_partner"], "T", "one two three")
    db.session.commit()
    public = client.get(f"/statements/{statement.id}").get_data(as_text=True)
    # Everyone reads minimum and maximum columns; only partners get the advice.
    assert "<th scope=\"col\">Minimum</th><th scope=\"col\">Maximum</th>" in public
    assert "Required" not in public and "What would meet the standards" not in public
    # The chart names regions as its table does, and says what its dashed line is.
    assert '<th scope="row">Latin American and Caribbean States</th>' in public
    assert ">Latin American and</tspan>" in public and "Latin America, Caribbean" not in public
    assert "Dashed line: the maximum share, 40%." in public
    sign_in(world.users["organizing_partner"])
    for url in (f"/statements/{statement.id}", f"/statements/{statement.id}/draft"):
        page = client.get(url).get_data(as_text=True)
        assert "What would meet the standards" in page
        assert "30 more participants, or a consultation report that declares them." in page
    client.set_cookie("lang", "fr")
    french = client.get(f"/statements/{statement.id}").get_data(as_text=True)
    assert "30 participants de plus" in french


def test_the_json_standards_report(world, client, statement):
    write_version(statement, world.users["organizing_partner"], "T", "one two three")
    db.session.commit()
    payload = client.get(f"/api/v1/statements/{statement.id}/standards").get_json()
    assert payload["passed"] is False
    assert payload["profile"]["thresholds"]["min_participants"] == 30
    codes = [c["code"] for c in payload["criteria"]]
    assert codes == ["consultation_time", "participants", "gender_balance",
                     "regional_coverage", "regional_balance", "length"]
    length = payload["criteria"][-1]
    assert length == {"code": "length", "required": 10700, "actual": 3, "passed": True,
                      "message": "The text has 3 words; the limit is 10,700.", "advice": None}
    # The consultation is open: the advisor counts the days left of the 14 required.
    advice = payload["criteria"][0]["advice"]
    assert advice["action"] == "keep_open" and 0 < advice["amount"] <= 14
    assert advice["message"] == (f"Keep the consultation open {advice['amount']} more days, "
                                 "then close it.")
    assert payload["criteria"][1]["advice"]["message"] == (
        "30 more participants, or a consultation report that declares them.")


def test_an_unknown_statement_answers_404_in_json(client, app):
    response = client.get("/api/v1/statements/999/standards")
    assert response.status_code == 404
    assert response.mimetype == "application/problem+json"


def test_the_statement_page_reads_right_to_left_in_arabic(world, client, sign_in, statement):

    write_version(statement, world.users["organizing_partner"], "T", "Text.")
    world.users["contributor"].preferred_language = "ar"
    db.session.commit()
    sign_in(world.users["contributor"])
    page = client.get(f"/statements/{statement.id}").get_data(as_text=True)
    assert '<html lang="ar" dir="rtl">' in page
    # Mirrored charts: labels read right to left, ending next to the bars on their right.
    assert 'text-anchor="end" direction="rtl">' in page.split("<svg", 1)[1]


@pytest.mark.parametrize("reader", ["visitor", "contributor", "focal_point"])
def test_a_draft_text_stays_with_its_authors_until_submission(world, client, sign_in,
                                                              statement, reader):
    write_version(statement, world.users["organizing_partner"], "Unpublished title",
                  "Unpublished paragraph.")
    db.session.commit()
    if reader != "visitor":
        sign_in(world.users[reader])
    page = client.get(f"/statements/{statement.id}").get_data(as_text=True)
    assert "Unpublished paragraph" not in page and "Unpublished title" not in page
    assert "The text is published when the organizing partners submit" in page
    assert "Minimum standards" in page  # progress stays public


@pytest.mark.parametrize("reader", ["organizing_partner", "secretariat"])
def test_authors_and_secretariat_read_the_draft(world, client, sign_in, statement, reader):
    write_version(statement, world.users["organizing_partner"], "Draft title", "Draft words.")
    db.session.commit()
    sign_in(world.users[reader])
    assert "Draft words." in client.get(f"/statements/{statement.id}").get_data(as_text=True)


def test_a_draft_with_a_character_no_document_face_prints_is_refused(world, client, sign_in,
                                                                     statement):
    sign_in(world.users["organizing_partner"])
    response = client.post(f"/statements/{statement.id}/draft", data={
        "base_version": statement.current_version_id, "title": "Water \U00013000",
        "body": "Fine text with an emoji 😀 that prints."})
    assert response.status_code == 422
    page = response.get_data(as_text=True)
    assert "These characters cannot be printed in the official documents" in page
    assert "U+13000 EGYPTIAN HIEROGLYPH A001" in page
    assert versions(statement) == 1
