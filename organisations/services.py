"""Every write to organisations and memberships that has a rule attached.

Services never see the request and never show messages: they raise an ``OrganisationError``
whose text the view shows.
"""

from __future__ import annotations

import logging
from datetime import datetime, timedelta
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import F, Q
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.text import slugify
from django.utils.translation import gettext as _

from hub.cache import data_changed
from hub.emails import email_build, email_send
from hub.selectors import hub_profile
from hub.storage import storage_guard
from hub.text import ascii_slug, equals_ignoring_case
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
from .selectors import invitation_is_for
from .tokens import confirmation_token
from .validators import (
    normalise_registration_number,
    normalise_tax_number,
    registration_number_forms,
    tax_number_forms,
)

logger = logging.getLogger(__name__)

# Fields that an organisation's admins and editors keep themselves. Staff-only fields
# (verification, "NGO with potential", staff notes) are not here, whatever a form posts.
PROFILE_FIELDS = [
    "name",
    "short_name",
    "sector",
    "legal_form",
    "country",
    "registration_number",
    "tax_number",
    "seat",
    "description",
    "website",
    "email",
    "phone",
    "logo",
    "members",
    "employees",
    "volunteers",
    "founded_year",
    "public_interest",
]
PROFILE_M2M_FIELDS = ["municipalities_served", "fields"]

# How many slugs organisation_create tries when others take them at the same moment.
SLUG_ATTEMPTS = 5

# Paths under /organisations/ that a slug must not shadow.
RESERVED_SLUGS = {
    "my",
    "register",
    "join",
    "invitations",
    "requests",
    "open-data",
    "export",
    "claim",
}

# The language an organisation's e-mails are written in: the one of its country.
COUNTRY_LANGUAGE = {"SI": "sl", "BG": "bg", "PL": "pl"}


class OrganisationError(Exception):
    """A rule said no; ``str(error)`` is the message for the person."""


class AlreadyRegistered(OrganisationError):
    def __init__(self, organisation: Organisation):
        self.organisation = organisation
        super().__init__(
            _("This organisation is already registered — ask to join “%(name)s” instead.")
            % {"name": organisation.name}
        )


class ProfileChanged(OrganisationError):
    def __init__(self, current: Organisation):
        self.current = current
        super().__init__(
            _(
                "Someone else saved this profile while you were editing it. Your changes are "
                "still in the form below and have not been saved: check them against the "
                "current profile and save again."
            )
        )


class LastAdmin(OrganisationError):
    def __init__(self):
        super().__init__(
            _(
                "An organisation needs at least one admin. Make someone else an admin first, "
                "then change this membership."
            )
        )


class NameBusy(OrganisationError):
    def __init__(self):
        super().__init__(
            _(
                "Many organisations are being registered under this name right now. Please try again."
            )
        )


class InvitationInvalid(OrganisationError):
    pass


class InvitationForSomeoneElse(InvitationInvalid):
    def __init__(self):
        super().__init__(
            _(
                "This invitation was sent to another e-mail address. Sign in with the account "
                "of that address, or add the address to your account and confirm it, then open "
                "the link again."
            )
        )


def _language_for(organisation: Organisation) -> str:
    return COUNTRY_LANGUAGE.get(organisation.country, settings.LANGUAGE_CODE)


def _admin_emails(organisation: Organisation) -> list[str]:
    return list(
        organisation.memberships.filter(role=Role.ADMIN, user__is_active=True)
        .order_by("user__email")
        .values_list("user__email", flat=True)
    )


def _send(
    *,
    template: str,
    to: list[str],
    organisation: Organisation,
    key: str,
    context: dict | None = None,
    language: str | None = None,
) -> None:
    """Queue one e-mail about an organisation, sent after the transaction commits."""
    email_send(
        key=key,
        message=email_build(
            template=f"organisations/{template}",
            to=to,
            context={
                "organisation": organisation,
                "site_url": settings.SITE_URL,
                "hub_email": hub_profile().email,
                **(context or {}),
            },
            language=language or _language_for(organisation),
        ),
    )


