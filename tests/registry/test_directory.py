from portal.extensions import db
from portal.registry.models import Disclosure, Organization, organization_group
from portal.timeutil import utcnow
from tests.world import make_organization

LANGS = (["en"], ["fr", "en"], ["es"], ["ar", "fr"], ["ru"], ["zh_Hans", "en"])
PLACES = (("KE", "AFR"), ("BR", "GRULAC"), ("TH", "APG"), ("PL", "EEG"), ("FR", "WEOG"))


def add_organizations(world, count):
    """``count`` verified organizations in one bulk insert, each in a group with a
    disclosure, so every relation the directory shows has rows."""
    groups = list(world.groups.values())
    existing = db.session.scalar(db.select(db.func.count()).select_from(Organization))
    start = db.session.scalar(db.select(db.func.count()).select_from(Organization)
                              .filter(Organization.name_key.like("bulk%")))
    rows = []
    for n in range(start, start + count):
        country, region = PLACES[n % len(PLACES)]
        name = f"Bulk Organization {n:04d}"
        rows.append(dict(names={"en": name}, name_key=name.lower(), search_text=name.lower(),
                         country=country, region=region, org_type="ngo",
                         working_languages=LANGS[n % len(LANGS)], frontline=n % 3 == 0,
                         status="verified", revision=1, created_at=utcnow()))
    db.session.execute(db.insert(Organization), rows)
    ids = db.session.scalars(db.select(Organization.id).order_by(Organization.id)
                             .offset(existing)).all()
    db.session.execute(db.insert(organization_group), [
        {"organization_id": org_id, "group_id": groups[i % len(groups)].id}
        for i, org_id in enumerate(ids)])
    db.session.execute(db.insert(Disclosure), [
        {"organization_id": org_id, "version": 1, "filed_at": utcnow(), "affiliations": "",
         "interests": ""} for org_id in ids])
    db.session.commit()


def _names(page):
    return [line for line in page.splitlines() if "Bulk Organization" in line]


def test_directory_makes_the_same_number_of_queries_for_10_and_1000(world, client,
                                                                    count_queries):
    add_organizations(world, 10)
    client.get("/directory")  # warm up (the first request loads the session user etc.)
    with count_queries() as small:
        assert client.get("/directory").status_code == 200
    with count_queries() as small_filtered:
        filtered = client.get("/directory?q=bulk&region=AFR&language=en&type=ngo")
    assert "2 organizations found." in filtered.get_data(as_text=True)
    add_organizations(world, 990)
    with count_queries() as large:
        page = client.get("/directory").get_data(as_text=True)
    with count_queries() as large_filtered:
        client.get("/directory?q=bulk&region=AFR&language=en&type=ngo")
    assert "1,002 organizations found." in page
    assert len(small) == len(large), (small, large)
    assert len(small_filtered) == len(large_filtered)
    print(f"directory queries: {len(small)} with 10 and {len(large)} with 1,000 organizations")


def test_directory_pages(world, client):
    add_organizations(world, 60)
    first = client.get("/directory?q=bulk").get_data(as_text=True)
    assert "60 organizations found." in first and "Page 1 of 3" in first
    assert "Bulk Organization 0000" in first and "Bulk Organization 0025" not in first
    second = client.get("/directory?q=bulk&page=2").get_data(as_text=True)
    assert "Bulk Organization 0025" in second and "Bulk Organization 0000" not in second
    assert 'href="/directory?page=3&amp;q=bulk"' in second or "page=3" in second
    # A page beyond the last shows the last page.
    assert "Bulk Organization 0059" in client.get("/directory?q=bulk&page=99").get_data(
        as_text=True)


def test_directory_filters(world, client):
    women = world.groups["women"]
    make_organization("Andean Weavers", country="PE", region="GRULAC", group=women,
                      org_type="women", working_languages=["es", "en"], frontline=True)
    make_organization("Baltic Greens", country="LT", region="EEG",
                      group=world.groups["ngos"], working_languages=["ru"])
    make_organization("Hidden Pending", country="PE", region="GRULAC", status="pending")
    db.session.commit()

    def found(query):
        page = client.get("/directory?" + query).get_data(as_text=True)
        return {name for name in ("Andean Weavers", "Baltic Greens", "Member Org",
                                  "Partner Org", "Hidden Pending") if name in page}

    assert found("") == {"Andean Weavers", "Baltic Greens", "Member Org", "Partner Org"}
    assert found("q=ANDEAN") == {"Andean Weavers"}
    assert found("group=ngos") == {"Baltic Greens"}
    assert found("country=PE") == {"Andean Weavers"}
    assert found("region=EEG") == {"Baltic Greens"}
    assert found("type=women") == {"Andean Weavers"}
    assert found("language=es") == {"Andean Weavers"}
    assert found("frontline=1") == {"Andean Weavers"}
    assert found("q=%25") == set()  # a LIKE wildcard is searched as text


def test_search_finds_a_name_in_another_language(world, client, client_for):
    browser = client_for(world.users["contributor"])
    browser.post("/organizations/new", data={
        "names-zh_Hans": "绿色妇女网络", "names-en": "Green Women Network", "country": "CN",
        "org_type": "women", "groups": [world.groups["women"].id]})
    org = db.session.scalar(db.select(Organization).filter_by(country="CN"))
    org.status = "verified"
    db.session.commit()
    assert "Green Women Network" in client.get("/directory?q=妇女").get_data(as_text=True)


def test_directory_reads_in_arabic(world, client, in_language):
    page = in_language(client, "/directory", "ar")
    assert 'dir="rtl"' in page
    assert "كينيا" in page  # Member Org's country, Kenya, in Arabic


def test_partners_directory_filters_and_bounded_queries(world, client, count_queries):
    from tests.world import make_op_term

    client.get("/partners")
    with count_queries() as one:
        client.get("/partners")
    ngos = world.groups["ngos"]
    for n in range(20):
        org = make_organization(f"Francophone OP {n}", country="SN", region="AFR", group=ngos)
        make_op_term(org, ngos).working_languages = ["fr"]
    db.session.commit()
    with count_queries() as many:
        page = client.get("/partners").get_data(as_text=True)
    assert "Francophone OP 19" in page and "Partner Org" in page
    assert len(one) == len(many)
    page = client.get("/partners?group=women").get_data(as_text=True)
    assert "Partner Org" in page and "Francophone OP" not in page
    page = client.get("/partners?language=fr&region=AFR&q=op%201").get_data(as_text=True)
    assert "Francophone OP 1<" in page or "Francophone OP 1</" in page
    assert "Partner Org" not in page
