"""Opportunities and applications for the speakers tests."""
from datetime import timedelta

from portal.extensions import db
from portal.speakers import services
from portal.speakers.balance import SelectionProfile
from portal.speakers.models import SPEAK
from portal.timeutil import utcnow
from tests.consultations.factories import make_meeting
from tests.world import add_member, make_organization

# Applicants: (gender, country, frontline)
PEOPLE = [("woman", "KE", True), ("man", "BR", False), ("woman", "IN", True),
          ("man", "FR", False), ("man", "FR", False), ("woman", "PL", False)]


def make_opportunity(world, slots=4, group=None, profile=None, days_left=10, **extra):
    meeting = make_meeting()
    values = dict(kind=SPEAK, sessions={"en": "Round table 1", "fr": "Table ronde 1"},
                  held_on=meeting.starts_on, series="hlpf", slots=slots, minutes=3,
                  languages=["en", "fr", "es"], group_id=group.id if group else None,
                  deadline=utcnow() + timedelta(days=days_left),
                  profile=(profile or SelectionProfile(min_regions=3)).to_dict())
    values.update(extra)
    opportunity = services.declare(meeting, user=world.users["secretariat"], **values)
    db.session.commit()
    return opportunity


def applicant(make_user, world, number, country="KE", language="en", status="verified"):
    user = make_user(language=language, name=f"Speaker {number}")
    org = make_organization(f"Speaker Org {number}", country=country,
                            group=world.groups["women"], status=status)
    add_member(user, org)
    db.session.commit()
    return user, org


def application_values(org, gender="woman", country="KE", frontline=False, language="en"):
    return services.ApplicationValues(
        organization_id=org.id, topic="Water and sanitation", language=language,
        summary="What our communities ask of member States.", gender=gender, country=country,
        frontline=frontline, frontline_description="Slum dwellers' federation" if frontline
        else None, travel_need=None, cost_estimate=None)


def fill(world, make_user, opportunity, people=PEOPLE, languages=None):
    """One application per person; returns the applications in order."""
    made = []
    for number, (gender, country, frontline) in enumerate(people, start=1):
        user, org = applicant(make_user, world, f"{opportunity.id}-{number}", country,
                              language=(languages or {}).get(number, "en"))
        made.append(services.apply(user, opportunity,
                                   application_values(org, gender, country, frontline)))
    db.session.commit()
    return made
