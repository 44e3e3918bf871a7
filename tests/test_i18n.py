"""Reading the portal natively: UN country names, UN dates, time zones, fallbacks."""
from datetime import date

from portal.extensions import db
from portal.i18n import un_date
from tests.world import make_organization


def test_un_dates_in_each_language(app):
    day = date(2026, 11, 25)
    assert un_date(day, "ar") == "25 تشرين الثاني/نوفمبر 2026"  # not CLDR's "25 نوفمبر 2026"
    assert un_date(day, "zh_Hans") == "2026年11月25日"
    assert un_date(day, "en") == "25 November 2026"
    assert un_date(day, "fr") == "25 novembre 2026"
    assert un_date(day, "es") == "25 de noviembre de 2026"
    assert un_date(day, "ru") == "25 ноября 2026 года"


def test_directory_lists_the_un_names_in_the_readers_language(app, client):
    make_organization("Seoul Women", country="KR", region="APG")
    db.session.commit()
    client.get("/language/zh_Hans")
    page = client.get("/directory").get_data(as_text=True)
    assert page.count("大韩民国") == 2  # the filter's option and the organization's row
    assert "韩国" not in page.replace("大韩民国", "")  # CLDR's name appears nowhere
    assert "台湾" not in page  # Taiwan is not offered as a State


def test_a_code_the_un_list_lacks_still_displays_with_a_clear_name(app, client):
    org = make_organization("Older Record", country="TW", region=None)
    db.session.commit()
    page = client.get(f"/organizations/{org.id}").get_data(as_text=True)
    assert "Country or area not on the UN list" in page
    client.get("/language/fr")
    page = client.get("/directory").get_data(as_text=True)
    assert "Older Record" in page and "Pays ou zone ne figurant pas sur la liste" in page


def test_an_unknown_time_zone_falls_back_to_utc(app, client, make_user, sign_in):
    user = make_user()
    user.timezone = "Mars/Olympus_Mons"  # saved once, unknown to this server
    db.session.commit()
    sign_in(user)
    response = client.get("/account")
    assert response.status_code == 200
    page = response.get_data(as_text=True)
    assert "Coordinated Universal Time (UTC)" in page and "Mars/Olympus_Mons" not in page


def test_time_zones_are_named_in_the_readers_language(app, client, make_user, sign_in):
    user = make_user(language="ar")
    user.timezone = "Africa/Nairobi"
    db.session.commit()
    sign_in(user)
    page = client.get("/account").get_data(as_text=True)
    assert '<option selected value="Africa/Nairobi">كينيا (نيروبي)</option>' in page


def test_a_browser_language_outside_the_six_gets_english(app, client):
    page = client.get("/directory", headers={"Accept-Language": "de-DE,de;q=0.9,tlh"})
    assert page.status_code == 200 and '<html lang="en"' in page.get_data(as_text=True)


def test_time_zones_offered_are_the_current_ids_once_each(app):
    from portal.i18n import timezone_choices

    with app.test_request_context():
        choices = dict(timezone_choices("en"))
    assert choices["Asia/Yangon"] == "Myanmar (Yangon)" and "Asia/Rangoon" not in choices
    assert choices["America/Argentina/Buenos_Aires"] == "Argentina (Buenos Aires)"
    assert not [zone for zone in choices if zone.startswith("Etc/")]  # GMT+5 means UTC-5
