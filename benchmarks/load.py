"""The portal under a crowd: locust against gunicorn as the README deploys it.

    .venv/bin/pip install -c constraints.txt '.[bench]'
    .venv/bin/python benchmarks/load.py [--scale 1.0] [--step 30] [--reuse] [--keep]

The database of benchmarks/pages.py, served with the project's gunicorn.conf.py and a real Celery
worker. Visitors browse (directory, searches, profiles, events, calls, partnerships, now and then an
export), members sign in and look at their pages, others register for events and some cancel.
Steps of 5, 10, 20, 40 and 80 visitors, each held ``--step`` seconds (think time 1–3 s) and
counted once every visitor has arrived and every member has signed in, then a closed loop (no
think time) for the ceiling; for each: req/s, p50/p95/p99 and failures. The target: p95 under
500 ms and no failure at every step, 80 visitors included. The same
plan runs against the hello-world project. Afterwards the integrity check: no event over
capacity, every registration once, every e-mail sent exactly once.
"""

from __future__ import annotations

# locust patches the standard library with gevent: first, before anything opens a socket.
from gevent import monkey

monkey.patch_all()

import argparse  # noqa: E402
import itertools  # noqa: E402
import random  # noqa: E402
import re  # noqa: E402
import sys  # noqa: E402
import time  # noqa: E402
from pathlib import Path  # noqa: E402

import gevent  # noqa: E402
from locust import HttpUser, between, constant, task  # noqa: E402
from locust.env import Environment  # noqa: E402

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks import dataset, servers  # noqa: E402

STEPS = [5, 10, 20, 40, 80]
CLOSED_LOOP = 20
TARGET_P95_MS = 500
CSRF = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
REGISTRATION = re.compile(r"/registration/([^/]+)/$")
counter = itertools.count()
# Members whose sign-in has been answered, in the step under way.
signed_in: list[float] = []
SLUGS: dict[str, list[str]] = {}
SEARCHES = ["mladih", "ziri", "ruse", "kulturo", "drustvo", "lo", "ka"]


def plain_cookies(client) -> None:
    """The production settings mark cookies Secure; here there is no HTTPS proxy in front, so
    the client is told to send them over plain HTTP as a browser would over HTTPS."""
    for cookie in client.cookies:
        cookie.secure = False


class Visitor(HttpUser):
    """Someone browsing: lists, searches, details; now and then an export."""

    weight = 6
    wait_time = between(1, 3)

    @task(6)
    def directory(self):
        query = random.choice(["", "?page=2", "?sector=civil", "?sort=-founded", "?page=40"])
        self.client.get(f"/en/organisations/{query}", name="directory")

    @task(4)
    def search(self):
        where = random.choice(["organisations", "events", "calls", "partnerships"])
        self.client.get(f"/en/{where}/?q={random.choice(SEARCHES)}", name="search")

    @task(6)
    def organisation(self):
        slug = random.choice(SLUGS["organisations"])
        self.client.get(f"/en/organisations/{slug}/", name="organisation")

    @task(3)
    def events(self):
        self.client.get("/en/events/", name="events")
        self.client.get(f"/en/events/{random.choice(SLUGS['events'])}/", name="event")

    @task(3)
    def calls(self):
        self.client.get("/en/calls/", name="calls")
        self.client.get(f"/en/calls/{random.choice(SLUGS['calls'])}/", name="call")

    @task(2)
    def partnerships(self):
        self.client.get("/en/partnerships/", name="partnerships")
        slug = random.choice(SLUGS["partnerships"])
        self.client.get(f"/en/partnerships/{slug}/", name="partnership")

    @task(2)
    def home_and_feeds(self):
        self.client.get("/sl/", name="home")
        self.client.get("/en/calls/feed/", name="feed")

    @task(1)
    def export(self):
        query = random.choice(["", "?sector=civil", "?q=mladih"])
        # Timed to its last byte.
        self.client.get(f"/en/organisations/export.csv{query}", name="export")


