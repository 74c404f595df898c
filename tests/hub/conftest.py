"""Background work: documents on disk as in production, tasks sent to Redis."""

from __future__ import annotations

import pytest


@pytest.fixture
def private_folder(tmp_path, settings):
    """Generated documents on disk in a folder of this test, as in production."""
    folder = tmp_path / "private"
    settings.PRIVATE_ROOT = folder
    settings.STORAGES = {
        **settings.STORAGES,
        "documents": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": folder},
        },
    }
    return folder


@pytest.fixture
def celery_app():
    from hub.celery import app

    app.conf.task_always_eager = False
    try:
        yield app
    finally:
        app.conf.task_always_eager = True
