"""What organisations hold about a person: memberships, join requests, invitations (hub.privacy)."""

from __future__ import annotations

from typing import Any

from django.db.models import Count, Q
from django.utils.translation import gettext_lazy as _

from hub.privacy import (
    LastAdmin,
    Person,
    PersonalData,
    erasure_check_register,
    personal_data_register,
)

from .models import Invitation, JoinRequest, Membership, Role


def _memberships(person: Person):
    if person.user is None:
        return Membership.objects.none()
    return Membership.objects.filter(user=person.user).select_related("organisation")


def _collect_memberships(person: Person) -> list[dict[str, Any]]:
    return [
        {
            "organisation": membership.organisation.name,
            "role": membership.role,
            "since": membership.created_at,
        }
        for membership in _memberships(person)
    ]


def _end_memberships(person: Person) -> int:
    memberships = list(_memberships(person))
    for membership in memberships:
        membership._history_user = person.user
        membership.delete()
    return len(memberships)


@erasure_check_register
def _not_the_last_admin(person: Person) -> None:
    """An organisation with other members must keep an admin: hand over first."""
    if person.user is None:
        return
    stranded = (
        _memberships(person)
        .filter(role=Role.ADMIN)
        .annotate(
            admins=Count(
                "organisation__memberships", filter=Q(organisation__memberships__role=Role.ADMIN)
            ),
            members=Count("organisation__memberships"),
        )
        .filter(admins=1, members__gt=1)
    )
    if stranded:
        raise LastAdmin(membership.organisation for membership in stranded)


def _join_requests(person: Person):
    if person.user is None:
        return JoinRequest.objects.none()
    return JoinRequest.objects.filter(user=person.user).select_related("organisation")


def _collect_join_requests(person: Person) -> list[dict[str, Any]]:
    return [
        {
            "organisation": request.organisation.name,
            "message": request.message,
            "status": request.status,
            "requested_at": request.created_at,
            "decided_at": request.decided_at,
        }
        for request in _join_requests(person)
    ]


def _erase_join_requests(person: Person) -> int:
    count, _deleted = _join_requests(person).delete()
    return count


def _invitations(person: Person):
    return Invitation.objects.filter(person.email_q()).select_related("organisation")


def _collect_invitations(person: Person) -> list[dict[str, Any]]:
    return [
        {
            "organisation": invitation.organisation.name,
            "email": invitation.email,
            "role": invitation.role,
            "sent_at": invitation.created_at,
            "accepted_at": invitation.accepted_at,
        }
        for invitation in _invitations(person)
    ]


def _erase_invitations(person: Person) -> int:
    count, _deleted = _invitations(person).delete()
    return count


personal_data_register(
    PersonalData(
        name="memberships",
        label=_("Memberships"),
        collect=_collect_memberships,
        erase=_end_memberships,
    )
)
personal_data_register(
    PersonalData(
        name="join_requests",
        label=_("Requests to join"),
        collect=_collect_join_requests,
        erase=_erase_join_requests,
    )
)
personal_data_register(
    PersonalData(
        name="invitations",
        label=_("Invitations received"),
        collect=_collect_invitations,
        erase=_erase_invitations,
    )
)
