"""Meetings and submitted statements made directly with the models, for record tests."""
from datetime import date, datetime

from portal.extensions import db
from portal.meetings.models import AgendaItem, Meeting
from portal.records import services
from portal.registry.models import MajorGroup
from portal.registry.seed import seed_major_groups
from portal.statements.models import SUBMITTED, Statement

TEXTS = {
    "en": ("Leave no one behind in water and sanitation",
           "## Introduction\n\nThe Major Group of Women welcomes the review of Goal 6.[^1] "
           "See E/HLPF/2027/1.\n\nWe call on Member States to act.\n\n"
           "[^1]: See General Assembly resolution 70/1, para. 20."),
    "fr": ("Ne laisser personne de côté en matière d'eau et d'assainissement",
           "## Introduction\n\nLe grand groupe des femmes se félicite de l'examen de "
           "l'objectif 6.[^1]\n\nNous appelons les États Membres à agir.\n\n"
           "[^1]: Voir la résolution 70/1 de l'Assemblée générale, par. 20."),
    "es": ("No dejar a nadie atrás en materia de agua y saneamiento",
           "## Introducción\n\nEl grupo principal de las mujeres acoge con beneplácito el "
           "examen del Objetivo 6.[^1]\n\nExhortamos a los Estados Miembros a actuar.\n\n"
           "[^1]: Véase la resolución 70/1 de la Asamblea General, párr. 20."),
    "ru": ("Никто не должен остаться без воды и санитарии",
           "## Введение\n\nОсновная группа женщин приветствует обзор цели 6.[^1]\n\n"
           "Мы призываем государства-члены действовать.\n\n"
           "[^1]: См. резолюцию 70/1 Генеральной Ассамблеи, п. 20."),
    "zh_Hans": ("在水和环境卫生方面不让任何一个人掉队",
                "## 导言\n\n妇女主要群体欢迎对目标6的审查。[^1]\n\n"
                "我们呼吁会员国采取行动。\n\n[^1]: 见大会第70/1号决议，第20段。"),
    "ar": ("عدم ترك أي أحد خلف الركب في مجال المياه والصرف الصحي",
           "## مقدمة\n\nترحب المجموعة الرئيسية للنساء باستعراض الهدف 6.[^1]\n\n"
           "ندعو الدول الأعضاء إلى العمل.\n\n[^1]: انظر قرار الجمعية العامة 70/1، الفقرة 20."),
}


def make_meeting(slug="hlpf-2027", pattern="E/HLPF/2027/NGO/{n}"):
    meeting = Meeting(
        slug=slug, names={"en": "High-level political forum 2027",
                          "fr": "Forum politique de haut niveau 2027"},
        organs={"en": "Economic and Social Council", "fr": "Conseil économique et social",
                "es": "Consejo Económico y Social", "ru": "Экономический и Социальный Совет",
                "zh_Hans": "经济及社会理事会", "ar": "المجلس الاقتصادي والاجتماعي"},
        sessions={"en": "High-level political forum on sustainable development\n"
                        "8–17 July 2027"},
        starts_on=date(2027, 7, 8), ends_on=date(2027, 7, 17), agenda_symbol="E/HLPF/2027/1",
        symbol_pattern=pattern)
    meeting.agenda_items.append(AgendaItem(number="3", position=1, titles={
        "en": "Review of the Sustainable Development Goals",
        "fr": "Examen des objectifs de développement durable"}))
    meeting.agenda_items.append(AgendaItem(number="4", position=2, titles={
        "en": "Adoption of the report"}))
    db.session.add(meeting)
    db.session.flush()
    return meeting


def group(slug="women"):
    found = db.session.scalar(db.select(MajorGroup).where(MajorGroup.slug == slug))
    if found is None:
        seed_major_groups()
        found = db.session.scalar(db.select(MajorGroup).where(MajorGroup.slug == slug))
    return found


def make_statement(meeting, language="en", title=None, body=None, group_slug="women",
                   item=0, justification=None):
    default_title, default_body = TEXTS[language]
    statement = Statement(
        group_id=group(group_slug).id, meeting_id=meeting.id,
        agenda_item_id=meeting.agenda_items[item].id if item is not None else None,
        original_language=language, status=SUBMITTED, submitted_at=datetime(2027, 6, 1),
        frozen_title=title or default_title, frozen_body=body or default_body,
        fingerprint="0" * 64, justification=justification)
    db.session.add(statement)
    db.session.flush()
    return statement


def publish(statement, user=None, on=date(2027, 7, 15)):
    return services.publish_statement(statement, published_on=on,
                                      agenda_symbol=statement.meeting.agenda_symbol, user=user)


def translate_all(record, user=None):
    for edition in record.editions:
        if edition.status == "pending":
            title, body = TEXTS[edition.language]
            services.save_translation(edition, title=title, body=body, status="translated",
                                      translator_note=None, version=edition.version, user=user)
