"""Asking to join an organisation, and its admins' (or the hub staff's) answer."""

from __future__ import annotations

from django.contrib.auth.models import Permission
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from hub.models import User
from hub.selectors import hub_profile

from ..models import (
    JoinRequest,
    JoinRequestStatus,
    Membership,
    Organisation,
    Role,
    VerificationStatus,
)
from .emails import admin_emails, email_about
from .errors import OrganisationError


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
    admins = admin_emails(organisation)
    if admins:
        email_about(
            template="join_request",
            to=admins,
            organisation=organisation,
            context={"join_request": join_request},
            key=f"join-request:{join_request.pk}",
        )
    else:
        # Most organisations (imported, or registered by someone who left) have no admin:
        # the hub's staff answer instead, from the admin's list of open requests.
        email_about(
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
        email_about(
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
        email_about(
            template="join_declined",
            to=[join_request.user.email],
            organisation=join_request.organisation,
            context={"by_staff": _decided_by_staff(join_request, by)},
            key=f"join-request-declined:{join_request.pk}",
        )


def join_request_withdraw(*, join_request: JoinRequest, by) -> None:
    if not _decide(join_request, by=by, status=JoinRequestStatus.WITHDRAWN):
        raise OrganisationError(_("This request has already been answered."))
