"""Every string the portal shows is translated into each of its languages."""

import os
import shutil
import subprocess
import sys

import polib
import pytest
from django.conf import settings

LANGUAGES = [code for code, _ in settings.LANGUAGES]
# The four languages in one process, so the project is copied and makemessages run once.
pytestmark = pytest.mark.xdist_group("catalogues")


@pytest.fixture(scope="module")
def fresh_catalogues(tmp_path_factory):
    """The committed catalogues merged with the strings the code holds today, in a copy.

    makemessages writes next to the sources it reads, so it runs on a copy of the project.
    """
    copy = tmp_path_factory.mktemp("project") / "sticisce"
    shutil.copytree(
        settings.BASE_DIR,
        copy,
        ignore=shutil.ignore_patterns(".venv", ".git", "tests", "media", "staticfiles", "*.mo"),
    )
    subprocess.run(  # noqa: S603
        [sys.executable, "manage.py", "makemessages", "--no-obsolete", "-v0"]
        + [f"--locale={code}" for code in LANGUAGES],
        cwd=copy,
        env={**os.environ, "DJANGO_SETTINGS_MODULE": "hub.settings.dev"},
        check=True,
        timeout=300,
    )
    return {
        code: polib.pofile(str(copy / "locale" / code / "LC_MESSAGES" / "django.po"))
        for code in LANGUAGES
    }


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_string_is_translated(fresh_catalogues, language):
    catalogue = fresh_catalogues[language]
    untranslated = [entry.msgid for entry in catalogue.untranslated_entries()]
    fuzzy = [entry.msgid for entry in catalogue.fuzzy_entries()]
    assert not untranslated, f"untranslated in {language} (run `make messages`): {untranslated}"
    assert not fuzzy, f"fuzzy in {language}: {fuzzy}"
    assert len(catalogue.translated_entries()) > 50


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_committed_catalogue_has_no_fuzzy_or_empty_entries(language):
    catalogue = polib.pofile(
        str(settings.BASE_DIR / "locale" / language / "LC_MESSAGES" / "django.po")
    )
    assert not [entry.msgid for entry in catalogue.fuzzy_entries()]
    assert not [entry.msgid for entry in catalogue.untranslated_entries()]


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_committed_catalogue_passes_gettexts_own_checks(language):
    """msgfmt --check: the header's number of plural forms in every plural entry, and the same
    placeholders in every translation as in the source."""
    path = settings.BASE_DIR / "locale" / language / "LC_MESSAGES" / "django.po"
    result = subprocess.run(  # noqa: S603
        ["msgfmt", "--check", "--output-file=/dev/null", str(path)],  # noqa: S607
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr
