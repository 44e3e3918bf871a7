"""Inputs sent while the organizing partners import a CSV file into the same consultation."""
import io

from portal.consultations.models import Declaration, Input
from portal.extensions import db
from tests.concurrency.helpers import at_once, signed_in_client
from tests.consultations.factories import open_consultation
from tests.world import build_world

FILE = ("language,text,gender,country,organization,frontline,person\n"
        "en,Water first,woman,KE,Green Belt,yes,p1\n"
        "fr,L'eau d'abord,woman,SN,,no,p2\n"
        "es,Tierra y agua,man,PE,,yes,\n")


def test_inputs_and_imports_at_once_are_each_stored_once_or_refused(app, make_user):
    world = build_world()
    consultation = open_consultation(world.groups["women"], world.users["organizing_partner"])
    db.session.commit()
    inputs = f"/consultations/{consultation.id}/inputs/new"
    imports = f"/consultations/{consultation.id}/import"
    contributors = [signed_in_client(app, make_user(name=f"Contributor {n}"))
                    for n in range(3)]
    importers = [signed_in_client(app, world.users["organizing_partner"]) for _ in range(2)]

    def send_input(client, number):
        return lambda: client.post(inputs, data={
            "language": "en", "body": f"Input {number}", "gender": "woman", "country": "KE",
            "organization_name": "", "frontline": "y"})

    def send_file(client):
        return lambda: client.post(imports, data={"file": (io.BytesIO(FILE.encode()), "a.csv")},
                                   content_type="multipart/form-data")

    calls = [send_input(c, n) for n, c in enumerate(contributors)]
    calls += [send_file(c) for c in importers]
    responses = at_once(app, calls)
    statuses = [getattr(r, "status_code", r) for r in responses]
    assert statuses == [302] * len(calls), responses
    bodies = sorted(db.session.scalars(db.select(Input.body)).all())
    assert bodies == sorted([f"Input {n}" for n in range(3)]
                            + ["Water first", "L'eau d'abord", "Tierra y agua"] * 2)
    # A person reference is one participant, however many files name them.
    references = db.session.scalars(db.select(Declaration.person_ref)
                                    .where(Declaration.person_ref.is_not(None))).all()
    assert sorted(references) == ["p1", "p2"]
