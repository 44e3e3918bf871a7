"""Demo data of the API domain: a token for the demo organizing partner, printed once."""
from portal.api import tokens


def load(partner) -> tuple[str, str, str]:
    """A token with every scope; returned like a sign-in so that the demo command prints it."""
    _token, secret = tokens.create(partner, "Demo tool", list(tokens.SCOPES), days=30)
    return partner.email, secret, "API token (Bearer)"
