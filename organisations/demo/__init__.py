"""Demo organisations: the NGOs, municipalities and companies of each demo hub's region, and the
hub's support to some of them. Loaded by ``manage.py load_demo`` after the places and fields."""

from __future__ import annotations

import random

from .accounts import DEMO_PASSWORD, PEOPLE, demo_accounts, member_load, staff_load
from .directory import organisations_load
from .support import entities_load, support_load

__all__ = ["DEMO_PASSWORD", "PEOPLE", "demo_accounts", "load"]


def load(hub: str = "goriska") -> None:
    # One generator through organisations and support, so every load makes the same demo.
    rng = random.Random(2026)
    staff = staff_load(hub)
    created = organisations_load(hub=hub, rng=rng, staff=staff)
    if created:
        member_load(hub, created)
    support_load(hub=hub, rng=rng, created=created, staff=staff)
    entities_load(hub, created, staff)
