from datetime import date, timedelta

from portal.extensions import db
from portal.registry.models import CONSTITUENCY, MajorGroup
from tests.world import add_member, make_op_term, make_organization


def _group_form(**overrides):
    data = {"slug": "persons-with-disabilities", "kind": "constituency", "parent_id": "0",
            "position": "10", "names-en": "Persons with Disabilities",
            "names-fr": "Personnes handicapées", "names-ar": "الأشخاص ذوو الإعاقة",
            "descriptions-en": "Organizations of persons with disabilities.",
            "criteria-en": "Organizations led by persons with disabilities.",
            "criteria-es": "Organizaciones dirigidas por personas con discapacidad."}
    data.update(overrides)
    return data


def test_group_page_shows_the_roster_balance_and_warnings(world, client):
    page = client.get("/groups/women").get_data(as_text=True)
    assert "Partner Org" in page
    assert "Only 1 current organizing partner; the target is 5." in page
    assert "No organizing partner from: African States" in page
    assert "at least 2 are expected" in page


def test_group_page_counts_its_frontline_organizations(world, client):
    make_organization("Slum Dwellers", group=world.groups["women"], frontline=True)
    make_organization("Pending Grassroots", group=world.groups["women"], frontline=True,
                      status="pending")
    db.session.commit()
    page = client.get("/groups/women").get_data(as_text=True)
    assert "3 verified organizations." in page
    assert "1 of them is a frontline or grassroots organization." in page


def test_a_full_roster_meets_the_targets(world, client):
    women = world.groups["women"]
    world.op_terms["women"].working_languages = ["en", "fr", "es"]
    for country, region, gender in (("KE", "AFR", "man"), ("CN", "APG", "woman"),
                                    ("PL", "EEG", "man"), ("FR", "WEOG", "woman")):
        org = make_organization(f"Org {country}", country=country, region=region, group=women)
        term = make_op_term(org, women)
        term.focal_person_gender = gender
    db.session.commit()
    page = client.get("/groups/women").get_data(as_text=True)
    assert "The roster meets the balance targets." in page


def test_group_names_follow_the_readers_language(world, client, in_language):
    page = in_language(client, "/groups/women", "ar")
    assert '<span lang="ar" dir="auto">النساء</span>' in page
    assert "Femmes" in in_language(client, "/groups/women", "fr")


def test_secretariat_adds_a_constituency_with_criteria(world, client_for, client):
    secretariat = client_for(world.users["secretariat"])
    response = secretariat.post("/secretariat/groups/new", data=_group_form())
    assert response.status_code == 302
    group = db.session.scalar(db.select(MajorGroup).filter_by(slug="persons-with-disabilities"))
    assert group.kind == CONSTITUENCY
    assert group.names["ar"] == "الأشخاص ذوو الإعاقة"
    assert group.criteria["es"].startswith("Organizaciones")
    page = client.get("/groups/persons-with-disabilities").get_data(as_text=True)
    assert "Organizations led by persons with disabilities." in page


def test_group_form_refusals(world, client_for):
    secretariat = client_for(world.users["secretariat"])
    before = db.session.scalar(db.select(db.func.count()).select_from(MajorGroup))
    assert secretariat.post("/secretariat/groups/new",
                            data=_group_form(slug="women")).status_code == 422
    assert secretariat.post("/secretariat/groups/new",
                            data=_group_form(**{"names-en": "", "names-fr": "",
                                                "names-ar": ""})).status_code == 422
    assert secretariat.post("/secretariat/groups/new",
                            data=_group_form(slug="Bad Slug")).status_code == 422
    assert secretariat.post("/secretariat/groups/new",
                            data=_group_form(kind="cluster")).status_code == 422
    db.session.expire_all()
    assert db.session.scalar(db.select(db.func.count()).select_from(MajorGroup)) == before


def test_a_cluster_inside_a_group_and_editing_names(world, client_for, client):
    secretariat = client_for(world.users["secretariat"])
    women = world.groups["women"]
    response = secretariat.post("/secretariat/groups/new", data=_group_form(
        slug="rural-women", kind="cluster", parent_id=str(women.id),
        **{"names-en": "Rural Women"}))
    assert response.status_code == 302
    assert "Rural Women" in client.get("/groups/women").get_data(as_text=True)
    response = secretariat.post(f"/secretariat/groups/{women.id}/edit", data=_group_form(
        slug="women", kind="major_group", **{"names-en": "Women", "names-fr": "Femmes",
                                             "names-ar": "النساء"}))
    assert response.status_code == 302
    db.session.expire_all()
    assert db.session.get(MajorGroup, women.id).names["fr"] == "Femmes"


def test_dashboard_lists_groups_that_fall_short(world, client_for):
    page = client_for(world.users["secretariat"]).get("/secretariat/registry").get_data(
        as_text=True)
    assert "Groups whose organizing partners fall short" in page
    assert "Only 1 current organizing partner" in page  # Women
    assert "The group has no current organizing partner" in page  # the eight others


def test_dashboard_lists_pending_organizations_and_applications(world, client_for, make_user):
    make_organization("Waiting Org", status="pending")
    user = make_user()
    org = make_organization("Applicant Org", group=world.groups["farmers"])
    add_member(user, org, focal=True)
    db.session.commit()
    client_for(user).post(f"/organizations/{org.id}/apply", data={
        "group": str(world.groups["farmers"].id), "term_start": date.today().isoformat(),
        "term_end": (date.today() + timedelta(days=365)).isoformat(), "scope": "global",
        "working_languages": ["en"], "focal_person_name": "X",
        "focal_person_gender": "man"})
    page = client_for(world.users["secretariat"]).get("/secretariat/registry").get_data(
        as_text=True)
    assert "Waiting Org" in page and "Applicant Org" in page



def test_group_page_lists_its_consultations(client):
    from portal.extensions import db
    from tests.consultations.factories import open_consultation
    from tests.world import build_world

    world = build_world()
    group = world.groups["women"]
    assert "has not opened a consultation yet" in client.get(
        f"/groups/{group.slug}").get_data(as_text=True)
    open_consultation(group, world.users["organizing_partner"], title="Land rights <b>now</b>")
    db.session.commit()
    page = client.get(f"/groups/{group.slug}").get_data(as_text=True)
    assert "Land rights &lt;b&gt;now&lt;/b&gt;" in page
    assert "open until" in page
