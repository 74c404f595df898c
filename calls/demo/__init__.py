"""Demo calls: about twenty calls of each demo hub's country, in its language, from the funders
NGOs there really apply to — open, upcoming and closed, each with its call document. Loaded by
``manage.py load_demo`` after the places and organisations; the hub's info days are linked to the
calls they present by events.demo_info_sessions."""

from __future__ import annotations

from datetime import datetime, time, timedelta
from decimal import Decimal
from zoneinfo import ZoneInfo

from django.core.files.base import ContentFile
from django.utils import timezone

import hub.demo as hub_demo
from hub.history import bulk_create_with_history
from hub.models import FieldOfActivity, Region
from hub.text import ascii_slug

from ..models import Call, CallDocument, Funder
from .bulgarian import BULGARIAN
from .document import call_document_pdf
from .polish import POLISH
from .records import NGO
from .slovenian import SLOVENIAN

STORIES = {"goriska": SLOVENIAN, "ruse": BULGARIAN, "gdansk": POLISH}


def load(hub: str = "goriska") -> None:
    story = STORIES[hub]
    demo_hub = hub_demo.story(hub)
    zone = ZoneInfo(demo_hub.time_zone)
    home = Region.objects.get(slug=hub_demo.home_region_slug(hub))
    fields = {f.slug: f for f in FieldOfActivity.objects.all()}
    today = timezone.localdate()
    funders = []
    for name, kind, website in story.funders:
        funder = Funder(slug=ascii_slug(name)[:120], name=name, kind=kind, website=website)
        funder.search_refresh()
        funders.append(funder)
    known = {f.slug: f for f in Funder.objects.filter(slug__in=[f.slug for f in funders])}
    bulk_create_with_history([funder for funder in funders if funder.slug not in known])
    funders = [known.get(funder.slug, funder) for funder in funders]
    call_slugs = [ascii_slug(demo.title)[:200] for demo in story.calls]
    there = set(Call.objects.filter(slug__in=call_slugs).values_list("slug", flat=True))
    calls, fields_of, regions_of = [], [], []
    for slug, demo in zip(call_slugs, story.calls, strict=True):
        if slug in there:
            continue
        there.add(slug)
        funder = funders[demo.funder]
        opens = datetime.combine(today + timedelta(days=demo.opens), time(8), tzinfo=zone)
        deadline = datetime.combine(today + timedelta(days=demo.deadline), time(12), tzinfo=zone)
        call = Call(
            slug=slug,
            funder=funder,
            programme=demo.programme,
            title=demo.title,
            summary=story.summary.format(funder=funder.name, programme=demo.programme),
            text=story.text,
            language=demo_hub.language,
            sectors=NGO,
            legal_forms=list(demo.legal_forms),
            country=home.country,
            currency=story.currency,
            total_budget=Decimal(demo.max_grant * 10),
            min_grant=Decimal(demo.min_grant) if demo.min_grant else None,
            max_grant=Decimal(demo.max_grant),
            co_financing=Decimal(demo.co_financing),
            opens=opens,
            deadline=deadline,
            time_zone=demo_hub.time_zone,
            official_url=funder.website,
            contact=story.contact,
            is_published=True,
            published_at=min(opens, timezone.now()),
        )
        call.search_refresh()
        calls.append(call)
        fields_of.append([fields[name] for name in demo.fields if name in fields])
        regions_of.append([home] if demo.home_region else [])
    bulk_create_with_history(calls, links={"fields": fields_of, "regions": regions_of})
    bulk_create_with_history(
        [
            CallDocument(
                call=call,
                title=story.document,
                file=ContentFile(call_document_pdf(call.title), name=f"{call.slug}.pdf"),
            )
            for call in calls
        ]
    )
