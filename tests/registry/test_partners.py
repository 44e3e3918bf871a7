from datetime import date, timedelta

from portal.extensions import db
from portal.registry.models import (
    APPLIED,
    CONFIRMED,
    DECLINED,
    PENDING,
    REMOVED,
    STEPPED_DOWN,
    Endorsement,
    Feedback,
    OrganizingPartner,
)
from tests.world import add_member, make_op_term, make_organization


def _application(group_id, **overrides):
    today = date.today()
    data = {"group": str(group_id), "term_start": today.isoformat(),
            "term_end": (today + timedelta(days=730)).isoformat(), "scope": "global",
            "working_languages": ["en", "fr"], "focal_person_name": "Grace Mensah",
            "focal_person_gender": "woman"}
    data.update(overrides)
    return data


def _terms(org_id):
    db.session.expire_all()
    return db.session.scalars(db.select(OrganizingPartner).filter_by(organization_id=org_id)
                              .order_by(OrganizingPartner.id)).all()


def _apply(world, client_for, **overrides):
    org = world.organizations["member_org"]
    focal = client_for(world.users["focal_point"])
    response = focal.post(f"/organizations/{org.id}/apply",
                          data=_application(world.groups["women"].id, **overrides))
    assert response.status_code == 302, response.get_data(as_text=True)
    return _terms(org.id)[-1]


def test_verified_organization_applies(world, client_for):
    term = _apply(world, client_for, scope="regional", scope_region="AFR")
    assert term.status == APPLIED and term.scope_region == "AFR"
    assert term.working_languages == ["en", "fr"] and term.focal_person_gender == "woman"


def test_unverified_organization_cannot_apply(world, client_for, make_user):
    user = make_user()
    org = make_organization("New Org", status=PENDING, group=world.groups["women"])
    add_member(user, org, focal=True)
    db.session.commit()
    response = client_for(user).post(f"/organizations/{org.id}/apply",
                                     data=_application(world.groups["women"].id))
    assert response.status_code == 409
    assert "Only a verified organization" in response.get_data(as_text=True)
    assert _terms(org.id) == []


def test_second_pending_application_for_the_same_group_is_refused(world, client_for):
    _apply(world, client_for)
    focal = client_for(world.users["focal_point"])
    org = world.organizations["member_org"]
    response = focal.post(f"/organizations/{org.id}/apply",
                          data=_application(world.groups["women"].id))
    assert response.status_code == 409
    assert "already has a pending application" in response.get_data(as_text=True)
    assert len(_terms(org.id)) == 1
    # Another group is another application.
    response = focal.post(f"/organizations/{org.id}/apply",
                          data=_application(world.groups["ngos"].id))
    assert response.status_code == 302


def test_application_form_checks_dates_and_scope(world, client_for):
    org = world.organizations["member_org"]
    focal = client_for(world.users["focal_point"])
    group_id = world.groups["women"].id
    today = date.today().isoformat()
    for bad in ({"term_end": today}, {"scope": "regional"}, {"scope": "thematic"},
                {"working_languages": []}):
        response = focal.post(f"/organizations/{org.id}/apply",
                              data=_application(group_id, **bad))
        assert response.status_code == 422, bad
    assert _terms(org.id) == []


def test_constituency_member_endorses_once(world, client_for):
    term = _apply(world, client_for)
    member = client_for(world.users["organizing_partner"])  # member of a Women org
    assert member.post(f"/partners/{term.id}/endorse", data={"comment": "Good work"}
                       ).status_code == 302
    response = member.post(f"/partners/{term.id}/endorse", data={})
    assert response.status_code == 409
    assert "already endorsed" in response.get_data(as_text=True)
    assert db.session.scalar(db.select(db.func.count()).select_from(Endorsement)) == 1


def test_own_organization_and_outsiders_cannot_endorse(world, client_for):
    term = _apply(world, client_for)
    response = client_for(world.users["focal_point"]).post(f"/partners/{term.id}/endorse",
                                                           data={})
    assert response.status_code == 409
    assert "your own organization" in response.get_data(as_text=True)
    response = client_for(world.users["contributor"]).post(f"/partners/{term.id}/endorse",
                                                           data={})
    assert response.status_code == 403
    assert db.session.scalar(db.select(db.func.count()).select_from(Endorsement)) == 0


def test_secretariat_confirms_and_the_term_becomes_current(world, client_for, client, outbox):
    term = _apply(world, client_for)
    secretariat = client_for(world.users["secretariat"])
    assert secretariat.post(f"/partners/{term.id}/confirm",
                            data={"confirm-reason": "Broad support"}).status_code == 302
    message = outbox()[-1]
    assert message["To"] == world.users["focal_point"].email
    body = message.get_payload(decode=True).decode()
    assert "confirmed Member Org as organizing partner of Women" in body
    assert "Broad support" in body
    term = _terms(term.organization_id)[-1]
    assert term.status == CONFIRMED and term.decision_reason == "Broad support"
    current = db.session.scalars(db.select(OrganizingPartner.id).filter(
        OrganizingPartner.current_filter(date.today()))).all()
    assert term.id in current
    # Deciding twice is refused.
    assert secretariat.post(f"/partners/{term.id}/decline",
                            data={"decline-reason": "x"}).status_code == 409
    page = client.get("/groups/women").get_data(as_text=True)
    assert "Member Org" in page


