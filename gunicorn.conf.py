"""How gunicorn serves the portal; read by ``gunicorn hub.wsgi`` started in this folder.

Threads (gthread), not only processes: a request mostly waits (PostgreSQL, Redis, a slow client
reading an export), and a waiting thread holds neither a CPU nor the worker. Each process has
``threads`` threads, so a download of the whole directory takes one of them, not a sixteenth of
the site. Two processes per core with four threads each, rather than one per core with eight:
rendering holds Python's lock, and a thread back from the database waits for it behind the
others of its process. On two cores, under 80 visitors at once (benchmarks/load.py), 2 × 8 gave
p95 590 ms and 4 × 4 170–290 ms. At least two processes, so that one can restart while the other
serves. The environment overrides both: WEB_CONCURRENCY (processes) and GUNICORN_THREADS (threads
per process). The threads of a process borrow database connections from its pool
(DATABASE_POOL_MAX_SIZE each, by default GUNICORN_THREADS; hub/settings/base.py), so PostgreSQL
sees at most processes × DATABASE_POOL_MAX_SIZE connections per machine.
"""

import multiprocessing
import os

worker_class = "gthread"
workers = int(os.environ.get("WEB_CONCURRENCY", max(2, 2 * multiprocessing.cpu_count())))
threads = int(os.environ.get("GUNICORN_THREADS", "4"))
# A request that takes this long is a bug; exports stream and are cached, so none should.
timeout = 30
# Longer than a browser's pause between two clicks: a connection the client reuses is not
# closed under it (which it sees as "connection reset"). A proxy in front that does not keep
# connections to gunicorn open is not affected.
keepalive = 5
# Recycle processes now and then, so memory that a rare big page took is given back. Not often:
# a new process takes some 2 s of processor time to start and serves its first pages slowly
# (templates, translations, the feeds it keeps), and at 2,000 requests a crowd of 80 visitors
# restarted one every 40 s, which showed in the slowest tenth of their requests.
max_requests = 20000
max_requests_jitter = 2000


def post_worker_init(worker):
    """Each process of the portal pays for its first requests before it takes one
    (hub/warmup.py); other applications served with this file are left as they are."""
    if str(getattr(worker.app, "app_uri", "")).startswith("hub.wsgi"):
        from hub.warmup import warm

        warm(worker.wsgi)
