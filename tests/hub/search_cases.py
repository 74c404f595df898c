"""What the portal's search must find and how names are ordered, on PostgreSQL and on SQLite
alike (tests/hub/test_search.py, tests/organisations/test_directory.py, tests/hub/test_sqlite.py)."""

import html
import re

ORGANISATIONS = [
    # (name, short name, description)
    (
        "Društvo žena in deklet Žiri",
        "",
        "<p>Klekljanje <strong>čipk</strong> in pomoč sosedom.</p>",
    ),
    ("Društvo Šmarnica za duševno zdravje", "", "Skupine za podporo."),
    ("Medgeneracijsko društvo Žirovnica", "", "Druženje starejših in mlajših."),
    ("Клуб „Отворено общество“ – Русе", "KOO", "Гражданско образование."),
    ("Ruse Youth Network", "", "Youth exchanges on the Danube."),
    ("Читалище „Светлина“ Търговище", "", "Библиотека и танцов състав."),
    ("Fundacja Łódź Razem", "", "Wolontariat w Łodzi."),
    ("Nothing related", "", "Kmetijstvo in vinogradništvo."),
]

# query → the names it must find; every other organisation above must stay out.
CASES = {
    "smarnica": ["Društvo Šmarnica za duševno zdravje"],
    "ziri": ["Društvo žena in deklet Žiri"],
    "ŽIRI": ["Društvo žena in deklet Žiri"],
    "žiri": ["Društvo žena in deklet Žiri"],
    "Društvo Žiri": ["Društvo žena in deklet Žiri"],
    "ziri drustvo": ["Društvo žena in deklet Žiri"],
    "smarnica ziri": [],
    "ruse": ["Ruse Youth Network", "Клуб „Отворено общество“ – Русе"],
    "русе": ["Ruse Youth Network", "Клуб „Отворено общество“ – Русе"],
    "РУСЕ клуб": ["Клуб „Отворено общество“ – Русе"],
    "koo": ["Клуб „Отворено общество“ – Русе"],
    "targovishte": ["Читалище „Светлина“ Търговище"],
    "lodz": ["Fundacja Łódź Razem"],
    "klekljanje cipk": ["Društvo žena in deklet Žiri"],
    "strong": [],
    "danube youth": ["Ruse Youth Network"],
}

# Slovene order: C, Č … S, Š, T … Z, Ž.
SLOVENE_ORDER = ["Cerkno", "Črnomelj", "Sežana", "Šenčur", "Tržič", "Zreče", "Žiri"]
# English sorts Š as S and Ž as Z.
ENGLISH_ORDER = ["Cerkno", "Črnomelj", "Šenčur", "Sežana", "Tržič", "Žiri", "Zreče"]


def places_listed(page: str, select_name: str) -> list[str]:
    """The places of SLOVENE_ORDER among a drop-down's options, in the order shown."""
    select = re.search(rf'<select name="{select_name}"[^>]*>(.*?)</select>', page, re.S)
    options = re.findall(r"<option[^>]*>([^<]*)</option>", select[1])
    return [label for label in map(html.unescape, options) if label in SLOVENE_ORDER]
