"""The W3C Nu HTML Checker over every page the browser tests visit, in all four languages.

vnu.jar comes from the npm registry (package.json; `make test` installs it with `npm ci`) and
runs on Debian's Java (.ci/system-deps). The pages are fetched with the test client, written to a
folder and checked in one run of the checker: starting Java once takes longer than the checks.
"""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pytest
from django.conf import settings
from django.test import Client

from tests.e2e.site import LANGUAGES, build_site, pages

pytestmark = pytest.mark.django_db

VNU = Path(settings.BASE_DIR) / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"
# Checked with the pages, to show the checker did read every file: it must find this error.
CONTROL = '<!DOCTYPE html><html lang="en"><title>Control</title><p><ul><li>x</li></ul></p>'


def check_html(files: list[Path]) -> list[dict]:
    """The checker's errors (warnings left out) for ``files``, each with the file it is in."""
    java = shutil.which("java")
    assert java, "Java is missing: .ci/system-deps test installs default-jre-headless."
    assert VNU.exists(), f"{VNU} is missing: run `npm ci` at the repository root (make test does)."
    result = subprocess.run(  # noqa: S603 (fixed arguments, our own files)
        [java, "-jar", str(VNU), "--errors-only", "--format", "json", *map(str, files)],
        capture_output=True,
        text=True,
        check=False,
        timeout=300,
    )
    # The checker writes its report to standard error and exits with 1 when it finds errors.
    return json.loads(result.stderr)["messages"]


def test_every_page_is_valid_html_in_every_language(tmp_path):
    site = build_site()
    clients = {False: Client(), True: Client()}
    clients[True].force_login(site.member)
    files, addresses = [], {}
    for language in LANGUAGES:
        visits = pages(site, language)
        for number, (address, signed_in) in enumerate(visits):
            response = clients[signed_in].get(address)
            assert response.status_code == 200, f"{address} answered {response.status_code}"
            file = tmp_path / f"{language}-{number:03}.html"
            file.write_bytes(response.content)
            files.append(file)
            addresses[f"file:{file}"] = address + (" (signed in)" if signed_in else "")

    control = tmp_path / "control.html"
    control.write_text(CONTROL, encoding="utf-8")
    messages = check_html([control, *files])

    assert any(m.get("url") == f"file:{control}" for m in messages), "the checker did not run"
    messages = [m for m in messages if m.get("url") != f"file:{control}"]
    found = [
        f"{addresses.get(m.get('url'), m.get('url'))}:{m.get('lastLine', '?')}: "
        f"{m.get('message')}\n    {m.get('extract', '').strip()}"
        for m in messages
    ]
    assert not found, f"The Nu HTML Checker found {len(found)} errors:\n" + "\n".join(found)
