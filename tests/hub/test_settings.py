import json
import os
import subprocess
import sys

import pytest
from django.conf import settings

PRODUCTION = {
    "DJANGO_SETTINGS_MODULE": "hub.settings.production",
    # The maintenance database every PostgreSQL server has, without the portal's tables, as
    # before the first migrate. (With a database that does not exist, each query the checks make
    # would wait out the pool's timeout.)
    "DATABASE_URL": "postgres://postgres@127.0.0.1:5432/postgres",
    "REDIS_URL": "redis://127.0.0.1:6379/0",
    "ALLOWED_HOSTS": "sticisce.example.org",
    "SITE_URL": "https://sticisce.example.org",
}
KEY = "k3y-" + "x7Qp9zL2mV8nR4tW6yB1cD5fH0jK3sA" * 2


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
    result = manage(
        "check", "--deploy", "--fail-level", "WARNING", DJANGO_SECRET_KEY=KEY, **PRODUCTION
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


@pytest.mark.parametrize(
    ("changes", "complaint"),
    [
        ({"ALLOWED_HOSTS": ""}, "ALLOWED_HOSTS must list the portal's host names"),
        ({"ALLOWED_HOSTS": "*"}, "ALLOWED_HOSTS must list the portal's host names"),
        ({"SITE_URL": ""}, "SITE_URL must be the portal's public address"),
        ({"SITE_URL": "sticisce.example.org"}, "SITE_URL must be the portal's public address"),
        (
            {"SITE_URL": "https://sticisce.example.com"},
            "SITE_URL's host sticisce.example.com is not in ALLOWED_HOSTS",
        ),
    ],
)
def test_production_refuses_to_start_without_its_own_address_and_host_names(changes, complaint):
    result = manage("check", DJANGO_SECRET_KEY=KEY, **{**PRODUCTION, **changes})
    assert result.returncode != 0
    assert complaint in result.stderr


def test_production_starts_with_several_host_names_and_the_address_among_them():
    result = manage(
        "check",
        DJANGO_SECRET_KEY=KEY,
        **{
            **PRODUCTION,
            "ALLOWED_HOSTS": "www.sticisce.example.org,.sticisce.example.org",
            "SITE_URL": "https://sticisce.example.org",
        },
    )
    assert result.returncode == 0, result.stderr


def _client_address_settings(**environment: str) -> str:
    code = (
        "from django.conf import settings; "
        "print(settings.ALLAUTH_TRUSTED_PROXY_COUNT, settings.ALLAUTH_TRUSTED_CLIENT_IP_HEADER)"
    )
    result = manage(
        "shell", "--no-imports", "-c", code, DJANGO_SECRET_KEY=KEY, **{**PRODUCTION, **environment}
    )
    assert result.returncode == 0, result.stderr
    return result.stdout.strip()


def test_production_trusts_the_one_proxy_the_readme_describes_unless_told_otherwise():
    assert _client_address_settings() == "1 None"
    assert (
        _client_address_settings(
            ALLAUTH_TRUSTED_PROXY_COUNT="2", ALLAUTH_TRUSTED_CLIENT_IP_HEADER="X-Real-IP"
        )
        == "2 X-Real-IP"
    )


def _database_settings(**environment: str) -> dict:
    code = (
        "import json; from django.conf import settings; db = settings.DATABASES['default']; "
        "print(json.dumps({'pool': db['OPTIONS'].get('pool'), 'age': db['CONN_MAX_AGE']}))"
    )
    result = manage(
        "shell", "--no-imports", "-c", code, DJANGO_SECRET_KEY=KEY, **{**PRODUCTION, **environment}
    )
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def test_production_borrows_connections_from_a_pool_sized_from_the_environment():
    # Threads share their process's connections: as many as a gunicorn process has threads.
    assert _database_settings() == {
        "pool": {"min_size": 1, "max_size": 4, "timeout": 10.0, "max_idle": 300},
        "age": 0,
    }
    assert _database_settings(GUNICORN_THREADS="6")["pool"]["max_size"] == 6
    sized = _database_settings(
        DATABASE_POOL_MAX_SIZE="10", DATABASE_POOL_MIN_SIZE="2", DATABASE_POOL_TIMEOUT="3"
    )
    assert sized["pool"] == {"min_size": 2, "max_size": 10, "timeout": 3.0, "max_idle": 300}
    # Without a pool, each thread keeps its own connection for CONN_MAX_AGE seconds.
    assert _database_settings(DATABASE_POOL_MAX_SIZE="0", CONN_MAX_AGE="30") == {
        "pool": None,
        "age": 30,
    }


# More than one machine: files in S3 buckets, nothing kept in one process or on one disk.

S3 = {
    "AWS_S3_ENDPOINT_URL": "https://s3.example.org",
    "AWS_ACCESS_KEY_ID": "sticisce",
    "AWS_SECRET_ACCESS_KEY": "a-secret",
    "AWS_STORAGE_BUCKET_NAME": "sticisce-media",
    "AWS_DOCUMENTS_BUCKET_NAME": "sticisce-documents",
}


def test_production_with_buckets_passes_the_deployment_checks_and_keeps_nothing_in_a_process():
    code = (
        "import json; from django.conf import settings as s; print(json.dumps(["
        "s.STORAGES['default'], s.STORAGES['documents'], s.STORAGES['staticfiles']['BACKEND'], "
        "s.SESSION_ENGINE, s.CACHES['default']['BACKEND'], "
        "s.CONTENT_SECURITY_POLICY['DIRECTIVES']['img-src'], "
        "s.DATABASES['default']['CONN_MAX_AGE'], s.DATABASES['default']['CONN_HEALTH_CHECKS'], "
        "s.DATABASES['default']['OPTIONS']['pool']['max_size']]))"
    )
    result = manage("shell", "--no-imports", "-c", code, DJANGO_SECRET_KEY=KEY, **PRODUCTION, **S3)
    assert result.returncode == 0, result.stderr
    media, documents, static, sessions, cache, images, max_age, health_checks, pool = json.loads(
        result.stdout
    )
    assert media == {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": "sticisce-media",
            "querystring_auth": False,
            "custom_domain": None,
        },
    }
    assert documents["OPTIONS"]["bucket_name"] == "sticisce-documents"
    assert documents["OPTIONS"]["querystring_auth"] is True
    assert documents["OPTIONS"]["querystring_expire"] == 60
    assert static == "whitenoise.storage.CompressedManifestStaticFilesStorage"
    assert sessions == "django.contrib.sessions.backends.db"
    assert cache == "hub.cache.ResilientRedisCache"
    assert images == ["'self'", "data:", "https://s3.example.org"]
    # Connections are borrowed from the process's pool, none kept by a thread of its own.
    assert (max_age, health_checks, pool) == (0, True, 4)

    result = manage(
        "check", "--deploy", "--fail-level", "WARNING", DJANGO_SECRET_KEY=KEY, **PRODUCTION, **S3
    )
    assert result.returncode == 0, result.stderr + result.stdout


