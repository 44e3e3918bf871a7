"""gunicorn settings for the portal: ``gunicorn --config deploy/gunicorn.conf.py wsgi:app``.

Read from the environment of the web unit (deploy/portal.env.example). Any setting can
still be overridden on the command line or with ``GUNICORN_CMD_ARGS``.
"""
import multiprocessing
import os

# The portal's log format for gunicorn's own lines; Prometheus multiprocess mode
# (PROMETHEUS_MULTIPROC_DIR, set in the web unit): clear the previous run's counts at
# start, forget a worker's live gauges when it exits.
from portal.ops.logs import gunicorn_logconfig
from portal.ops.metrics import child_exit, on_starting  # noqa: F401  (gunicorn's hooks)

bind = os.environ.get("PORTAL_BIND", "127.0.0.1:8000")

# gthread, not sync: a load balancer keeps connections open between requests, and an idle
# keep-alive connection costs a sync worker a whole process (sync workers do not support
# keep-alive at all), while gthread parks it in a poller. Python threads share one CPU per
# process, so processes bring the parallelism (one per core, two to cover the time spent
# waiting on PostgreSQL and Redis) and threads the concurrency. PDFs are rendered by the RQ
# worker (portal-worker.service), not in web processes.
worker_class = "gthread"
workers = int(os.environ.get("WEB_CONCURRENCY", multiprocessing.cpu_count() * 2))
threads = int(os.environ.get("PORTAL_WEB_THREADS", "4"))

# A page takes milliseconds; a worker stuck for 30 s is killed and replaced (the request's
# transaction rolls back, nothing half-written). On restart, requests in flight get 30 s
# to finish before the worker is stopped.
timeout = 30
graceful_timeout = 30
# Longer than the load balancer's idle timeout (60 s on common balancers), so the balancer
# closes idle connections first and never sends a request on one gunicorn just closed.
keepalive = 75
# Replace each worker after a few thousand requests (jittered) so memory cannot creep.
max_requests = 5000
max_requests_jitter = 500

# gunicorn believes no forwarded header itself: the portal does, through werkzeug's ProxyFix,
# for exactly PORTAL_TRUSTED_PROXIES proxies in front of it (the client's address for
# throttling and rate limits, and X-Forwarded-Proto). One rule in one place.
forwarded_allow_ips = ""

# One log format for gunicorn and the portal (PORTAL_LOG_FORMAT, JSON by default) on
# stderr (the journal). No access log: the portal logs each request itself, with its
# request id and route but never the query string, which may carry search terms or tokens.
logconfig_dict = gunicorn_logconfig()
accesslog = None
errorlog = "-"