def _mail_admins_of(organisation: Organisation, *, template: str, context: dict, key: str) -> None:
    recipients = _admin_emails(organisation)
    if recipients:
        _send(template=template, to=recipients, organisation=organisation, context=context, key=key)


def organisation_unique_slug(name: str, *, exclude_pk: int | None = None) -> str:
    base = ascii_slug(name)[:100].strip("-") or slugify("organisation")
    if base in RESERVED_SLUGS:
        base = f"{base}-organisation"
    taken = set(
        Organisation.objects.filter(slug__startswith=base)
        .exclude(pk=exclude_pk)
        .values_list("slug", flat=True)
    )
    slug, number = base, 2
    while slug in taken:
        slug, number = f"{base}-{number}", number + 1
    return slug


def organisation_find_registered(
    *,
    country: str,
    registration_number: str = "",
    tax_number: str = "",
    exclude_pk: int | None = None,
) -> Organisation | None:
    """The organisation already holding one of these numbers in this country, if any, in
    whichever of the number's forms it was stored."""
    condition = Q()
    if registration_number:
        condition |= Q(
            registration_number__in=registration_number_forms(registration_number, country)
        )
    if tax_number:
        condition |= Q(tax_number__in=tax_number_forms(tax_number, country))
    if not condition:
        return None
    return (
        Organisation.objects.filter(condition, country=country)
        .exclude(pk=exclude_pk)
        .order_by("pk")
        .first()
    )


def organisation_numbers_clean(
    *,
    country: str,
    registration_number: str = "",
    tax_number: str = "",
    exclude_pk: int | None = None,
) -> tuple[dict[str, str], dict[str, ValidationError], Organisation | None]:
    """The registration form's (and the import's) one check of an organisation's numbers.

    Each number is checked by its country's scheme (python-stdnum) and returned compact, the form
    it is stored in; an error names the number the country uses. A number that another
    organisation of the country already holds, in any stored form, is an error too, and that
    organisation is returned so the person can be offered to join it instead.
    """
    cleaned: dict[str, str] = {}
    errors: dict[str, ValidationError] = {}
    for name, value, normalise in [
        ("registration_number", registration_number, normalise_registration_number),
        ("tax_number", tax_number, normalise_tax_number),
    ]:
        try:
            cleaned[name] = normalise(value or "", country)
        except ValidationError as error:
            errors[name] = error
    existing = organisation_find_registered(
        country=country,
        registration_number=cleaned.get("registration_number", ""),
        tax_number=cleaned.get("tax_number", ""),
        exclude_pk=exclude_pk,
    )
    if existing:
        forms = {
            "registration_number": registration_number_forms,
            "tax_number": tax_number_forms,
        }
        for name, number_forms in forms.items():
            number = cleaned.get(name)
            if number and getattr(existing, name) in number_forms(number, country):
                errors[name] = ValidationError(
                    _("Another organisation from this country already has this number: %(name)s."),
                    code="registered",
                    params={"name": existing.name},
                )
    return cleaned, errors, existing


def organisation_create(*, by, data: dict[str, Any]) -> Organisation:
    """A new organisation starts pending, and the person who registers it is its first admin.

    Two people registering organisations of the same name at the same moment both get one, with
    different slugs: the one whose slug was taken a moment ago tries the next free one.
    """
    numbers = {
        "country": data["country"],
        "registration_number": data.get("registration_number", ""),
        "tax_number": data.get("tax_number", ""),
    }
    existing = organisation_find_registered(**numbers)
    if existing:
        raise AlreadyRegistered(existing)
    for _attempt in range(SLUG_ATTEMPTS):
        organisation = Organisation(
            **{name: data[name] for name in PROFILE_FIELDS if name in data},
            slug=organisation_unique_slug(data["name"]),
            verification_status=VerificationStatus.PENDING,
        )
        organisation._history_user = by
        try:
            with transaction.atomic(), storage_guard():
                organisation.save()
                for name in PROFILE_M2M_FIELDS:
                    getattr(organisation, name).set(data.get(name, []))
                Membership.objects.create(user=by, organisation=organisation, role=Role.ADMIN)
        except IntegrityError:
            # Someone registered the same number, or took the same slug, a moment ago.
            existing = organisation_find_registered(**numbers)
            if existing:
                raise AlreadyRegistered(existing) from None
            if not Organisation.objects.filter(slug=organisation.slug).exists():
                raise
        else:
            break
    else:
        raise NameBusy
    _send(
        template="registered",
        to=[hub_profile().email],
        organisation=organisation,
        context={"registrant": by},
        language=hub_profile().language,
        key=f"organisation-registered:{organisation.pk}",
    )
    return organisation


