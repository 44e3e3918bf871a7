"""What the selection page and the advisor cost with 5,000 applications for 40 slots.

Not a test: run it by hand, on each backend::

    python -m tests.benchmarks.speakers_benchmark --backend sqlite
    python -m tests.benchmarks.speakers_benchmark --backend postgresql

It builds a throwaway database with one opportunity (40 slots, rotation over 2 sessions,
30% frontline minimum) and 5,000 applications from 1,000 organizations, one earlier session
whose speakers make the rotation rule bite, then times, as the median of several runs,

- the bare query of the candidates (``services.candidate_rows``: the applications joined
  with their organizations, groups and people, as plain rows),
- the whole selection page (``GET /speaking/<id>/selection``, signed in as the
  secretariat: the same query, the rotation lookup, the balance report, 5,000 rows), and
- the advisor (``balance.advise`` from the current, empty list: target under 1 s),

and prints them with the page's ratio to the bare query.
"""
import argparse
import random
import tempfile
import time
from datetime import timedelta
from fractions import Fraction
from pathlib import Path

from portal import create_app
from portal.extensions import db
from tests.benchmarks.standards_benchmark import median_seconds

COUNTRIES = ["KE", "NG", "IN", "PH", "CN", "UA", "PL", "BR", "PE", "MX", "FR", "DE", "US"]
GENDERS = ["woman", "man", "non_binary", "undeclared"]


def build(applications: int, organizations: int):
    from portal.auth.models import User
    from portal.registry.models import Organization
    from portal.registry.regions import region_of
    from portal.speakers.balance import SelectionProfile
    from portal.speakers.models import CONFIRMED, SELECTED, Application
    from portal.timeutil import utcnow
    from tests.speakers.factories import make_opportunity
    from tests.world import build_world

    world = build_world()
    profile = SelectionProfile(min_regions=4, max_region_share=Fraction(2, 5),
                               min_frontline_share=Fraction(3, 10), rotation_sessions=2)
    earlier = make_opportunity(world, slots=40, profile=profile)
    earlier.held_on -= timedelta(days=365)
    earlier.status = CONFIRMED
    opportunity = make_opportunity(world, slots=40, profile=profile)
    rng = random.Random(2027)
    now = utcnow()
    db.session.execute(db.insert(Organization), [
        {"names": {"en": f"Organization {n}"}, "name_key": f"organization {n}",
         "country": rng.choice(COUNTRIES), "org_type": "ngo", "working_languages": ["en"],
         "status": "verified", "created_at": now} for n in range(organizations)])
    org_ids = db.session.scalars(db.select(Organization.id)).all()
    db.session.execute(db.insert(User), [
        {"email": f"speaker{n}@example.org", "display_name": f"Speaker {n}",
         "password_hash": "x", "role": "contributor", "created_at": now}
        for n in range(applications)])
    user_ids = db.session.scalars(db.select(User.id).where(User.email.like("speaker%"))).all()
    rows = []
    for number, user_id in enumerate(user_ids):
        country = rng.choice(COUNTRIES)
        rows.append({"opportunity_id": opportunity.id, "user_id": user_id,
                     "organization_id": rng.choice(org_ids), "topic": f"Topic {number}",
                     "language": "en", "summary": "A short summary. " * 5,
                     "gender": rng.choice(GENDERS), "country": country,
                     "region": region_of(country), "frontline": rng.random() < 0.2,
                     "status": "submitted", "created_at": now + timedelta(seconds=number),
                     "updated_at": now})
    db.session.execute(db.insert(Application), rows)
    # The earlier session's 40 speakers: their organizations rank after the others now.
    db.session.execute(db.insert(Application), [
        {**row, "opportunity_id": earlier.id, "status": SELECTED} for row in rows[:40]])
    db.session.commit()
    return opportunity.id, world.users["secretariat"].email


def measure(url: str, applications: int, organizations: int, runs: int) -> None:
    from portal.speakers import balance, services
    from portal.speakers.models import Opportunity
    from tests.world import PASSWORD

    app = create_app({"SQLALCHEMY_DATABASE_URI": url, "TESTING": True,
                      "SECRET_KEY": "benchmark", "FAST_PASSWORD_HASHING": True,
                      "WTF_CSRF_ENABLED": False, "PAGE_CACHE_SECONDS": 0,
                      "RATELIMIT_ENABLED": False, "MAIL_OUTBOX_DIR": tempfile.mkdtemp()})
    with app.app_context():
        db.create_all()
        started = time.perf_counter()
        opportunity_id, email = build(applications, organizations)
        print(f"built {applications:,} applications in {time.perf_counter() - started:.1f} s")
        if db.engine.dialect.name == "postgresql":
            with db.engine.begin() as conn:
                conn.exec_driver_sql("ANALYZE")
        client = app.test_client()
        assert client.post("/sign-in", data={"email": email, "password": PASSWORD}
                           ).status_code == 302
        opportunity = db.session.get(Opportunity, opportunity_id)

        def bare():
            return services.candidate_rows(opportunity)

        def page():
            response = client.get(f"/speaking/{opportunity_id}/selection")
            assert response.status_code == 200
            return response

        rows = bare()
        pool = services.candidates(opportunity, rows)
        profile = services.profile_of(opportunity)

        def advise():
            return balance.advise(profile, opportunity.slots, pool, [])

        page()  # warm alike
        bare_time = median_seconds(bare, runs)
        page_time = median_seconds(page, runs)
        advice = advise()
        advise_time = median_seconds(advise, runs)
        recent = sum(1 for c in pool if c.recent)
        print(f"candidates: {len(pool):,} ({recent} from organizations that spoke last "
              f"session); advice: {len(advice.selected or ())} selected, "
              f"passes: {balance.all_passed(advice.findings)}")
        print(f"backend {db.engine.dialect.name}: candidates query {bare_time * 1000:.1f} ms, "
              f"selection page {page_time * 1000:.1f} ms, ratio {page_time / bare_time:.2f}; "
              f"advisor {advise_time * 1000:.1f} ms (target < 1000 ms); median of {runs} runs")
        db.session.remove()
        db.engine.dispose()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--backend", choices=["sqlite", "postgresql"], default="sqlite")
    parser.add_argument("--applications", type=int, default=5_000)
    parser.add_argument("--organizations", type=int, default=1_000)
    parser.add_argument("--runs", type=int, default=7)
    args = parser.parse_args()
    if args.backend == "sqlite":
        folder = Path(tempfile.mkdtemp(prefix="portal-bench-"))
        measure(f"sqlite:///{folder / 'bench.sqlite3'}", args.applications,
                args.organizations, args.runs)
        return
    from tests import pg

    server = pg.Server().start()
    try:
        measure(server.create_database("portal_bench"), args.applications,
                args.organizations, args.runs)
    finally:
        server.stop()


if __name__ == "__main__":
    main()