def test_decline_needs_a_reason(world, client_for):
    term = _apply(world, client_for)
    secretariat = client_for(world.users["secretariat"])
    assert secretariat.post(f"/partners/{term.id}/decline", data={}).status_code == 422
    assert _terms(term.organization_id)[-1].status == APPLIED
    secretariat.post(f"/partners/{term.id}/decline",
                     data={"decline-reason": "Too few endorsements"})
    term = _terms(term.organization_id)[-1]
    assert term.status == DECLINED and term.decision_reason == "Too few endorsements"
    page = client_for(world.users["focal_point"]).get(f"/partners/{term.id}").get_data(
        as_text=True)
    assert "Too few endorsements" in page


def test_terms_expire_by_their_dates(world):
    term = world.op_terms["women"]
    today = date.today()
    assert db.session.scalar(db.select(db.func.count()).select_from(OrganizingPartner)
                             .filter(OrganizingPartner.current_filter(today))) == 1
    later = term.term_end + timedelta(days=1)
    assert db.session.scalar(db.select(db.func.count()).select_from(OrganizingPartner)
                             .filter(OrganizingPartner.current_filter(later))) == 0


def test_expired_term_shows_in_the_public_history(world, client):
    term = world.op_terms["women"]
    term.term_start = date.today() - timedelta(days=800)
    term.term_end = date.today() - timedelta(days=70)
    db.session.commit()
    page = client.get("/groups/women").get_data(as_text=True)
    assert "No current organizing partner." in page
    assert "Partner Org" in page and "Term ended" in page


def test_op_steps_down_with_a_public_reason(world, client_for, client):
    term = world.op_terms["women"]
    op = client_for(world.users["organizing_partner"])
    assert op.post(f"/partners/{term.id}/step-down", data={}).status_code == 422
    assert op.post(f"/partners/{term.id}/step-down",
                   data={"end-reason": "Funding ended"}).status_code == 302
    db.session.expire_all()
    term = db.session.get(OrganizingPartner, term.id)
    assert term.status == STEPPED_DOWN and term.end_reason == "Funding ended"
    assert "Funding ended" in client.get("/groups/women").get_data(as_text=True)
    assert op.post(f"/partners/{term.id}/step-down",
                   data={"end-reason": "again"}).status_code == 409


def test_secretariat_removes_an_op_with_a_reason(world, client_for):
    term = world.op_terms["women"]
    secretariat = client_for(world.users["secretariat"])
    assert secretariat.post(f"/partners/{term.id}/remove",
                            data={"end-reason": "Breach of the guidelines"}).status_code == 302
    db.session.expire_all()
    term = db.session.get(OrganizingPartner, term.id)
    assert term.status == REMOVED and term.end_reason == "Breach of the guidelines"
    assert db.session.scalar(db.select(db.func.count()).select_from(OrganizingPartner)
                             .filter(OrganizingPartner.current_filter(date.today()))) == 0


def test_a_focal_point_of_another_organization_cannot_end_a_term(world, client_for):
    term = world.op_terms["women"]
    response = client_for(world.users["focal_point"]).post(
        f"/partners/{term.id}/step-down", data={"end-reason": "Hostile"})
    assert response.status_code == 403


def _feedback_world(world, make_user, client_for):
    """Two more members of the Women constituency rate the OP."""
    term = world.op_terms["women"]
    browsers = []
    for name in ("Rater One", "Rater Two"):
        user = make_user(name=name)
        org = make_organization(f"{name} Org", group=world.groups["women"])
        add_member(user, org)
        db.session.commit()
        browsers.append(client_for(user))
    browsers[0].post(f"/partners/{term.id}/feedback",
                     data={"rating": "5", "comment": "Consulted us widely"})
    browsers[1].post(f"/partners/{term.id}/feedback",
                     data={"rating": "2", "comment": "Drafts came too late"})
    return term, browsers


def test_feedback_aggregate_for_the_op_details_for_the_secretariat(world, make_user,
                                                                   client_for, client):
    term, _browsers = _feedback_world(world, make_user, client_for)
    assert db.session.scalar(db.select(db.func.count()).select_from(Feedback)) == 2
    op_page = client_for(world.users["organizing_partner"]).get(
        f"/partners/{term.id}").get_data(as_text=True)
    assert "Average rating 3.5 out of 5, from 2 ratings." in op_page
    assert "Drafts came too late" not in op_page
    secretariat_page = client_for(world.users["secretariat"]).get(
        f"/partners/{term.id}").get_data(as_text=True)
    assert "Drafts came too late" in secretariat_page and "Rater One" in secretariat_page
    public = client.get(f"/partners/{term.id}").get_data(as_text=True)
    assert "Average rating" not in public and "Drafts came too late" not in public


