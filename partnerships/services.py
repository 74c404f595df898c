"""Every write to a partnership that has a rule attached."""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from decimal import Decimal

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .models import (
    Commitment,
    CommitmentStatus,
    Meeting,
    Outcome,
    OutcomeKind,
    OutcomeResult,
    Partner,
    Partnership,
    Stage,
    StageChange,
)

# What a partner's admin may change on their own organisation's entry; staff change the rest
# (role, dates) in the admin. Defined once: the form and the service both use it.
PARTNER_SELF_FIELDS = (
    "responsibilities",
    "financial_contribution",
    "in_kind_description",
    "in_kind_value",
)
MEETING_FIELDS = ("date", "place", "summary", "decisions", "minutes")
OUTCOME_FIELDS = ("kind", "title", "description", "submitted_to", "submitted_on", "result")
COMMITMENT_SELF_FIELDS = ("status", "note")


class PartnershipError(Exception):
    """A change the rules do not allow; the message is for the person who tried."""


def stage_change_record(
    *, partnership: Partnership, stage: str, by=None, date: datetime.date | None = None
) -> StageChange | None:
    """Record that the partnership reached a stage, unless that is already its latest entry."""
    last = partnership.stage_changes.order_by("-date", "-pk").first()
    if last is not None and last.stage == stage:
        return None
    return StageChange.objects.create(
        partnership=partnership,
        stage=stage,
        date=date or timezone.localdate(),
        by=by if by is not None and by.is_authenticated else None,
    )


@transaction.atomic
def partnership_change_stage(
    *, partnership: Partnership, stage: Stage | str, by=None, date: datetime.date | None = None
) -> Partnership:
    """The partnership moves to a stage; the change is kept with its date."""
    partnership.stage = stage
    partnership.save(update_fields=["stage", "updated_at"])
    stage_change_record(partnership=partnership, stage=stage, by=by, date=date)
    return partnership


def _present_partners(partnership: Partnership, present: Iterable[Partner]) -> list[Partner]:
    present = list(present)
    if any(partner.partnership_id != partnership.pk for partner in present):
        raise PartnershipError(_("Only partners of this partnership can be listed as present."))
    return present


@transaction.atomic
def meeting_create(
    *,
    partnership: Partnership,
    date: datetime.date,
    by=None,
    place: str = "",
    summary: str = "",
    decisions: str = "",
    minutes: str = "",
    present: Iterable[Partner] = (),
) -> Meeting:
    present = _present_partners(partnership, present)
    meeting = Meeting.objects.create(
        partnership=partnership,
        date=date,
        place=place,
        summary=summary,
        decisions=decisions,
        minutes=minutes,
        created_by=by if by is not None and by.is_authenticated else None,
    )
    meeting.present.set(present)
    return meeting


def outcome_create(
    *,
    partnership: Partnership,
    kind: OutcomeKind | str,
    title: str,
    description: str = "",
    submitted_to: str = "",
    submitted_on: datetime.date | None = None,
    result: OutcomeResult | str = OutcomeResult.PENDING,
) -> Outcome:
    return Outcome.objects.create(
        partnership=partnership,
        kind=kind,
        title=title,
        description=description,
        submitted_to=submitted_to,
        submitted_on=submitted_on,
        result=result,
    )


def commitment_create(
    *,
    partnership: Partnership,
    partner: Partner,
    what: str,
    due: datetime.date | None = None,
    status: CommitmentStatus | str = CommitmentStatus.PLANNED,
) -> Commitment:
    """A commitment names a partner of the partnership it is made in, never of another."""
    if partner.partnership_id != partnership.pk:
        raise PartnershipError(_("A commitment must be taken on by a partner of this partnership."))
    return Commitment.objects.create(partner=partner, what=what, due=due, status=status)


def commitment_update(
    *, commitment: Commitment, status: CommitmentStatus | str, note: str = ""
) -> Commitment:
    commitment.status = status
    commitment.note = note
    commitment.save(update_fields=["status", "note"])
    return commitment


def partner_update(
    *,
    partner: Partner,
    responsibilities: str,
    financial_contribution: Decimal,
    in_kind_description: str,
    in_kind_value: Decimal,
) -> Partner:
    if financial_contribution < 0 or in_kind_value < 0:
        raise PartnershipError(_("A contribution cannot be negative."))
    partner.responsibilities = responsibilities
    partner.financial_contribution = financial_contribution
    partner.in_kind_description = in_kind_description
    partner.in_kind_value = in_kind_value
    partner.save(update_fields=list(PARTNER_SELF_FIELDS))
    return partner