def organisation_update(
    *, organisation: Organisation, by, data: dict[str, Any], expected_version: int
) -> Organisation:
    """Save a profile unless it changed since the form was opened (``ProfileChanged``)."""
    with transaction.atomic():
        current = Organisation.objects.select_for_update().get(pk=organisation.pk)
        if current.version != expected_version:
            raise ProfileChanged(current)
        existing = organisation_find_registered(
            country=data.get("country", current.country),
            registration_number=data.get("registration_number", ""),
            tax_number=data.get("tax_number", ""),
            exclude_pk=current.pk,
        )
        if existing:
            raise AlreadyRegistered(existing)
        for name in PROFILE_FIELDS:
            if name in data:
                setattr(current, name, data[name])
        current.version = F("version") + 1
        current._history_user = by
        with storage_guard():  # a new logo goes to the store here
            current.save()
        for name in PROFILE_M2M_FIELDS:
            if name in data:
                getattr(current, name).set(data[name])
    current.refresh_from_db()
    return current


def organisation_confirm(*, organisation: Organisation, by) -> None:
    """The profile is still correct: the year until the next reminder starts again."""
    Organisation.objects.filter(pk=organisation.pk).update(
        last_confirmed_at=timezone.now(), confirmation_reminders_sent=0, last_reminder_at=None
    )
    # update() sends no signal; the exports show when a profile was last confirmed.
    data_changed("organisations")


def _set_status(*, organisation: Organisation, by, status: str, reason: str = "") -> Organisation:
    organisation.verification_status = status
    organisation.verified_by = by
    organisation.verified_at = timezone.now()
    organisation.rejection_reason = reason
    organisation._history_user = by
    organisation.save(
        update_fields=[
            "verification_status",
            "verified_by",
            "verified_at",
            "rejection_reason",
            "updated_at",
        ]
    )
    return organisation


def organisation_verify(*, organisation: Organisation, by) -> Organisation:
    """Make the organisation public and tell its admins."""
    with transaction.atomic():
        _set_status(organisation=organisation, by=by, status=VerificationStatus.VERIFIED)
        _mail_admins_of(
            organisation,
            template="verified",
            context={},
            key=f"organisation-verified:{organisation.pk}:{organisation.verified_at.isoformat()}",
        )
    return organisation


def organisation_reject(*, organisation: Organisation, by, reason: str) -> Organisation:
    """Keep the organisation out of the directory; its admins are told why."""
    reason = reason.strip()
    if not reason:
        raise OrganisationError(_("Give the reason for the rejection; the organisation sees it."))
    with transaction.atomic():
        _set_status(
            organisation=organisation, by=by, status=VerificationStatus.REJECTED, reason=reason
        )
        _mail_admins_of(
            organisation,
            template="rejected",
            context={},
            key=f"organisation-rejected:{organisation.pk}:{organisation.verified_at.isoformat()}",
        )
    return organisation


def organisation_set_status(
    *, organisation: Organisation, by, status: str, reason: str = ""
) -> Organisation:
    """Any status staff choose; verifying and rejecting tell the organisation's admins."""
    if status == VerificationStatus.VERIFIED:
        return organisation_verify(organisation=organisation, by=by)
    if status == VerificationStatus.REJECTED:
        return organisation_reject(organisation=organisation, by=by, reason=reason)
    return _set_status(organisation=organisation, by=by, status=status)


