from tests.consultations.factories import make_meeting

SECRETARIAT_PAGE = {"visitor": 302, "contributor": 403, "focal_point": 403,
                    "organizing_partner": 403, "secretariat": 200, "administrator": 200}
SECRETARIAT_FORM = {**SECRETARIAT_PAGE, "secretariat": 422, "administrator": 422}

ROWS = [
    ("GET", "/meetings", {"*": 200}),
    ("GET", "/meetings/{meeting}", {"*": 200}),
    ("GET", "/meetings/new", SECRETARIAT_PAGE),
    ("POST", "/meetings/new", SECRETARIAT_FORM),
    ("GET", "/meetings/{meeting}/edit", SECRETARIAT_PAGE),
    ("POST", "/meetings/{meeting}/edit", SECRETARIAT_FORM),
    ("POST", "/meetings/{meeting}/agenda-items", SECRETARIAT_FORM),
    ("GET", "/standards-profiles", SECRETARIAT_PAGE),
    ("GET", "/standards-profiles/{family}", SECRETARIAT_PAGE),
    ("GET", "/standards-profiles/new", SECRETARIAT_PAGE),
    ("POST", "/standards-profiles/new", SECRETARIAT_FORM),
]


def prepare(world):
    from portal.extensions import db
    from portal.meetings.services import add_profile_version
    from portal.statements.standards import Profile

    meeting = make_meeting(family="hlpf")
    add_profile_version("hlpf", {"en": "HLPF"}, Profile().to_dict(), "1/2")
    db.session.commit()
    return {"meeting": meeting.id, "family": "hlpf"}
