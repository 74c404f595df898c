"""The demo hub of Gdańsk (Poland): its organisations, registrations waiting for
verification, and the topics its staff support them on."""

from __future__ import annotations

from ...models import Sector, SupportKind
from .legal_forms import ASSOC, COMPANY, FOUND, PUBLIC

# (name, short name, sector, legal form, seat, fields (slugs), description)
ORGANISATIONS = [
    (
        "Gdańska Fundacja Innowacji Społecznej",
        "GFIS",
        Sector.CIVIL,
        FOUND,
        "Gdańsk",
        ["local-development", "employment"],
        "Inkubator organizacji pozarządowych, ekonomii społecznej i partnerstw lokalnych.",
    ),
    (
        "Stowarzyszenie Sąsiedzi z Oruni",
        "",
        Sector.CIVIL,
        ASSOC,
        "Gdańsk",
        ["local-development", "social-care"],
        "Świetlica sąsiedzka, rada dzielnicy i festyny na Oruni.",
    ),
    (
        "Fundacja Zielona Motława",
        "",
        Sector.CIVIL,
        FOUND,
        "Pruszcz Gdański",
        ["environment-and-nature", "education-and-lifelong-learning"],
        "Sprzątanie brzegów rzek, edukacja ekologiczna i ogrody społeczne.",
    ),
    (
        "Stowarzyszenie Wolontariuszy Gdynia",
        "",
        Sector.CIVIL,
        ASSOC,
        "Gdynia",
        ["social-care", "youth"],
        "Wolontariat młodzieży i seniorów w szpitalach, szkołach i hospicjach.",
    ),
    (
        "Klub Sportowy Zatoka Sopot",
        "KS Zatoka",
        Sector.CIVIL,
        ASSOC,
        "Sopot",
        ["sport", "youth"],
        "Żeglarstwo i siatkówka plażowa dla dzieci z sopockich szkół.",
    ),
    (
        "Stowarzyszenie Kobiet Kaszubskich",
        "",
        Sector.CIVIL,
        ASSOC,
        "Kartuzy",
        ["culture", "local-development"],
        "Haft kaszubski, język kaszubski i lokalne tradycje kulinarne.",
    ),
    (
        "Fundacja Pomorska Pomoc Seniorom",
        "",
        Sector.CIVIL,
        FOUND,
        "Tczew",
        ["social-care", "health"],
        "Telefon zaufania, wolontariusze u seniorów i zajęcia ruchowe.",
    ),
    (
        "Towarzystwo Przyjaciół Dzieci Wejherowo",
        "TPD Wejherowo",
        Sector.CIVIL,
        ASSOC,
        "Wejherowo",
        ["youth", "social-care"],
        "Świetlice środowiskowe i kolonie letnie dla dzieci.",
    ),
    (
        "Stowarzyszenie Prawa Człowieka Pomorze",
        "",
        Sector.CIVIL,
        ASSOC,
        "Gdańsk",
        ["human-rights"],
        "Bezpłatne porady prawne i rzecznictwo w sprawach lokatorskich.",
    ),
    (
        "Urząd Miejski w Gdańsku",
        "",
        Sector.PUBLIC,
        PUBLIC,
        "Gdańsk",
        ["local-development", "spatial-planning"],
        "Samorząd miasta, partner programu współpracy z organizacjami pozarządowymi.",
    ),
    (
        "Miejski Ośrodek Pomocy Społecznej w Sopocie",
        "MOPS Sopot",
        Sector.PUBLIC,
        PUBLIC,
        "Sopot",
        ["social-care"],
        "Pomoc społeczna i wsparcie rodzin, partner projektów sąsiedzkich.",
    ),
    (
        "Bałtycka Logistyka sp. z o.o.",
        "",
        Sector.PRIVATE,
        COMPANY,
        "Gdynia",
        ["local-development"],
        "Firma logistyczna wspierająca wolontariat pracowniczy.",
    ),
]

# (name, sector, legal form, seat)
PENDING = [
    ("Stowarzyszenie Rowerowe Żukowo", Sector.CIVIL, ASSOC, "Żukowo"),
    ("Fundacja Morze Możliwości Puck", Sector.CIVIL, FOUND, "Puck"),
]

# (kind, topic)
SUPPORT_TOPICS = [
    (SupportKind.MENTORING, "Przygotowanie wniosku o dotację"),
    (SupportKind.COUNSELLING, "Porada prawna: zmiana statutu"),
    (SupportKind.ADVICE, "Księgowość stowarzyszeń"),
    (SupportKind.MENTORING, "Plan strategiczny organizacji"),
    (SupportKind.COUNSELLING, "Status organizacji pożytku publicznego"),
    (SupportKind.ADVICE, "Współpraca z wolontariuszami"),
]
