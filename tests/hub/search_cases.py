"""What the portal's search must find, on PostgreSQL and on SQLite alike (exact words)."""

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
