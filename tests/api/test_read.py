"""The read endpoints: what they show, what they never show, and their filters."""
import json

import pytest

from portal.extensions import db
from portal.registry.models import Organization
from tests.api.conftest import SECRETS, is_problem
from tests.world import make_organization

COLLECTIONS = ["/api/v1/groups", "/api/v1/organizations", "/api/v1/organizing-partners",
               "/api/v1/meetings", "/api/v1/statements"]


def _all(client, url):
    items = []
    while url:
        page = client.get(url).get_json()
        items += page["data"]
        url = page["next"]
    return items


def _ids(client, url):
    return {item["id"] for item in _all(client, url)}


@pytest.mark.parametrize("url", COLLECTIONS)
def test_no_private_value_appears_in_any_list_or_item(client, public_data, url):
    text = json.dumps(_all(client, url + "?limit=2"), ensure_ascii=False)
    for item in _all(client, url):
        text += client.get(f"{url}/{item['id']}").get_data(as_text=True)
    for user in public_data.users.values():
        assert user.email not in text
    for secret in SECRETS.values():
        assert secret not in text, secret
    for word in ("email", "gender", "member", "status_reason", "password"):
        assert word not in text


def test_groups_include_clusters_with_their_parent(client, public_data):
    clusters = _all(client, "/api/v1/groups?kind=cluster&lang=fr")
    assert [(c["slug"], c["name"], c["parent"]["slug"]) for c in clusters] == [
        ("rural-women", "Femmes rurales", "women")]
    assert _ids(client, "/api/v1/groups?parent=women") == {public_data.cluster.id}
    assert len(_all(client, "/api/v1/groups?kind=major_group")) == 9


def test_only_verified_organizations_are_listed_or_found(client, public_data):
    names = {org["name"] for org in _all(client, "/api/v1/organizations")}
    assert names == {"Member Org", "Partner Org"}
    for org in db.session.scalars(db.select(Organization).filter(
            Organization.status != "verified")):
        is_problem(client.get(f"/api/v1/organizations/{org.id}"), 404)


def test_an_organization_shows_its_public_fields(client, public_data):
    org = public_data.organizations["member_org"]
    body = client.get(f"/api/v1/organizations/{org.id}?lang=fr").get_json()
    assert body == {
        "id": org.id, "name": "Member Org", "names": {"en": "Member Org"}, "country": "KE",
        "country_name": "Kenya",
        "region": "AFR", "type": "ngo", "website": None, "working_languages": ["en", "fr"],
        "size": None, "frontline": True,
        "groups": [{"id": public_data.groups["women"].id, "slug": "women", "name": "Femmes"}]}


@pytest.mark.parametrize(("query", "expected"), [
    ("country=BR", {"Partner Org"}),
    ("country=ke", {"Member Org"}),
    ("region=GRULAC", {"Partner Org"}),
    ("frontline=true", {"Member Org"}),
    ("frontline=false", {"Partner Org", "Farm Coop"}),
    ("language=fr", {"Member Org"}),
    ("language=en", {"Member Org", "Partner Org"}),
    ("group=women", {"Member Org", "Partner Org"}),
    ("group=farmers", {"Farm Coop"}),
    ("type=cooperative", {"Farm Coop"}),
    ("group=women&country=BR", {"Partner Org"}),
    ("group=no-such-group", set()),
])
def test_organization_filters_match_the_directory(client, public_data, query, expected):
    make_organization("Farm Coop", country="SN", region="AFR", org_type="cooperative",
                      group=public_data.groups["farmers"], working_languages=["zh_Hans"])
    db.session.commit()
    assert {org["name"] for org in _all(client, f"/api/v1/organizations?{query}")} == expected


def test_working_language_filter_takes_every_spelling_of_chinese(client, public_data):
    make_organization("Beijing Org", country="CN", region="APG",
                      working_languages=["zh_Hans"])
    db.session.commit()
    for spelling in ("zh", "zh-Hans", "zh_Hans"):
        names = {o["name"] for o in _all(client, f"/api/v1/organizations?language={spelling}")}
        assert names == {"Beijing Org"}
    item = _all(client, "/api/v1/organizations?language=zh")[0]
    assert item["working_languages"] == ["zh-Hans"]


