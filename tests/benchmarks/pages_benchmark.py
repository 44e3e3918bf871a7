"""Public pages under load, against a hello-world Flask app measured in the same run.

Not a test: run it by hand (results and commands in tests/benchmarks/RESULTS.md)::

    python -m tests.benchmarks.pages_benchmark --backend postgresql --inputs 10000,100000,1000000
    python -m tests.benchmarks.pages_benchmark --backend sqlite --inputs 10000,100000

For each size it builds a fresh database (a throwaway PostgreSQL server, or a SQLite file)
with the demo and ``demo generate``, then:

1. in-process, with the page cache off: the SQL queries of each page, the time to render it
   and a cProfile of it (what a request costs when the cache misses);
2. starts gunicorn (2 sync workers) for the portal and for ``tests/benchmarks/hello.py``,
   loads each page with ``wrk -t2 -c20 -d<seconds>s`` and prints requests/s, p50, p99 and
   the ratio to hello-world (loaded before and after the pages: the mean of the two).

Every process it starts (PostgreSQL, Redis, gunicorn) is stopped on the way out.
"""
import argparse
import contextlib
import cProfile
import io
import os
import pstats
import re
import shutil
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

from portal import ROOT, create_app, demo, demo_generate, jobs
from portal.extensions import db
from tests.benchmarks.public_pages import public_pages
from tests.servers import Redis, free_port, wait_for_http

SIZES = dict(organizations=10_000, consultations=300, statements=2000, records=500)
UNITS = {"us": 0.001, "ms": 1.0, "s": 1000.0}
SIZES_IN_BYTES = {"B": 1, "KB": 1024, "MB": 1024 ** 2, "GB": 1024 ** 3}
# Rows loaded as a browser asks for them (gzip accepted): the cached copy is stored compressed.
GZIPPED = ("home", "statement with standards report")
ACCEPT_GZIP = {"Accept-Encoding": "gzip, deflate, br"}


def build(url: str, inputs: int, files: Path) -> tuple[dict, float]:
    """A fresh database with the demo and the generated data; the pages to load."""
    app = create_app({"SQLALCHEMY_DATABASE_URI": url, "SECRET_KEY": "benchmark",
                      "STORAGE_DIR": str(files)})
    with app.app_context():
        db.create_all()
        started = time.perf_counter()
        demo.load()
        made = demo_generate.generate(demo_generate.Sizes(inputs=inputs, **SIZES), seed=1)
        db.session.commit()
        jobs.wait_for_threads()  # the demo's records render in threads: into ``files``
        seconds = time.perf_counter() - started
        if db.engine.dialect.name == "postgresql":
            with db.engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
                conn.exec_driver_sql("VACUUM ANALYZE")
        pages = {**public_pages(made), **files_served(made.record_symbol)}
        pages.update({f"{name}, gzipped": pages[name] for name in GZIPPED})
        db.session.remove()
        db.engine.dispose()
    return pages, seconds


def files_served(symbol: str) -> dict[str, str]:
    """A record's original PDF, rendered once and then sent from the files store, and the
    style sheet: files the portal serves next to its pages."""
    from portal.records.models import ORIGINAL, RENDERED, Edition, Record
    from portal.records.rendering import render_edition

    edition = db.session.scalars(db.select(Edition).join(Record).where(
        Record.symbol == symbol, Edition.status == ORIGINAL)).one()
    render_edition(edition)
    edition.render_status = RENDERED
    db.session.commit()
    return {"cached PDF": f"/records/pdf/{edition.language}/{symbol}",
            "static CSS through the portal": "/static/portal.css"}


