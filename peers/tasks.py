"""Thin Celery adapters for reading other hubs' portals; the rules live in ``peers.services``."""

from __future__ import annotations

from celery import shared_task

from . import services
from .models import Peer


@shared_task
def read_peers() -> int:
    """On schedule (Celery beat): each active peer is read by a task of its own, so one slow
    peer does not hold up the others."""
    ids = list(Peer.objects.filter(is_active=True).values_list("pk", flat=True))
    for pk in ids:
        read_peer.delay(pk)
    return len(ids)


@shared_task
def read_peer(peer_id: int) -> str | None:
    peer = Peer.objects.filter(pk=peer_id, is_active=True).first()
    if peer is None:
        return None
    return services.peer_read(peer=peer)
