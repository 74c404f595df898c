"""Reads that pages share, with their joins decided here, and who may edit what."""

from __future__ import annotations

from collections.abc import Iterator

from allauth.account.models import EmailAddress
from django.db.models import Prefetch, Q, QuerySet
from django.db.models.functions import Lower
from django.db.models.lookups import In
from django.http import Http404
from django.shortcuts import get_object_or_404

from hub.models import FieldOfActivity, Municipality
from hub.search import QUERY_MAX_LENGTH, search_condition
from hub.text import collated, equals_ignoring_case
from hub.tokens import rows_for_token

from .models import (
    Invitation,
    JoinRequest,
    JoinRequestStatus,
    Membership,
    Organisation,
    Role,
    VerificationStatus,
)


def organisation_directory(*, base: QuerySet[Organisation] | None = None) -> QuerySet:
    """What a directory card shows: the seat and the fields, in a fixed number of queries."""
    queryset = base if base is not None else Organisation.objects.public()
    # Ordered on a unique column last, so no organisation repeats or goes missing across pages.
    return (
        queryset.select_related("seat").prefetch_related("fields").order_by(collated("name"), "pk")
    )


def organisation_profile(slug: str) -> Organisation:
    """The public profile page's organisation with everything it shows, or 404."""
    return get_object_or_404(
        Organisation.objects.select_related("seat__region").prefetch_related(
            "fields", Prefetch("municipalities_served", to_attr="served")
        ),
        slug=slug,
    )


EXPORT_BATCH = 500


def organisation_export_instances(queryset: QuerySet[Organisation]) -> Iterator[Organisation]:
    """The organisations of ``queryset`` for the export's Python writers (the databases other
    than PostgreSQL, which writes the export itself): with their places and fields, a batch at
    a time."""
    return (
        queryset.select_related("seat__region")
        .prefetch_related("fields", "municipalities_served")
        .iterator(chunk_size=EXPORT_BATCH)
    )


class ExportNames:
    """What the export's SQL (``exports_sql``) takes from the export's language: the places
    and fields in the order their lists are written (the order of ``.all()``), as parallel
    lists of ``id``, ``name``, ``slug`` (a place's also ``region_name``, ``region_slug``)."""

    def __init__(self) -> None:
        places = list(Municipality.objects.select_related("region"))
        self.places = {
            "id": [place.pk for place in places],
            "name": [place.name for place in places],
            "slug": [place.slug for place in places],
            "region_name": [place.region.name for place in places],
            "region_slug": [place.region.slug for place in places],
        }
        fields = list(FieldOfActivity.objects.all())
        self.fields = {
            "id": [field.pk for field in fields],
            "name": [str(field.name) for field in fields],
            "slug": [field.slug for field in fields],
        }


def membership_for(user, organisation: Organisation) -> Membership | None:
    if not user.is_authenticated:
        return None
    return Membership.objects.filter(user=user, organisation=organisation).first()


def _organisation_for(user, slug: str, *, roles: set[str]) -> Organisation:
    if not user.is_authenticated:
        raise Http404
    organisation = get_object_or_404(Organisation, slug=slug)
    membership = membership_for(user, organisation)
    if user.is_staff:
        organisation.viewer_role = membership.role if membership else Role.ADMIN
        organisation.viewer_is_staff = True
        return organisation
    if membership is None or membership.role not in roles:
        raise Http404
    organisation.viewer_role = membership.role
    organisation.viewer_is_staff = False
    return organisation


def organisation_for_editor(user, slug: str) -> Organisation:
    """The organisation if the user may edit its profile (its admins and editors, staff), else 404.

    404 rather than 403, so nobody learns which unpublished organisations exist.
    """
    return _organisation_for(user, slug, roles={Role.ADMIN, Role.EDITOR})


def organisation_for_admin(user, slug: str) -> Organisation:
    """The organisation if the user may manage its people (its admins, staff), else 404."""
    return _organisation_for(user, slug, roles={Role.ADMIN})


