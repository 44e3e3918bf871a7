"""``flask demo generate``: data at scale, the same for a seed, pages bounded in queries."""
import pytest
from click.testing import CliRunner

from portal import demo, demo_generate
from portal.consultations.models import Consultation, Declaration, Input
from portal.extensions import db
from portal.records.models import Record
from portal.registry.models import Organization
from portal.statements import services as statements
from portal.statements.models import Statement
from tests.benchmarks.public_pages import public_pages

SIZES = demo_generate.Sizes(organizations=60, consultations=5, inputs=500, statements=12,
                            records=4)


@pytest.fixture
def demo_loaded(app):
    demo.load()
    db.session.commit()


def _count(model, **where):
    return db.session.scalar(db.select(db.func.count()).select_from(model).filter_by(**where))


def _snapshot():
    """What a person would compare between two runs: names, regions, inputs per consultation."""
    return (
        db.session.execute(db.select(Organization.names, Organization.region,
                                     Organization.org_type).order_by(Organization.id)).all(),
        db.session.execute(db.select(Consultation.title, db.func.count(Input.id))
                           .join(Input).group_by(Consultation.id, Consultation.title)
                           .order_by(Consultation.id)).all(),
        db.session.execute(db.select(Declaration.gender, Declaration.country)
                           .order_by(Declaration.id)).all(),
    )


def test_generate_adds_the_asked_sizes_with_a_global_consultation(app, demo_loaded):
    before = {model: _count(model) for model in (Organization, Statement, Record, Input)}
    made = demo_generate.generate(SIZES, seed=4, progress=False)
    db.session.commit()
    assert _count(Organization) - before[Organization] == 60
    assert _count(Statement) - before[Statement] == 12
    assert _count(Record) - before[Record] == 4
    assert _count(Input) - before[Input] == 500
    assert _count(Consultation) >= 5
    regions = set(db.session.scalars(db.select(Organization.region).distinct()))
    assert regions >= {"AFR", "APG", "EEG", "GRULAC", "WEOG"}
    languages = {language for names in db.session.scalars(db.select(Organization.names))
                 for language in names}
    assert languages >= {"ar", "zh_Hans", "en", "fr", "ru", "es"}
    global_inputs = _count(Input, consultation_id=made.global_consultation_id)
    assert global_inputs >= 500 * 0.6

    report = statements.standards_report(statements.get_statement(made.global_statement_id))
    accepted_people = db.session.scalar(
        db.select(db.func.count(db.distinct(Input.declaration_id))).filter_by(
            consultation_id=made.global_consultation_id, status="accepted"))
    assert report.numbers.participants == accepted_people > 50
    assert len(report.numbers.by_region) >= 4


def test_the_same_seed_gives_the_same_data(app, demo_loaded):
    from tests.conftest import _empty_tables

    demo_generate.generate(SIZES, seed=9, progress=False)
    db.session.commit()
    first = _snapshot()
    db.session.remove()
    _empty_tables()
    demo.load()
    demo_generate.generate(SIZES, seed=9, progress=False)
    db.session.commit()
    assert _snapshot() == first


def test_command_refuses_a_second_run(app, demo_loaded):
    runner = CliRunner()
    arguments = ["demo", "generate", "--organizations", "5", "--consultations", "1",
                 "--inputs", "20", "--statements", "2", "--records", "1"]
    first = runner.invoke(app.cli, arguments, catch_exceptions=False)
    assert "Generated." in first.output
    second = runner.invoke(app.cli, arguments)
    assert second.exit_code != 0
    assert "already holds generated data" in second.output


def test_public_pages_make_as_many_queries_with_10_as_with_10000_inputs(
        app, demo_loaded, client, count_queries):
    made = demo_generate.generate(
        demo_generate.Sizes(organizations=30, consultations=3, inputs=10, statements=6,
                            records=2), seed=2, progress=False)
    db.session.commit()
    pages = public_pages(made)

    def queries_per_page():
        counts = {}
        for name, path in pages.items():
            client.get(path)  # warm up
            with count_queries() as sent:
                assert client.get(path).status_code == 200, path
            counts[name] = len(sent)
        return counts

    few = queries_per_page()
    demo_generate.add_inputs([made.global_consultation_id], 10_000, seed=3)
    db.session.commit()
    assert _count(Input, consultation_id=made.global_consultation_id) > 10_000
    assert queries_per_page() == few