class Member(HttpUser):
    """A member of an organisation: signs in, then looks at their own pages and the lists."""

    weight = 2
    wait_time = between(1, 3)

    def on_start(self):
        number = next(counter) % dataset.MEMBERS
        page = self.client.get("/en/accounts/login/", name="sign-in page")
        token = CSRF.search(page.text).group(1)
        plain_cookies(self.client)
        self.client.post(
            "/en/accounts/login/",
            data={
                "login": f"member{number}@example.org",
                "password": dataset.PASSWORD,
                "csrfmiddlewaretoken": token,
            },
            headers={"Referer": f"{self.host}/en/accounts/login/"},
            name="sign in",
        )
        plain_cookies(self.client)
        signed_in.append(time.monotonic())

    @task(3)
    def dashboard(self):
        self.client.get("/en/organisations/my/", name="my organisations")

    @task(3)
    def directory(self):
        self.client.get("/en/organisations/", name="directory")

    @task(2)
    def calls(self):
        self.client.get("/en/calls/?mine=on", name="calls (mine)")

    @task(1)
    def registrations(self):
        self.client.get("/en/events/mine/", name="my registrations")


class Registrant(HttpUser):
    """Someone registering for an upcoming event; a third cancel again."""

    weight = 2
    wait_time = between(1, 3)

    @task
    def register(self):
        slug = random.choice(SLUGS["upcoming"])
        page = self.client.get(f"/en/events/{slug}/", name="event")
        found = CSRF.search(page.text)
        if not found:
            return
        number = next(counter)
        plain_cookies(self.client)
        response = self.client.post(
            f"/en/events/{slug}/register/",
            data={
                "csrfmiddlewaretoken": found.group(1),
                "name": f"Load {number}",
                "email": f"load{number}-{random.randrange(10**9)}@example.org",
                "consent": "on",
                "organisation_name": "Load test",
            },
            headers={"Referer": f"{self.host}/en/events/{slug}/"},
            name="register",
        )
        token = REGISTRATION.search(response.url or "")
        if token and random.random() < 1 / 3:
            found = CSRF.search(response.text)
            if found:
                plain_cookies(self.client)
                self.client.post(
                    response.url.replace(self.host, "") + "cancel/",
                    data={"csrfmiddlewaretoken": found.group(1)},
                    headers={"Referer": response.url},
                    name="cancel",
                )


class Hello(HttpUser):
    """The same plan against the hello-world project: every request is its one view."""

    wait_time = between(1, 3)

    @task
    def hello(self):
        self.client.get("/", name="hello")


def slugs() -> dict[str, list[str]]:
    from django.utils import timezone

    from calls.models import Call
    from events.models import Event
    from organisations.models import Organisation
    from partnerships.models import Partnership

    now = timezone.now()
    return {
        "organisations": list(Organisation.objects.values_list("slug", flat=True)[:2000]),
        "events": list(Event.objects.values_list("slug", flat=True)[:500]),
        # Registration open and far enough ahead that cancelling is allowed.
        "upcoming": list(
            Event.objects.filter(start__gt=now, registration_closes__isnull=True).values_list(
                "slug", flat=True
            )[:300]
        ),
        "calls": list(Call.objects.values_list("slug", flat=True)[:500]),
        "partnerships": list(
            Partnership.objects.filter(is_public=True).values_list("slug", flat=True)
        ),
    }


