"""Demo meetings, consultations and statements (called from portal/demo.py).

Three statements of the Women's Major Group for the HLPF 2027: one whose closed
consultation meets every minimum standard, one whose participants are too
one-sided by gender, and one whose consultation is still open.
"""
from datetime import date, timedelta

from portal.consultations import services as consultations
from portal.extensions import db
from portal.meetings import services as meetings
from portal.records.demo_texts import MEETING
from portal.statements import services as statements
from portal.statements.standards import Profile
from portal.timeutil import utcnow

AGENDA = [
    ("2", {"en": "Adoption of the agenda and other organizational matters",
           "fr": "Adoption de l'ordre du jour et autres questions d'organisation",
           "es": "Aprobación del programa y otras cuestiones de organización",
           "ru": "Утверждение повестки дня и другие организационные вопросы",
           "zh_Hans": "通过议程和其他组织事项",
           "ar": "إقرار جدول الأعمال والمسائل التنظيمية الأخرى"}),
    ("4", {"en": "Thematic review: transforming food systems and securing land rights",
           "fr": "Examen thématique : transformer les systèmes alimentaires et garantir "
                 "les droits fonciers",
           "es": "Examen temático: transformar los sistemas alimentarios y garantizar los "
                 "derechos sobre la tierra",
           "ru": "Тематический обзор: преобразование продовольственных систем и гарантии "
                 "прав на землю",
           "zh_Hans": "专题审查：粮食系统转型和保障土地权利",
           "ar": "الاستعراض المواضيعي: تحويل النظم الغذائية وضمان الحقوق في الأراضي"}),
    ("5", {"en": "Adoption of the ministerial declaration",
           "fr": "Adoption de la déclaration ministérielle",
           "es": "Aprobación de la declaración ministerial",
           "ru": "Принятие декларации министров",
           "zh_Hans": "通过部长宣言",
           "ar": "اعتماد الإعلان الوزاري"}),
]

PASSING_TEXT = """## Introduction

The Women's Major Group welcomes the thematic review of the 2027 high-level political forum. \
This statement brings together the views of 43 participants from all five regions, gathered \
through an online consultation of three weeks and a regional consultation held in Nairobi.[^1]

## Land and food

Women produce a large share of the food eaten in developing countries, yet hold a small share \
of the land. Secure and equal rights to land, water and seeds are a condition of any \
transformation of food systems.

We call on Member States to:

- recognize customary and collective tenure held by women;
- guarantee equal inheritance rights in law and in practice;
- include women smallholders in the design of national food-system pathways.

## Care work

Unpaid care work remains invisible in national accounts. Public investment in care \
infrastructure, water and energy close to home frees time for education, paid work and \
participation in public life.

## Participation

The major groups asked in 2013 that their statements be circulated as official documents and \
organized for deliberation (E/CN.17/2013/…). We ask that this statement be circulated in the \
six official languages.

[^1]: Regional consultation of women's organizations, Nairobi, 3 and 4 March 2027.
"""

FAILING_TEXT = """## Ministerial declaration

The declaration should commit Member States to time-bound targets on women's access to land, \
credit and extension services, and to report on them at the next forum.

## Financing

Financing for gender equality must be tracked in every national budget.
"""

INPUTS = [
    ("en", "Women farmers in our district cannot get credit without a title deed in a man's "
           "name. Please ask for joint titling."),
    ("fr", "Les femmes rurales du Sahel doivent être consultées sur les projets agricoles "
           "qui touchent leurs terres."),
    ("es", "Las mujeres indígenas de los Andes cuidamos las semillas nativas; pedimos que la "
           "declaración lo reconozca."),
    ("ru", "Нужны данные о неоплачиваемом труде по уходу, разделённые по полу и возрасту."),
    ("zh_Hans", "主要群体建议加强公众在联合国可持续发展方面的参与，并以六种正式语文分发其文件。"),
    ("ar", "نطالب بالاعتراف بحق المرأة الريفية في الأرض والمياه."),
]