# Memberships


def _admin_count(organisation: Organisation) -> int:
    return organisation.memberships.filter(role=Role.ADMIN).count()


def membership_change_role(*, membership: Membership, role: str, by) -> Membership:
    """Anyone may be made admin or editor, except that the last admin cannot be demoted."""
    if role not in Role.values:
        raise OrganisationError(_("Choose a role: admin or editor."))
    with transaction.atomic():
        # Locking the organisation's admins serialises two admins demoting each other.
        list(
            Membership.objects.select_for_update().filter(
                organisation_id=membership.organisation_id, role=Role.ADMIN
            )
        )
        membership.refresh_from_db()
        if (
            membership.role == Role.ADMIN
            and role != Role.ADMIN
            and _admin_count(membership.organisation) <= 1
        ):
            raise LastAdmin
        membership.role = role
        membership._history_user = by
        membership.save(update_fields=["role"])
    return membership


def membership_remove(*, membership: Membership, by) -> None:
    """Remove someone (or leave oneself); the last admin cannot go."""
    with transaction.atomic():
        list(
            Membership.objects.select_for_update().filter(
                organisation_id=membership.organisation_id, role=Role.ADMIN
            )
        )
        membership.refresh_from_db()
        if membership.role == Role.ADMIN and _admin_count(membership.organisation) <= 1:
            raise LastAdmin
        membership._history_user = by
        membership.delete()


# Join requests


class JoinRequestAnswerer:
    """Who was asked to answer a new join request (``JoinRequest.answered_by`` after creation)."""

    ADMINS = "admins"
    STAFF = "staff"


# Staff who hold it answer the join requests of organisations without admins.
JOIN_REQUEST_PERMISSION = "organisations.change_joinrequest"


def join_request_create(*, organisation: Organisation, user, message: str = "") -> JoinRequest:
    """Ask to join; the organisation's admins are told, or the hub's staff when it has none.
    The returned request's ``answered_by`` says which (a ``JoinRequestAnswerer``)."""
    if organisation.verification_status not in {
        VerificationStatus.PENDING,
        VerificationStatus.VERIFIED,
    }:
        raise OrganisationError(_("This organisation does not accept new members."))
    if organisation.memberships.filter(user=user).exists():
        raise OrganisationError(_("You are already a member of this organisation."))
    if organisation.join_requests.filter(user=user, status=JoinRequestStatus.PENDING).exists():
        raise OrganisationError(
            _("You have already asked to join; you will hear the answer by e-mail.")
        )
    try:
        with transaction.atomic():
            join_request = JoinRequest.objects.create(
                organisation=organisation, user=user, message=message.strip()
            )
    except IntegrityError:
        raise OrganisationError(
            _("You have already asked to join; you will hear the answer by e-mail.")
        ) from None
    admins = _admin_emails(organisation)
    if admins:
        _send(
            template="join_request",
            to=admins,
            organisation=organisation,
            context={"join_request": join_request},
            key=f"join-request:{join_request.pk}",
        )
    else:
        # Most organisations (imported, or registered by someone who left) have no admin:
        # the hub's staff answer instead, from the admin's list of open requests.
        _send(
            template="join_request_staff",
            to=join_request_staff_emails(),
            organisation=organisation,
            context={"join_request": join_request},
            language=hub_profile().language,
            key=f"join-request:{join_request.pk}",
        )
    join_request.answered_by = JoinRequestAnswerer.ADMINS if admins else JoinRequestAnswerer.STAFF
    return join_request


def join_request_staff_emails() -> list[str]:
    """Staff who may answer join requests in the admin; the hub's address when there are none."""
    from django.contrib.auth.models import Permission

    from hub.models import User

    app_label, codename = JOIN_REQUEST_PERMISSION.split(".")
    permission = Permission.objects.filter(content_type__app_label=app_label, codename=codename)
    staff = (
        User.objects.filter(is_staff=True, is_active=True)
        .filter(
            Q(is_superuser=True)
            | Q(user_permissions__in=permission)
            | Q(groups__permissions__in=permission)
        )
        .exclude(email="")
        .order_by("email")
        .values_list("email", flat=True)
        .distinct()
    )
    return list(staff) or [hub_profile().email]


