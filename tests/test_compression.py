"""Text answers travel gzipped to browsers that accept it: a slow connection waits less."""
import gzip

import pytest

from portal.extensions import db
from portal.registry.seed import seed_major_groups

GZIP = {"Accept-Encoding": "gzip, deflate, br"}


@pytest.mark.parametrize("path", ["/", "/directory", "/api/v1/groups"])
def test_text_is_sent_gzipped_when_accepted_and_plain_otherwise(client, path):
    seed_major_groups()
    db.session.commit()
    plain, packed = client.get(path), client.get(path, headers=GZIP)
    assert plain.status_code == packed.status_code == 200
    assert "Content-Encoding" not in plain.headers
    assert packed.headers["Content-Encoding"] == "gzip"
    assert gzip.decompress(packed.get_data()) == plain.get_data()
    assert len(packed.get_data()) < len(plain.get_data()) / 2
    assert "Accept-Encoding" in packed.headers["Vary"]
    # Each representation has a validator of its own, and a browser's revalidation works.
    assert packed.headers["ETag"] == plain.headers["ETag"][:-1] + ':gzip"'
    again = client.get(path, headers={**GZIP, "If-None-Match": packed.headers["ETag"]})
    assert again.status_code == 304 and not again.get_data()


def test_pages_of_a_signed_in_person_are_compressed_too(client, make_user, sign_in):
    sign_in(make_user())
    page = client.get("/account", headers=GZIP)
    assert page.status_code == 200 and page.headers["Content-Encoding"] == "gzip"
    assert b"</html>" in gzip.decompress(page.get_data())
    assert "no-store" in page.headers["Cache-Control"]