def dashboard_for(user) -> dict:
    """A person's organisations, their own pending requests, invitations addressed to them,
    and the requests waiting for them as an admin."""
    memberships = list(
        Membership.objects.filter(user=user)
        .select_related("organisation")
        .order_by(collated("organisation__name"))
    )
    admin_of = [m.organisation_id for m in memberships if m.role == Role.ADMIN]
    invitations = [
        invitation
        for invitation in Invitation.objects.filter(
            In(Lower("email"), _verified_addresses(user).values(address=Lower("email"))),
            accepted_at__isnull=True,
            revoked_at__isnull=True,
        ).select_related("organisation", "invited_by")
        if invitation.is_open
    ]
    return {
        "memberships": memberships,
        "own_requests": list(
            JoinRequest.objects.filter(user=user, status=JoinRequestStatus.PENDING)
            .select_related("organisation")
            .order_by("-created_at")
        ),
        "requests_to_decide": list(
            JoinRequest.objects.filter(
                organisation_id__in=admin_of, status=JoinRequestStatus.PENDING
            )
            .select_related("organisation", "user")
            .order_by("created_at")
        ),
        "invitations": invitations,
    }


def _verified_addresses(user) -> QuerySet[EmailAddress]:
    return EmailAddress.objects.filter(user=user, verified=True)


def invitation_is_for(invitation: Invitation, user) -> bool:
    """An invitation is for the account that has confirmed the address it was sent to: the link
    alone, forwarded or seen over a shoulder, lets nobody else in."""
    return (
        user.is_authenticated
        and _verified_addresses(user)
        .filter(equals_ignoring_case("email", invitation.email))
        .exists()
    )


def organisation_people(organisation: Organisation) -> dict:
    return {
        "memberships": list(
            organisation.memberships.select_related("user").order_by("role", "user__email")
        ),
        "join_requests": list(
            organisation.join_requests.filter(status=JoinRequestStatus.PENDING)
            .select_related("user")
            .order_by("created_at")
        ),
        "invitations": [
            invitation
            for invitation in organisation.invitations.filter(
                accepted_at__isnull=True, revoked_at__isnull=True
            ).select_related("invited_by")
            if invitation.is_open
        ],
    }


# Organisations one may ask to join: also those waiting for verification, so colleagues can join
# before it is public; never rejected or inactive ones.
JOINABLE = [VerificationStatus.PENDING, VerificationStatus.VERIFIED]


def organisation_to_join(slug: str) -> Organisation:
    """The organisation behind a join page, or 404 when it is rejected or inactive."""
    return get_object_or_404(Organisation, slug=slug, verification_status__in=JOINABLE)


def organisation_join_candidates(query: str) -> QuerySet[Organisation]:
    """Organisations one may ask to join, found by name or by registration or tax number."""
    query = query.strip()[:QUERY_MAX_LENGTH]
    base = Organisation.objects.filter(verification_status__in=JOINABLE).select_related("seat")
    if not query:
        return base.none()
    compact = "".join(ch for ch in query if ch.isalnum()).upper()
    by_number = (
        Q(registration_number=compact)
        | Q(tax_number=compact)
        | Q(tax_number=compact[2:] if compact[:2] in {"SI", "BG", "PL"} else compact)
    )
    by_name = search_condition(query)
    condition = by_number if by_name is None else by_number | by_name
    return base.filter(condition).order_by(collated("name"), "pk")[:20]


def organisation_join_candidates_for(user, query: str) -> list[Organisation]:
    """``organisation_join_candidates`` for the join page: each marked ``is_mine`` when ``user``
    is a member and ``asked`` when their request to join waits for an answer."""
    candidates = list(organisation_join_candidates(query))
    mine = set(
        Membership.objects.filter(user=user, organisation__in=candidates).values_list(
            "organisation_id", flat=True
        )
    )
    asked = set(
        JoinRequest.objects.filter(
            user=user, organisation__in=candidates, status=JoinRequestStatus.PENDING
        ).values_list("organisation_id", flat=True)
    )
    for candidate in candidates:
        candidate.is_mine = candidate.pk in mine
        candidate.asked = candidate.pk in asked
    return candidates


def invitation_for_token(token: str) -> Invitation | None:
    """The invitation behind a link, whatever its state: the page says why it cannot be used."""
    return rows_for_token(
        Invitation.objects.select_related("organisation", "invited_by"), token
    ).first()
