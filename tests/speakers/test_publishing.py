"""The published list of speakers: page, API, and an official record in six editions."""
import pytest

from portal.extensions import db
from portal.records.models import RENDERED, Record
from portal.speakers import services
from tests.records.pdftools import flat, pdf_path, text
from tests.speakers.factories import fill, make_opportunity
from tests.world import build_world

TITLES = {"en": "List of speakers", "fr": "Liste des orateurs", "es": "Lista de oradores",
          "ru": "Список ораторов", "zh_Hans": "发言者名单", "ar": "قائمة المتكلمين"}


@pytest.fixture
def published(app, client, sign_in, make_user):
    world = build_world()
    opportunity = make_opportunity(world)
    apps = fill(world, make_user, opportunity)
    chosen = [apps[0].id, apps[1].id, apps[2].id, apps[3].id]
    services.save_selection(opportunity, chosen, version=0, override_reason=None,
                            user=world.users["organizing_partner"])
    services.confirm(opportunity, world.users["secretariat"])
    db.session.commit()
    sign_in(world.users["secretariat"])
    response = client.post(f"/speaking/{opportunity.id}/publish", data={})
    assert response.status_code == 302
    return opportunity, apps


def test_the_list_is_an_official_record_in_six_languages(published, client):
    opportunity, apps = published
    record = db.session.scalar(db.select(Record).where(Record.kind == "speakers_list"))
    assert record.symbol == "E/HLPF/2027/NGO/INF/1"
    assert {e.language for e in record.editions} == set(TITLES)
    for edition in record.editions:
        assert edition.render_status == RENDERED, edition.render_error
        content = flat(text(pdf_path(edition)))
        assert flat(TITLES[edition.language]) in content, edition.language
        assert flat(apps[0].user.display_name) in content
        assert flat(record.symbol) in content
    page = client.get(f"/speaking/{opportunity.id}").get_data(as_text=True)
    assert "E/HLPF/2027/NGO/INF/1" in page and apps[3].user.display_name in page
    assert apps[4].user.display_name not in page


def test_the_api_lists_it_by_kind(published, client):
    listing = client.get("/api/v1/records?kind=speakers_list").get_json()
    assert [item["symbol"] for item in listing["data"]] == ["E/HLPF/2027/NGO/INF/1"]
    assert client.get("/api/v1/records?kind=statement").get_json()["data"] == []
    spec = client.get("/api/v1/openapi.json").get_json()
    kinds = next(p for p in spec["paths"]["/api/v1/records"]["get"]["parameters"]
                 if p["name"] == "kind")
    assert "speakers_list" in kinds["schema"]["enum"]
