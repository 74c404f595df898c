"""gunicorn serving the portal (production settings, the benchmark database) and, beside it, the
hello-world project, started and stopped around a benchmark."""

from __future__ import annotations

import os
import subprocess
import sys
import time
import urllib.request
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

from benchmarks.dataset import DATABASE_URL, ROOT

# Other addresses when another benchmark already listens on these (BENCH_PORTAL, BENCH_HELLO).
PORTAL = os.environ.get("BENCH_PORTAL", "127.0.0.1:8711")
HELLO = os.environ.get("BENCH_HELLO", "127.0.0.1:8712")
REDIS_URL = os.environ.get("BENCH_REDIS_URL", "redis://127.0.0.1:6379/6")
GUNICORN = str(Path(sys.executable).parent / "gunicorn")
CELERY = str(Path(sys.executable).parent / "celery")


def production_env(**extra: str) -> dict[str, str]:
    return {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "hub.settings.production",
        "DJANGO_SECRET_KEY": "benchmark-" + "x" * 60,
        "DATABASE_URL": DATABASE_URL,
        "REDIS_URL": REDIS_URL,
        "ALLOWED_HOSTS": "127.0.0.1,localhost",
        "SITE_URL": f"http://{PORTAL}",
        # No proxy in front: plain HTTP on the loopback.
        "SECURE_SSL_REDIRECT": "0",
        "ALLAUTH_TRUSTED_PROXY_COUNT": "0",
        # Many registrations come from one address in the load test.
        "EVENT_REGISTRATION_RATE_LIMITS": "100000/h/ip,100000/d/ip,100/h/key,100/d/key",
        "EMAIL_BACKEND": "django.core.mail.backends.console.EmailBackend",
        "LOG_LEVEL": "WARNING",
        **extra,
    }


def build_assets() -> None:
    """What the README's deployment does before starting: static files and catalogues."""
    env = production_env()
    manage = [sys.executable, "manage.py"]
    subprocess.run([*manage, "collectstatic", "--noinput", "-v0"], cwd=ROOT, env=env, check=True)
    subprocess.run(
        [*manage, "compilemessages", "--ignore=.venv", "-v0"], cwd=ROOT, env=env, check=True
    )


# One process of the portal, in its production settings, marking kinds of data changed.
_CHANGER = """
import sys
import django

django.setup()
from hub.cache import data_changed

for line in sys.stdin:
    data_changed(*line.split())
    print("changed", flush=True)
"""


@contextmanager
def data_changes() -> Iterator[Callable[..., None]]:
    """A function that marks kinds of data changed in the served portal (its Redis), as staff
    saving in the admin do: what shows them is written afresh on the next request.

    One process, started once and kept waiting, makes every change, as the admin's process is
    already running when staff save. A new Python process for each change (about a second of
    both cores loading Django) slowed whatever request came next by some 0.5 ms, a hello-world's
    too, and that was measured as the portal's.
    """
    process = subprocess.Popen(  # noqa: S603
        [sys.executable, "-c", _CHANGER],
        cwd=ROOT,
        env=production_env(),
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )

    def changed(*domains: str) -> None:
        process.stdin.write(" ".join(domains) + "\n")
        process.stdin.flush()
        if process.stdout.readline().strip() != "changed":
            raise SystemExit(f"marking {domains} changed failed (exit {process.poll()})")

    try:
        yield changed
    finally:
        process.stdin.close()
        process.wait(timeout=30)


def flush_redis() -> None:
    import redis

    redis.Redis.from_url(REDIS_URL).flushdb()


def _wait(address: str, process: subprocess.Popen, path: str = "/") -> None:
    for _ in range(200):
        if process.poll() is not None:
            raise SystemExit(f"gunicorn on {address} exited with {process.returncode}")
        try:
            urllib.request.urlopen(f"http://{address}{path}", timeout=2)  # noqa: S310
            return
        except OSError:
            time.sleep(0.1)
    raise SystemExit(f"gunicorn on {address} does not answer")


@contextmanager
def serving(*, gunicorn_args: list[str] | None = None, worker: bool = False):
    """Both servers (and a Celery worker if asked), stopped when the block ends. Without
    ``gunicorn_args`` the portal runs with the project's gunicorn.conf.py, as the README says."""
    flush_redis()
    args = gunicorn_args or []
    env = production_env()
    log = open(ROOT / "benchmarks" / "gunicorn.log", "w")  # noqa: SIM115
    processes = [
        subprocess.Popen(
            [GUNICORN, "hub.wsgi", "--bind", PORTAL, *args],
            cwd=ROOT,
            env=env,
            stdout=log,
            stderr=subprocess.STDOUT,
        ),
        subprocess.Popen(
            [GUNICORN, "benchmarks.hello:application", "--bind", HELLO, *args],
            cwd=ROOT,
            env={**os.environ},
            stdout=log,
            stderr=subprocess.STDOUT,
        ),
    ]
    if worker:
        processes.append(
            subprocess.Popen(
                [CELERY, "-A", "hub", "worker", "--concurrency", "1", "--loglevel", "WARNING"],
                cwd=ROOT,
                env=env,
                stdout=open(ROOT / "benchmarks" / "worker.log", "w"),  # noqa: SIM115
                stderr=subprocess.STDOUT,
            )
        )
    try:
        _wait(PORTAL, processes[0], "/healthz")
        _wait(HELLO, processes[1])
        yield
    finally:
        for process in processes:
            process.terminate()
        for process in processes:
            try:
                process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                process.kill()
        log.close()
