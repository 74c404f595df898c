"""The embedded default (`make run`) runs on SQLite: the same search cases and the same Slovene
order there, checked in a separate process on a fresh SQLite database (tests/hub/sqlite_probe.py)."""

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.hub.search_cases import CASES, ENGLISH_ORDER, SLOVENE_ORDER

PROBE = Path(__file__).with_name("sqlite_probe.py")
# Every case in one process, so the probe runs once.
pytestmark = pytest.mark.xdist_group("sqlite")


@pytest.fixture(scope="module")
def sqlite(tmp_path_factory, migrated_sqlite) -> dict:
    database = tmp_path_factory.mktemp("sqlite") / "portal.sqlite3"
    shutil.copy(migrated_sqlite, database)
    environment = {
        key: value
        for key, value in os.environ.items()
        if key not in {"DATABASE_URL", "REDIS_URL", "DJANGO_SETTINGS_MODULE"}
    }
    environment["DATABASE_URL"] = f"sqlite:///{database}"
    result = subprocess.run(  # noqa: S603 - our own script, run with this interpreter
        [sys.executable, str(PROBE)],
        env=environment,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout.strip().splitlines()[-1])


@pytest.mark.parametrize(("query", "expected"), CASES.items())
def test_the_sqlite_search_finds_what_postgresql_finds_for_exact_words(sqlite, query, expected):
    assert sorted(sqlite["search"][query]) == sorted(expected)


def test_sqlite_lists_names_in_the_readers_order(sqlite):
    assert sqlite["directory_sl"] == SLOVENE_ORDER
    assert sqlite["directory_sl_reversed"] == SLOVENE_ORDER[::-1]
    assert sqlite["directory_en"] == ENGLISH_ORDER
    assert sqlite["municipality_options"] == SLOVENE_ORDER


def test_the_sqlite_event_search_keeps_the_date_order(sqlite):
    assert sqlite["events"] == {
        "ziri": ["Delavnica"],
        "ruse": ["Обучение в Русе"],
        "русе обучение": ["Обучение в Русе"],
    }
