"""Demo data at the size of a global consultation: ``flask --app wsgi demo generate``.

Runs on top of the demo (loaded first when the database is empty): organizations named in
the six languages from every region and of every type, statements for a generated meeting,
consultations whose inputs go mostly to one global consultation, the participants'
declarations, and published records (not rendered). Rows go in with multi-row inserts in
batches, so a million inputs take minutes; the same seed gives the same data.
"""
import hashlib
import random
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from tqdm import tqdm

from portal.consultations import tally
from portal.consultations.models import (
    GENDER_CHOICES,
    GLOBAL,
    NATIONAL,
    REGIONAL,
    Consultation,
    Declaration,
    Input,
)
from portal.extensions import db
from portal.i18n import LANGUAGES
from portal.meetings.models import AgendaItem, Meeting, StandardsProfile
from portal.records.models import ORIGINAL, PENDING, Edition, Record
from portal.registry.labels import ORG_TYPES
from portal.registry.models import (
    PENDING as ORG_PENDING,
)
from portal.registry.models import (
    VERIFIED,
    MajorGroup,
    Organization,
    organization_group,
)
from portal.registry.regions import countries_in
from portal.registry.services import fold, name_key_of
from portal.statements.models import DRAFT, PUBLISHED, Statement, StatementVersion
from portal.timeutil import utcnow

BATCH = 5000
MEETING_SLUG = "hlpf-2028"
REGIONS = ("AFR", "APG", "EEG", "GRULAC", "WEOG")
# The global consultation's share of all inputs; the others share the rest.
GLOBAL_SHARE = 0.6
INPUTS_PER_PERSON = 2.5

# Name parts per language: (what the organization is, what it works on).
NAME_PARTS = {
    "en": (["Network", "Alliance", "Forum", "Association", "Coalition", "Union", "Council",
            "Foundation", "Institute", "Collective"],
           ["Rural Women", "Climate Justice", "Smallholder Farmers", "Youth Action",
            "Indigenous Rights", "Clean Water", "Decent Work", "Ocean Stewardship",
            "Urban Housing", "Food Sovereignty", "Disability Inclusion", "Forest Peoples"]),
    "fr": (["Réseau", "Alliance", "Forum", "Association", "Coalition", "Union", "Conseil",
            "Fondation", "Institut", "Collectif"],
           ["des femmes rurales", "pour la justice climatique", "des petits producteurs",
            "de la jeunesse", "des peuples autochtones", "pour l'eau potable",
            "pour le travail décent", "des océans", "pour le logement",
            "pour la souveraineté alimentaire"]),
    "es": (["Red", "Alianza", "Foro", "Asociación", "Coalición", "Unión", "Consejo",
            "Fundación", "Instituto", "Colectivo"],
           ["de Mujeres Rurales", "por la Justicia Climática", "de Pequeños Productores",
            "de la Juventud", "de los Pueblos Indígenas", "por el Agua",
            "por el Trabajo Decente", "de los Océanos", "por la Vivienda",
            "por la Soberanía Alimentaria"]),
    "ru": (["Сеть", "Альянс", "Форум", "Ассоциация", "Коалиция", "Союз", "Совет", "Фонд",
            "Институт", "Объединение"],
           ["сельских женщин", "за климатическую справедливость", "мелких фермеров",
            "молодёжи", "коренных народов", "за чистую воду", "за достойный труд",
            "защиты океана", "за доступное жильё", "продовольственного суверенитета"]),
    "zh_Hans": (["网络", "联盟", "论坛", "协会", "联合会", "理事会", "基金会", "研究所"],
                ["农村妇女", "气候正义", "小农", "青年行动", "土著权利", "清洁水", "体面劳动",
                 "海洋保护", "城市住房", "粮食主权"]),
    "ar": (["شبكة", "تحالف", "منتدى", "جمعية", "ائتلاف", "اتحاد", "مجلس", "مؤسسة", "معهد"],
           ["المرأة الريفية", "العدالة المناخية", "صغار المزارعين", "الشباب",
            "حقوق الشعوب الأصلية", "المياه النظيفة", "العمل اللائق", "حماية المحيطات",
            "السكن الحضري", "السيادة الغذائية"]),
}
# Languages in which organizations of each region most often name themselves.
REGION_LANGUAGES = {"AFR": ["en", "fr", "ar"], "APG": ["en", "zh_Hans", "ar"],
                    "EEG": ["ru", "en"], "GRULAC": ["es", "en"], "WEOG": ["en", "fr", "es"]}
