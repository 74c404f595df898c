"""The normalised text searches compare, and alphabetical order in the reader's language."""

import pytest
from django.db import connection
from django.utils import translation

from hub.text import collation_name, search_normalise, sort_key

PLACES = [
    "Ajdovščina",
    "Bovec",
    "Brda",
    "Cerklje na Gorenjskem",
    "Cerkno",
    "Črnomelj",
    "Ćiro",
    "Črna na Koroškem",
    "Dravograd",
    "Đakovo",
    "Idrija",
    "Kanal ob Soči",
    "Miren-Kostanjevica",
    "Nova Gorica",
    "Renče-Vogrsko",
    "Sežana",
    "Slovenska Bistrica",
    "Šempeter-Vrtojba",
    "Šenčur",
    "Škofja Loka",
    "Tolmin",
    "Tržič",
    "Zreče",
    "Žiri",
    "Žirovnica",
    "Łódź",
    "Lublin",
    "Ostrów",
    "Oświęcim",
    "Gdańsk",
    "Gdynia",
    "Źródła",
    "Żary",
    "Zabrze",
    "Ąb",
    "Ac",
    "Русе",
    "Бяла",
    "Иваново",
    "Йовковци",
    "Две могили",
    "Щастливци",
    "Ruse",
    "Клуб „Отворено общество“ – Русе",
    "„Zavod“ Soča",
    "Društvo 2000",
    "Društvo 10",
    "ŽIRI",
    "žiri",
    "Straße",
    "Strasse",
    "Ærø",
]


@pytest.mark.parametrize(
    ("text", "normalised"),
    [
        ("ŽIRI", "ziri"),
        ("Društvo žena in deklet Žiri", "drustvo zena in deklet ziri"),
        ("Клуб „Отворено общество“ – Русе", "klub otvoreno obshtestvo ruse"),
        ("Търговище", "targovishte"),
        ("Йордан Щерев", "yordan shterev"),
        ("Łódź", "lodz"),
        ("Straße", "strasse"),
        ("  Šmarnica,\tduševno   zdravje! ", "smarnica dusevno zdravje"),
    ],
)
def test_search_text_folds_case_diacritics_and_cyrillic(text, normalised):
    assert search_normalise(text) == normalised


def test_slovene_order_puts_each_caron_letter_after_its_base():
    ordered = sorted(
        ["Žiri", "Tržič", "Zreče", "Šenčur", "Sežana", "Črnomelj", "Cerkno"],
        key=lambda name: sort_key(name, "sl"),
    )
    assert ordered == ["Cerkno", "Črnomelj", "Sežana", "Šenčur", "Tržič", "Zreče", "Žiri"]


def test_the_order_follows_the_active_language():
    names = ["Šenčur", "Sežana", "Ruse", "Русе"]
    with translation.override("sl"):
        assert sorted(names, key=sort_key) == ["Ruse", "Sežana", "Šenčur", "Русе"]
    with translation.override("en"):
        assert sorted(names, key=sort_key) == ["Ruse", "Šenčur", "Sežana", "Русе"]
    with translation.override("bg"):
        assert sorted(names, key=sort_key) == ["Русе", "Ruse", "Šenčur", "Sežana"]


@pytest.mark.skipif(connection.vendor != "postgresql", reason="compares with PostgreSQL's ICU")
@pytest.mark.parametrize("language", ["sl", "en", "bg", "pl"])
def test_the_python_order_used_on_sqlite_is_the_icu_order_of_postgresql(db, language):
    with connection.cursor() as cursor:
        cursor.execute(
            f'SELECT name FROM unnest(%s::text[]) AS name ORDER BY name COLLATE "{collation_name(language)}"',  # noqa: S608, E501 - a fixed collation name
            [PLACES],
        )
        icu = [row[0] for row in cursor.fetchall()]
    assert sorted(PLACES, key=lambda name: sort_key(name, language)) == icu
