"""Every write to organisations and memberships that has a rule attached, by concept.

Services never see the request and never show messages: they raise an ``OrganisationError``
whose text the view shows.
"""

from .claims import (
    ClaimLink,
    claim_for,
    claim_link_for,
    organisation_claim,
    organisation_claim_invite,
    organisation_claim_sign_up,
)
from .errors import (
    AlreadyRegistered,
    ClaimInvalid,
    InvitationForSomeoneElse,
    InvitationInvalid,
    LastAdmin,
    NameBusy,
    OrganisationError,
    ProfileChanged,
)
from .invitations import invitation_accept, invitation_create, invitation_revoke
from .join_requests import (
    JoinRequestAnswerer,
    join_request_approve,
    join_request_create,
    join_request_decline,
    join_request_staff_emails,
    join_request_withdraw,
)
from .memberships import membership_change_role, membership_remove
from .profile import (
    PROFILE_FIELDS,
    PROFILE_M2M_FIELDS,
    organisation_confirm,
    organisation_create,
    organisation_find_registered,
    organisation_numbers_clean,
    organisation_send_confirmation_reminder,
    organisation_unique_slug,
    organisation_unique_slugs,
    organisation_update,
)
from .verification import organisation_reject, organisation_set_status, organisation_verify

__all__ = [
    "AlreadyRegistered",
    "claim_for",
    "claim_link_for",
    "ClaimInvalid",
    "ClaimLink",
    "invitation_accept",
    "invitation_create",
    "invitation_revoke",
    "InvitationForSomeoneElse",
    "InvitationInvalid",
    "join_request_approve",
    "join_request_create",
    "join_request_decline",
    "join_request_staff_emails",
    "join_request_withdraw",
    "JoinRequestAnswerer",
    "LastAdmin",
    "membership_change_role",
    "membership_remove",
    "NameBusy",
    "organisation_claim",
    "organisation_claim_invite",
    "organisation_claim_sign_up",
    "organisation_confirm",
    "organisation_create",
    "organisation_find_registered",
    "organisation_numbers_clean",
    "organisation_reject",
    "organisation_send_confirmation_reminder",
    "organisation_set_status",
    "organisation_unique_slug",
    "organisation_unique_slugs",
    "organisation_update",
    "organisation_verify",
    "OrganisationError",
    "PROFILE_FIELDS",
    "PROFILE_M2M_FIELDS",
    "ProfileChanged",
]
