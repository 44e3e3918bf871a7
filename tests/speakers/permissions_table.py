from tests.meetings.permissions_table import SECRETARIAT_FORM, SECRETARIAT_PAGE

# Members of a verified organization of the group may apply (the focal point's and the
# partner's organizations are verified women's organizations; the others belong to none).
APPLY = {"visitor": 302, "contributor": 403, "focal_point": 200, "organizing_partner": 200,
         "secretariat": 403, "administrator": 403}
SELECTOR = {"visitor": 302, "contributor": 403, "focal_point": 403, "organizing_partner": 200,
            "secretariat": 200, "administrator": 200}
# The secretariat passes every scoped rule; the application is the focal point's.
APPLICANT = {"visitor": 302, "contributor": 403, "focal_point": 302, "organizing_partner": 403,
             "secretariat": 302, "administrator": 302}
# Nothing to confirm yet: the partners have saved no selection.
CONFIRM = {**SECRETARIAT_PAGE, "secretariat": 409, "administrator": 409}

ROWS = [
    ("GET", "/speaking", {"*": 200}),
    ("GET", "/speaking/{opportunity}", {"*": 200}),
    ("GET", "/meetings/{meeting}/opportunities/new", SECRETARIAT_PAGE),
    ("POST", "/meetings/{meeting}/opportunities/new", SECRETARIAT_FORM),
    ("GET", "/speaking/{opportunity}/apply", APPLY),
    ("POST", "/speaking/{opportunity}/apply", {**APPLY, "focal_point": 422,
                                              "organizing_partner": 422}),
    ("POST", "/speaking/applications/{application}/withdraw", APPLICANT),
    ("GET", "/speaking/{opportunity}/selection", SELECTOR),
    ("POST", "/speaking/{opportunity}/selection", SELECTOR),
    ("POST", "/speaking/{opportunity}/confirm", CONFIRM),
    ("POST", "/speaking/{opportunity}/publish", CONFIRM),
    ("GET", "/speaking/applications/{application}/statement", {**APPLICANT, "focal_point": 200,
                                                               "secretariat": 200,
                                                               "administrator": 200}),
    ("POST", "/speaking/applications/{application}/statement", {
        **APPLICANT, "focal_point": 422, "secretariat": 422, "administrator": 422}),
    ("POST", "/speaking/statements/{statement}/mark", {**SECRETARIAT_FORM}),
    ("GET", "/speaking/series/{series}", {"*": 200}),
    ("GET", "/api/v1/speaking-series/{series}", {"*": 200}),
    ("GET", "/api/v1/exports/speaking-sessions.{format}", {"*": 200}),
]


def prepare(world):
    from portal.extensions import db
    from portal.speakers import services
    from portal.speakers.models import OralStatement
    from tests.speakers.factories import application_values, make_opportunity

    opportunity = make_opportunity(world, group=world.groups["women"])
    application = services.apply(world.users["focal_point"], opportunity,
                                 application_values(world.organizations["member_org"]))
    statement = OralStatement(application_id=application.id, title="Water", text="Text.",
                              language="en")
    db.session.add(statement)
    # An earlier session of the series, confirmed: the series has figures to show.
    make_opportunity(world, status="confirmed")
    db.session.commit()
    return {"opportunity": opportunity.id, "meeting": opportunity.meeting_id,
            "application": application.id, "statement": statement.id, "series": "hlpf",
            "format": "csv"}
