"""Helping staff build partnerships: who could fill a missing sector, and who works with whom.

Suggestions: for each sector with no active partner, verified organisations of that sector that
work in the partnership's territory (seat or municipalities served) or in its fields, ranked by
how much they match and by how many of the current partners they already work with elsewhere,
each with the reasons in words.

Network: organisations linked when they are partners in the same partnership, drawn as an SVG
on the server (nodes on a circle, a line per pair, thicker for more shared partnerships), with
the same links as a text list for people who do not see the drawing.
"""

from __future__ import annotations

import math
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from xml.sax.saxutils import escape, quoteattr

from django.db.models import Q, QuerySet
from django.utils.formats import number_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from organisations.models import Organisation, Sector, VerificationStatus

from .models import Partner, Partnership
from .selectors import sector_balance

SUGGESTIONS_PER_SECTOR = 5


def _missing_sector_label(sector: str) -> str:
    return {
        Sector.CIVIL: _("no civil-sector partner yet"),
        Sector.PUBLIC: _("no public-sector partner yet"),
        Sector.PRIVATE: _("no private-sector partner yet"),
    }[sector]


@dataclass
class Suggestion:
    organisation: Organisation
    sector: str
    places: list[str] = field(default_factory=list)
    fields: list[str] = field(default_factory=list)
    shared_partners: int = 0

    @property
    def score(self) -> tuple:
        return (bool(self.places) and bool(self.fields), self.shared_partners, len(self.fields))

    @property
    def reasons(self) -> list[str]:
        reasons = [_missing_sector_label(self.sector)]
        if self.places:
            reasons.append(_("works in %(places)s") % {"places": ", ".join(self.places)})
        if self.fields:
            reasons.append(_("on %(fields)s") % {"fields": ", ".join(self.fields)})
        if self.shared_partners:
            reasons.append(
                ngettext(
                    "already partners with %(count)s of your partners",
                    "already partners with %(count)s of your partners",
                    self.shared_partners,
                )
                % {"count": number_format(self.shared_partners)}
            )
        return reasons

    @property
    def explanation(self) -> str:
        return "; ".join(self.reasons)


def partnership_suggestions(partnership: Partnership) -> list[Suggestion]:
    """Organisations that would fill a missing sector, best first (see the module's docstring)."""
    partners = list(partnership.partners.select_related("organisation"))
    missing = sector_balance(partners).missing
    if not missing:
        return []
    places = {m.pk: m.name for m in partnership.municipalities.all()}
    fields = {f.pk: f.name for f in partnership.fields.all()}
    if not places and not fields:
        return []
    current = {partner.organisation_id for partner in partners}
    candidates = list(
        Organisation.objects.filter(
            Q(seat__in=places) | Q(municipalities_served__in=places) | Q(fields__in=fields),
            verification_status=VerificationStatus.VERIFIED,
            sector__in=missing,
        )
        .exclude(pk__in=current)
        .distinct()
        .prefetch_related("fields", "municipalities_served")
        .order_by("pk")
    )
    if not candidates:
        return []
    # With how many of the current partners each candidate is a partner somewhere else.
    together = (
        Partner.objects.filter(organisation__in=candidates)
        .exclude(partnership=partnership)
        .filter(partnership__partners__organisation__in=current)
        .values_list("organisation_id", "partnership__partners__organisation_id")
        .distinct()
    )
    shared = Counter(candidate for candidate, _partner in together)

    found: dict[str, list[Suggestion]] = defaultdict(list)
    for organisation in candidates:
        served = {m.pk for m in organisation.municipalities_served.all()}
        if organisation.seat_id:
            served.add(organisation.seat_id)
        suggestion = Suggestion(
            organisation=organisation,
            sector=organisation.sector,
            places=sorted(places[pk] for pk in served & places.keys()),
            fields=sorted(fields[f.pk] for f in organisation.fields.all() if f.pk in fields),
            shared_partners=shared[organisation.pk],
        )
        found[organisation.sector].append(suggestion)
    ranked = []
    for sector in missing:
        ranked += sorted(found[sector], key=_rank)[:SUGGESTIONS_PER_SECTOR]
    return ranked


