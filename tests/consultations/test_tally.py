"""Participation figures kept on each change agree with a count of the inputs themselves."""
from portal.consultations import services as consultations
from portal.consultations import tally
from portal.consultations.models import ACCEPTED, Declaration, Input
from portal.extensions import db
from portal.statements import services as statements
from tests.consultations.factories import open_consultation
from tests.world import build_world

Values = consultations.DeclarationValues


def _recount(consultation_id):
    """People with an accepted input per (gender, region, frontline), from the inputs."""
    rows = db.session.execute(
        db.select(Declaration.gender, Declaration.region, Declaration.frontline,
                  db.func.count(db.distinct(Declaration.id)), db.func.count(Input.id))
        .join(Input, Input.declaration_id == Declaration.id)
        .where(Input.consultation_id == consultation_id, Input.status == ACCEPTED)
        .group_by(Declaration.gender, Declaration.region, Declaration.frontline)).all()
    return sorted(tuple(row) for row in rows)


def _kept(consultation_id):
    return sorted(tuple(row) for row in statements.input_counts(consultation_id))


def test_figures_follow_every_change_of_inputs_and_declarations(app, make_user):
    world = build_world()
    consultation = open_consultation(world.groups["women"], world.users["organizing_partner"])
    statement = consultation.statement
    amina, boris = make_user(), make_user()

    first = consultations.submit_input(consultation, amina, "en", "One.", Values("woman", "KE"))
    consultations.submit_input(consultation, amina, "en", "Two.", Values("woman", "KE"))
    third = consultations.submit_input(consultation, amina, "en", "Three.",
                                       Values("woman", "KE"))
    db.session.commit()
    numbers = statements.participation_numbers(statement)
    assert (numbers.participants, numbers.accepted_inputs) == (1, 3)  # one person, once
    assert numbers.by_gender["woman"] == 1 and numbers.by_region["AFR"] == 1

    boris_input = consultations.submit_input(consultation, boris, "ru", "Mine.",
                                             Values("man", "UA", frontline=True))
    db.session.commit()
    assert statements.participation_numbers(statement).participants == 2

    # Amina says she is from Peru now: she moves region, with her inputs.
    consultations.edit_input(third, "en", "Three, edited.", Values("woman", "PE"))
    consultations.withdraw_input(first)
    consultations.reject_input(boris_input, "Off topic.")
    db.session.commit()
    numbers = statements.participation_numbers(statement)
    assert (numbers.participants, numbers.accepted_inputs) == (1, 2)
    assert numbers.by_region["GRULAC"] == 1 and numbers.by_region["AFR"] == 0
    assert numbers.by_gender["man"] == 0
    assert _kept(consultation.id) == _recount(consultation.id)

    result = consultations.ImportResult(rows=[
        consultations.ImportRow(line=n, language="fr", text=f"Row {n}.",
                                declaration=Values("other", "SN"), person=f"p{n % 3}")
        for n in range(7)])
    consultations.import_inputs(consultation, result)
    db.session.commit()
    numbers = statements.participation_numbers(statement)
    assert (numbers.participants, numbers.accepted_inputs) == (4, 9)
    assert _kept(consultation.id) == _recount(consultation.id)


def test_a_failed_request_changes_no_figure(app, make_user):
    world = build_world()
    consultation = open_consultation(world.groups["women"], world.users["organizing_partner"])
    db.session.commit()
    consultations.submit_input(consultation, make_user(), "en", "One.", Values("woman", "KE"))
    db.session.rollback()
    assert _kept(consultation.id) == [] == _recount(consultation.id)


def test_rebuild_counts_rows_written_in_bulk(app):
    world = build_world()
    consultation = open_consultation(world.groups["women"], world.users["organizing_partner"])
    db.session.flush()
    db.session.execute(db.insert(Declaration), [
        {"consultation_id": consultation.id, "person_ref": f"p{n}", "gender": "woman",
         "country": "KE", "region": "AFR"} for n in range(4)])
    ids = db.session.scalars(db.select(Declaration.id)).all()
    db.session.execute(db.insert(Input), [
        {"consultation_id": consultation.id, "declaration_id": ids[n % 4], "language": "en",
         "body": "Bulk.", "status": ACCEPTED if n % 5 else "withdrawn"} for n in range(20)])
    tally.rebuild([consultation.id])
    db.session.commit()
    assert _kept(consultation.id) == _recount(consultation.id) == [("woman", "AFR", False, 4,
                                                                    16)]
