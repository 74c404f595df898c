"""An organisation's admins invite colleagues by e-mail; the link works once, for that address."""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from hub.text import equals_ignoring_case
from hub.tokens import rows_for_token

from ..models import Invitation, Membership, Organisation, Role
from ..selectors import invitation_is_for
from .emails import email_about
from .errors import InvitationForSomeoneElse, InvitationInvalid, OrganisationError


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
        email_about(
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
