"""The demo hub of Ruse (Bulgaria): its organisations, registrations waiting for
verification, and the topics its staff support them on."""

from __future__ import annotations

from ...models import Sector, SupportKind
from .legal_forms import ASSOC, COMPANY, FOUND, OTHER, PUBLIC

# (name, short name, sector, legal form, seat, fields (slugs), description)
ORGANISATIONS = [
    # Ruse district, Bulgaria
    (
        "Клуб „Отворено общество“ – Русе",
        "КОО Русе",
        Sector.CIVIL,
        ASSOC,
        "Русе",
        ["human-rights", "local-development"],
        "Гражданско участие, прозрачност и местни партньорства.",
    ),
    (
        "Сдружение „Младежки алианс Русе“",
        "",
        Sector.CIVIL,
        ASSOC,
        "Русе",
        ["youth", "education-and-lifelong-learning"],
        "Младежки обмени и доброволчество.",
    ),
    (
        "Фондация „Живот за всички“",
        "",
        Sector.CIVIL,
        FOUND,
        "Русе",
        ["health", "social-care"],
        "Подкрепа за хора с увреждания и техните семейства.",
    ),
    (
        "Читалище „Зора – 1870“",
        "",
        Sector.CIVIL,
        OTHER,
        "Бяла",
        ["culture", "education-and-lifelong-learning"],
        "Библиотека, самодейни състави и курсове.",
    ),
    (
        "Сдружение „Зелен Дунав“",
        "",
        Sector.CIVIL,
        ASSOC,
        "Русе",
        ["environment-and-nature"],
        "Опазване на природата по поречието на Дунав.",
    ),
    (
        "Асоциация на жените от Борово",
        "",
        Sector.CIVIL,
        ASSOC,
        "Борово",
        ["social-care", "employment"],
        "Заетост и обучение на жени в селските райони.",
    ),
    (
        "Читалище „Просвета“ – Ветово",
        "",
        Sector.CIVIL,
        OTHER,
        "Ветово",
        ["culture"],
        "Танцови състави и празници.",
    ),
    (
        "Спортен клуб „Дунав“ – Сливо поле",
        "",
        Sector.CIVIL,
        ASSOC,
        "Сливо поле",
        ["sport", "youth"],
        "Футбол и лека атлетика за деца.",
    ),
    (
        "Община Русе",
        "",
        Sector.PUBLIC,
        PUBLIC,
        "Русе",
        ["local-development", "spatial-planning"],
        "Общинска администрация.",
    ),
    (
        "Регионална здравна инспекция Русе",
        "РЗИ Русе",
        Sector.PUBLIC,
        PUBLIC,
        "Русе",
        ["health"],
        "Профилактика и обществено здраве.",
    ),
    (
        "Русенски университет „Ангел Кънчев“",
        "",
        Sector.PUBLIC,
        PUBLIC,
        "Русе",
        ["education-and-lifelong-learning"],
        "Университет, партньор в проекти за развитие.",
    ),
    (
        "Дунав Мост ЕООД",
        "",
        Sector.PRIVATE,
        COMPANY,
        "Русе",
        ["local-development"],
        "Логистична фирма, спонсор на местни каузи.",
    ),
]

# (name, sector, legal form, seat)
PENDING = [
    ("Сдружение „Бъдеще за Иваново“", Sector.CIVIL, ASSOC, "Иваново"),
    ("Сдружение „Две могили – природа“", Sector.CIVIL, ASSOC, "Две могили"),
]

# (kind, topic)
SUPPORT_TOPICS = [
    (SupportKind.MENTORING, "Подготовка на проектно предложение"),
    (SupportKind.COUNSELLING, "Правна консултация: промени в устава"),
    (SupportKind.ADVICE, "Счетоводство на сдруженията"),
    (SupportKind.MENTORING, "Стратегически план на организацията"),
    (SupportKind.ADVICE, "Работа с доброволци"),
]
