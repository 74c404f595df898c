"""Reads that pages share, the sector balance, and who may see and edit a partnership."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from django.db.models import Prefetch, QuerySet
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils import timezone

from hub.text import collated
from organisations.models import Membership, Organisation, Role, Sector

from .models import Commitment, CommitmentStatus, Meeting, Partner, Partnership

# Sector balance: computed here and nowhere else.


@dataclass(frozen=True)
class SectorBalance:
    """How many active partners each sector has; cross-sector when none of the three is 0."""

    counts: dict[str, int]
    labels: dict[str, str] = field(default_factory=lambda: dict(Sector.choices))

    @property
    def total(self) -> int:
        return sum(self.counts.values())

    @property
    def is_cross_sector(self) -> bool:
        return all(self.counts[sector] > 0 for sector in Sector.values)

    @property
    def missing(self) -> list[str]:
        return [sector for sector in Sector.values if self.counts[sector] == 0]

    @property
    def parts(self) -> list[dict]:
        """Each sector with its count, label and share of the bar (in whole per cent)."""
        total = self.total
        parts, offset = [], 0.0
        for sector in Sector.values:
            share = 100 * self.counts[sector] / total if total else 0
            parts.append(
                {
                    "sector": sector,
                    "label": self.labels[sector],
                    "count": self.counts[sector],
                    "percent": round(share),
                    # Where its stretch of the drawn bar starts and how long it is, out of 100.
                    "x": f"{offset:.2f}",
                    "width": f"{share:.2f}",
                }
            )
            offset += share
        return parts


def sector_balance(partners: Iterable[Partner], *, on=None) -> SectorBalance:
    """The balance of partners already loaded with their organisations (no query of its own):
    only partners active on that day (today) count."""
    on = on or timezone.localdate()
    counts = dict.fromkeys(Sector.values, 0)
    for partner in partners:
        if partner.joined <= on and (partner.left is None or partner.left > on):
            counts[partner.organisation.sector] += 1
    return SectorBalance(counts=counts)


def cross_sector_ids(queryset: QuerySet[Partnership] | None = None, *, on=None) -> set[int]:
    """The ids of partnerships with an active partner in every sector, in one query."""
    on = on or timezone.localdate()
    active = Partner.objects.active(on)
    if queryset is not None:
        active = active.filter(partnership__in=queryset)
    sectors: dict[int, set[str]] = {}
    for partnership_id, sector in active.values_list(
        "partnership_id", "organisation__sector"
    ).distinct():
        sectors.setdefault(partnership_id, set()).add(sector)
    return {pk for pk, found in sectors.items() if found >= set(Sector.values)}


def _partners_prefetch() -> Prefetch:
    return Prefetch(
        "partners",
        queryset=Partner.objects.select_related("organisation").order_by(
            "role", collated("organisation__name"), "pk"
        ),
    )


def partnership_list(*, user) -> QuerySet[Partnership]:
    """What a list card shows: territory, fields and partners (for the balance), in a fixed
    number of queries."""
    return (
        Partnership.objects.visible_to(user)
        .prefetch_related("municipalities", "fields", _partners_prefetch())
        .order_by(collated("title"), "pk")
    )


# Access: one helper per resource, each answering the object or 404.


def _memberships(user) -> dict[int, str]:
    if not user.is_authenticated:
        return {}
    return dict(Membership.objects.filter(user=user).values_list("organisation_id", "role"))


def partnership_for_viewer(user, slug: str) -> Partnership:
    """The partnership with everything its page shows, if the person may see it, else 404.

    Sets ``viewer_partner`` (the partner entry the person administers, if any),
    ``viewer_is_partner`` (any member of a partner) and ``viewer_may_edit``.
    """
    partnership = get_object_or_404(
        Partnership.objects.prefetch_related(
            "municipalities",
            "fields",
            _partners_prefetch(),
            Prefetch(
                "meetings",
                queryset=Meeting.objects.prefetch_related(
                    Prefetch("present", queryset=Partner.objects.select_related("organisation"))
                ),
            ),
            "stage_changes",
            "outcomes",
            Prefetch(
                "partners__commitments",
                queryset=Commitment.objects.all(),
                to_attr="commitment_list",
            ),
        ).select_related("facilitator"),
        slug=slug,
    )
    roles = _memberships(user)
    partners = list(partnership.partners.all())
    member_of = [p for p in partners if p.organisation_id in roles]
    admin_of = [p for p in member_of if roles[p.organisation_id] == Role.ADMIN]
    is_staff = user.is_authenticated and user.is_staff
    if not partnership.is_public and not (is_staff or member_of):
        raise Http404
    partnership.viewer_is_staff = is_staff
    partnership.viewer_is_partner = bool(member_of) or is_staff
    partnership.viewer_partners = admin_of
    partnership.viewer_may_edit = is_staff or bool(admin_of)
    return partnership


def _partnership_for(user, slug: str) -> tuple[Partnership, list[Partner]]:
    """The partnership if the person is staff or an admin of one of its partners, with the
    partner entries they administer (all of them for staff); else 404."""
    if not user.is_authenticated:
        raise Http404
    partnership = get_object_or_404(Partnership, slug=slug)
    partners = Partner.objects.filter(partnership=partnership).select_related("organisation")
    if user.is_staff:
        return partnership, list(partners)
    admin_of = list(
        partners.filter(
            organisation__memberships__user=user, organisation__memberships__role=Role.ADMIN
        )
    )
    if not admin_of:
        raise Http404
    return partnership, admin_of


def partnership_for_member(user, slug: str) -> Partnership:
    """The partnership if the person is staff or a member (any role) of one of its partners,
    who may ask for the agreement; else 404."""
    if not user.is_authenticated:
        raise Http404
    partnership = get_object_or_404(Partnership, slug=slug)
    if user.is_staff:
        return partnership
    theirs = Partner.objects.filter(partnership=partnership, organisation__memberships__user=user)
    if not theirs.exists():
        raise Http404
    return partnership


def partnership_for_partner(user, slug: str) -> Partnership:
    """The partnership if the person may add meetings and outcomes to it: staff and the admins
    of its partner organisations. 404 otherwise, so nobody learns of private partnerships."""
    partnership, partners = _partnership_for(user, slug)
    partnership.editable_partners = partners
    return partnership


def partner_for_partner(user, slug: str, pk: int) -> Partner:
    """A partner entry the person may update: their own organisation's (any, for staff)."""
    _, partners = _partnership_for(user, slug)
    for partner in partners:
        if partner.pk == pk:
            return partner
    raise Http404


