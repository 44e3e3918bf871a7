"""Participation figures across a meeting series: page with charts, API, open-data export."""
import csv
import io
from datetime import timedelta

from portal.extensions import db
from portal.speakers import services
from tests.speakers.factories import application_values, fill, make_opportunity
from tests.world import add_member, build_world


def _confirm(world, opportunity, apps):
    services.save_selection(opportunity, [a.id for a in apps], version=0,
                            override_reason="Figures test", user=world.users["secretariat"])
    services.confirm(opportunity, world.users["secretariat"])
    db.session.commit()


def test_series_figures_count_sessions_first_timers_and_balance(app, client, make_user):
    world = build_world()
    first = make_opportunity(world, slots=2)
    first.held_on -= timedelta(days=365)
    first_apps = fill(world, make_user, first, people=[("woman", "KE", True),
                                                        ("man", "BR", False)])
    _confirm(world, first, first_apps)
    # At the next session, a speaker of an organization that spoke at the first one.
    second = make_opportunity(world, slots=1)
    returning = make_user(name="Returning speaker")
    organization = first_apps[0].organization
    add_member(returning, organization)
    again = services.apply(returning, second, application_values(organization, "woman", "IN",
                                                                 True))
    _confirm(world, second, [again])
    assert first.selection.counts["first_time_organizations"] == 2
    assert second.selection.counts["first_time_organizations"] == 0
    page = client.get("/speaking/series/hlpf")
    text = page.get_data(as_text=True)
    assert page.status_code == 200
    assert "3 speakers from 2 organizations over 2 sessions; 2 frontline speakers." in text
    assert "<svg" in text and "Speakers by region" in text
    figures = client.get("/api/v1/speaking-series/hlpf").get_json()
    assert [s["speakers"] for s in figures["sessions"]] == [2, 1]
    assert figures["totals"]["by_gender"] == {"woman": 2, "man": 1, "other": 0}
    assert figures["totals"]["organizations_by_times_spoken"] == {"1": 1, "2": 1, "3+": 0}
    assert client.get("/api/v1/speaking-series/nothing").status_code == 404
    export = client.get("/api/v1/exports/speaking-sessions.csv").get_data(as_text=True)
    rows = list(csv.DictReader(io.StringIO(export)))
    assert [row["first_time_organizations"] for row in rows] == ["2", "0"]
    index = client.get("/speaking").get_data(as_text=True)
    assert '<a href="/speaking/series/hlpf">' in index
