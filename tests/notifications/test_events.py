"""Who is told what along a statement's path, each in their language, read back from SMTP."""
from datetime import timedelta

import pytest

from portal.consultations import services as consultations
from portal.extensions import db
from portal.i18n import LANGUAGES
from portal.notifications.models import Notification
from portal.timeutil import utcnow
from tests.consultations.factories import add_report, open_consultation, write_version
from tests.world import add_member, build_world, make_op_term, make_organization


@pytest.fixture
def world(app, make_user):
    world = build_world()
    women = world.groups["women"]
    partners = [world.users["organizing_partner"]]
    for number, language in ((2, "ar"), (3, "es")):
        user = make_user(name=f"Partner {number}", language=language,
                         email=f"partner{number}@example.org")
        organization = make_organization(f"Partner Org {number}", group=women)
        add_member(user, organization)
        make_op_term(organization, women, user)
        partners.append(user)
    world.partners = partners
    # A member of the group's organizations who asked for its news, in Russian.
    world.subscriber = make_user(name="Subscriber", language="ru", email="sub@example.org")
    add_member(world.subscriber, world.organizations["member_org"])
    consultations.set_subscription(world.subscriber, women.id, True)
    world.consultation = open_consultation(women, partners[0])
    write_version(world.consultation.statement, partners[0], "Women's statement",
                  "We call for land rights.")
    db.session.commit()
    return world


def queued(kind: str) -> int:
    return db.session.scalar(db.select(db.func.count(Notification.id)).filter_by(kind=kind))


def as_user(client, sign_in, user):
    client.post("/sign-out", data={})
    return sign_in(user)


def test_partners_secretariat_contributors_and_subscribers_are_told(
        world, client, sign_in, make_user, mailbox):
    first, second, third = world.partners
    statement = world.consultation.statement
    contributor = make_user(name="Zhang", language="zh_Hans", email="zhang@example.org")
    as_user(client, sign_in, contributor)
    client.post(f"/consultations/{world.consultation.id}/inputs/new", data={
        "language": "zh_Hans", "body": "意见", "gender": "woman", "country": "CN",
        "organization_name": "", "frontline": ""})
    (receipt,) = mailbox.to("zhang@example.org")
    assert receipt["Subject"].startswith("您的意见已收到")

    as_user(client, sign_in, first)
    asked = client.post(f"/statements/{statement.id}/validation", data={"sign_off": "y"})
    assert asked.status_code == 302
    (asked,) = mailbox.to("partner2@example.org")
    assert asked["Subject"] == "طُلبت المصادقة: Women's statement"
    assert f"/statements/{statement.id}" in asked.get_content()
    assert mailbox.to("partner3@example.org")[0]["Subject"].startswith("Validación solicitada")
    assert mailbox.to(first.email) == []  # the one who asked is not told

    as_user(client, sign_in, second)
    assert client.post(f"/statements/{statement.id}/signoff", data={}).status_code == 302
    signed = mailbox.to(first.email)
    assert [m["Subject"] for m in signed] == ["Signed off: Women's statement"]
    assert "Partner Org 2 signed off" in signed[0].get_content()
    assert len(mailbox.to("partner2@example.org")) == 1  # not told of their own sign-off

    as_user(client, sign_in, first)
    response = client.post(f"/statements/{statement.id}/submit",
                           data={"justification": "A short consultation.", "confirm": "y"})
    assert response.status_code == 302
    for role in ("secretariat", "administrator"):
        (submitted,) = mailbox.to(world.users[role].email)
        assert submitted["Subject"] == "Submitted for publication: Women's statement"
        assert f"/secretariat/records/publish/{statement.id}" in submitted.get_content()

    as_user(client, sign_in, world.users["secretariat"])
    response = client.post(f"/secretariat/records/publish/{statement.id}",
                           data={"published_on": "2027-07-08", "agenda_symbol": "",
                                 "confirm": "y"})
    assert response.status_code == 302
    symbol = "E/HLPF/2027/NGO/1"
    (news,) = [m for m in mailbox.to("zhang@example.org") if symbol in m["Subject"]]
    body = news.get_content()
    assert news["Subject"].startswith(f"已印发，文号 {symbol}")
    for language in LANGUAGES:
        assert f"http://localhost/records/pdf/{language}/{symbol}" in body
    (subscribed,) = [m for m in mailbox.to("sub@example.org") if symbol in m["Subject"]]
    assert subscribed["Content-Language"] == "ru"
    assert mailbox.to(first.email)[-1]["Subject"].startswith("Signed off")  # not a contributor


