"""Every write to an initiative that has a rule attached."""

from __future__ import annotations

import datetime
from collections.abc import Iterable

from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _

from organisations.models import Organisation
from partnerships.models import Outcome, OutcomeKind

from .models import (
    RESERVED_SLUGS,
    RESULTS,
    Action,
    ActionDocument,
    Consultation,
    Initiative,
    InitiativeStatus,
    StatusChange,
    Submission,
    Supporter,
)

# What the lead's admins set on the initiative; staff change the rest in the admin. Defined once:
# the form and the service both use it.
INITIATIVE_FIELDS = ("title", "objective", "policy", "target_body", "level", "is_public")
ACTION_FIELDS = ("kind", "date", "title", "description")
SUBMISSION_FIELDS = ("what", "to_whom", "date", "reference")
RESPONSE_FIELDS = ("response", "response_date", "response_note")


class AdvocacyError(Exception):
    """A change the rules do not allow; the message is for the person who tried."""


def _person(by):
    return by if by is not None and by.is_authenticated else None


def initiative_unique_slug(title: str) -> str:
    base = slugify(title)[:180] or "initiative"
    if base in RESERVED_SLUGS:
        base = f"{base}-1"
    slug, number = base, 1
    while Initiative.objects.filter(slug=slug).exists():
        number += 1
        slug = f"{base}-{number}"
    return slug


def status_change_record(
    *, initiative: Initiative, status: str, by=None, date: datetime.date | None = None, note=""
) -> StatusChange | None:
    """Record that the initiative reached a status, unless that is already its latest entry."""
    last = initiative.status_changes.order_by("-date", "-pk").first()
    if last is not None and last.status == status:
        return None
    return StatusChange.objects.create(
        initiative=initiative,
        status=status,
        date=date or timezone.localdate(),
        note=note,
        by=_person(by),
    )


@transaction.atomic
def initiative_create(
    *,
    lead: Organisation,
    title: str,
    objective: str,
    target_body: str,
    level: str,
    by=None,
    policy: str = "",
    is_public: bool = True,
    consultation: Consultation | None = None,
    outcome: Outcome | None = None,
    supporters: Iterable[Organisation] = (),
    started: datetime.date | None = None,
) -> Initiative:
    """A new initiative led by ``lead``, preparing; the first entry of its status history is
    made with it. From a partnership's policy proposal it keeps the partnership as its origin."""
    if outcome is not None and outcome.kind != OutcomeKind.POLICY_PROPOSAL:
        raise AdvocacyError(_("Only a policy proposal can become an advocacy initiative."))
    if outcome is not None and Initiative.objects.filter(outcome=outcome).exists():
        raise AdvocacyError(_("This proposal is already an advocacy initiative."))
    started = started or timezone.localdate()
    initiative = Initiative.objects.create(
        slug=initiative_unique_slug(title),
        lead=lead,
        title=title,
        objective=objective,
        policy=policy,
        target_body=target_body,
        level=level,
        is_public=is_public,
        consultation=consultation,
        outcome=outcome,
        partnership_id=outcome.partnership_id if outcome is not None else None,
        started=started,
        created_by=_person(by),
    )
    status_change_record(initiative=initiative, status=initiative.status, by=by, date=started)
    for organisation in supporters:
        supporter_add(initiative=initiative, organisation=organisation)
    return initiative


def initiative_from_outcome(*, outcome: Outcome, lead: Organisation, by=None) -> Initiative:
    """A partnership's policy proposal becomes an initiative in one step: its title, text and
    the body it went to carry over; the partnership's other partners become its supporters."""
    partners = outcome.partnership.partners.exclude(organisation=lead).select_related(
        "organisation"
    )
    return initiative_create(
        lead=lead,
        title=outcome.title,
        objective=outcome.description or outcome.title,
        target_body=outcome.submitted_to or "—",
        level="municipal",
        is_public=outcome.partnership.is_public,
        outcome=outcome,
        supporters=[partner.organisation for partner in partners],
        by=by,
    )


