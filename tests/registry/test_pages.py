"""Every registry form can be used with a screen reader and without JavaScript."""
from html.parser import HTMLParser

import pytest

from portal.extensions import db
from portal.registry.models import OrganizingPartner


class Controls(HTMLParser):
    def __init__(self):
        super().__init__()
        self.controls, self.labels, self.problems = [], set(), []
        self.label_depth = 0

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "label":
            self.label_depth += 1
            if attrs.get("for"):
                self.labels.add(attrs["for"])
        if "style" in attrs:
            self.problems.append(f"inline style on <{tag}>")
        if tag == "script":
            self.problems.append("inline script")
        if tag in ("input", "select", "textarea") and attrs.get("type") not in (
                "hidden", "submit"):
            if not (attrs.get("aria-label") or self.label_depth):
                self.controls.append(attrs.get("id") or attrs.get("name"))

    def handle_endtag(self, tag):
        if tag == "label":
            self.label_depth -= 1


def unlabelled(page: str) -> list[str]:
    parser = Controls()
    parser.feed(page)
    return [c for c in parser.controls if c not in parser.labels] + parser.problems


@pytest.mark.parametrize("role, url", [
    ("contributor", "/organizations/new"),
    ("focal_point", "/organizations/{org}/edit"),
    ("focal_point", "/organizations/{org}/members"),
    ("focal_point", "/organizations/{org}/disclosure"),
    ("focal_point", "/organizations/{org}/apply"),
    ("secretariat", "/organizations/{org}"),
    ("secretariat", "/partners/{application}"),
    ("focal_point", "/partners/{op_term}"),
    ("organizing_partner", "/partners/{application}"),
    ("secretariat", "/secretariat/groups/new"),
    ("secretariat", "/secretariat/organizations/import"),
    ("secretariat", "/secretariat/registry"),
    ("contributor", "/directory"),
    ("contributor", "/partners"),
    ("contributor", "/groups/women"),
])
def test_every_control_has_a_label(world, client_for, role, url):
    from datetime import date, timedelta

    today = date.today()
    application = OrganizingPartner(
        organization_id=world.organizations["member_org"].id, group_id=world.groups["women"].id,
        term_start=today, term_end=today + timedelta(days=100), focal_person_name="X")
    db.session.add(application)
    db.session.commit()
    browser = client_for(world.users[role])
    for language in ("en", "ar"):
        browser.get(f"/language/{language}")
        response = browser.get(url.format(application=application.id, **world.ids))
        assert response.status_code == 200
        page = response.get_data(as_text=True)
        assert "<form" in page or url.endswith(("/registry", "/women"))
        assert unlabelled(page) == [], (url, language)


def test_the_checker_finds_an_unlabelled_control():
    assert unlabelled('<label for="a">A</label><input id="a"><input id="b">') == ["b"]
    assert unlabelled('<label>A <input id="c"></label>') == []
    assert unlabelled('<p style="color:red">x</p>') == ["inline style on <p>"]