def _decide(join_request: JoinRequest, *, by, status: str) -> bool:
    """Claim the pending request; False when someone else decided it first."""
    return bool(
        JoinRequest.objects.filter(pk=join_request.pk, status=JoinRequestStatus.PENDING).update(
            status=status, decided_by=by, decided_at=timezone.now()
        )
    )


def _decided_by_staff(join_request: JoinRequest, by) -> bool:
    """Whether the answer came from the hub (in the admin) rather than one of the organisation's
    admins: the person is told who answered."""
    return not join_request.organisation.memberships.filter(user=by, role=Role.ADMIN).exists()


def join_request_approve(*, join_request: JoinRequest, by) -> Membership:
    """The person becomes an editor; an admin can make them an admin afterwards."""
    with transaction.atomic():
        if not _decide(join_request, by=by, status=JoinRequestStatus.APPROVED):
            raise OrganisationError(_("This request has already been answered."))
        # A claim of an imported profile makes its first admin.
        role = Role.ADMIN if join_request.claim else Role.EDITOR
        membership, created = Membership.objects.get_or_create(
            user=join_request.user,
            organisation=join_request.organisation,
            defaults={"role": role},
        )
        if not created and role == Role.ADMIN and membership.role != Role.ADMIN:
            membership.role = Role.ADMIN
            membership.save(update_fields=["role"])
        _send(
            template="join_approved",
            to=[join_request.user.email],
            organisation=join_request.organisation,
            context={"by_staff": _decided_by_staff(join_request, by)},
            key=f"join-request-approved:{join_request.pk}",
        )
    return membership


def join_request_decline(*, join_request: JoinRequest, by) -> None:
    with transaction.atomic():
        if not _decide(join_request, by=by, status=JoinRequestStatus.DECLINED):
            raise OrganisationError(_("This request has already been answered."))
        _send(
            template="join_declined",
            to=[join_request.user.email],
            organisation=join_request.organisation,
            context={"by_staff": _decided_by_staff(join_request, by)},
            key=f"join-request-declined:{join_request.pk}",
        )


def join_request_withdraw(*, join_request: JoinRequest, by) -> None:
    if not _decide(join_request, by=by, status=JoinRequestStatus.WITHDRAWN):
        raise OrganisationError(_("This request has already been answered."))


# Invitations


def invitation_create(*, organisation: Organisation, email: str, role: str, by) -> Invitation:
    """Invite a colleague by e-mail; an earlier open invitation to the same address is replaced."""
    email = email.strip()
    if organisation.memberships.filter(equals_ignoring_case("user__email", email)).exists():
        raise OrganisationError(_("%(email)s is already a member.") % {"email": email})
    with transaction.atomic():
        now = timezone.now()
        organisation.invitations.filter(
            equals_ignoring_case("email", email), accepted_at__isnull=True, revoked_at__isnull=True
        ).update(revoked_at=now)
        invitation = Invitation.objects.create(
            organisation=organisation, email=email, role=role, invited_by=by
        )
        _send(
            template="invitation",
            to=[email],
            organisation=organisation,
            context={"invitation": invitation, "by": by},
            key=f"invitation:{invitation.pk}",
        )
    return invitation


def invitation_revoke(*, invitation: Invitation, by) -> None:
    Invitation.objects.filter(pk=invitation.pk, accepted_at__isnull=True).update(
        revoked_at=timezone.now()
    )