INPUT_TEXT = {
    "en": "Our members ask that the statement call for secure land rights and public "
          "finance for local adaptation, decided with the communities concerned.",
    "fr": "Nos membres demandent que la déclaration appelle à des droits fonciers sûrs et "
          "à un financement public de l'adaptation locale.",
    "es": "Nuestros miembros piden que la declaración exija derechos seguros sobre la "
          "tierra y financiación pública para la adaptación local.",
    "ru": "Наши члены просят, чтобы заявление призывало к гарантированным правам на землю "
          "и государственному финансированию местной адаптации.",
    "zh_Hans": "我们的成员要求声明呼吁保障土地权利，并为地方适应提供公共资金。",
    "ar": "يطلب أعضاؤنا أن يدعو البيان إلى حقوق مضمونة في الأراضي وتمويل عام للتكيف المحلي.",
}
STATEMENT_BODY = (
    "## Introduction\n\nThe major group welcomes the review and brings together the views "
    "gathered in its consultation.\n\n## Recommendations\n\nWe call on Member States to:\n\n"
    "- recognize customary and collective land tenure;\n- finance local adaptation;\n"
    "- include civil society in national follow-up and review.\n")


@dataclass
class Sizes:
    organizations: int = 200
    consultations: int = 10
    inputs: int = 2000
    statements: int = 40
    records: int = 10


@dataclass
class Generated:
    meeting_id: int
    global_statement_id: int
    global_consultation_id: int
    record_symbol: str | None


def generate(sizes: Sizes, seed: int, progress: bool = True) -> Generated:
    """Add the rows; the caller commits. Needs the demo's groups and standards profile."""
    if sizes.consultations > sizes.statements or sizes.records > sizes.statements:
        raise ValueError("each consultation and each record needs a statement of its own")
    rng = random.Random(seed)
    groups = db.session.scalars(db.select(MajorGroup.id).order_by(MajorGroup.id)).all()
    profile_id = db.session.scalar(db.select(StandardsProfile.id).order_by(
        StandardsProfile.id))
    meeting, item_id = _meeting()
    bar = tqdm(total=sizes.organizations + sizes.statements + sizes.inputs + sizes.records,
               unit="rows", disable=not progress)
    _organizations(rng, sizes.organizations, groups, bar)
    statement_ids = _statements(rng, sizes, meeting, item_id, groups, profile_id, bar)
    consultation_ids = _consultations(rng, statement_ids[:sizes.consultations], groups)
    _inputs(rng, sizes.inputs, consultation_ids, bar)
    symbol = _records(statement_ids[:sizes.records], meeting, item_id, bar)
    bar.close()
    return Generated(meeting.id, statement_ids[0], consultation_ids[0], symbol)


def _insert(model, rows: list[dict], with_ids: bool = False) -> list[int]:
    """Multi-row inserts in batches; with ``with_ids`` the rows get (and return) the next
    free ids, given here: asking the database for each new id costs more than the insert.
    Nothing else may write these tables meanwhile (the command runs alone)."""
    table = getattr(model, "__table__", model)
    ids = []
    if with_ids:
        first = (db.session.scalar(db.select(db.func.max(table.c.id))) or 0) + 1
        ids = list(range(first, first + len(rows)))
        for new_id, row in zip(ids, rows, strict=True):
            row["id"] = new_id
    for start in range(0, len(rows), BATCH):
        db.session.execute(table.insert(), rows[start:start + BATCH])
    if ids and db.session.get_bind().dialect.name == "postgresql":
        db.session.execute(db.text("SELECT setval(pg_get_serial_sequence(:table, 'id'), :last)"),
                           {"table": table.name, "last": ids[-1]})
    return ids