@transaction.atomic
def initiative_update(*, initiative: Initiative, **values) -> Initiative:
    """Change what the lead's admins may change. Making it public or coalition-only moves its
    documents to the matching storage, so a private document never sits in public media."""
    unknown = set(values) - set(INITIATIVE_FIELDS)
    if unknown:
        raise TypeError(f"Not editable here: {sorted(unknown)}")
    was_public = initiative.is_public
    for name, value in values.items():
        setattr(initiative, name, value)
    initiative.save()
    if initiative.is_public != was_public:
        for document in ActionDocument.objects.filter(action__initiative=initiative):
            _document_move(document, public=initiative.is_public)
    return initiative


@transaction.atomic
def initiative_change_status(
    *,
    initiative: Initiative,
    status: InitiativeStatus | str,
    by=None,
    date: datetime.date | None = None,
    note: str = "",
) -> Initiative:
    """The initiative moves to a status; the change is kept with its date. A result (adopted,
    partly adopted, rejected, withdrawn) closes it on that day; moving back reopens it."""
    date = date or timezone.localdate()
    if date < initiative.started:
        raise AdvocacyError(_("A status cannot change before the initiative started."))
    initiative.status = status
    initiative.closed = date if status in RESULTS else None
    initiative.save(update_fields=["status", "closed", "updated_at"])
    status_change_record(initiative=initiative, status=status, by=by, date=date, note=note)
    return initiative


def supporter_add(
    *, initiative: Initiative, organisation: Organisation, joined: datetime.date | None = None
) -> Supporter:
    """An organisation of any sector joins the coalition; the lead is not its own supporter."""
    if organisation.pk == initiative.lead_id:
        raise AdvocacyError(_("The lead organisation cannot also be a supporter."))
    try:
        with transaction.atomic():
            return Supporter.objects.create(
                initiative=initiative,
                organisation=organisation,
                joined=joined or timezone.localdate(),
            )
    except IntegrityError as error:
        raise AdvocacyError(_("This organisation already supports the initiative.")) from error


def supporter_remove(*, supporter: Supporter) -> None:
    supporter.delete()


def action_create(
    *,
    initiative: Initiative,
    kind: str,
    date: datetime.date,
    title: str,
    description: str = "",
    organisation: Organisation | None = None,
    by=None,
) -> Action:
    return Action.objects.create(
        initiative=initiative,
        kind=kind,
        date=date,
        title=title,
        description=description,
        organisation=organisation,
        created_by=_person(by),
    )


def action_document_add(*, action: Action, title: str, upload, by=None) -> ActionDocument:
    """Keep the file in the public storage for a public initiative, in the private one for a
    coalition-only initiative."""
    document = ActionDocument(action=action, title=title, uploaded_by=_person(by))
    target = document.public_file if action.initiative.is_public else document.private_file
    target.save(upload.name, upload, save=False)
    document.save()
    return document


def _document_move(document: ActionDocument, *, public: bool) -> None:
    source, target = (
        (document.private_file, document.public_file)
        if public
        else (document.public_file, document.private_file)
    )
    if not source:
        return
    with source.open("rb") as handle:
        content = handle.read()
    old = source.name
    target.save(old.rsplit("/", 1)[-1], ContentFile(content), save=False)
    storage = source.storage
    source.name = ""
    document.save(update_fields=["public_file", "private_file"])
    transaction.on_commit(lambda: storage.delete(old))


def submission_create(
    *,
    initiative: Initiative,
    what: str,
    to_whom: str,
    date: datetime.date,
    reference: str = "",
    by=None,
) -> Submission:
    """A submission made; an initiative still preparing is from then on submitted."""
    with transaction.atomic():
        submission = Submission.objects.create(
            initiative=initiative, what=what, to_whom=to_whom, date=date, reference=reference
        )
        if initiative.status == InitiativeStatus.PREPARING:
            initiative_change_status(
                initiative=initiative,
                status=InitiativeStatus.SUBMITTED,
                by=by,
                date=max(date, initiative.started),
            )
    return submission


def submission_answer(
    *,
    submission: Submission,
    response: str,
    response_date: datetime.date | None = None,
    response_note: str = "",
) -> Submission:
    if response_date and response_date < submission.date:
        raise AdvocacyError(_("A body cannot answer before the submission was made."))
    submission.response = response
    submission.response_date = response_date
    submission.response_note = response_note
    submission.save(update_fields=list(RESPONSE_FIELDS))
    return submission
