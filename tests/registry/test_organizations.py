from portal.extensions import db
from portal.registry.models import (
    APPROVED,
    PENDING,
    REJECTED,
    Invitation,
    Membership,
    Organization,
)


def _form(world, **overrides):
    data = {"names-en": "Coastal Fishers Collective", "names-fr": "Collectif des pêcheurs",
            "country": "SN", "org_type": "community", "groups": [world.groups["farmers"].id],
            "website": "https://fishers.example.org", "working_languages": ["fr", "en"],
            "size": "small", "frontline": "y"}
    data.update(overrides)
    return data


def _count():
    db.session.expire_all()
    return db.session.scalar(db.select(db.func.count()).select_from(Organization))


def test_registering_makes_the_user_focal_point_and_derives_the_region(world, client_for):
    browser = client_for(world.users["contributor"])
    response = browser.post("/organizations/new", data=_form(world))
    assert response.status_code == 302
    org = db.session.scalar(db.select(Organization).filter_by(country="SN"))
    assert org.region == "AFR" and org.status == PENDING and org.frontline
    assert org.names == {"en": "Coastal Fishers Collective", "fr": "Collectif des pêcheurs"}
    assert [g.slug for g in org.groups] == ["farmers"]
    membership = db.session.scalar(db.select(Membership).filter_by(organization_id=org.id))
    assert membership.user_id == world.users["contributor"].id
    assert membership.is_focal_point and membership.status == APPROVED


def test_country_is_shown_in_the_readers_language(world, client_for, in_language):
    browser = client_for(world.users["contributor"])
    browser.post("/organizations/new", data=_form(world))
    org = db.session.scalar(db.select(Organization).filter_by(country="SN"))
    assert "塞内加尔" in in_language(browser, f"/organizations/{org.id}", "zh_Hans")
    assert "Сенегал" in in_language(browser, "/organizations/new", "ru")


def test_duplicate_name_and_country_is_refused(world, client_for):
    browser = client_for(world.users["contributor"])
    before = _count()
    # world has "Member Org" in KE; case and spacing do not make it another organization.
    response = browser.post("/organizations/new", data=_form(
        world, **{"names-en": "  member   ORG ", "names-fr": "", "country": "KE"}))
    assert response.status_code == 422
    assert "already registered in this country" in response.get_data(as_text=True)
    assert _count() == before
    # The same name elsewhere is another organization.
    response = browser.post("/organizations/new", data=_form(
        world, **{"names-en": "Member Org", "names-fr": "", "country": "UG"}))
    assert response.status_code == 302


def test_unknown_country_and_missing_name_are_refused(world, client_for):
    browser = client_for(world.users["contributor"])
    before = _count()
    response = browser.post("/organizations/new", data=_form(world, country="XX"))
    assert response.status_code == 422
    response = browser.post("/organizations/new",
                            data=_form(world, **{"names-en": "", "names-fr": ""}))
    assert response.status_code == 422
    assert "at least one language" in response.get_data(as_text=True)
    assert _count() == before


def test_pending_organization_is_hidden_until_verified(world, client_for, client, outbox):
    browser = client_for(world.users["contributor"])
    browser.post("/organizations/new", data=_form(world))
    org_id = db.session.scalar(db.select(Organization.id).filter_by(country="SN"))
    assert client.get(f"/organizations/{org_id}").status_code == 404
    assert "Coastal Fishers" not in client.get("/directory").get_data(as_text=True)
    secretariat = client_for(world.users["secretariat"])
    assert secretariat.post(f"/organizations/{org_id}/verify", data={}).status_code == 302
    assert client.get(f"/organizations/{org_id}").status_code == 200
    assert "Coastal Fishers" in client.get("/directory").get_data(as_text=True)
    assert outbox()[-1]["To"] == world.users["contributor"].email


def test_rejection_reason_is_shown_to_the_organization(world, client_for, fresh, outbox):
    browser = client_for(world.users["contributor"])
    browser.post("/organizations/new", data=_form(world))
    org_id = db.session.scalar(db.select(Organization.id).filter_by(country="SN"))
    secretariat = client_for(world.users["secretariat"])
    assert secretariat.post(f"/organizations/{org_id}/reject",
                            data={"reason": ""}).status_code == 422
    assert fresh(Organization, org_id).status == PENDING
    secretariat.post(f"/organizations/{org_id}/reject",
                     data={"reason": "No evidence of activity in Senegal."})
    assert fresh(Organization, org_id).status == REJECTED
    page = browser.get(f"/organizations/{org_id}").get_data(as_text=True)
    assert "No evidence of activity in Senegal." in page
    assert "No evidence of activity" in outbox()[-1].get_payload(decode=True).decode()


