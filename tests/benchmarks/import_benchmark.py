"""Import benchmark: ``python -m tests.benchmarks.import_benchmark [--rows N] [--postgres]``.

Times a CSV import of offline inputs (100,000 rows by default, half of them sharing a
person reference) sent through the import page as an organizing partner: the request that
stores the file as a job, then the background job (thread pool, as in production without
Redis) checking and writing every row in one transaction, until its page says "done".
"""
from __future__ import annotations

import argparse
import io
import tempfile
import time
from pathlib import Path


def csv_rows(rows: int) -> bytes:
    lines = ["language,text,gender,country,organization,frontline,person"]
    lines += [f"en,Input {i} on water and land rights,woman,KE,Org {i % 50},yes,p{i % (rows // 2)}"
              for i in range(rows)]
    return ("\n".join(lines) + "\n").encode()


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--postgres", action="store_true", help="a throwaway PostgreSQL")
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="import-bench-"))
    server = None
    try:
        if args.postgres:
            from tests.pg import Server

            server = Server().start()
            url = server.create_database("bench")
        else:
            url = f"sqlite:///{work / 'bench.sqlite3'}"
        run(url, work, csv_rows(args.rows), args.rows)
    finally:
        if server is not None:
            server.stop()


def run(url: str, work: Path, data: bytes, rows: int) -> None:
    from portal import create_app, jobs
    from portal.consultations.models import ImportJob, Input
    from portal.extensions import db
    from tests.consultations.factories import open_consultation
    from tests.world import PASSWORD, build_world

    app = create_app({"SQLALCHEMY_DATABASE_URI": url, "STORAGE_DIR": str(work / "files"),
                      "SECRET_KEY": "benchmark", "WTF_CSRF_ENABLED": False,
                      "IMPORT_MODE": "thread", "RATELIMIT_ENABLED": False})
    with app.app_context():
        db.create_all()
        world = build_world()
        consultation = open_consultation(world.groups["women"],
                                         world.users["organizing_partner"])
        db.session.commit()
        consultation_id, email = consultation.id, world.users["organizing_partner"].email
    client = app.test_client()
    client.post("/sign-in", data={"email": email, "password": PASSWORD})
    started = time.perf_counter()
    response = client.post(f"/consultations/{consultation_id}/import",
                           data={"file": (io.BytesIO(data), "inputs.csv")},
                           content_type="multipart/form-data")
    answered = time.perf_counter() - started
    assert response.status_code == 302, response.status_code
    jobs.wait_for_threads()
    finished = time.perf_counter() - started
    with app.app_context():
        job = db.session.scalar(db.select(ImportJob))
        stored = db.session.scalar(db.select(db.func.count()).select_from(Input))
    assert job.status == "done" and stored == rows, (job.status, job.errors[:3], stored)
    print(f"{rows:,} rows ({len(data) / 1e6:.1f} MB), {url.split(':')[0]}: page answered in "
          f"{answered:.2f} s; imported in {finished:.1f} s ({rows / finished:,.0f} rows/s)")


if __name__ == "__main__":
    main()
