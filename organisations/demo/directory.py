"""The demo organisations: verified ones with their numbers, places and fields, and a few
registrations still waiting for staff."""

from __future__ import annotations

import random
from datetime import timedelta

from django.utils import timezone

from hub.history import bulk_create_with_history
from hub.models import FieldOfActivity, Municipality

from ..models import Membership, Organisation, Role, Sector, VerificationStatus
from ..services import organisation_unique_slugs
from .accounts import demo_user
from .hubs import HUBS
from .numbers import PHONES, demo_numbers


def organisations_load(*, hub: str, rng: random.Random, staff) -> list[Organisation]:
    """The hub's verified organisations (those made now are returned), then the registrations
    still waiting for staff, each with its registrant as admin."""
    now = timezone.now()
    municipalities = {m.name: m for m in Municipality.objects.select_related("region")}
    fields = {f.slug: f for f in FieldOfActivity.objects.all()}
    entries, pending = HUBS[hub].ORGANISATIONS, HUBS[hub].PENDING
    names = [entry[0] for entry in [*entries, *pending]]
    there = set(Organisation.objects.filter(name__in=names).values_list("name", flat=True))
    created: list[Organisation] = []
    fields_of, served = [], []
    for index, (name, short, sector, form, seat_name, field_slugs, description) in enumerate(
        entries
    ):
        seat = municipalities[seat_name]
        registration_number, tax_number = demo_numbers(rng, seat.country)
        # Drawn for every organisation, made now or not, so each load makes the same demo.
        values = {
            "short_name": short,
            "sector": sector,
            "legal_form": form,
            "country": seat.country,
            "registration_number": registration_number,
            "tax_number": tax_number,
            "seat": seat,
            "description": description,
            "website": f"https://example.org/{index + 1}",
            "email": f"info{index + 1}@example.org",
            "phone": PHONES[seat.country].format(index),
            "members": rng.randrange(8, 400) if sector == Sector.CIVIL else None,
            "employees": rng.randrange(0, 25),
            "volunteers": rng.randrange(0, 120) if sector == Sector.CIVIL else None,
            "founded_year": rng.randrange(1950, 2022),
            "public_interest": sector == Sector.CIVIL and rng.random() < 0.4,
            "verification_status": VerificationStatus.VERIFIED,
            "verified_by": staff,
            "verified_at": now - timedelta(days=rng.randrange(10, 700)),
            "has_potential": sector == Sector.CIVIL and rng.random() < 0.25,
            "last_confirmed_at": now - timedelta(days=rng.randrange(1, 500)),
        }
        if name in there:
            continue
        there.add(name)
        created.append(Organisation(name=name, **values))
        fields_of.append([fields[slug] for slug in field_slugs if slug in fields])
        neighbours = [m for m in municipalities.values() if m.region_id == seat.region_id]
        served.append([seat, *rng.sample(neighbours, k=min(2, len(neighbours)))])
    waiting = []
    for name, sector, form, seat_name in pending:
        seat = municipalities[seat_name]
        registration_number = demo_numbers(rng, seat.country)[0]
        if name in there:
            continue
        there.add(name)
        waiting.append(
            Organisation(
                name=name,
                sector=sector,
                legal_form=form,
                country=seat.country,
                registration_number=registration_number,
                seat=seat,
                description="",
            )
        )
    slugs = organisation_unique_slugs([o.name for o in [*created, *waiting]])
    for organisation, slug in zip([*created, *waiting], slugs, strict=True):
        organisation.slug = slug
        organisation.search_refresh()
    bulk_create_with_history(created, links={"fields": fields_of, "municipalities_served": served})
    bulk_create_with_history(waiting)
    for organisation in waiting:
        registrant = demo_user(f"{organisation.slug[:30]}@example.org", "", "")
        Membership.objects.create(user=registrant, organisation=organisation, role=Role.ADMIN)
    return created
