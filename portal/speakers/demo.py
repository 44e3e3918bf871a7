"""Demo speaking opportunities at the HLPF 2027 demo meeting (after the records demo).

A round table whose list of speakers was chosen with the advisor, confirmed and published in
six editions, and a call for funded travel still open for applications.
"""
import secrets
from datetime import date, datetime
from fractions import Fraction

from portal.auth import services as accounts
from portal.auth.models import User
from portal.extensions import db
from portal.meetings.models import Meeting
from portal.registry.models import APPROVED, Membership, Organization
from portal.speakers import balance, publishing, services
from portal.speakers.models import SPEAK, TRAVEL
from portal.timeutil import utcnow

# (name, preferred language, gender, country, frontline, speaking language)
APPLICANTS = [
    ("Achieng Otieno", "en", "woman", "KE", True, "en"),
    ("Rosa Mamani", "es", "woman", "PE", True, "es"),
    ("Arjun Mehta", "en", "man", "TH", False, "en"),
    ("Moussa Sow", "fr", "man", "SN", True, "fr"),
    ("Darius Kazlauskas", "en", "man", "LT", False, "en"),
    ("Marc Ferrer", "es", "man", "ES", False, "es"),
]
PROFILE = balance.SelectionProfile(max_gender_share=Fraction(3, 5), min_regions=3,
                                   max_region_share=Fraction(1, 2),
                                   min_frontline_share=Fraction(1, 2))


def load(secretariat, partner) -> None:
    meeting = db.session.scalar(db.select(Meeting).where(Meeting.slug == "hlpf-2027"))
    organizations = db.session.scalars(db.select(Organization).order_by(Organization.id)
                                       .limit(len(APPLICANTS))).all()
    round_table = services.declare(
        meeting, user=secretariat, kind=SPEAK, agenda_item_id=meeting.agenda_items[0].id,
        sessions={"en": "Round table on SDG 6: water and sanitation",
                  "fr": "Table ronde sur l’ODD 6 : eau et assainissement",
                  "es": "Mesa redonda sobre el ODS 6: agua y saneamiento"},
        held_on=date(2027, 7, 8), series="hlpf", slots=4, minutes=3,
        languages=["en", "fr", "es", "ar"], group_id=None, deadline=datetime(2027, 6, 15),
        profile=PROFILE.to_dict())
    # The applicants never sign in (no password is printed): one hash of one random
    # password serves them all, instead of six slow hashes.
    unusable = accounts.hasher().hash(secrets.token_urlsafe(24))
    for (name, language, gender, country, frontline, speaks), organization in zip(
            APPLICANTS, organizations, strict=False):
        person = User(email=f"{name.split()[0].lower()}@example.org", display_name=name,
                      password_hash=unusable, preferred_language=language,
                      email_confirmed_at=utcnow())
        db.session.add(person)
        db.session.add(Membership(user=person, organization=organization, status=APPROVED))
        db.session.flush()
        services.apply(person, round_table, services.ApplicationValues(
            organization_id=organization.id, topic="Water and sanitation for all",
            language=speaks, summary="What our communities ask of member States.",
            gender=gender, country=country, frontline=frontline,
            frontline_description="Community water committees" if frontline else None,
            travel_need=None, cost_estimate=None))
    rows = services.candidate_rows(round_table)
    advice = balance.advise(PROFILE, round_table.slots, services.candidates(round_table, rows))
    services.save_selection(round_table, list(advice.selected), version=0,
                            override_reason=None, user=partner)
    services.confirm(round_table, secretariat)
    publishing.publish_list(round_table, published_on=date(2027, 6, 20), user=secretariat)
    services.declare(
        meeting, user=secretariat, kind=TRAVEL, agenda_item_id=None,
        sessions={"en": "Travel support for the HLPF 2027",
                  "fr": "Prise en charge du voyage pour le FPHN 2027"},
        held_on=date(2027, 7, 6), series="hlpf", slots=10, minutes=None,
        languages=["en", "fr", "es", "ar", "ru", "zh_Hans"], group_id=None,
        covers="Economy-class air ticket, daily subsistence allowance for five days",
        deadline=datetime(2027, 5, 31), profile=PROFILE.to_dict())
