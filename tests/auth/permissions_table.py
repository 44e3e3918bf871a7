SIGNED_IN_PAGE = {"visitor": 302, "*": 200}

ROWS = [
    ("GET", "/register", {"*": 200}),
    ("POST", "/register", {"*": 422}),
    ("GET", "/sign-in", {"*": 200}),
    ("POST", "/sign-in", {"*": 422}),
    ("POST", "/sign-out", {"*": 302}),
    ("POST", "/account/sign-out-everywhere", {"*": 302}),
    ("GET", "/forgot-password", {"*": 200}),
    ("POST", "/forgot-password", {"*": 422}),
    ("GET", "/confirm/{token}", {"*": 404}),
    ("GET", "/reset-password/{token}", {"*": 404}),
    ("POST", "/reset-password/{token}", {"*": 404}),
    ("GET", "/account", SIGNED_IN_PAGE),
    # An empty form keeps the saved values (WTForms reads missing fields from the account).
    ("POST", "/account", {"*": 302}),
    ("GET", "/account/password", SIGNED_IN_PAGE),
    ("POST", "/account/password", {"visitor": 302, "*": 422}),
]


def prepare(world):
    return {"token": "not-a-real-token"}