def run_step(user_classes, host: str, users: int, seconds: float, think: bool) -> dict:
    for user_class in user_classes:
        user_class.wait_time = between(1, 3) if think else constant(0)
    env = Environment(user_classes=user_classes, host=host)
    runner = env.create_local_runner()
    signed_in.clear()
    arrived = time.monotonic()
    runner.start(users, spawn_rate=max(users, 1))
    gevent.sleep(2)  # let every visitor start before counting...
    members = runner.user_classes_count.get("Member", 0)
    while len(signed_in) < members and time.monotonic() - arrived < 120:
        gevent.sleep(0.2)  # ...the members' sign-ins included, all sent in the same second
    sign_ins = max(signed_in, default=arrived) - arrived
    env.stats.reset_all()
    peak = [0]
    sampler = gevent.spawn(connections_sample, peak)
    started = time.monotonic()
    gevent.sleep(seconds)
    elapsed = time.monotonic() - started
    sampler.kill()
    total = env.stats.total
    result = {
        "users": users,
        "rps": total.num_requests / elapsed,
        "p50": total.get_response_time_percentile(0.5),
        "p95": total.get_response_time_percentile(0.95),
        "p99": total.get_response_time_percentile(0.99),
        "failures": total.num_failures,
        "requests": total.num_requests,
        "by_name": {
            name: (entry.num_requests, entry.get_response_time_percentile(0.95))
            for (name, _method), entry in env.stats.entries.items()
        },
        "errors": [str(error.error)[:120] for error in env.stats.errors.values()][:3],
        "sign_ins": (members, sign_ins),
        "connections": peak[0],
    }
    runner.quit()
    return result


def connections_sample(peak: list[int]) -> None:
    """The most connections to the benchmark's database seen at once (every half second),
    this sampler's own not counted."""
    from django.db import connection

    try:
        while True:
            with connection.cursor() as cursor:
                cursor.execute(
                    "SELECT count(*) - 1 FROM pg_stat_activity WHERE datname = current_database()"
                )
                peak[0] = max(peak[0], cursor.fetchone()[0])
            gevent.sleep(0.5)
    finally:
        # Each sampler is a greenlet with a connection of its own, given back to the pool
        # when the step ends and the sampler is stopped.
        connection.close()


def print_step(label: str, result: dict) -> None:
    print(
        f"{label:14} {result['users']:5d} {result['rps']:8.1f} {result['p50']:7.0f} "
        f"{result['p95']:7.0f} {result['p99']:7.0f} {result['failures']:8d}",
        flush=True,
    )
    for error in result["errors"]:
        print(f"{'':14} failure: {error}")


def print_slowest(result: dict) -> None:
    """The kinds of request with the highest p95 in a step, where to look first, and how long
    the members' sign-ins took as they all arrived at once (before the step was counted)."""
    members, seconds = result["sign_ins"]
    if members:
        print(f"{'':14} {members} members signed in at once, the last after {seconds:.1f} s")
    print(f"{'':14} peak PostgreSQL connections: {result['connections']}")
    slowest = sorted(result["by_name"].items(), key=lambda item: -item[1][1])[:5]
    print(
        f"{'':14} slowest p95: "
        + ", ".join(f"{name} {p95:.0f} ms ({count})" for name, (count, p95) in slowest)
    )


def sent_wait(started, seconds: float = 120) -> None:
    """Until the worker has sent every e-mail of this run, or ``seconds`` have passed."""
    from hub.models import OutboxEmail

    unsent = OutboxEmail.objects.filter(created_at__gte=started).exclude(
        status=OutboxEmail.Status.SENT
    )
    deadline = time.monotonic() + seconds
    while unsent.exists() and time.monotonic() < deadline:
        time.sleep(2)


