"""The hub's support to the demo organisations: counselling, advice and the mentoring of NGOs with
potential, in the last year and a half and (for Goriška) in the ESF operation of 2015–2019."""

from __future__ import annotations

import random
from datetime import date, timedelta
from decimal import Decimal

from ..models import Organisation, Sector, SizeClass, SupportKind, SupportRecord
from .hubs import HUBS


def support_load(*, hub: str, rng: random.Random, created: list[Organisation], staff) -> None:
    """Counselling, advice and mentoring to the hub's NGOs; intensive mentoring of a few with
    potential; and, for Goriška, the support of its ESF operation."""
    civil = [o for o in created if o.sector == Sector.CIVIL]
    today = date.today()  # noqa: DTZ011 - the demo's dates need no time zone
    records = []
    for organisation in rng.sample(civil, k=min(25, len(civil))):
        for _ in range(rng.randrange(1, 4)):
            kind, topic = rng.choice(HUBS[hub].SUPPORT_TOPICS)
            records.append(
                SupportRecord(
                    organisation=organisation,
                    kind=kind,
                    topic=topic,
                    date=today - timedelta(days=rng.randrange(1, 540)),
                    hours=Decimal(rng.choice(["1.0", "1.5", "2.0", "3.0", "4.0"])),
                    given_by=staff,
                )
            )
    # Intensive mentoring of a few NGOs with potential: the 24 or 25 hours the hubs promise their
    # funders, in monthly sessions over the last year (and one NGO still on its way there).
    with_potential = [o for o in civil if o.has_potential][:4] if created else []
    mentoring = next(
        topic for kind, topic in HUBS[hub].SUPPORT_TOPICS if kind == SupportKind.MENTORING
    )
    if hub == "goriska" and created:
        # The ESF operation of 2015–2019: its mentoring and advice, as evidence of that period.
        for number, organisation in enumerate(rng.sample(civil, k=min(30, len(civil)))):
            for _visit in range(8 if number < 6 else 2):
                kind, topic = rng.choice(HUBS[hub].SUPPORT_TOPICS)
                records.append(
                    SupportRecord(
                        organisation=organisation,
                        kind=SupportKind.MENTORING if number < 6 else kind,
                        topic=topic,
                        date=date(2016, 3, 1) + timedelta(days=rng.randrange(1200)),
                        hours=Decimal("3.5") if number < 6 else Decimal("2.0"),
                        given_by=staff,
                    )
                )
    for number, organisation in enumerate(with_potential):
        for month in range(8 if number < 3 else 4):
            records.append(
                SupportRecord(
                    organisation=organisation,
                    kind=SupportKind.MENTORING,
                    topic=mentoring,
                    date=today - timedelta(days=30 * month + 3),
                    hours=Decimal("3.5"),
                    given_by=staff,
                )
            )
    SupportRecord.objects.bulk_create(records)


def entities_load(hub: str, created: list[Organisation], staff) -> None:
    """Enterprises sized by the hub's staff (the SMEs the ESF counts) and advice to some of them
    and to public bodies: the entities the ESF templates report, in the ESF operation's years
    for Goriška and in the last year and a half for every hub."""
    rng = random.Random(f"entities-{hub}")
    today = date.today()  # noqa: DTZ011 - the demo's dates need no time zone
    sizes = [SizeClass.SMALL, SizeClass.MICRO, SizeClass.MEDIUM, SizeClass.LARGE]
    companies = [o for o in created if o.sector == Sector.PRIVATE]
    for organisation, size in zip(companies, sizes, strict=False):
        organisation.size_class = size
        organisation.save(update_fields=["size_class"])
    public = [o for o in created if o.sector == Sector.PUBLIC]
    advice = [topic for kind, topic in HUBS[hub].SUPPORT_TOPICS if kind == SupportKind.ADVICE]
    records = []
    for organisation in [*companies[:3], *public[:3]]:
        days = [today - timedelta(days=rng.randrange(1, 500))]
        if hub == "goriska":
            days.append(date(2016, 3, 1) + timedelta(days=rng.randrange(1200)))
        for day in days:
            records.append(
                SupportRecord(
                    organisation=organisation,
                    kind=SupportKind.ADVICE,
                    topic=rng.choice(advice),
                    date=day,
                    hours=Decimal("2.0"),
                    given_by=staff,
                )
            )
    SupportRecord.objects.bulk_create(records)
