"""What the services say no with: an ``OrganisationError`` whose ``str()`` is the message for the
person, and the cases a view treats differently."""

from __future__ import annotations

from django.utils.translation import gettext as _

from ..models import Organisation


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


class ClaimInvalid(OrganisationError):
    pass
