from portal import demo
from portal.extensions import db
from tests.api.conftest import bearer


def test_the_demo_prints_a_working_token_for_the_partner(app, client):
    sign_ins = demo.load()
    db.session.commit()
    email, secret, label = sign_ins[-1]
    assert email == "partner@example.org" and "token" in label
    me = client.get("/api/v1/me", headers=bearer(secret)).get_json()
    assert me["display_name"] == "Wanjiru Kamau"
    assert me["scopes"] == sorted(["inputs:submit", "inputs:import", "reports:write",
                                   "consultations:open"])
