"""The nine major groups as Agenda 21 named them, in the six official languages."""
from portal.extensions import db
from portal.registry.models import MAJOR_GROUP, MajorGroup

MAJOR_GROUPS = [
    ("women", {"en": "Women", "fr": "Femmes", "es": "Mujeres", "ru": "Женщины",
               "zh_Hans": "妇女", "ar": "النساء"}),
    ("children-youth", {"en": "Children and Youth", "fr": "Enfants et jeunes",
                        "es": "Niños y jóvenes", "ru": "Дети и молодежь",
                        "zh_Hans": "儿童和青年", "ar": "الأطفال والشباب"}),
    ("indigenous-peoples", {"en": "Indigenous Peoples", "fr": "Peuples autochtones",
                            "es": "Pueblos indígenas", "ru": "Коренные народы",
                            "zh_Hans": "土著人民", "ar": "الشعوب الأصلية"}),
    ("ngos", {"en": "Non-Governmental Organizations",
              "fr": "Organisations non gouvernementales",
              "es": "Organizaciones no gubernamentales",
              "ru": "Неправительственные организации", "zh_Hans": "非政府组织",
              "ar": "المنظمات غير الحكومية"}),
    ("local-authorities", {"en": "Local Authorities", "fr": "Collectivités locales",
                           "es": "Autoridades locales", "ru": "Местные органы власти",
                           "zh_Hans": "地方当局", "ar": "السلطات المحلية"}),
    ("workers-trade-unions", {"en": "Workers and Trade Unions",
                              "fr": "Travailleurs et syndicats",
                              "es": "Trabajadores y sindicatos",
                              "ru": "Трудящиеся и профсоюзы", "zh_Hans": "工人和工会",
                              "ar": "العمال والنقابات"}),
    ("business-industry", {"en": "Business and Industry", "fr": "Commerce et industrie",
                           "es": "Comercio e industria",
                           "ru": "Деловые круги и промышленность", "zh_Hans": "工商业",
                           "ar": "دوائر الأعمال التجارية والصناعة"}),
    ("science-technology", {"en": "Scientific and Technological Community",
                            "fr": "Communauté scientifique et technique",
                            "es": "Comunidad científica y tecnológica",
                            "ru": "Научно-техническое сообщество", "zh_Hans": "科学技术界",
                            "ar": "الأوساط العلمية والتكنولوجية"}),
    ("farmers", {"en": "Farmers", "fr": "Agriculteurs", "es": "Agricultores",
                 "ru": "Фермеры", "zh_Hans": "农民", "ar": "المزارعون"}),
]


def seed_major_groups() -> list[MajorGroup]:
    """Add the nine major groups that are missing; return all nine in order."""
    existing = {g.slug: g for g in db.session.scalars(db.select(MajorGroup))}
    groups = []
    for position, (slug, names) in enumerate(MAJOR_GROUPS, start=1):
        group = existing.get(slug)
        if group is None:
            group = MajorGroup(slug=slug, kind=MAJOR_GROUP, position=position, names=names)
            db.session.add(group)
        groups.append(group)
    db.session.flush()
    return groups