def test_feedback_refusals(world, client_for):
    term = world.op_terms["women"]
    outsider = client_for(world.users["contributor"])
    assert outsider.post(f"/partners/{term.id}/feedback",
                         data={"rating": "1"}).status_code == 403
    own = client_for(world.users["organizing_partner"])
    assert own.post(f"/partners/{term.id}/feedback", data={"rating": "5"}).status_code == 409
    member = client_for(world.users["focal_point"])  # Member Org is in the Women group
    assert member.post(f"/partners/{term.id}/feedback", data={"rating": "9"}).status_code == 422
    assert db.session.scalar(db.select(db.func.count()).select_from(Feedback)) == 0
    assert member.post(f"/partners/{term.id}/feedback", data={"rating": "4"}).status_code == 302


def test_partners_page_lists_current_ops(world, client):
    page = client.get("/partners").get_data(as_text=True)
    assert "Partner Org" in page


def test_the_database_refuses_a_second_pending_application(world):
    import pytest
    from sqlalchemy.exc import IntegrityError

    org = world.organizations["member_org"]
    women = world.groups["women"]
    today = date.today()

    def application():
        return OrganizingPartner(organization_id=org.id, group_id=women.id, status=APPLIED,
                                 term_start=today, term_end=today + timedelta(days=9),
                                 focal_person_name="X")

    db.session.add(application())
    db.session.flush()
    db.session.add(application())
    with pytest.raises(IntegrityError):
        db.session.flush()
    db.session.rollback()


def test_group_page_queries_do_not_grow_with_its_history(world, client, count_queries):
    women = world.groups["women"]

    def add_terms(count):
        for n in range(count):
            org = make_organization(f"Former OP {n}-{count}", group=women)
            term = OrganizingPartner(
                organization_id=org.id, group_id=women.id, status=STEPPED_DOWN,
                term_start=date(2015, 1, 1), term_end=date(2016, 1, 1),
                focal_person_name="X", focal_person_gender="man")
            db.session.add(term)
        db.session.commit()

    add_terms(2)
    client.get("/groups/women")
    with count_queries() as few:
        client.get("/groups/women")
    add_terms(40)
    with count_queries() as many:
        page = client.get("/groups/women").get_data(as_text=True)
    assert "Former OP 39-40" in page
    assert len(few) == len(many)


def test_feedback_is_given_once_per_member(world, client_for):
    term = world.op_terms["women"]
    member = client_for(world.users["focal_point"])
    assert member.post(f"/partners/{term.id}/feedback", data={"rating": "4"}).status_code == 302
    assert "Send feedback" not in member.get(f"/partners/{term.id}").get_data(as_text=True)
    response = member.post(f"/partners/{term.id}/feedback", data={"rating": "1"})
    assert response.status_code == 409
    assert db.session.scalar(db.select(db.func.count()).select_from(Feedback)) == 1


def test_a_withdrawn_application_is_not_in_the_history_of_who_served(world, client_for, client):
    term = _apply(world, client_for)
    focal = client_for(world.users["focal_point"])
    assert focal.post(f"/partners/{term.id}/step-down",
                      data={"end-reason": "We applied too early"}).status_code == 302
    assert "Application withdrawn" in client.get(f"/partners/{term.id}").get_data(as_text=True)
    page = client.get("/groups/women").get_data(as_text=True)
    history = page.split("Who was organizing partner when")[1]
    assert "Member Org" not in history and "Partner Org" in history


def test_only_the_secretariat_confirms_or_verifies(world, client_for, make_user):
    term = _apply(world, client_for)
    pending_org = make_organization("Pending Org", status=PENDING)
    db.session.commit()
    for role in ("contributor", "focal_point", "organizing_partner"):
        browser = client_for(world.users[role])
        assert browser.post(f"/partners/{term.id}/confirm", data={}).status_code == 403
        assert browser.post(f"/organizations/{pending_org.id}/verify",
                            data={}).status_code == 403
    db.session.expire_all()
    assert db.session.get(OrganizingPartner, term.id).status == APPLIED
    assert db.session.get(type(pending_org), pending_org.id).status == PENDING


def test_an_application_is_declined_not_removed(world, client_for):
    term = _apply(world, client_for)
    response = client_for(world.users["secretariat"]).post(
        f"/partners/{term.id}/remove", data={"end-reason": "No"})
    assert response.status_code == 409
    assert _terms(term.organization_id)[-1].status == APPLIED


def test_dashboard_shows_feedback_on_every_current_op(world, make_user, client_for,
                                                      count_queries):
    secretariat = client_for(world.users["secretariat"])
    secretariat.get("/secretariat/registry")
    with count_queries() as before:
        secretariat.get("/secretariat/registry")
    _feedback_world(world, make_user, client_for)
    for n in range(5):
        org = make_organization(f"Other OP {n}", group=world.groups["farmers"])
        make_op_term(org, world.groups["farmers"])
    db.session.commit()
    with count_queries() as after:
        page = secretariat.get("/secretariat/registry").get_data(as_text=True)
    section = page.split("Feedback on the current organizing partners")[1]
    assert "Partner Org" in section and "3.5" in section and "Other OP 4" in section
    assert len(before) == len(after)
