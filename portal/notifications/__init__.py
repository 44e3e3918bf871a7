"""Email notifications: an outbox delivered after the commit, retried, never sent twice."""
