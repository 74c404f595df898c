"""Reading one answer of a peer's API over HTTP, bounded in time and size.

A peer is another installation on someone else's machine: it may be slow, down, or answer
anything. Every request has a connect and a read timeout and an overall deadline (a peer that
drips its answer byte by byte is cut off too), the body is read only up to a limit, and
whatever goes wrong becomes a ``PeerError`` with a sentence that staff read on the peer's row.
"""

from __future__ import annotations

import json
import time
from dataclasses import dataclass
from typing import Any

import requests
from django.conf import settings


class PeerError(Exception):
    pass


@dataclass
class Answer:
    status: int
    data: Any = None
    etag: str = ""
    last_modified: str = ""


def get_json(url: str, *, params: dict | None = None, headers: dict | None = None) -> Answer:
    connect, read = settings.PEERS_CONNECT_TIMEOUT, settings.PEERS_READ_TIMEOUT
    limit = settings.PEERS_MAX_RESPONSE_BYTES
    deadline = time.monotonic() + connect + read
    session = requests.Session()
    session.max_redirects = 3
    try:
        with session.get(
            url,
            params=params,
            headers={"Accept": "application/json", **(headers or {})},
            timeout=(connect, read),
            stream=True,
        ) as response:
            if response.status_code == 304:
                return Answer(status=304)
            if response.status_code != 200:
                raise PeerError(f"{url} answered HTTP {response.status_code}")
            declared = response.headers.get("Content-Length", "")
            if declared.isdigit() and int(declared) > limit:
                raise PeerError(f"{url} sent {declared} bytes, more than the {limit} allowed")
            body = bytearray()
            for chunk in response.iter_content(chunk_size=65536):
                body.extend(chunk)
                if len(body) > limit:
                    raise PeerError(f"{url} sent more than the {limit} bytes allowed")
                if time.monotonic() > deadline:
                    raise PeerError(f"{url} took longer than {connect + read} s to answer")
            try:
                data = json.loads(bytes(body))
            except (ValueError, UnicodeDecodeError) as error:
                raise PeerError(f"{url} did not answer in JSON ({error})") from error
            return Answer(
                status=200,
                data=data,
                etag=response.headers.get("ETag", ""),
                last_modified=response.headers.get("Last-Modified", ""),
            )
    except requests.Timeout as error:
        raise PeerError(f"{url} did not answer in time ({error.__class__.__name__})") from error
    except requests.RequestException as error:
        raise PeerError(f"{url} could not be reached ({error.__class__.__name__})") from error
    finally:
        session.close()
