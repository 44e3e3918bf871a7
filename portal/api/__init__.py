"""Open data: the JSON API under /api/v1, its OpenAPI description, tokens and exports."""