def in_process(url: str, pages: dict, files: Path) -> tuple[dict, str]:
    """Queries and render time of each page with the cache off; a profile of each."""
    from sqlalchemy import event

    app = create_app({"SQLALCHEMY_DATABASE_URI": url, "SECRET_KEY": "benchmark",
                      "PAGE_CACHE_SECONDS": 0, "API_RATE_LIMIT_ADDRESS": "1000000/minute",
                      "STORAGE_DIR": str(files)})
    client = app.test_client()
    figures, profiles = {}, []
    with app.app_context():
        sent = []
        event.listen(db.engine, "before_cursor_execute", lambda *args: sent.append(1))
        for name, path in pages.items():
            client.get(path)
            sent.clear()
            timings = []
            for _ in range(3):
                started = time.perf_counter()
                assert client.get(path).status_code == 200, path
                timings.append(time.perf_counter() - started)
            figures[name] = (len(sent) // 3, sorted(timings)[1] * 1000)
            profiles.append(f"{name}, one uncached request:\n{profile(client, path)}")
        db.engine.dispose()
    return figures, "\n\n".join(profiles)


def profile(client, path: str, lines: int = 8) -> str:
    """The portal's own functions (and template rendering) that took longest, cumulatively."""
    profiler = cProfile.Profile()
    profiler.runcall(client.get, path)
    out = io.StringIO()
    stats = pstats.Stats(profiler, stream=out).sort_stats("cumulative")
    stats.print_stats(r"wt-\w+/portal/|/portal/|jinja2/environment", lines)
    return re.sub(r"^.*?(?=\s+ncalls)", "", out.getvalue(), flags=re.S).rstrip()


@contextlib.contextmanager
def gunicorn(app: str, env: dict):
    port = free_port()
    process = subprocess.Popen(
        [str(Path(sys.executable).parent / "gunicorn"), "--workers", "2",
         "--worker-class", "sync", "--bind", f"127.0.0.1:{port}", "--log-level", "warning",
         app], cwd=ROOT, env={**os.environ, **env})
    try:
        wait_for_http(f"http://127.0.0.1:{port}/", process)
        yield f"http://127.0.0.1:{port}"
    finally:
        process.terminate()
        process.wait(20)


def wrk(url: str, seconds: int, connections: int,
        headers=None) -> tuple[float, float, float, float]:
    """requests/s, p50 ms, p99 ms, bytes per answer (headers included)."""
    sent = [part for name, value in (headers or {}).items() for part in ("-H", f"{name}: {value}")]
    out = subprocess.run(["wrk", "-t2", f"-c{connections}", f"-d{seconds}s", "--latency",
                          *sent, url], capture_output=True, text=True, check=True).stdout
    rate = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))
    if "Non-2xx" in out:
        print(f"  warning: non-2xx answers from {url}", flush=True)

    def percentile(label):
        value, unit = re.search(rf"\s{label}%\s+([\d.]+)(us|ms|s)", out).groups()
        return float(value) * UNITS[unit]

    value, unit = re.search(r"Transfer/sec:\s+([\d.]+)(B|KB|MB|GB)", out).groups()
    return rate, percentile("50"), percentile("99"), float(value) * SIZES_IN_BYTES[unit] / rate


def load_pages(url: str, pages: dict, args, redis_url: str, files: Path) -> tuple[float, dict]:
    env = {"PORTAL_DATABASE_URL": url, "PORTAL_SECRET_KEY": "benchmark",
           "PORTAL_STORAGE_DIR": str(files),
           # A log line per request costs time; production logs requests at INFO, which a
           # busy site may turn down the same way.
           "PORTAL_LOG_LEVEL": "WARNING",
           "PORTAL_API_RATE_LIMIT_ADDRESS": "100000000/minute",
           "PORTAL_API_RATE_LIMIT_TOKEN": "100000000/minute", "PORTAL_REDIS_URL": redis_url,
           # As in production with several workers: the limits' counters shared in Redis.
           "PORTAL_RATELIMIT_STORAGE_URI": redis_url or "memory://"}
    before = hello_world(args)
    loaded = {}
    with gunicorn("wsgi:app", env) as portal:
        for name, path in pages.items():
            headers = ACCEPT_GZIP if name.endswith(", gzipped") else {}
            for _ in range(4):  # the first fills the cache; each worker imports what it needs
                urllib.request.urlopen(urllib.request.Request(portal + path, headers=headers),
                                       timeout=60).read()
            loaded[name] = wrk(portal + path, args.seconds, args.connections, headers)
    # Measured before and after the pages: their mean is the baseline, and the two tell
    # how much the machine's own load moved meanwhile.
    return (before + hello_world(args)) / 2, loaded


