"""The Goriška demo following a second portal on this machine: the Ruse demo, installed as the
embedded default installs it (SQLite, its own folder) and served by its own process. Goriška
reads it over HTTP as beat would, and its lists show Ruse's events linking to Ruse's portal.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest
from django.core.management import call_command
from django.test import Client

from peers.models import Peer, PeerEvent, ReadStatus
from peers.tasks import read_peers
from tests.hub.test_machines import free_ports, stop, wait_for

pytestmark = [
    # Under pytest-xdist, in the process that runs the other machines one after the other: the
    # two never start their servers at once on the same cores. The Ruse portal has its own
    # SQLite file, files folders and cache in the test's temporary folder and a free port, and
    # Goriška the worker's own test database.
    pytest.mark.xdist_group("machines"),
    pytest.mark.machines,
    pytest.mark.django_db,
]

ROOT = Path(__file__).resolve().parents[2]


def _answers(url: str) -> bool:
    try:
        with urllib.request.urlopen(url, timeout=1):  # noqa: S310 - a local test address
            return True
    except OSError:
        return False


@pytest.fixture
def ruse_portal(tmp_path, migrated_sqlite):
    environment = {
        key: value
        for key, value in os.environ.items()
        if key not in {"REDIS_URL", "DATABASE_URL", "DJANGO_SETTINGS_MODULE"}
    }
    environment.update(
        DJANGO_SETTINGS_MODULE="hub.settings.dev",
        DATABASE_URL=f"sqlite:///{tmp_path / 'ruse.sqlite3'}",
        MEDIA_ROOT=str(tmp_path / "media"),
        PRIVATE_ROOT=str(tmp_path / "private"),
        HUB_NAME="Клуб „Отворено общество“ Русе",
    )
    # Migrated as `manage.py migrate` leaves it, so the portal only loads its demo.
    shutil.copy(migrated_sqlite, tmp_path / "ruse.sqlite3")
    manage = [sys.executable, str(ROOT / "manage.py")]
    subprocess.run(  # noqa: S603 - this portal's own manage.py, with this interpreter
        [*manage, "load_demo", "--hub", "ruse", "-v0"], env=environment, cwd=tmp_path, check=True
    )
    (port,) = free_ports(1)
    log = (tmp_path / "server.log").open("wb")
    server = subprocess.Popen(  # noqa: S603 - as above
        [*manage, "runserver", "--noreload", f"127.0.0.1:{port}"],
        env=environment,
        cwd=tmp_path,
        stdout=log,
        stderr=subprocess.STDOUT,
        start_new_session=True,  # stopped with its group, as the other machines are
    )
    url = f"http://127.0.0.1:{port}"
    try:
        assert wait_for(lambda: _answers(f"{url}/api/v1/events/"), timeout=60), (
            tmp_path / "server.log"
        ).read_text()
        yield url
    finally:
        if server.poll() is None:
            stop(server)
        log.close()


def test_the_goriska_demo_shows_the_ruse_portals_events_after_the_scheduled_read(ruse_portal):
    call_command("load_demo", verbosity=0)  # Goriška
    peer = Peer.objects.create(name="Клуб „Отворено общество“ Русе", base_url=ruse_portal)

    started = time.monotonic()
    read_peers()
    assert time.monotonic() - started < 30
    peer.refresh_from_db()
    assert peer.last_status == ReadStatus.OK, peer.last_error

    record = PeerEvent.objects.filter(peer=peer).first()
    assert record is not None and record.url.startswith(f"{ruse_portal}/")
    page = Client().get("/sl/events/?include=peers").content.decode()
    assert f'<a href="{record.url}" rel="external noopener">' in page
    assert "Na portalu Клуб „Отворено общество“ Русе" in page
    # The demo's own list, without other hubs, is Goriška's alone.
    assert record.url not in Client().get("/sl/events/").content.decode()
