"""The demo statement in the six official languages (translated in UN style)."""
NBSP = "\u00a0"

MEETING = {
    "names": {"en": "High-level political forum 2027",
              "fr": "Forum politique de haut niveau 2027",
              "es": "Foro político de alto nivel 2027",
              "ru": "Политический форум высокого уровня 2027 года",
              "zh_Hans": "2027年高级别政治论坛",
              "ar": "المنتدى السياسي الرفيع المستوى لعام 2027"},
    "organs": {"en": "Economic and Social Council", "fr": "Conseil économique et social",
               "es": "Consejo Económico y Social", "ru": "Экономический и Социальный Совет",
               "zh_Hans": "经济及社会理事会", "ar": "المجلس الاقتصادي والاجتماعي"},
    "sessions": {
        "en": "High-level political forum on sustainable development\nconvened under the "
              "auspices of the Economic and Social Council\n6–15 July 2027",
        "fr": "Forum politique de haut niveau pour le développement durable\norganisé sous "
              "les auspices du Conseil économique et social\n6-15 juillet 2027",
        "es": "Foro político de alto nivel sobre el desarrollo sostenible\ncelebrado bajo "
              "los auspicios del Consejo Económico y Social\n6 a 15 de julio de 2027",
        "ru": "Политический форум высокого уровня по устойчивому развитию,\nпроводимый "
              "под эгидой Экономического и Социального Совета\n6–15 июля 2027 года",
        "zh_Hans": "在经济及社会理事会主持下召开的\n可持续发展问题高级别政治论坛\n"
                   "2027年7月6日至15日",
        "ar": "المنتدى السياسي الرفيع المستوى المعني بالتنمية المستدامة\nالمعقود تحت رعاية "
              "المجلس الاقتصادي والاجتماعي\n6-15 تموز/يوليه 2027",
    },
    "agenda_item": {"en": "Thematic review: water and sanitation",
                    "fr": f"Examen thématique{NBSP}: eau et assainissement",
                    "es": "Examen temático: agua y saneamiento",
                    "ru": "Тематический обзор: водоснабжение и санитария",
                    "zh_Hans": "专题审查：水和环境卫生",
                    "ar": "الاستعراض المواضيعي: المياه والصرف الصحي"},
}

