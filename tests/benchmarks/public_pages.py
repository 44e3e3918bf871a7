"""The public pages the issue asks to be fast, for the data ``demo generate`` made."""
from portal.consultations.models import Consultation
from portal.extensions import db
from portal.registry.models import MajorGroup


def public_pages(made) -> dict[str, str]:
    """Page name -> path; ``made`` is what ``portal.demo_generate.generate`` returned."""
    group_id = db.session.scalar(db.select(Consultation.group_id).filter_by(
        id=made.global_consultation_id))
    slug = db.session.scalar(db.select(MajorGroup.slug).filter_by(id=group_id))
    statement = made.global_statement_id
    return {
        "home": "/",
        "open consultations": "/consultations",
        "consultations calendar": "/consultations.ics",
        "directory": "/directory",
        "group page": f"/groups/{slug}",
        "group's consultations": f"/groups/{group_id}/consultations",
        "global consultation": f"/consultations/{made.global_consultation_id}",
        "statement with standards report": f"/statements/{statement}",
        "records archive": "/records",
        "record page": f"/records/{made.record_symbol}",
        "API statement list": "/api/v1/statements",
        "API standards report": f"/api/v1/statements/{statement}/standards",
        "API consultations": "/api/v1/consultations",
    }
