"""Open consultations for everyone: home page, list with filters, Atom feed and iCalendar."""
from datetime import timedelta
from xml.etree import ElementTree

import icalendar
import pytest

from portal.extensions import db
from tests.consultations.factories import add_input, make_meeting, open_consultation
from tests.world import build_world

ATOM = "{http://www.w3.org/2005/Atom}"


@pytest.fixture
def world(app):
    world = build_world()
    partner = world.users["organizing_partner"]
    meeting = make_meeting()
    soon = open_consultation(world.groups["women"], partner, meeting, opened_days_ago=18,
                             days_open=20, languages=["en", "fr"],
                             title="Care work; land, water \\ rights")
    later = open_consultation(world.groups["farmers"], partner, meeting, days_open=30,
                              languages=["es"], title="Seeds and markets")
    later.scope, later.scope_country = "national", "BR"
    closed = open_consultation(world.groups["women"], partner, meeting, opened_days_ago=40,
                               days_open=10, title="Closed long ago")
    add_input(soon, world.users["contributor"])
    add_input(soon, world.users["contributor"], body="A second thought.")
    add_input(soon, world.users["focal_point"], country="FR")
    db.session.commit()
    world.consultations = {"soon": soon, "later": later, "closed": closed}
    return world


def test_the_home_page_lists_open_consultations_closing_first(world, client):
    page = client.get("/").get_data(as_text=True)
    assert page.index("Care work") < page.index("Seeds and markets")
    assert "Closed long ago" not in page
    assert "Closing soon" in page
    assert 'href="/groups/women"' in page  # the group name links to its page
    # Three accepted inputs so far, counted from the tally.
    row = page[page.index("Care work"):page.index("Seeds and markets")]
    assert "<td>3</td>" in row
    assert "National: Brazil" in page
    assert 'href="/consultations"' in page  # the navigation entry


def test_the_deadline_is_in_the_readers_language(world, client):
    client.get("/language/fr")
    page = client.get("/consultations").get_data(as_text=True)
    closes = world.consultations["soon"].closes_at
    from babel.dates import format_date

    assert format_date(closes, "d MMMM y", locale="fr") in page  # UN style: 28 novembre 2026


@pytest.mark.parametrize(("query", "shown", "hidden"), [
    ("group=farmers", "Seeds and markets", "Care work"),
    ("language=fr", "Care work", "Seeds and markets"),
    ("closing_soon=y", "Care work", "Seeds and markets"),
    # Global consultations are open to every region; a national one only to its own.
    ("region=AFR", "Care work", "Seeds and markets"),
    ("region=GRULAC", "Seeds and markets", "Closed long ago"),
])
def test_filters(world, client, query, shown, hidden):
    response = client.get(f"/consultations?{query}")
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert shown in page and hidden not in page


def test_a_bad_filter_is_refused_with_a_message(world, client):
    response = client.get("/consultations?group=nonsense&region=MARS")
    page = response.get_data(as_text=True)
    assert response.status_code == 422
    assert "Not a valid choice" in page
    assert "Care work" in page and "Seeds and markets" in page


def test_the_list_reads_a_constant_number_of_rows(world, client, count_queries):
    client.get("/consultations")  # warm up
    with count_queries() as few:
        client.get("/consultations")
    partner = world.users["organizing_partner"]
    for number in range(5):
        item = open_consultation(world.groups["children-youth"], partner, title=f"More {number}")
        add_input(item, world.users["contributor"])
    db.session.commit()
    with count_queries() as many:
        page = client.get("/consultations").get_data(as_text=True)
    assert "More 4" in page
    assert len(many) == len(few)


def test_the_atom_feed_lists_consultations_of_a_group(world, client):
    response = client.get("/groups/women/consultations.atom")
    assert response.mimetype == "application/atom+xml"
    feed = ElementTree.fromstring(response.data)
    titles = [entry.find(f"{ATOM}title").text for entry in feed.iter(f"{ATOM}entry")]
    assert sorted(titles) == ["Care work; land, water \\ rights", "Closed long ago"]
    everything = ElementTree.fromstring(client.get("/consultations.atom").data)
    assert len(list(everything.iter(f"{ATOM}entry"))) == 3


def test_the_calendar_has_one_event_per_window_in_utc(world, client):
    response = client.get("/consultations.ics")
    assert response.mimetype == "text/calendar"
    text = response.get_data(as_text=True)
    assert "SUMMARY:Care work\\; land\\, water \\\\ rights (Women)" in text
    calendar = icalendar.Calendar.from_ical(response.data)
    events = {str(e["summary"]): e for e in calendar.walk("VEVENT")}
    assert len(events) == 3
    soon = world.consultations["soon"]
    event = events["Care work; land, water \\ rights (Women)"]
    assert event.decoded("dtstart").utcoffset() == timedelta(0)
    assert event.decoded("dtstart").replace(tzinfo=None) == soon.opens_at.replace(microsecond=0)
    assert event.decoded("dtend").replace(tzinfo=None) == soon.closes_at.replace(microsecond=0)
    farmers = icalendar.Calendar.from_ical(client.get("/groups/farmers/consultations.ics").data)
    assert [str(e["summary"]) for e in farmers.walk("VEVENT")] == ["Seeds and markets (Farmers)"]


@pytest.mark.parametrize("path", ["/groups/nobody/consultations.ics",
                                  "/groups/nobody/consultations.atom"])
def test_an_unknown_group_has_no_feed(client, path):
    assert client.get(path).status_code == 404


def test_the_group_page_has_the_subscription_button_and_the_groups_feeds(world, client,
                                                                          sign_in):
    member = world.users["focal_point"]  # member of an organization of the women's group
    sign_in(member)
    page = client.get("/groups/women").get_data(as_text=True)
    assert 'href="/groups/women/consultations.ics"' in page
    assert 'href="/groups/women/consultations.atom"' in page
    response = client.post(f"/groups/{world.ids['group']}/consultations/subscription",
                           data={"subscribe": "1", "next": "/groups/women"})
    assert response.headers["Location"] == "/groups/women"
    assert "Stop these emails" in client.get("/groups/women").get_data(as_text=True)
