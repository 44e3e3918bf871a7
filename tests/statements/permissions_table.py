from tests.consultations.factories import open_consultation, write_version

OP_PAGE = {"visitor": 302, "contributor": 403, "focal_point": 403,
           "organizing_partner": 200, "secretariat": 200, "administrator": 200}


def op_only(status):
    return {**OP_PAGE, "organizing_partner": status, "secretariat": status,
            "administrator": status}


ROWS = [
    ("GET", "/statements/{statement}", {"*": 200}),
    ("GET", "/statements/{statement}/draft", OP_PAGE),
    ("POST", "/statements/{statement}/draft", op_only(422)),
    ("GET", "/statements/{statement}/versions", OP_PAGE),
    # Without ?from=&to= there is nothing to compare.
    ("GET", "/statements/{statement}/diff", op_only(404)),
    ("POST", "/statements/{statement}/validation", op_only(302)),
    # A draft cannot be signed off or submitted before validation is requested.
    ("POST", "/statements/{statement}/signoff", op_only(409)),
    ("GET", "/statements/{statement}/submit", op_only(409)),
    ("POST", "/statements/{statement}/submit", op_only(409)),
]


def prepare(world):
    from portal.extensions import db

    partner = world.users["organizing_partner"]
    consultation = open_consultation(world.groups["women"], partner)
    write_version(consultation.statement, partner)
    db.session.commit()
    return {"statement": consultation.statement_id}