def hello_world(args) -> float:
    with gunicorn("tests.benchmarks.hello:app", {}) as hello:
        rate, p50, p99, _size = wrk(hello + "/", args.seconds, args.connections)
    print(f"hello-world Flask: {rate:,.0f}/s, p50 {p50:.1f} ms, p99 {p99:.1f} ms", flush=True)
    return rate


def report(inputs, build_seconds, hello_rate, loaded, figures, profiles) -> None:
    print(f"\n{inputs:,} inputs (built in {build_seconds:.0f} s)")
    print("| page | requests/s | × hello | p50 ms | p99 ms | queries | uncached ms | KB sent |")
    print("|---|---|---|---|---|---|---|---|")
    for name, (rate, p50, p99, size) in loaded.items():
        queries, render_ms = figures[name]
        print(f"| {name} | {rate:,.0f} | {rate / hello_rate:.2f} | {p50:.1f} | {p99:.1f} | "
              f"{queries} | {render_ms:.1f} | {size / 1024:.1f} |")
    print(f"| hello-world Flask (mean of before and after) | {hello_rate:,.0f} | 1.00 "
          "| | | | | |\n")
    print(profiles, flush=True)


def run(backend_url, inputs: int, args, redis_url: str, folder: Path) -> None:
    url, files = backend_url(inputs), folder / f"files_{inputs}"
    pages, build_seconds = build(url, inputs, files)
    print(f"built {inputs:,} inputs in {build_seconds:.0f} s", flush=True)
    figures, profiles = in_process(url, pages, files)
    hello_rate, loaded = load_pages(url, pages, args, redis_url, files)
    report(inputs, build_seconds, hello_rate, loaded, figures, profiles)
    print(f"load average after: {os.getloadavg()[0]:.1f}", flush=True)


def machine() -> str:
    model = next((line.split(":", 1)[1].strip() for line in
                  Path("/proc/cpuinfo").read_text().splitlines()
                  if line.startswith("model name")), "unknown CPU")
    return (f"{time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())}; {os.cpu_count()} cores "
            f"({model}); load average {os.getloadavg()[0]:.1f}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--backend", choices=["sqlite", "postgresql"], default="postgresql")
    parser.add_argument("--inputs", default="10000,100000,1000000",
                        help="comma-separated sizes")
    parser.add_argument("--seconds", type=int, default=10, help="wrk duration per page")
    parser.add_argument("--connections", type=int, default=20)
    parser.add_argument("--cache", choices=["redis", "memory"], default="redis",
                        help="the shared page cache: Redis, or each worker's memory")
    args = parser.parse_args()
    sizes = [int(size) for size in args.inputs.split(",")]
    print(machine(), flush=True)
    folder = Path(tempfile.mkdtemp(prefix="portal-pages-bench-"))
    with contextlib.ExitStack() as stack:
        stack.callback(shutil.rmtree, folder, ignore_errors=True)
        redis_url = ""
        if args.cache == "redis":
            redis = Redis(folder / "redis").start()
            stack.callback(redis.stop)
            redis_url = redis.url
        if args.backend == "postgresql":
            from tests import pg

            server = pg.Server().start()
            stack.callback(server.stop)

            def backend_url(inputs):
                return server.create_database(f"bench_{inputs}")
        else:
            def backend_url(inputs):
                return f"sqlite:///{folder / f'bench_{inputs}.sqlite3'}"
        for inputs in sizes:
            run(backend_url, inputs, args, redis_url, folder)


if __name__ == "__main__":
    main()
