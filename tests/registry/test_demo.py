from portal import demo
from portal.extensions import db
from portal.registry.models import Disclosure, Endorsement, Feedback, Organization


def test_demo_data_gives_every_organization_a_disclosure_and_shows_the_workflows(app, client):
    demo.load()
    db.session.commit()
    organizations = db.session.scalar(db.select(db.func.count()).select_from(Organization))
    disclosed = db.session.scalar(db.select(db.func.count(Disclosure.organization_id.distinct())))
    assert organizations == disclosed == 6
    assert db.session.scalar(db.select(db.func.count()).select_from(Endorsement)) == 1
    assert db.session.scalar(db.select(db.func.count()).select_from(Feedback)) == 1
    page = client.get("/directory?q=andes").get_data(as_text=True)
    assert "Red de Mujeres Rurales de los Andes" in page and "No current disclosure" not in page
    assert "Pending applications" in client.get("/groups/women").get_data(as_text=True)