def test_organizing_partners_history_without_applications(client, public_data):
    terms = _all(client, "/api/v1/organizing-partners?group=women")
    assert sorted((t["organization"]["name"], t["status"], t["current"]) for t in terms) == [
        ("Member Org", "stepped_down", False), ("Partner Org", "confirmed", True)]
    assert _all(client, "/api/v1/organizing-partners?group=farmers") == []
    current = _all(client, "/api/v1/organizing-partners?current=true")
    assert [t["organization"]["name"] for t in current] == ["Partner Org"]
    past = _all(client, "/api/v1/organizing-partners?current=false")
    assert [t["organization"]["name"] for t in past] == ["Member Org"]
    org = public_data.organizations["member_org"].id
    assert [t["status"] for t in _all(client, f"/api/v1/organizing-partners?organization={org}")
            ] == ["stepped_down"]


def test_meetings_come_with_their_agenda(client, public_data):
    meeting = client.get(f"/api/v1/meetings/{public_data.meeting.id}?lang=fr").get_json()
    assert meeting["name"] == "FPHN 2027"
    assert meeting["organ"] == "Economic and Social Council"  # English when no French exists
    assert [(item["number"], item["title"]) for item in meeting["agenda_items"]] == [
        ("3", "Examen thématique")]


def test_statements_are_submitted_or_published_only(client, public_data):
    statements = _all(client, "/api/v1/statements")
    assert sorted(s["status"] for s in statements) == ["published", "submitted"]
    for status in ("draft", "in_validation"):
        hidden = public_data.statements[status].id
        is_problem(client.get(f"/api/v1/statements/{hidden}"), 404)
    submitted = client.get(
        f"/api/v1/statements/{public_data.statements['submitted'].id}").get_json()
    assert submitted["title"] == "Submitted statement"
    assert submitted["body"] == "Submitted body"
    assert submitted["agenda_item"]["number"] == "3"
    assert submitted["meeting"]["slug"] == "hlpf-2027"


@pytest.mark.parametrize(("query", "expected"), [
    ("status=published", {"Published statement"}),
    ("language=fr", {"Published statement"}),
    ("group=women", {"Published statement", "Submitted statement"}),
    ("group=farmers", set()),
    ("status=draft", None),
])
def test_statement_filters(client, public_data, query, expected):
    response = client.get(f"/api/v1/statements?{query}&meeting={public_data.meeting.id}")
    if expected is None:
        is_problem(response, 400)
    else:
        assert {s["title"] for s in response.get_json()["data"]} == expected


@pytest.mark.parametrize("url", COLLECTIONS)
def test_a_page_costs_a_bounded_number_of_queries(client, public_data, count_queries, url):
    for number in range(30):
        make_organization(f"Extra {number}", group=public_data.groups["ngos"])
    db.session.commit()
    client.get(url)  # warm up
    with count_queries() as few:
        client.get(url + "?limit=5")
    with count_queries() as many:
        client.get(url + "?limit=100")
    assert len(few) <= 5 and len(many) <= 5  # one per page and per kind of related row


def test_the_statements_feed_is_atom_of_public_statements(client, public_data):
    from datetime import datetime
    from xml.etree import ElementTree

    for status, day in (("submitted", 1), ("published", 2), ("draft", 3)):
        public_data.statements[status].submitted_at = datetime(2027, 7, day, 12)
    public_data.statements["submitted"].frozen_body = "Body with <markup> & ampersand"
    db.session.commit()
    response = client.get("/api/v1/feeds/statements.atom?lang=fr")
    assert response.status_code == 200 and response.mimetype == "application/atom+xml"
    feed = ElementTree.fromstring(response.data)
    atom = "{http://www.w3.org/2005/Atom}"
    entries = feed.findall(f"{atom}entry")
    assert [e.find(f"{atom}title").text for e in entries] == [
        "Published statement", "Submitted statement"]
    assert entries[1].find(f"{atom}content").text == "Body with <markup> & ampersand"
    assert entries[0].find(f"{atom}author/{atom}name").text == "Femmes"
    assert feed.find(f"{atom}updated").text == "2027-07-02T12:00:00Z"
    text = response.get_data(as_text=True)
    for secret in SECRETS.values():
        assert secret not in text
    farmers = client.get("/api/v1/feeds/statements.atom?group=farmers")
    assert ElementTree.fromstring(farmers.data).findall(f"{atom}entry") == []
