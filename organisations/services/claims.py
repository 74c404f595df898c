"""Claiming an imported profile: staff invite organisations without members, and whoever opens
the link from the organisation's public address becomes its admin."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from allauth.account.models import EmailAddress
from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from hub.emails import email_build, email_send
from hub.models import OutboxEmail, User
from hub.selectors import hub_profile
from hub.text import equals_ignoring_case

from ..models import JoinRequest, JoinRequestStatus, Membership, Organisation, Role
from ..tokens import claim_token, claim_token_read
from .emails import email_about
from .errors import ClaimInvalid

# Claim invitations leave at most this many a minute, however many staff select at once.
CLAIM_INVITATIONS_PER_MINUTE = 20


def organisation_claim_invite(*, organisations, by, now: datetime | None = None) -> list:
    """Invite organisations without members to claim their profiles, at their public address.

    Each organisation is invited once, whatever the clicks: the first call marks it (a
    conditional update) and its e-mail has a key of its own in the outbox. The e-mails leave
    ``CLAIM_INVITATIONS_PER_MINUTE`` a minute, after any claim invitations still waiting.
    Returns the organisations invited now.
    """
    now = now or timezone.now()
    spacing = timedelta(minutes=1) / CLAIM_INVITATIONS_PER_MINUTE
    invited = []
    with transaction.atomic():
        last = (
            OutboxEmail.objects.filter(
                template="organisations/claim", status=OutboxEmail.Status.QUEUED
            )
            .order_by("-next_attempt_at")
            .values_list("next_attempt_at", flat=True)
            .first()
        )
        slot = max(now, last + spacing) if last else now
        for organisation in organisations:
            if not organisation.email or organisation.memberships.exists():
                continue
            claimed = Organisation.objects.filter(
                pk=organisation.pk, claim_invited_at__isnull=True
            ).update(claim_invited_at=now)
            if not claimed:
                continue
            organisation.claim_invited_at = now
            email_send(
                key=f"organisation-claim:{organisation.pk}",
                message=email_build(
                    template="organisations/claim",
                    to=[organisation.email],
                    context={
                        "organisation": organisation,
                        "site_url": settings.SITE_URL,
                        "hub_email": hub_profile().email,
                        "token": claim_token(organisation),
                    },
                    language=organisation.language,
                ),
                not_before=slot,
            )
            slot += spacing
            invited.append(organisation)
    return invited


def claim_for(token: str) -> tuple[Organisation, str]:
    """The organisation and address of a claim link, or ClaimInvalid saying why not."""
    read = claim_token_read(token)
    organisation = read and Organisation.objects.filter(pk=read[0]).first()
    if not organisation:
        raise ClaimInvalid(
            _(
                "This link to claim a profile is not valid or has expired. Ask the hub for a new one."
            )
        )
    if organisation.memberships.filter(role=Role.ADMIN).exists():
        raise ClaimInvalid(
            _("The profile of “%(name)s” has already been claimed; ask its admins to invite you.")
            % {"name": organisation.name}
        )
    return organisation, read[1]


@dataclass(frozen=True)
class ClaimLink:
    """What the claim page needs to know about a link and the person who opened it."""

    organisation: Organisation
    address: str
    # An account with the address exists: the person signs in with it instead of signing up.
    has_account: bool
    # The person is signed in with the address (or has added it to the account).
    own_address: bool


def claim_link_for(*, token: str, user) -> ClaimLink:
    """The claim link's organisation and address as ``user`` sees them; ClaimInvalid when the
    link is not valid or the profile is already claimed."""
    organisation, address = claim_for(token)
    own_address = user.is_authenticated and (
        user.email.lower() == address.lower()
        or EmailAddress.objects.filter(user=user)
        .filter(equals_ignoring_case("email", address))
        .exists()
    )
    return ClaimLink(
        organisation=organisation,
        address=address,
        has_account=User.objects.filter(equals_ignoring_case("email", address)).exists(),
        own_address=own_address,
    )


def organisation_claim(*, token: str, user) -> Membership | JoinRequest:
    """The person who opens the link from the address it was sent to becomes the admin: the
    link proves the address, which is marked verified. From any other account the claim becomes
    a request that staff decide."""
    organisation, address = claim_for(token)
    with transaction.atomic():
        own = EmailAddress.objects.filter(user=user).filter(equals_ignoring_case("email", address))
        if own.exists() or user.email.lower() == address.lower():
            if not own.exists():
                EmailAddress.objects.create(user=user, email=user.email, primary=True)
            own.update(verified=True)
            membership, _created = Membership.objects.update_or_create(
                user=user, organisation=organisation, defaults={"role": Role.ADMIN}
            )
            return membership
        existing = organisation.join_requests.filter(
            user=user, status=JoinRequestStatus.PENDING
        ).first()
        if existing:
            return existing
        join_request = JoinRequest.objects.create(
            organisation=organisation,
            user=user,
            claim=True,
            message=_("Claims the profile with the link sent to %(address)s.")
            % {"address": address},
        )
        email_about(
            template="claim_request",
            to=[hub_profile().email],
            organisation=organisation,
            context={"join_request": join_request, "address": address},
            language=hub_profile().language,
            key=f"claim-request:{join_request.pk}",
        )
    return join_request


def organisation_claim_sign_up(*, token: str, password: str):
    """A person without an account claims with the link: the account is made for the address
    the link was sent to, already verified, and becomes the organisation's admin."""
    organisation, address = claim_for(token)
    if User.objects.filter(equals_ignoring_case("email", address)).exists():
        raise ClaimInvalid(_("An account with this address exists: sign in to claim the profile."))
    with transaction.atomic():
        user = User.objects.create_user(email=address, password=password)
        EmailAddress.objects.create(user=user, email=address, primary=True, verified=True)
        Membership.objects.create(user=user, organisation=organisation, role=Role.ADMIN)
    return user
