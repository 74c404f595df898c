"""Staff verify or reject an organisation; its admins are told."""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from ..models import Organisation, VerificationStatus
from .emails import email_admins_of
from .errors import OrganisationError


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
        email_admins_of(
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
        email_admins_of(
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
