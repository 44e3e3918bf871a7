"""How much the standards report costs beyond the aggregate queries it needs.

Not a test: run it by hand, on each backend::

    python -m tests.benchmarks.standards_benchmark --backend sqlite
    python -m tests.benchmarks.standards_benchmark --backend postgresql

It builds a throwaway database holding one consultation with 100,000 inputs (from fewer
people: many send several; some inputs withdrawn or rejected) and two consultation reports,
then times, as the median of several runs,

- the bare aggregate queries (``input_counts`` and ``report_sums``), and
- the whole report (``standards_report``: the same queries, the word count, the rules),

and prints both with their ratio (target: at most 1.5).
"""
import argparse
import random
import statistics
import tempfile
import time
from datetime import timedelta
from pathlib import Path

from portal import create_app
from portal.consultations.models import Declaration, Input
from portal.extensions import db

COUNTRIES = ["KE", "NG", "IN", "PH", "CN", "UA", "PL", "BR", "PE", "MX", "FR", "DE", "US", "",
             "AQ"]
GENDERS = ["woman", "man", "other", "prefer_not"]
STATUSES = ["accepted"] * 92 + ["withdrawn"] * 5 + ["rejected"] * 3


def build(inputs: int, people: int):
    from tests.consultations.factories import add_report, open_consultation, write_version
    from tests.world import build_world

    world = build_world()
    partner = world.users["organizing_partner"]
    consultation = open_consultation(world.groups["women"], partner, opened_days_ago=30,
                                     days_open=21)
    statement = consultation.statement
    write_version(statement, partner, "Benchmark statement", "Paragraph of text. " * 2000)
    add_report(statement, participants=40, women=20, men=20, afr=10, apg=10, eeg=10, grulac=10)
    add_report(statement, participants=12, women=12, weog=12)
    db.session.commit()
    rng = random.Random(2027)
    from portal.registry.regions import region_of

    rows = []
    for number in range(people):
        country = rng.choice(COUNTRIES)
        rows.append({"consultation_id": consultation.id, "person_ref": f"p{number}",
                     "gender": rng.choice(GENDERS), "country": country or None,
                     "region": region_of(country) if country else None,
                     "frontline": rng.random() < 0.2, "updated_at": consultation.opens_at})
    db.session.execute(db.insert(Declaration), rows)
    ids = db.session.scalars(db.select(Declaration.id).filter_by(
        consultation_id=consultation.id)).all()
    batch = []
    for number in range(inputs):
        batch.append({"consultation_id": consultation.id, "declaration_id": rng.choice(ids),
                      "language": "en", "body": "An input of moderate length. " * 10,
                      "status": rng.choice(STATUSES), "imported": True,
                      "created_at": consultation.opens_at + timedelta(seconds=number),
                      "updated_at": consultation.opens_at + timedelta(seconds=number)})
        if len(batch) == 10_000:
            db.session.execute(db.insert(Input), batch)
            batch = []
    if batch:
        db.session.execute(db.insert(Input), batch)
    from portal.consultations import tally

    tally.rebuild([consultation.id])  # bulk inserts bypass the figures kept on each flush
    db.session.commit()
    return statement.id


def median_seconds(action, runs: int) -> float:
    timings = []
    for _ in range(runs):
        start = time.perf_counter()
        action()
        timings.append(time.perf_counter() - start)
    return statistics.median(timings)


def measure(url: str, inputs: int, people: int, runs: int) -> None:
    from portal.statements import services

    app = create_app({"SQLALCHEMY_DATABASE_URI": url, "TESTING": True,
                      "SECRET_KEY": "benchmark", "FAST_PASSWORD_HASHING": True,
                      "MAIL_OUTBOX_DIR": tempfile.mkdtemp()})
    with app.app_context(), app.test_request_context():
        db.create_all()
        started = time.perf_counter()
        statement_id = build(inputs, people)
        print(f"built {inputs:,} inputs from {people:,} people in "
              f"{time.perf_counter() - started:.1f} s")
        if db.engine.dialect.name == "postgresql":
            with db.engine.begin() as conn:
                conn.exec_driver_sql("ANALYZE")
        statement = services.get_statement(statement_id)
        consultation_id = statement.consultation.id

        def bare():
            services.input_counts(consultation_id)
            services.report_sums(statement_id)

        def report():
            return services.standards_report(statement)

        bare()
        report()  # warm both alike
        bare_time = median_seconds(bare, runs)
        report_time = median_seconds(report, runs)
        numbers = report().numbers
        print(f"participants counted: {numbers.participants:,} "
              f"({numbers.people_online:,} online, {numbers.people_in_reports} from reports), "
              f"accepted inputs: {numbers.accepted_inputs:,}")
        print(f"backend {db.engine.dialect.name}: aggregate queries {bare_time * 1000:.1f} ms, "
              f"standards report {report_time * 1000:.1f} ms, "
              f"ratio {report_time / bare_time:.2f} (target <= 1.5), median of {runs} runs")
        db.session.remove()
        db.engine.dispose()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--backend", choices=["sqlite", "postgresql"], default="sqlite")
    parser.add_argument("--inputs", type=int, default=100_000)
    parser.add_argument("--people", type=int, default=40_000)
    parser.add_argument("--runs", type=int, default=15)
    args = parser.parse_args()
    if args.backend == "sqlite":
        folder = Path(tempfile.mkdtemp(prefix="portal-bench-"))
        measure(f"sqlite:///{folder / 'bench.sqlite3'}", args.inputs, args.people, args.runs)
        return
    from tests import pg

    server = pg.Server().start()
    try:
        measure(server.create_database("portal_bench"), args.inputs, args.people, args.runs)
    finally:
        server.stop()


if __name__ == "__main__":
    main()