def _meeting() -> tuple[Meeting, int]:
    if db.session.scalar(db.select(Meeting.id).filter_by(slug=MEETING_SLUG)):
        raise ValueError("this database already holds generated data")
    meeting = Meeting(
        slug=MEETING_SLUG, names={"en": "High-level political forum 2028",
                                  "fr": "Forum politique de haut niveau 2028",
                                  "es": "Foro político de alto nivel 2028",
                                  "ru": "Политический форум высокого уровня 2028 года",
                                  "zh_Hans": "2028年高级别政治论坛",
                                  "ar": "المنتدى السياسي الرفيع المستوى لعام 2028"},
        organs={"en": "Economic and Social Council"}, sessions={"en": "2028 session"},
        starts_on=date(2028, 7, 10), ends_on=date(2028, 7, 19), agenda_symbol="E/HLPF/2028/1",
        symbol_pattern="E/HLPF/2028/NGO/{n}", profile_family="hlpf-2027")
    meeting.agenda_items.append(AgendaItem(number="3", position=1, titles={
        "en": "Thematic review", "fr": "Examen thématique", "es": "Examen temático",
        "ru": "Тематический обзор", "zh_Hans": "专题审查", "ar": "الاستعراض المواضيعي"}))
    db.session.add(meeting)
    db.session.flush()
    return meeting, meeting.agenda_items[0].id


def _organization_name(rng: random.Random, language: str) -> str:
    kinds, topics = NAME_PARTS[language]
    if language == "zh_Hans":  # what it works on comes first, with no space
        return f"{rng.choice(topics)}{rng.choice(kinds)}"
    return f"{rng.choice(kinds)} {rng.choice(topics)}"


def _organizations(rng, count, groups, bar) -> None:
    countries = {region: countries_in(region) for region in REGIONS}
    types = list(ORG_TYPES)
    rows, links = [], []
    taken = set(db.session.execute(db.select(Organization.name_key, Organization.country)))
    number = 0
    while len(rows) < count:
        region = REGIONS[len(rows) % len(REGIONS)]  # every region, evenly
        country = rng.choice(countries[region])
        language = rng.choice(REGION_LANGUAGES[region])
        name = _organization_name(rng, language)
        number += 1
        while (name_key_of(name), country) in taken:
            name = f"{name} {number}"  # a branch: same name, another chapter
            number += 1
        taken.add((name_key_of(name), country))
        names = {language: name}
        rows.append({"names": names, "name_key": name_key_of(name), "country": country,
                     "region": region, "org_type": types[len(rows) % len(types)],
                     "working_languages": [language], "frontline": rng.random() < 0.25,
                     "status": VERIFIED if rng.random() < 0.9 else ORG_PENDING,
                     "search_text": fold(name), "verified_at": utcnow()})
    ids = _insert(Organization, rows, with_ids=True)
    for org_id in ids:
        links.append({"organization_id": org_id, "group_id": rng.choice(groups)})
    _insert(organization_group, links)
    bar.update(count)


def _statements(rng, sizes, meeting, item_id, groups, profile_id, bar) -> list[int]:
    rows = []
    for number in range(sizes.statements):
        title = f"Statement {number + 1} of the major groups to the forum 2028"
        published = number < sizes.records
        rows.append({
            "group_id": groups[number % len(groups)], "meeting_id": meeting.id,
            "agenda_item_id": item_id, "original_language": LANGUAGES[number % 6],
            "status": PUBLISHED if published else DRAFT, "profile_id": profile_id,
            "submitted_at": datetime(2028, 6, 1) if published else None,
            "frozen_title": title if published else None,
            "frozen_body": STATEMENT_BODY if published else None,
            "fingerprint": hashlib.sha256(f"{title}\n{STATEMENT_BODY}".encode()).hexdigest()
            if published else None})
    ids = _insert(Statement, rows, with_ids=True)
    version_ids = _insert(StatementVersion, [
        {"statement_id": statement_id, "number": 1, "title": row["frozen_title"] or
         f"Statement {number + 1} (draft)", "body": STATEMENT_BODY}
        for number, (statement_id, row) in enumerate(zip(ids, rows, strict=True))],
        with_ids=True)
    db.session.execute(db.update(Statement), [
        {"id": statement_id, "current_version_id": version_id}
        for statement_id, version_id in zip(ids, version_ids, strict=True)])
    bar.update(sizes.statements)
    return ids