STATEMENT = {
    "en": (
        "Leaving no one behind in water and sanitation: the voices of rural and indigenous "
        "women",
        "## Introduction\n\n"
        "The Major Group of Women welcomes the review of Sustainable Development Goal 6 at "
        "the present session of the high-level political forum. This statement draws on "
        "consultations held in 2027 with 214 participants from 38 countries.[^1]\n\n"
        "## Recommendations\n\n"
        "We call on Member States:\n\n"
        "- to guarantee women's equal participation in decisions on water resources at "
        "every level;\n"
        "- to collect and publish data on access to water and sanitation disaggregated by "
        "sex, age and disability.\n\n"
        "Women and girls still spend an estimated 200 million hours every day collecting "
        "water. Investment in safely managed services is therefore an investment in gender "
        "equality.\n\n"
        "[^1]: The report of the consultations is available on the MGoS Portal."),
    "fr": (
        "Ne laisser personne de côté dans le domaine de l'eau et de l'assainissement"
        f"{NBSP}: la voix des femmes rurales et autochtones",
        "## Introduction\n\n"
        "Le grand groupe des femmes se félicite de l'examen de l'objectif de développement "
        "durable 6 à la présente session du forum politique de haut niveau. La présente "
        "déclaration s'appuie sur les consultations tenues en 2027 avec 214 participantes "
        "et participants de 38 pays[^1].\n\n"
        "## Recommandations\n\n"
        f"Nous demandons aux États Membres{NBSP}:\n\n"
        "- de garantir la participation des femmes, sur un pied d'égalité, aux décisions "
        f"relatives aux ressources en eau à tous les niveaux{NBSP};\n"
        "- de recueillir et de publier des données sur l'accès à l'eau et à "
        "l'assainissement ventilées par sexe, par âge et par situation de handicap.\n\n"
        "Les femmes et les filles consacrent encore chaque jour quelque 200 millions "
        "d'heures à la collecte de l'eau. Investir dans des services gérés en toute "
        "sécurité, c'est donc investir dans l'égalité des genres.\n\n"
        "[^1]: Le rapport des consultations peut être consulté sur le Portail des grands "
        "groupes et autres parties prenantes."),
    "es": (
        "No dejar a nadie atrás en materia de agua y saneamiento: las voces de las mujeres "
        "rurales e indígenas",
        "## Introducción\n\n"
        "El grupo principal de las mujeres acoge con beneplácito el examen del Objetivo de "
        "Desarrollo Sostenible 6 en el actual período de sesiones del foro político de alto "
        "nivel. La presente declaración se basa en las consultas celebradas en 2027 con 214 "
        "participantes de 38 países[^1].\n\n"
        "## Recomendaciones\n\n"
        "Exhortamos a los Estados Miembros a que:\n\n"
        "- garanticen la participación de las mujeres en condiciones de igualdad en las "
        "decisiones sobre los recursos hídricos a todos los niveles;\n"
        "- reúnan y publiquen datos sobre el acceso al agua y al saneamiento desglosados "
        "por sexo, edad y discapacidad.\n\n"
        "Las mujeres y las niñas siguen dedicando cada día unos 200 millones de horas a "
        "acarrear agua. Invertir en servicios gestionados de forma segura es, por tanto, "
        "invertir en la igualdad de género.\n\n"
        "[^1]: El informe de las consultas puede consultarse en el Portal de los Grupos "
        "Principales y Otros Interesados."),
    "ru": (
        "Никого не оставить без воды и санитарии: голоса сельских женщин и женщин из числа "
        "коренных народов",
        "## Введение\n\n"
        "Основная группа «Женщины» приветствует проведение обзора хода достижения цели 6 в "
        "области устойчивого развития на нынешней сессии политического форума высокого "
        "уровня. Настоящее заявление основано на консультациях, проведенных в 2027 году с "
        "участием 214 человек из 38 стран[^1].\n\n"
        "## Рекомендации\n\n"
        "Мы призываем государства-члены:\n\n"
        "- обеспечить равноправное участие женщин в принятии решений по водным ресурсам на "
        "всех уровнях;\n"
        "- собирать и публиковать данные о доступе к водоснабжению и санитарии в разбивке "
        "по полу, возрасту и инвалидности.\n\n"
        "Женщины и девочки по-прежнему ежедневно тратят на сбор воды, по оценкам, 200 "
        "миллионов часов. Поэтому инвестиции в безопасно организованные услуги — это "
        "инвестиции в гендерное равенство.\n\n"
        "[^1]: С докладом о консультациях можно ознакомиться на портале основных групп и "
        "других заинтересованных сторон."),
    "zh_Hans": (
        "在水和环境卫生方面不让任何一个人掉队：农村妇女和土著妇女的声音",
        "## 导言\n\n"
        "妇女主要群体欢迎可持续发展问题高级别政治论坛本届会议审查可持续发展目标6。"
        "本发言借鉴了2027年与来自38个国家的214名参与者举行的协商。[^1]\n\n"
        "## 建议\n\n"
        "我们吁请会员国：\n\n"
        "- 保障妇女在各级水资源决策中的平等参与；\n"
        "- 收集并公布按性别、年龄和残疾状况分列的获得饮水和环境卫生服务的数据。\n\n"
        "妇女和女童每天仍要花费约2亿小时取水。因此，投资于安全管理的服务就是投资于性别平等。\n\n"
        "[^1]: 协商报告可在主要群体和其他利益攸关方门户网站查阅。"),
    "ar": (
        "عدم ترك أي أحد خلف الركب في مجال المياه والصرف الصحي: أصوات النساء الريفيات ونساء "
        "الشعوب الأصلية",
        "## مقدمة\n\n"
        "ترحب المجموعة الرئيسية للنساء باستعراض الهدف 6 من أهداف التنمية المستدامة في الدورة "
        "الحالية للمنتدى السياسي الرفيع المستوى. ويستند هذا البيان إلى مشاورات أجريت في عام "
        "2027 بمشاركة 214 مشاركا ومشاركة من 38 بلدا[^1].\n\n"
        "## توصيات\n\n"
        "ندعو الدول الأعضاء إلى ما يلي:\n\n"
        "- ضمان مشاركة المرأة على قدم المساواة في القرارات المتعلقة بالموارد المائية على "
        "جميع المستويات؛\n"
        "- جمع ونشر بيانات عن الحصول على المياه وخدمات الصرف الصحي مصنفة حسب الجنس والسن "
        "والإعاقة.\n\n"
        "ولا تزال النساء والفتيات يقضين ما يقدر بنحو 200 مليون ساعة يوميا في جلب المياه. "
        "ولذلك فإن الاستثمار في الخدمات المدارة بأمان هو استثمار في المساواة بين الجنسين.\n\n"
        "[^1]: يمكن الاطلاع على تقرير المشاورات في بوابة المجموعات الرئيسية وأصحاب المصلحة "
        "الآخرين."),
}

SECOND_STATEMENT = (
    "fr",
    "Des systèmes alimentaires résilients commencent par l'eau des exploitations familiales",
    "Le grand groupe des agriculteurs rappelle que les exploitations familiales produisent "
    "l'essentiel de l'alimentation mondiale et dépendent directement de l'accès à l'eau.\n\n"
    "Nous demandons que les petits exploitants et les exploitantes participent à la "
    "gouvernance des bassins versants et bénéficient d'un accès sûr à l'irrigation.",
)
