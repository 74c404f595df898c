import os
import subprocess
import sys

from django.conf import settings

PRODUCTION = {
    "DJANGO_SETTINGS_MODULE": "hub.settings.production",
    "DATABASE_URL": "postgres://postgres@127.0.0.1:5432/sticisce",
    "REDIS_URL": "redis://127.0.0.1:6379/0",
    "ALLOWED_HOSTS": "sticisce.example.org",
}


def manage(*args: str, **environment: str) -> subprocess.CompletedProcess:
    # A clean environment, as a server would have: no key and none of the test-only switches.
    dropped = {"DJANGO_SECRET_KEY", "DJANGO_ALLOW_ASYNC_UNSAFE"}
    env = {key: value for key, value in os.environ.items() if key not in dropped}
    env.update(environment)
    return subprocess.run(  # noqa: S603
        [sys.executable, "manage.py", *args],
        cwd=settings.BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_production_refuses_to_start_without_a_secret_key():
    result = manage("check", **PRODUCTION)
    assert result.returncode != 0
    assert "DJANGO_SECRET_KEY must be set" in result.stderr


def test_production_passes_the_deployment_checks_with_a_secret_key():
    key = "k3y-" + "x7Qp9zL2mV8nR4tW6yB1cD5fH0jK3sA" * 2
    result = manage(
        "check", "--deploy", "--fail-level", "WARNING", DJANGO_SECRET_KEY=key, **PRODUCTION
    )
    assert result.returncode == 0, result.stderr + result.stdout
    assert "no issues" in result.stdout


def test_the_embedded_default_needs_no_environment(tmp_path):
    result = manage(
        "check",
        DJANGO_SETTINGS_MODULE="hub.settings.dev",
        DATABASE_URL="",
        REDIS_URL="",
    )
    assert result.returncode == 0, result.stderr