def load(users: dict, groups: dict) -> None:
    """``users``: email -> User of portal/demo.py; ``groups``: slug -> MajorGroup."""
    partner = users["partner@example.org"]
    contributor = users["contributor@example.org"]
    contributor.timezone = "Africa/Dakar"
    partner.timezone = "Africa/Nairobi"
    now = utcnow()
    meetings.add_profile_version(
        "hlpf-2027", {"en": "HLPF 2027 minimum standards",
                      "fr": "Normes minimales du FPHN 2027",
                      "es": "Normas mínimas del FPAN 2027",
                      "ru": "Минимальные стандарты ПФВУ 2027 года",
                      "zh_Hans": "2027年高级别政治论坛最低标准",
                      "ar": "المعايير الدنيا للمنتدى السياسي الرفيع المستوى لعام 2027"},
        Profile().to_dict(), "1/2", valid_from=now - timedelta(days=365))
    # The same meeting the records demo publishes for: names, organ and session line in
    # the six languages, as its documents print them.
    meeting = meetings.create_meeting(
        slug="hlpf-2027", names=MEETING["names"], organs=MEETING["organs"],
        sessions=MEETING["sessions"], starts_on=date(2027, 7, 6), ends_on=date(2027, 7, 15),
        agenda_symbol="E/HLPF/2027/1", symbol_pattern="E/HLPF/2027/NGO/{n}",
        profile_family="hlpf-2027")
    items = [meetings.add_agenda_item(meeting, number, titles) for number, titles in AGENDA]
    women = groups["women"]

    passing = _consultation(women, items[1], partner, "Land, food and care: priorities of "
                            "women for the 2027 thematic review", now - timedelta(days=40), 21)
    consultations.submit_input(passing, contributor, "fr", INPUTS[1][1],
                               consultations.DeclarationValues("woman", "SN", None, True),
                               now=passing.opens_at + timedelta(days=2))
    _import(passing, genders=["woman"] * 12 + ["man"] * 10 + ["other"] * 2,
            countries=["KE", "NG", "IN", "PH", "TH", "CN", "UA", "PL", "BR", "PE", "MX", "CO",
                       "FR", "DE", "CA", "SE", "ZA", "GH", "ID", "NP", "RU", "AR", "IT", "ET"])
    consultations.add_report(passing.statement, partner, scope="regional",
                             place="Nairobi, Kenya", starts_on=date(2027, 3, 3),
                             ends_on=date(2027, 3, 4),
                             organizer="Green Belt Women's Network",
                             summary="Forty organizations of East and Southern Africa discussed "
                                     "land tenure, seed sovereignty and care work.",
                             participants=18, women=9, men=9, other_gender=0,
                             undeclared_gender=0, afr=8, apg=5, eeg=0, grulac=5, weog=0,
                             unknown_region=0, frontline=7)
    statements.save_version(passing.statement, "Land, food and care: statement of the "
                            "Women's Major Group", PASSING_TEXT,
                            passing.statement.current_version_id, partner)

    failing = _consultation(women, items[2], partner, "The ministerial declaration",
                            now - timedelta(days=30), 15)
    _import(failing, genders=["woman"] * 30 + ["man"] * 4 + ["prefer_not"] * 2,
            countries=["KE", "IN", "BR", "FR", "UA", "PE", "PH", "SN"] * 4 + ["EG", "JP",
                                                                              "CL", "NO"])
    statements.save_version(failing.statement, "Commitments for the ministerial declaration",
                            FAILING_TEXT, failing.statement.current_version_id, partner)

    still_open = _consultation(women, items[1], partner, "Gender-responsive financing for "
                               "food systems", now - timedelta(days=3), 21)
    consultations.submit_input(still_open, contributor, "en", INPUTS[0][1],
                               consultations.DeclarationValues("woman", "SN", None, True))
    _import(still_open, genders=["woman", "man", "woman"], countries=["MX", "VN", "GH"])
    db.session.flush()


def _consultation(group, item, author, title, opens_at, days):
    return consultations.open_consultation(
        group.id, item, author, title=title,
        guiding_questions="1. What should Member States commit to?\n"
                          "2. What has worked in your community?\n"
                          "3. What must the statement not leave out?",
        languages=["ar", "zh_Hans", "en", "fr", "ru", "es"], statement_language="en",
        opens_at=opens_at, closes_at=opens_at + timedelta(days=days), scope="global")


def _import(consultation, genders, countries):
    """Offline survey answers, through the same path as the CSV import."""
    result = consultations.ImportResult(rows=[
        consultations.ImportRow(
            line=number + 2, language=INPUTS[number % len(INPUTS)][0],
            text=INPUTS[number % len(INPUTS)][1], person=f"survey-{number}",
            declaration=consultations.DeclarationValues(gender, country, None, number % 3 == 0))
        for number, (gender, country) in enumerate(zip(genders, countries, strict=True))])
    consultations.import_inputs(consultation, result)
