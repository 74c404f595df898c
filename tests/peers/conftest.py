"""A tiny HTTP server that stands in for a misbehaving peer: it answers what a test tells it,
as slowly as the test tells it."""

from __future__ import annotations

import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest


class FakePeer:
    def __init__(self) -> None:
        self.body = b'{"count": 0, "next": null, "previous": null, "results": []}'
        self.status = 200
        self.delay = 0.0
        self.content_type = "application/json"
        self.send_length = True
        self.requests: list[tuple[str, dict]] = []
        self.answer_headers: dict[str, str] = {}
        fake = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self):  # noqa: N802 - the standard library's name
                fake.requests.append((self.path, dict(self.headers)))
                time.sleep(fake.delay)
                body = fake.body(self.path) if callable(fake.body) else fake.body
                try:
                    self.send_response(fake.status)
                    self.send_header("Content-Type", fake.content_type)
                    for header, value in fake.answer_headers.items():
                        self.send_header(header, value)
                    if fake.send_length:
                        self.send_header("Content-Length", str(len(body)))
                    self.end_headers()
                    self.wfile.write(body)
                except (BrokenPipeError, ConnectionResetError):
                    pass

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture
def fake_peer():
    server = FakePeer()
    yield server
    server.close()