@pytest.mark.parametrize(
    ("changes", "complaint"),
    [
        ({"AWS_DOCUMENTS_BUCKET_NAME": ""}, "Set both AWS_STORAGE_BUCKET_NAME"),
        (
            {"AWS_DOCUMENTS_BUCKET_NAME": "sticisce-media"},
            "AWS_DOCUMENTS_BUCKET_NAME must differ from AWS_STORAGE_BUCKET_NAME",
        ),
    ],
)
def test_the_private_documents_never_share_the_public_bucket(changes, complaint):
    result = manage("check", DJANGO_SECRET_KEY=KEY, **{**PRODUCTION, **S3, **changes})
    assert result.returncode != 0
    assert complaint in result.stderr


def test_each_parallel_test_process_has_its_own_redis_database():
    """Worker processes would otherwise take each other's Celery tasks and flush each other's
    queues: gw0 uses the given database, gw1 the next, and so on, wrapping at Redis's 16."""
    from hub.settings.test import redis_url_for_worker

    assert redis_url_for_worker("redis://127.0.0.1:6379/8", "") == "redis://127.0.0.1:6379/8"
    assert redis_url_for_worker("redis://127.0.0.1:6379/8", "gw0") == "redis://127.0.0.1:6379/8"
    assert redis_url_for_worker("redis://127.0.0.1:6379/8", "gw2") == "redis://127.0.0.1:6379/10"
    assert redis_url_for_worker("redis://127.0.0.1:6379/15", "gw1") == "redis://127.0.0.1:6379/0"
    # This process's broker and Redis are its own.
    own = redis_url_for_worker(
        os.environ.get("REDIS_URL", "redis://127.0.0.1:6379/12"),
        os.environ.get("PYTEST_XDIST_WORKER", ""),
    )
    assert settings.REDIS_URL == settings.CELERY_BROKER_URL == own