def commitment_for_partner(user, slug: str, pk: int) -> Commitment:
    """A commitment the person may update: one of their own organisation's (any, for staff),
    in this partnership only."""
    _, partners = _partnership_for(user, slug)
    return get_object_or_404(
        Commitment.objects.select_related("partner__organisation"),
        pk=pk,
        partner__in=[partner.pk for partner in partners],
    )


def commitment_progress(commitments: Iterable[Commitment]) -> dict:
    """Done out of those still standing (dropped ones do not count)."""
    counted = [c for c in commitments if c.status != CommitmentStatus.DROPPED]
    done = sum(1 for c in counted if c.status == CommitmentStatus.DONE)
    total = len(counted)
    return {"done": done, "total": total, "percent": round(100 * done / total) if total else 0}


def partnerships_of(organisation: Organisation, *, user) -> list[Partnership]:
    """The partnerships an organisation is (or was) a partner in, as its profile lists them."""
    return list(partnership_list(user=user).filter(partners__organisation=organisation).distinct())


def profile_section(organisation: Organisation, user) -> dict | None:
    """The organisation profile's list of its partnerships, each with its sector balance."""
    partnerships = partnerships_of(organisation, user=user)
    if not partnerships:
        return None
    for partnership in partnerships:
        partnership.balance = sector_balance(partnership.partners.all())
    return {"template": "partnerships/_profile_section.html", "partnerships": partnerships}