def test_only_the_focal_point_edits_and_a_stale_edit_is_refused(world, client_for, fresh):
    org = world.organizations["member_org"]
    focal = client_for(world.users["focal_point"])
    page = focal.get(f"/organizations/{org.id}/edit").get_data(as_text=True)
    assert 'value="Member Org"' in page
    data = _form(world, **{"names-en": "Member Organization", "names-fr": "", "country": "KE",
                           "revision": "1"})
    assert focal.post(f"/organizations/{org.id}/edit", data=data).status_code == 302
    assert fresh(Organization, org.id).name_key == "member organization"
    data["names-en"] = "Overwritten"
    response = focal.post(f"/organizations/{org.id}/edit", data=data)  # revision 1 again
    assert response.status_code == 409
    assert fresh(Organization, org.id).name_key == "member organization"
    other = client_for(world.users["organizing_partner"])
    assert other.post(f"/organizations/{org.id}/edit", data=data).status_code == 403


def test_invited_person_joins_by_accepting(world, client_for, make_user, outbox):
    org = world.organizations["member_org"]
    focal = client_for(world.users["focal_point"])
    invitee = make_user(email="invitee@example.org", password="correct horse battery")
    response = focal.post(f"/organizations/{org.id}/invite", data={"email": "Invitee@Example.org"})
    assert response.status_code == 302
    assert outbox()[-1]["To"] == "invitee@example.org"
    browser = client_for(invitee)
    assert "Accept the invitation" in browser.get(f"/organizations/{org.id}").get_data(
        as_text=True)
    assert browser.post(f"/organizations/{org.id}/accept-invitation", data={}).status_code == 302
    membership = db.session.scalar(db.select(Membership).filter_by(user_id=invitee.id))
    assert membership.status == APPROVED and not membership.is_focal_point
    assert db.session.scalar(db.select(Invitation.accepted_at).filter_by(
        email="invitee@example.org")) is not None


def test_inviting_a_member_again_is_refused(world, client_for):
    org = world.organizations["member_org"]
    focal = client_for(world.users["focal_point"])
    response = focal.post(f"/organizations/{org.id}/invite",
                          data={"email": world.users["focal_point"].email})
    assert response.status_code == 409
    assert "already a member" in response.get_data(as_text=True)


def test_join_request_is_approved_by_the_focal_point(world, client_for, outbox):
    org = world.organizations["member_org"]
    applicant = client_for(world.users["contributor"])
    assert applicant.post(f"/organizations/{org.id}/join", data={}).status_code == 302
    assert outbox()[-1]["To"] == world.users["focal_point"].email
    assert applicant.post(f"/organizations/{org.id}/join", data={}).status_code == 409
    membership = db.session.scalar(db.select(Membership).filter_by(
        user_id=world.users["contributor"].id))
    assert membership.status == PENDING
    focal = client_for(world.users["focal_point"])
    assert "Contributor" in focal.get(f"/organizations/{org.id}/members").get_data(as_text=True)
    focal.post(f"/organizations/{org.id}/members/{membership.id}/approve", data={})
    db.session.expire_all()
    assert db.session.get(Membership, membership.id).status == APPROVED


def _ask_to_join_an_organization_without_focal_point(world, client_for):
    """(the join answer's page, the pending membership's id)."""
    from tests.world import make_organization

    org = make_organization("Orphan Network")
    db.session.commit()
    applicant = client_for(world.users["contributor"])
    page = applicant.get(f"/organizations/{org.id}").get_data(as_text=True)
    assert "the secretariat decides requests to join it" in page
    answer = applicant.post(f"/organizations/{org.id}/join", data={}, follow_redirects=True)
    membership_id = db.session.scalar(db.select(Membership.id).filter_by(
        user_id=world.users["contributor"].id))
    return answer.get_data(as_text=True), membership_id


def test_without_a_focal_point_the_secretariat_decides_a_join_request(world, client_for):
    answer, membership_id = _ask_to_join_an_organization_without_focal_point(world, client_for)
    assert "your request goes to the secretariat" in answer
    assert "waiting for the secretariat" in answer
    secretariat = client_for(world.users["secretariat"])
    queue = secretariat.get("/secretariat/registry").get_data(as_text=True)
    assert "Orphan Network" in queue
    assert secretariat.post(f"/secretariat/registry/join-requests/{membership_id}/approve",
                            data={"focal_point": "y"}).status_code == 302
    db.session.expire_all()
    approved = db.session.get(Membership, membership_id)
    assert approved.status == APPROVED and approved.is_focal_point
    # The organization has a focal point now: the queue is empty, later requests go there.
    assert "Orphan Network" not in secretariat.get("/secretariat/registry").get_data(
        as_text=True)


def test_the_secretariat_refuses_a_join_request_and_nothing_stays(world, client_for):
    _answer, membership_id = _ask_to_join_an_organization_without_focal_point(world,
                                                                               client_for)
    secretariat = client_for(world.users["secretariat"])
    assert secretariat.post(f"/secretariat/registry/join-requests/{membership_id}/refuse",
                            data={}).status_code == 302
    db.session.expire_all()
    assert db.session.get(Membership, membership_id) is None