def integrity(started) -> list[str]:
    """What must hold after the crowd: seats, registrations and e-mails (those of this run).
    Called once the worker has stopped: a pool process writes what it printed to the log only
    as its buffer fills or it exits."""
    from django.db.models import Count, F, Q

    from events.models import Event, Registration
    from hub.models import OutboxEmail

    problems = []
    over = Event.objects.annotate(
        confirmed=Count("registrations", filter=Q(registrations__status="confirmed"))
    ).filter(confirmed__gt=F("capacity"))
    if over.exists():
        problems.append(f"{over.count()} events over capacity")
    twice = (
        Registration.objects.filter(email__startswith="load", registered_at__gte=started)
        .values("event", "email")
        .annotate(n=Count("pk"))
        .filter(n__gt=1)
    )
    if twice.exists():
        problems.append(f"{twice.count()} registrations recorded twice")
    load = Registration.objects.filter(email__startswith="load", registered_at__gte=started)
    outbox = OutboxEmail.objects.filter(created_at__gte=started)
    if outbox.exclude(status=OutboxEmail.Status.SENT).exists():
        problems.append("e-mails still unsent two minutes after the load")
    ids = outbox.values_list("message__headers__Message-ID", flat=True)
    log = (servers.ROOT / "benchmarks" / "worker.log").read_text(errors="replace")
    printed = re.findall(r"^Message-ID: (.+)$", log, re.MULTILINE)
    for message_id in ids:
        if printed.count(message_id) != 1:
            problems.append(f"e-mail {message_id} sent {printed.count(message_id)} times")
            break
    unconfirmed = load.exclude(
        pk__in=[
            int(key.split(":")[1])
            for key in outbox.values_list("key", flat=True)
            if key.count(":") == 2 and key.split(":")[1].isdigit()
        ]
    )
    if unconfirmed.exists():
        problems.append(f"{unconfirmed.count()} registrations without an e-mail")
    print(
        f"\nintegrity: {load.count()} registrations by the load test "
        f"({load.filter(status='cancelled').count()} cancelled), "
        f"{len(ids)} e-mails in the outbox, {len(printed)} sent by the worker"
    )
    return problems


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scale", type=float, default=1.0)
    parser.add_argument("--step", type=float, default=30, help="seconds per step")
    parser.add_argument("--steps", default=",".join(map(str, STEPS)))
    parser.add_argument("--reuse", action="store_true")
    parser.add_argument("--keep", action="store_true")
    parser.add_argument("--gunicorn", default="", help="gunicorn options instead of the conf's")
    args = parser.parse_args()
    steps = [int(n) for n in args.steps.split(",")]

    dataset.setup_django()
    if args.reuse:
        dataset.migrate()
    else:
        dataset.prepare(dataset.Size().scaled(args.scale))
    servers.build_assets()
    SLUGS.update(slugs())
    from django.db import connections

    connections.close_all()
    header = f"{'':14} {'users':>5} {'req/s':>8} {'p50 ms':>7} {'p95 ms':>7} {'p99 ms':>7} {'failures':>8}"
    ok = True
    from django.utils import timezone

    started = timezone.now()
    try:
        with servers.serving(gunicorn_args=args.gunicorn.split() or None, worker=True):
            portal = f"http://{servers.PORTAL}"
            hello = f"http://{servers.HELLO}"
            for label, classes, host in [
                ("portal", [Visitor, Member, Registrant], portal),
                ("hello world", [Hello], hello),
            ]:
                print(f"\n{label}\n{header}")
                for users in steps:
                    result = run_step(classes, host, users, args.step, think=True)
                    print_step("step", result)
                    if label == "portal":
                        print_slowest(result)
                        if result["p95"] >= TARGET_P95_MS or result["failures"]:
                            ok = False
                result = run_step(classes, host, CLOSED_LOOP, args.step, think=False)
                print_step("closed loop", result)
                if label == "portal":
                    ceiling = result["rps"]
                else:
                    print(
                        f"\nceiling: portal {ceiling:.0f} req/s = {ceiling / result['rps']:.2f} of hello world's"
                    )
                    ok = ok and ceiling >= result["rps"] / 5
            sent_wait(started)
        problems = integrity(started)  # the worker has stopped: its log is complete
    finally:
        if not args.keep:
            dataset.drop()
    for problem in problems:
        print("PROBLEM:", problem)
    print("\nTargets met." if ok and not problems else "\nTargets not met.")
    return 0 if ok and not problems else 1


if __name__ == "__main__":
    sys.exit(main())