def test_the_daily_run_sends_digests_and_reminders_once(app, world, make_user, mailbox):
    contributor = make_user(name="Ana", email="ana@example.org")
    consultations.submit_input(world.consultation, contributor, "en", "An idea.",
                               consultations.DeclarationValues(country="BR"))
    add_report(world.consultation.statement, place="Dakar", participants=40)
    closing = open_consultation(world.groups["women"], world.partners[0], opened_days_ago=18,
                                days_open=20, title="Closing in two days")
    db.session.commit()
    runner = app.test_cli_runner()
    result = runner.invoke(args=["notify", "digest"])
    assert result.exit_code == 0, result.output
    assert "3 digests and 1 reminders queued" in result.output
    (digest,) = [m for m in mailbox.to("partner3@example.org")
                 if m["Subject"].startswith("Nuevas aportaciones")]
    text = digest.get_content()
    assert "1 nueva aportación a «Women's priorities for the HLPF 2027»" in text
    assert "Dakar, 40 participantes" in text
    (reminder,) = [m for m in mailbox.to("sub@example.org")
                   if m["Subject"] == "Скоро закрывается: Closing in two days"]
    assert f"/consultations/{closing.id}/inputs/new" in reminder.get_content()
    # Run again the same day (a timer fired twice): nothing new.
    assert "0 digests and 0 reminders queued" in runner.invoke(args=["notify", "digest"]).output
    subjects = [m["Subject"] for m in mailbox.to("sub@example.org")]
    assert subjects.count(reminder["Subject"]) == 1


def test_a_kind_turned_off_in_the_settings_is_not_sent(world, client, sign_in, mailbox):
    first, second, _third = world.partners
    as_user(client, sign_in, second)
    page = client.get("/account/notifications").get_data(as_text=True)
    assert "الشركاء المنظمون: يُحال بيان إلى المصادقة" in page  # their language: Arabic
    kept = ["receipt", "signed_off"]
    assert client.post("/account/notifications", data={"kinds": kept}).status_code == 302
    as_user(client, sign_in, first)
    client.post(f"/statements/{world.consultation.statement_id}/validation", data={})
    assert mailbox.to(second.email) == []
    assert len(mailbox.to("partner3@example.org")) == 1
    assert queued("validation") == 1


def test_nothing_is_queued_when_the_request_is_refused(world, client, sign_in, make_user):
    contributor = make_user(email="late@example.org")
    world.consultation.closes_at = utcnow() - timedelta(minutes=1)
    db.session.commit()
    sign_in(contributor)
    response = client.post(f"/consultations/{world.consultation.id}/inputs/new", data={
        "language": "en", "body": "Too late.", "gender": "woman", "country": "KE",
        "organization_name": "", "frontline": ""})
    assert response.status_code == 409
    assert queued("receipt") == 0


def test_subscribers_are_told_when_a_consultation_opens(world, mailbox):
    """Through the outbox too: after the commit, once, with the unsubscribe link."""
    open_consultation(world.groups["women"], world.partners[0], title="Seeds")
    assert mailbox.to("sub@example.org") == []  # not before the commit
    db.session.commit()
    (message,) = [m for m in mailbox.to("sub@example.org") if "Seeds" in m["Subject"]]
    assert message["Content-Language"] == "ru"
    assert "/unsubscribe/" in message["List-Unsubscribe"]