def test_focal_point_declines_a_join_request(world, client_for):
    org = world.organizations["member_org"]
    client_for(world.users["contributor"]).post(f"/organizations/{org.id}/join", data={})
    membership_id = db.session.scalar(db.select(Membership.id).filter_by(
        user_id=world.users["contributor"].id))
    focal = client_for(world.users["focal_point"])
    assert focal.post(f"/organizations/{org.id}/members/{membership_id}/remove",
                      data={}).status_code == 302
    db.session.expire_all()
    assert db.session.get(Membership, membership_id) is None


def test_a_membership_of_another_organization_is_not_found(world, client_for):
    other_membership = db.session.scalar(db.select(Membership.id).filter_by(
        organization_id=world.organizations["op_org"].id))
    focal = client_for(world.users["focal_point"])
    org = world.organizations["member_org"]
    assert focal.post(f"/organizations/{org.id}/members/{other_membership}/remove",
                      data={}).status_code == 404


def test_someone_not_invited_cannot_accept(world, client_for):
    org = world.organizations["member_org"]
    response = client_for(world.users["contributor"]).post(
        f"/organizations/{org.id}/accept-invitation", data={})
    assert response.status_code == 403
    assert db.session.scalar(db.select(Membership).filter_by(
        user_id=world.users["contributor"].id)) is None


def test_focal_point_cannot_be_removed_and_approval_is_not_repeated(world, client_for):
    org = world.organizations["member_org"]
    focal_membership = db.session.scalar(db.select(Membership.id).filter_by(
        user_id=world.users["focal_point"].id))
    focal = client_for(world.users["focal_point"])
    assert focal.post(f"/organizations/{org.id}/members/{focal_membership}/remove",
                      data={}).status_code == 409
    client_for(world.users["contributor"]).post(f"/organizations/{org.id}/join", data={})
    membership = db.session.scalar(db.select(Membership.id).filter_by(
        user_id=world.users["contributor"].id))
    url = f"/organizations/{org.id}/members/{membership}/approve"
    assert focal.post(url, data={}).status_code == 302
    assert focal.post(url, data={}).status_code == 409


def test_organization_page_queries_do_not_grow_with_disclosures(world, client_for, client,
                                                                count_queries):
    org = world.organizations["member_org"]
    focal = client_for(world.users["focal_point"])

    def file(version):
        focal.post(f"/organizations/{org.id}/disclosure", data={
            "based_on": str(version), "funding-0-source": "A", "funding-0-share": "10",
            "funding-1-source": "B", "funding-1-share": "20"})

    file(0)
    client.get(f"/organizations/{org.id}")
    with count_queries() as one:
        client.get(f"/organizations/{org.id}")
    for version in range(1, 12):
        file(version)
    with count_queries() as twelve:
        page = client.get(f"/organizations/{org.id}").get_data(as_text=True)
    assert "Version 12" in page
    assert len(one) == len(twelve)


def test_a_corrected_rejected_registration_goes_back_to_the_secretariat(world, client_for,
                                                                      fresh):
    browser = client_for(world.users["contributor"])
    browser.post("/organizations/new", data=_form(world))
    org = db.session.scalar(db.select(Organization).filter_by(country="SN"))
    client_for(world.users["secretariat"]).post(f"/organizations/{org.id}/reject",
                                                data={"reason": "Website missing"})
    assert fresh(Organization, org.id).status == REJECTED
    response = browser.post(f"/organizations/{org.id}/edit",
                            data=_form(world, revision="1", website="https://new.example.org"))
    assert response.status_code == 302
    assert fresh(Organization, org.id).status == PENDING


def test_a_long_name_that_case_folding_lengthens_is_registered(world, client_for):
    browser = client_for(world.users["contributor"])
    name = "Straße" * 50  # 300 characters; casefolded, "ß" becomes "ss"
    response = browser.post("/organizations/new", data=_form(world, **{"names-en": name}))
    assert response.status_code == 302
    org = db.session.scalar(db.select(Organization).filter_by(country="SN"))
    assert len(org.name_key) == 300 and org.names["en"] == name


def test_a_focal_point_names_a_second_one(world, client_for):
    org = world.organizations["member_org"]
    client_for(world.users["contributor"]).post(f"/organizations/{org.id}/join", data={})
    membership = db.session.scalar(db.select(Membership.id).filter_by(
        user_id=world.users["contributor"].id))
    focal = client_for(world.users["focal_point"])
    url = f"/organizations/{org.id}/members/{membership}/make-focal-point"
    assert focal.post(url, data={}).status_code == 409  # not approved yet
    focal.post(f"/organizations/{org.id}/members/{membership}/approve", data={})
    assert focal.post(url, data={}).status_code == 302
    assert focal.post(url, data={}).status_code == 409  # already one
    second = client_for(world.users["contributor"])
    assert second.get(f"/organizations/{org.id}/edit").status_code == 200
