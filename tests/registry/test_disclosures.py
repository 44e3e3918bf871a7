from datetime import timedelta
from decimal import Decimal

from portal.extensions import db
from portal.registry.models import Disclosure, FundingSource
from portal.timeutil import utcnow


def _disclosure(based_on, funding=(), affiliations="", interests=""):
    data = {"based_on": str(based_on), "affiliations": affiliations, "interests": interests}
    for i, (source, share) in enumerate(funding):
        data[f"funding-{i}-source"] = source
        data[f"funding-{i}-share"] = share
    return data


def _versions(org_id):
    db.session.expire_all()
    return db.session.scalars(db.select(Disclosure).filter_by(organization_id=org_id)
                              .order_by(Disclosure.version)).all()


def test_each_filing_is_a_new_version_with_visible_history(world, client_for, client):
    org = world.organizations["member_org"]
    focal = client_for(world.users["focal_point"])
    response = focal.post(f"/organizations/{org.id}/disclosure", data=_disclosure(
        0, [("Ford Foundation", "60"), ("Membership fees", "25.5")],
        affiliations="Member of the Global Women's Network"))
    assert response.status_code == 302
    response = focal.post(f"/organizations/{org.id}/disclosure", data=_disclosure(
        1, [("Ford Foundation", "40")], interests="Board member sits on a ministry panel"))
    assert response.status_code == 302
    first, second = _versions(org.id)
    assert (first.version, second.version) == (1, 2)
    # The first version is kept exactly as it was filed.
    assert [(f.source, f.share) for f in first.funding] == [
        ("Ford Foundation", Decimal("60.00")), ("Membership fees", Decimal("25.50"))]
    page = client.get(f"/organizations/{org.id}").get_data(as_text=True)
    assert "Version 2" in page and "Version 1" in page
    assert "Member of the Global Women&#39;s Network" in page
    assert "Board member sits on a ministry panel" in page
    assert "No current disclosure" not in page


def test_shares_may_add_up_to_exactly_one_hundred(world, client_for):
    org = world.organizations["member_org"]
    focal = client_for(world.users["focal_point"])
    # 33.33 + 33.33 + 33.34 is exactly 100 in decimal arithmetic (not in binary floats).
    response = focal.post(f"/organizations/{org.id}/disclosure", data=_disclosure(
        0, [("A", "33.33"), ("B", "33.33"), ("C", "33.34")]))
    assert response.status_code == 302
    assert _versions(org.id)[0].total_share == Decimal("100")


def test_shares_above_one_hundred_are_refused(world, client_for):
    org = world.organizations["member_org"]
    focal = client_for(world.users["focal_point"])
    response = focal.post(f"/organizations/{org.id}/disclosure", data=_disclosure(
        0, [("A", "60"), ("B", "40.01")]))
    assert response.status_code == 422
    assert "100.01" in response.get_data(as_text=True)
    assert _versions(org.id) == []
    assert db.session.scalar(db.select(db.func.count()).select_from(FundingSource)) == 0


def test_bad_shares_are_refused(world, client_for):
    org = world.organizations["member_org"]
    focal = client_for(world.users["focal_point"])
    for share in ("-5", "abc", "101", "12.345", "nan"):
        response = focal.post(f"/organizations/{org.id}/disclosure",
                              data=_disclosure(0, [("A", share)]))
        assert response.status_code == 422, share
    # The error summary links each field in error, inside the list of funding sources too.
    summary = response.get_data(as_text=True).split('class="error-summary"')[1].split("</div>")[0]
    assert '<a href="#funding-0-share">' in summary
    response = focal.post(f"/organizations/{org.id}/disclosure",
                          data=_disclosure(0, [("", "10")]))
    assert response.status_code == 422
    assert _versions(org.id) == []


def test_a_filing_based_on_an_older_version_is_refused(world, client_for):
    org = world.organizations["member_org"]
    focal = client_for(world.users["focal_point"])
    focal.post(f"/organizations/{org.id}/disclosure", data=_disclosure(0, [("A", "10")]))
    response = focal.post(f"/organizations/{org.id}/disclosure",
                          data=_disclosure(0, [("B", "20")]))
    assert response.status_code == 409
    assert "newer disclosure" in response.get_data(as_text=True)
    assert len(_versions(org.id)) == 1


def test_missing_or_old_disclosure_is_flagged(world, client_for, client, app):
    org = world.organizations["member_org"]
    assert "No current disclosure" in client.get(f"/organizations/{org.id}").get_data(
        as_text=True)
    focal = client_for(world.users["focal_point"])
    focal.post(f"/organizations/{org.id}/disclosure", data=_disclosure(0, [("A", "10")]))
    assert "No current disclosure" not in client.get(f"/organizations/{org.id}").get_data(
        as_text=True)
    disclosure = _versions(org.id)[0]
    disclosure.filed_at = utcnow() - timedelta(days=366)
    db.session.commit()
    assert "No current disclosure" in client.get(f"/organizations/{org.id}").get_data(
        as_text=True)
    assert "No current disclosure" in client.get("/directory?q=member").get_data(as_text=True)
    app.config["DISCLOSURE_MAX_AGE_DAYS"] = 400  # the age limit is configuration
    assert "No current disclosure" not in client.get(f"/organizations/{org.id}").get_data(
        as_text=True)


def test_the_form_starts_from_the_latest_version(world, client_for):
    org = world.organizations["member_org"]
    focal = client_for(world.users["focal_point"])
    focal.post(f"/organizations/{org.id}/disclosure",
               data=_disclosure(0, [("Open Society", "12.5")], affiliations="CIVICUS"))
    page = focal.get(f"/organizations/{org.id}/disclosure").get_data(as_text=True)
    assert 'value="Open Society"' in page and 'value="12.5"' in page and "CIVICUS" in page
    assert 'name="based_on" type="hidden" value="1"' in page


def test_shares_are_shown_in_the_readers_number_format(world, client_for, client, in_language):
    org = world.organizations["member_org"]
    client_for(world.users["focal_point"]).post(
        f"/organizations/{org.id}/disclosure", data=_disclosure(0, [("A", "20.5")]))
    assert '<bdi dir="ltr">20.5%</bdi>' in client.get(f"/organizations/{org.id}").get_data(
        as_text=True)
    assert '<bdi dir="ltr">20,5\u00a0%</bdi>' in in_language(client, f"/organizations/{org.id}",
                                                              "fr")