def invitation_accept(*, token: str, user) -> Membership:
    """The link works once, until it expires, and only for the account that has confirmed the
    address the invitation was sent to."""
    invitation = rows_for_token(Invitation.objects.select_related("organisation"), token).first()
    if invitation is None or invitation.revoked_at is not None:
        raise InvitationInvalid(_("This invitation does not exist or has been withdrawn."))
    if invitation.accepted_at is not None:
        raise InvitationInvalid(_("This invitation has already been used."))
    if not invitation_is_for(invitation, user):
        raise InvitationForSomeoneElse
    now = timezone.now()
    if invitation.expires_at <= now:
        raise InvitationInvalid(
            _("This invitation expired on %(date)s. Ask the organisation's admin for a new one.")
            % {"date": date_format(timezone.localtime(invitation.expires_at), "DATE_FORMAT")}
        )
    with transaction.atomic():
        claimed = Invitation.objects.filter(
            pk=invitation.pk,
            accepted_at__isnull=True,
            revoked_at__isnull=True,
            expires_at__gt=now,
        ).update(accepted_at=now, accepted_by=user)
        if not claimed:
            raise InvitationInvalid(_("This invitation has already been used."))
        membership, created = Membership.objects.get_or_create(
            user=user,
            organisation=invitation.organisation,
            defaults={"role": invitation.role},
        )
        if not created and invitation.role == Role.ADMIN and membership.role != Role.ADMIN:
            membership.role = Role.ADMIN
            membership.save(update_fields=["role"])
    return membership


# Keeping profiles current


def organisation_send_confirmation_reminder(*, organisation_id: int, now: datetime) -> bool:
    """Remind the admins of one profile; safe to run twice: the reminder is claimed first."""
    due = Organisation.objects.due_for_confirmation(now=now).filter(pk=organisation_id)
    organisation = due.first()
    if organisation is None:
        return False
    claimed = due.filter(
        confirmation_reminders_sent=organisation.confirmation_reminders_sent
    ).update(confirmation_reminders_sent=F("confirmation_reminders_sent") + 1, last_reminder_at=now)
    if not claimed:
        return False
    _mail_admins_of(
        organisation,
        template="confirm_reminder",
        context={"token": confirmation_token(organisation)},
        # The n-th reminder since the profile was last confirmed, once.
        key=(
            f"confirmation-reminder:{organisation.pk}:{organisation.last_confirmed_at.isoformat()}"
            f":{organisation.confirmation_reminders_sent + 1}"
        ),
    )
    return True


# Claiming an imported profile

# Claim invitations leave at most this many a minute, however many staff select at once.
CLAIM_INVITATIONS_PER_MINUTE = 20


class ClaimInvalid(OrganisationError):
    pass


def organisation_claim_invite(*, organisations, by, now: datetime | None = None) -> list:
    """Invite organisations without members to claim their profiles, at their public address.

    Each organisation is invited once, whatever the clicks: the first call marks it (a
    conditional update) and its e-mail has a key of its own in the outbox. The e-mails leave
    ``CLAIM_INVITATIONS_PER_MINUTE`` a minute, after any claim invitations still waiting.
    Returns the organisations invited now.
    """
    from hub.models import OutboxEmail

    from .tokens import claim_token

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
                    language=_language_for(organisation),
                ),
                not_before=slot,
            )
            slot += spacing
            invited.append(organisation)
    return invited


def claim_for(token: str) -> tuple[Organisation, str]:
    """The organisation and address of a claim link, or ClaimInvalid saying why not."""
    from .tokens import claim_token_read

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


def organisation_claim(*, token: str, user) -> Membership | JoinRequest:
    """The person who opens the link from the address it was sent to becomes the admin: the
    link proves the address, which is marked verified. From any other account the claim becomes
    a request that staff decide."""
    from allauth.account.models import EmailAddress

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
        _send(
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
    from allauth.account.models import EmailAddress

    from hub.models import User

    organisation, address = claim_for(token)
    if User.objects.filter(equals_ignoring_case("email", address)).exists():
        raise ClaimInvalid(_("An account with this address exists: sign in to claim the profile."))
    with transaction.atomic():
        user = User.objects.create_user(email=address, password=password)
        EmailAddress.objects.create(user=user, email=address, primary=True, verified=True)
        Membership.objects.create(user=user, organisation=organisation, role=Role.ADMIN)
    return user
