"""Registry demo data on top of ``portal.demo``: disclosures, an application, feedback."""
from datetime import date, timedelta
from decimal import Decimal

from portal.extensions import db
from portal.registry.models import (
    APPLIED,
    APPROVED,
    Disclosure,
    Endorsement,
    Feedback,
    FundingSource,
    MajorGroup,
    Membership,
    Organization,
    OrganizingPartner,
)
from portal.registry.services import fold

# Funding shares (percent) for each demo organization, by position.
FUNDING = [
    [("Private foundations", "45"), ("Membership fees", "30"), ("Government grants", "15")],
    [("International NGOs", "70"), ("Local donations", "20.5")],
    [("Bilateral development agencies", "55"), ("UN trust funds", "25")],
    [("Farmers' contributions", "60"), ("Regional development bank", "40")],
    [("Municipal grants", "50"), ("Volunteer fundraising", "35.25")],
    [("Member cities", "100")],
]


def load(users: dict) -> None:
    """Called by ``portal.demo.load`` once its organizations and users exist."""
    organizations = db.session.scalars(db.select(Organization).order_by(Organization.id)).all()
    for org, funding in zip(organizations, FUNDING, strict=False):
        org.search_text = " | ".join(sorted({fold(text) for text in org.names.values()}))
        disclosure = Disclosure(organization_id=org.id, version=1,
                                affiliations="", interests="")
        disclosure.funding = [FundingSource(position=i, source=source, share=Decimal(share))
                              for i, (source, share) in enumerate(funding)]
        db.session.add(disclosure)
    women = db.session.scalar(db.select(MajorGroup).filter_by(slug="women"))
    # The Andean network (focal@example.org) applies to be an OP of the Women group...
    andean = organizations[1]
    andean.groups = [women]
    today = date.today()
    application = OrganizingPartner(
        organization_id=andean.id, group_id=women.id, status=APPLIED, term_start=today,
        term_end=today + timedelta(days=730), scope="regional", scope_region="GRULAC",
        working_languages=["es"], focal_person_name="Lucía Quispe",
        focal_person_gender="woman", focal_person_user_id=users["focal@example.org"].id)
    db.session.add(application)
    db.session.flush()
    # ...and a member of another Women organization endorses it and rates the current OP.
    contributor = users["contributor@example.org"]
    apwld = organizations[2]
    apwld.groups = [women]
    db.session.add(Membership(organization_id=apwld.id, user_id=contributor.id,
                              status=APPROVED))
    db.session.add(Endorsement(term_id=application.id, user_id=contributor.id,
                               comment="They consult rural women in three languages."))
    current = db.session.scalar(db.select(OrganizingPartner).filter(
        OrganizingPartner.group_id == women.id, OrganizingPartner.status == "confirmed"))
    if current is not None:
        db.session.add(Feedback(term_id=current.id, user_id=contributor.id, rating=4,
                                comment="Drafts were shared two weeks before the deadline."))
    db.session.flush()
