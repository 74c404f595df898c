"""A server process's first requests as fast as its later ones.

A new process pays once for what it keeps afterwards: each language's catalogues, the URL
patterns compiled and reversed per language, templates compiled, code paths run for the first
time. Under gunicorn (``post_worker_init`` in gunicorn.conf.py) each process pays it before it
takes its first request, by answering a few reads itself: the home page in each language, and
the head of each open-data export (its rows are never asked for, so the database writes none).

Then the objects it made are frozen out of the garbage collector's sight (``gc.freeze``): they
live as long as the process, and a full collection no longer walks them in the middle of a
request.
"""

from __future__ import annotations

import gc
import io
import logging
import time
from collections.abc import Callable
from urllib.parse import urlsplit

from django.conf import settings

logger = logging.getLogger(__name__)

# Seconds a process spends warming up at most (gunicorn stops one silent for its timeout, 30 s).
BUDGET = 5.0
# Read in each language; an export stops after its head (its query checked first).
PAGES = ("/{language}/",)
HEADS = (
    "/{language}/organisations/export.csv",
    "/{language}/organisations/export.json?sector=civil",
)


def warm(application: Callable) -> None:
    """Reads the pages above until one fails or ``BUDGET`` seconds have passed: with the
    database down, a read waits out the pool's timeout, and a process that took too long to
    start would be stopped by gunicorn before it could say so on /healthz."""
    started = time.monotonic()
    reads = [
        (path.format(language=language), whole)
        for language, _name in settings.LANGUAGES
        for paths, whole in ((PAGES, True), (HEADS, False))
        for path in paths
    ]
    try:
        for path, whole in reads:
            status = _get(application, path, whole=whole)
            if not status.startswith("200"):
                logger.warning("A server process stopped warming up: %s answered %s", path, status)
                break
            if time.monotonic() - started > BUDGET:
                break
    except Exception:  # a process that could not warm up still serves
        logger.warning("A server process could not warm up", exc_info=True)
    gc.collect()
    gc.freeze()


def _get(application: Callable, path: str, *, whole: bool) -> str:
    site = urlsplit(settings.SITE_URL)
    path, _, query = path.partition("?")
    environ = {
        "REQUEST_METHOD": "GET",
        "PATH_INFO": path,
        "QUERY_STRING": query,
        "SERVER_NAME": site.hostname,
        "SERVER_PORT": str(site.port or (443 if site.scheme == "https" else 80)),
        "HTTP_HOST": site.netloc,
        "SERVER_PROTOCOL": "HTTP/1.1",
        "REMOTE_ADDR": "127.0.0.1",
        "wsgi.url_scheme": site.scheme,
        "wsgi.input": io.BytesIO(),
        "wsgi.errors": io.StringIO(),
    }
    proxy_header = getattr(settings, "SECURE_PROXY_SSL_HEADER", None)
    if proxy_header:
        environ[proxy_header[0]] = site.scheme
    statuses = []
    body = application(environ, lambda status, headers, exc_info=None: statuses.append(status))
    try:
        for _piece in body:
            if not whole:
                break
    finally:
        if hasattr(body, "close"):
            body.close()
    return statuses[0]
