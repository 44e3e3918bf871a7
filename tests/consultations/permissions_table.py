from tests.consultations.factories import add_input, open_consultation

OP_PAGE = {"visitor": 302, "contributor": 403, "focal_point": 403,
           "organizing_partner": 200, "secretariat": 200, "administrator": 200}
OP_FORM = {**OP_PAGE, "organizing_partner": 422, "secretariat": 422, "administrator": 422}
SIGNED_IN_PAGE = {"visitor": 302, "*": 200}
AUTHOR_ONLY = {"*": 403, "visitor": 302}

ROWS = [
    ("GET", "/consultations", {"*": 200}),
    ("GET", "/consultations.atom", {"*": 200}),
    ("GET", "/consultations.ics", {"*": 200}),
    ("GET", "/groups/{slug}/consultations.atom", {"*": 200}),
    ("GET", "/groups/{slug}/consultations.ics", {"*": 200}),
    ("GET", "/groups/{group}/consultations", {"*": 200}),
    ("POST", "/groups/{group}/consultations/subscription", {"*": 302}),
    ("GET", "/groups/{group}/consultations/new", OP_PAGE),
    ("POST", "/groups/{group}/consultations/new", OP_FORM),
    ("GET", "/consultations/{consultation}", {"*": 200}),
    ("GET", "/consultations/{consultation}/inputs/new", SIGNED_IN_PAGE),
    ("POST", "/consultations/{consultation}/inputs/new", {"visitor": 302, "*": 422}),
    ("GET", "/consultations/{consultation}/inputs", OP_PAGE),
    ("GET", "/consultations/{consultation}/import", OP_PAGE),
    ("POST", "/consultations/{consultation}/import", OP_FORM),
    # Only the author edits or withdraws an input; the secretariat does not either.
    ("GET", "/inputs/{input}/edit", {**AUTHOR_ONLY, "contributor": 200}),
    ("POST", "/inputs/{input}/edit", {**AUTHOR_ONLY, "contributor": 422}),
    ("POST", "/inputs/{input}/withdraw", {**AUTHOR_ONLY, "contributor": 302}),
    # An empty rejection (no reason) is refused.
    ("POST", "/inputs/{input}/reject", OP_FORM),
    # A large import's page: its sender (an OP here) and the secretariat only.
    ("GET", "/import-jobs/{import_job}", {"visitor": 302, "*": 403, "organizing_partner": 200,
                                          "secretariat": 200, "administrator": 200}),
    ("GET", "/statements/{statement}/reports/new", OP_PAGE),
    ("POST", "/statements/{statement}/reports/new", OP_FORM),
]


def prepare(world):
    from portal.consultations.models import ImportJob
    from portal.extensions import db

    consultation = open_consultation(world.groups["women"], world.users["organizing_partner"])
    item = add_input(consultation, world.users["contributor"])
    job = ImportJob(consultation_id=consultation.id, status="done", errors=[],
                    created_by_id=world.users["organizing_partner"].id)
    db.session.add(job)
    db.session.commit()
    return {"consultation": consultation.id, "input": item.id,
            "statement": consultation.statement_id, "import_job": job.id,
            "slug": world.groups["women"].slug}