def _consultations(rng, statement_ids, groups) -> list[int]:
    now = utcnow().replace(microsecond=0)
    rows = []
    for number, statement_id in enumerate(statement_ids):
        still_open = number % 10 == 9
        opens = now - timedelta(days=rng.randint(30, 300))
        scope = GLOBAL if number % 3 == 0 else (REGIONAL if number % 3 == 1 else NATIONAL)
        rows.append({
            "statement_id": statement_id, "group_id": groups[number % len(groups)],
            "title": "The global consultation of the major groups, 2028" if number == 0
            else f"Consultation {number + 1}", "guiding_questions": "What should we ask for?",
            "languages": list(LANGUAGES), "opens_at": opens,
            "closes_at": now + timedelta(days=14) if still_open else opens + timedelta(days=21),
            "scope": scope, "scope_region": REGIONS[number % 5] if scope == REGIONAL else None,
            "created_at": opens})
    return _insert(Consultation, rows, with_ids=True)


def _share_inputs(rng, total: int, consultations: int) -> list[int]:
    """How many inputs each consultation gets: most to the first, the global one."""
    if consultations == 1:
        return [total]
    first = int(total * GLOBAL_SHARE)
    weights = [rng.random() for _ in range(consultations - 1)]
    scale = (total - first) / sum(weights)
    counts = [first] + [int(weight * scale) for weight in weights]
    counts[0] += total - sum(counts)
    return counts


def add_inputs(consultation_ids: list[int], total: int, seed: int) -> None:
    """More inputs (from new people) spread over these consultations, the first one most."""
    _inputs(random.Random(seed), total, consultation_ids, tqdm(disable=True))


def _inputs(rng, total, consultation_ids, bar) -> None:
    """Bulk inserts, then the consultations' participation figures counted from them."""
    countries = {region: countries_in(region) for region in REGIONS}
    statuses = ["accepted"] * 92 + ["withdrawn"] * 5 + ["rejected"] * 3
    for consultation_id, count in zip(consultation_ids,
                                      _share_inputs(rng, total, len(consultation_ids)),
                                      strict=True):
        people = max(1, int(count / INPUTS_PER_PERSON))
        known = _count_declarations(consultation_id)
        declarations = []
        for person in range(people):
            region = rng.choice(REGIONS)
            declarations.append({
                "consultation_id": consultation_id, "person_ref": f"generated-{known + person}",
                "gender": rng.choice(GENDER_CHOICES), "country": rng.choice(countries[region]),
                "region": region, "frontline": rng.random() < 0.2,
                "organization_name": None if rng.random() < 0.3 else "Member organization"})
        declaration_ids = _insert(Declaration, declarations, with_ids=True)
        for start in range(0, count, BATCH):
            rows = []
            for _ in range(min(BATCH, count - start)):
                language = rng.choice(LANGUAGES)
                rows.append({"consultation_id": consultation_id,
                             "declaration_id": rng.choice(declaration_ids),
                             "language": language, "body": INPUT_TEXT[language],
                             "status": rng.choice(statuses), "imported": True})
            _insert(Input, rows)
            bar.update(len(rows))
    tally.rebuild(consultation_ids)


def _count_declarations(consultation_id: int) -> int:
    return db.session.scalar(db.select(db.func.count()).select_from(Declaration).filter_by(
        consultation_id=consultation_id))


def _records(statement_ids, meeting, item_id, bar) -> str | None:
    statements = db.session.execute(db.select(
        Statement.id, Statement.group_id, Statement.original_language, Statement.frozen_title)
        .where(Statement.id.in_(statement_ids)).order_by(Statement.id)).all()
    rows = [{"symbol": meeting.symbol_pattern.format(n=number), "kind": "statement",
             "sequence": number, "meeting_id": meeting.id, "agenda_item_id": item_id,
             "statement_id": row.id, "group_id": row.group_id, "title": row.frozen_title,
             "original_language": row.original_language,
             "published_on": date(2028, 6, 1) + timedelta(days=number % 40),
             "job_number": f"28-{number:05d}", "agenda_symbol": meeting.agenda_symbol}
            for number, row in enumerate(statements, start=1)]
    record_ids = _insert(Record, rows, with_ids=True)
    editions = []
    for record_id, row in zip(record_ids, rows, strict=True):
        for position, language in enumerate(LANGUAGES):
            original = language == row["original_language"]
            editions.append({"record_id": record_id, "language": language,
                             "position": position, "status": ORIGINAL if original else PENDING,
                             "title": row["title"] if original else None,
                             "body": STATEMENT_BODY if original else None})
    _insert(Edition, editions)
    bar.update(len(rows))
    return rows[0]["symbol"] if rows else None
