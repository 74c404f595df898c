"""Roles within an organisation and leaving it; an organisation always keeps an admin."""

from __future__ import annotations

from django.db import transaction
from django.utils.translation import gettext as _

from ..models import Membership, Organisation, Role
from .errors import LastAdmin, OrganisationError


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