def _rank(suggestion: Suggestion) -> tuple:
    """Best first: both territory and fields, then more shared partners, then more fields."""
    both, shared, fields = suggestion.score
    return (not both, -shared, -fields, suggestion.organisation.name.casefold())


# The network


@dataclass
class Network:
    organisations: list[dict]  # id, name, sector, partners (names of those linked)
    links: list[tuple[int, int, int]]  # (organisation id, organisation id, shared partnerships)


def partnership_network(partnerships: QuerySet[Partnership]) -> Network:
    """Organisations linked by the partnerships they share, among the given partnerships and
    their active partners, in one query."""
    rows = (
        Partner.objects.active()
        .filter(partnership__in=partnerships)
        .values_list(
            "partnership_id", "organisation_id", "organisation__name", "organisation__sector"
        )
    )
    members: dict[int, list[int]] = defaultdict(list)
    names: dict[int, tuple[str, str]] = {}
    for partnership_id, organisation_id, name, sector in rows:
        members[partnership_id].append(organisation_id)
        names[organisation_id] = (name, sector)
    weights: Counter = Counter()
    for organisation_ids in members.values():
        ids = sorted(set(organisation_ids))
        for index, first in enumerate(ids):
            for second in ids[index + 1 :]:
                weights[(first, second)] += 1
    neighbours: dict[int, set[int]] = defaultdict(set)
    for first, second in weights:
        neighbours[first].add(second)
        neighbours[second].add(first)
    organisations = sorted(
        (
            {
                "id": pk,
                "name": name,
                "sector": sector,
                "sector_label": Sector(sector).label,
                "partners": sorted(names[other][0] for other in neighbours[pk]),
            }
            for pk, (name, sector) in names.items()
        ),
        key=lambda organisation: organisation["name"].casefold(),
    )
    links = sorted((first, second, weight) for (first, second), weight in weights.items())
    return Network(organisations=organisations, links=links)


# Room around the circle for the longest label (about 7.5 units a character at this size).
SIZE = 1000
RADIUS = 220
LABEL_LENGTH = 32


def network_svg(network: Network, *, title: str) -> str:
    """The network as a standalone SVG document (valid XML): organisations on a circle, named,
    coloured by sector, a line for each pair that shares partnerships."""
    count = len(network.organisations)
    centre = SIZE / 2
    position = {}
    for index, organisation in enumerate(network.organisations):
        angle = 2 * math.pi * index / max(count, 1) - math.pi / 2
        position[organisation["id"]] = (
            angle,
            centre + RADIUS * math.cos(angle),
            centre + RADIUS * math.sin(angle),
        )
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {SIZE} {SIZE}" '
        f'role="img" aria-labelledby="network-title" class="network-drawing">',
        f'<title id="network-title">{escape(title)}</title>',
    ]
    for first, second, weight in network.links:
        _, x1, y1 = position[first]
        _, x2, y2 = position[second]
        parts.append(
            f'<line class="network-link" x1="{x1:.1f}" y1="{y1:.1f}" x2="{x2:.1f}" y2="{y2:.1f}" '
            f'stroke="#8795a1" stroke-opacity="0.7" stroke-width="{min(weight, 6)}"/>'
        )
    for organisation in network.organisations:
        angle, x, y = position[organisation["id"]]
        right = math.cos(angle) >= 0
        label = organisation["name"]
        if len(label) > LABEL_LENGTH:
            label = label[: LABEL_LENGTH - 1] + "…"
        lx = x + (10 if right else -10)
        rotation = math.degrees(angle) if right else math.degrees(angle) + 180
        parts.append(
            f'<g class="network-node"><title>{escape(organisation["name"])}</title>'
            f'<circle class="sector-{organisation["sector"]}" cx="{x:.1f}" cy="{y:.1f}" r="7"/>'
            f'<text x="{lx:.1f}" y="{y:.1f}" font-size="13" dominant-baseline="middle" '
            f"text-anchor={quoteattr('start' if right else 'end')} "
            f'transform="rotate({rotation:.1f} {x:.1f} {y:.1f})">{escape(label)}</text></g>'
        )
    parts.append("</svg>")
    return "".join(parts)
