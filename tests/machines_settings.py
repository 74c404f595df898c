"""The production settings, for the web and worker processes the multi-machine tests start.

Only what a test cannot give through the environment differs: static files are served from
the finders (nothing is collected), the slow test document kind is known to the workers, and
e-mails are written as files into the worker's own folder.
"""

from hub.settings.production import *  # noqa: F403
from hub.settings.production import env

STORAGES = {
    **STORAGES,  # noqa: F405
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
CELERY_IMPORTS = ["tests.hub.document_kinds"]
EMAIL_BACKEND = "django.core.mail.backends.filebased.EmailBackend"
EMAIL_FILE_PATH = env("EMAIL_FILE_PATH", "mail")
# The people the test process makes have passwords hashed as its settings hash them.
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
