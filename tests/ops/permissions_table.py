# Public probes; /metrics answers 404 to addresses outside PORTAL_METRICS_ALLOWED
# (tests/ops/test_metrics.py), and the test client calls from 127.0.0.1.
ROWS = [
    ("GET", "/healthz", {"*": 200}),
    ("GET", "/readyz", {"*": 200}),
    ("GET", "/metrics", {"*": 200}),
]
