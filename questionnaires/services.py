"""Writes with rules attached: versions, sending and reminding, answering and deleting answers."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.db import transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone

from events.models import Registration
from hub.emails import email_build, email_send
from hub.tokens import signed_token, signed_token_read
from organisations.models import Membership, Organisation, Role, Sector

from .models import (
    Answer,
    Audience,
    Invitation,
    Kind,
    Question,
    Questionnaire,
    Response,
    Sending,
    organisation_pid,
)

INVITATION_SALT = "questionnaires.invitation"


class QuestionnaireClosed(Exception):
    """The sending's closing date has passed: answers are no longer taken or changed."""


def _copy(instance, **changes):
    instance.pk = None
    instance.id = None
    instance._state.adding = True
    for name, value in changes.items():
        setattr(instance, name, value)
    instance.save()
    return instance


@transaction.atomic
def questionnaire_new_version(*, questionnaire: Questionnaire) -> Questionnaire:
    """A copy of the questionnaire with its sections, questions (codes kept) and choices in every
    language, numbered one version on; the answered original stays as it was."""
    original = Questionnaire.objects.get(pk=questionnaire.pk)
    sections = list(original.sections.prefetch_related("questions__choices"))
    latest = (
        Questionnaire.objects.filter(Q(pk=original.pk) | Q(previous_version=original))
        .order_by("-version")
        .values_list("version", flat=True)
        .first()
    )
    copy = _copy(
        Questionnaire.objects.get(pk=original.pk),
        version=latest + 1,
        previous_version=original,
    )
    for section in sections:
        questions = list(section.questions.all())
        new_section = _copy(section, questionnaire=copy)
        for question in questions:
            choices = list(question.choices.all())
            new_question = _copy(question, section=new_section)
            for choice in choices:
                _copy(choice, question=new_question)
    return copy


# Who is asked ------------------------------------------------------------------------------


def _people(sending: Sending) -> list[dict[str, Any]]:
    """Checked-in people (never those only registered), one invitation per registration."""
    registrations = Registration.objects.active().attended().filter(pid__isnull=False)
    if sending.audience == Audience.ATTENDED:
        registrations = registrations.filter(event_id=sending.event_id)
    else:
        sessions = sending.programme.sessions.filter(is_cancelled=False)
        required = set(sessions.filter(required_session=True).values_list("pk", flat=True))
        required = required or set(sessions.values_list("pk", flat=True))
        attended: dict[Any, set[int]] = {}
        last: dict[Any, int] = {}
        for pk, pid, event_id in (
            registrations.filter(event__in=sessions)
            .order_by("event__start", "pk")
            .values_list("pk", "pid", "event_id")
        ):
            attended.setdefault(pid, set()).add(event_id)
            last[pid] = pk
        chosen = [last[pid] for pid, events in attended.items() if required <= events]
        registrations = registrations.filter(pk__in=chosen)
    return [
        {
            "registration": registration,
            "email": registration.email,
            "name": registration.name,
            "language": registration.language,
        }
        for registration in registrations.order_by("pk")
    ]


def _organisations(sending: Sending):
    if sending.audience == Audience.POTENTIAL:
        return Organisation.objects.verified().filter(sector=Sector.CIVIL, has_potential=True)
    if sending.audience == Audience.PARTNERS:
        return Organisation.objects.filter(
            partnerships_joined__partnership_id=sending.partnership_id,
            partnerships_joined__left__isnull=True,
        ).distinct()
    return sending.organisations.all()


def _admins(sending: Sending) -> list[dict[str, Any]]:
    memberships = (
        Membership.objects.filter(role=Role.ADMIN, organisation__in=_organisations(sending))
        .select_related("user", "organisation")
        .order_by("organisation_id", "user_id")
    )
    return [
        {
            "organisation": membership.organisation,
            "user": membership.user,
            "email": membership.user.email,
            "name": membership.user.get_full_name(),
            "language": membership.organisation.language,
        }
        for membership in memberships
    ]


def sending_recipients(*, sending: Sending) -> list[dict[str, Any]]:
    if sending.audience in (Audience.ATTENDED, Audience.COMPLETED):
        return _people(sending)
    return _admins(sending)


# Sending ------------------------------------------------------------------------------------


def invitation_token(invitation: Invitation) -> str:
    return signed_token(invitation.pk, salt=INVITATION_SALT)


def invitation_for_token(token: str) -> Invitation | None:
    """The invitation a personal link names, or None for a forged or foreign token."""
    pk = signed_token_read(token, salt=INVITATION_SALT)
    if not isinstance(pk, int):
        return None
    return (
        Invitation.objects.select_related("sending__questionnaire", "organisation", "registration")
        .filter(pk=pk)
        .first()
    )


def invitation_url(invitation: Invitation) -> str:
    path = reverse("questionnaires:answer", kwargs={"token": invitation_token(invitation)})
    return settings.SITE_URL.rstrip("/") + path


def _email(invitation: Invitation, *, reminder: bool) -> None:
    template = "questionnaires/reminder" if reminder else "questionnaires/invitation"
    message = email_build(
        template=template,
        to=[invitation.email],
        language=invitation.language or None,
        context={
            "invitation": invitation,
            "sending": invitation.sending,
            "questionnaire": invitation.sending.questionnaire,
            "url": invitation_url(invitation),
        },
    )
    kind = "reminder" if reminder else "invitation"
    email_send(message=message, key=f"questionnaire_{kind}:{invitation.pk}")


def _invite(sending: Sending) -> int:
    created = 0
    for recipient in sending_recipients(sending=sending):
        if recipient.get("registration"):
            lookup = {"sending": sending, "registration": recipient["registration"]}
        else:
            lookup = {
                "sending": sending,
                "organisation": recipient["organisation"],
                "user": recipient["user"],
            }
        with transaction.atomic():
            invitation, new = Invitation.objects.get_or_create(
                **lookup,
                defaults={
                    "email": recipient["email"],
                    "name": recipient["name"],
                    "language": recipient["language"] or "",
                },
            )
            # The key names the invitation: a second run, or a redelivered task, sends nothing.
            _email(invitation, reminder=False)
        created += new
    return created


def _answered(invitation: Invitation) -> bool:
    if invitation.organisation_id:
        pid = organisation_pid(invitation.organisation_id)
    else:
        pid = invitation.registration.pid
    return Response.objects.filter(sending_id=invitation.sending_id, pid=pid).exists()


def _remind(sending: Sending) -> int:
    count = 0
    invitations = sending.invitations.filter(created_at__lt=sending.remind_at).select_related(
        "registration", "sending__questionnaire"
    )
    for invitation in invitations:
        if not _answered(invitation):
            with transaction.atomic():
                _email(invitation, reminder=True)
            count += 1
    return count


def sendings_run(*, now: datetime | None = None) -> dict[str, int]:
    """Invite everyone a sending is for once it is due, and remind once those who have not
    answered once the reminder is due, until it closes. Everyone checked in by then is invited;
    each e-mail has a key naming the invitation, so running this again (or after a worker was
    killed mid-way) sends no second invitation and no second reminder."""
    now = now or timezone.now()
    invited = reminded = 0
    due = Sending.objects.filter(send_at__lte=now, closes_at__gt=now).select_related(
        "questionnaire", "programme"
    )
    for sending in due:
        invited += _invite(sending)
        if sending.sent_at is None:
            Sending.objects.filter(pk=sending.pk, sent_at__isnull=True).update(sent_at=now)
        if sending.remind_at <= now:
            reminded += _remind(sending)
            Sending.objects.filter(pk=sending.pk, reminded_at__isnull=True).update(reminded_at=now)
    return {"invited": invited, "reminded": reminded}


# Answering ----------------------------------------------------------------------------------


def _pid_of(invitation: Invitation):
    if invitation.organisation_id:
        return organisation_pid(invitation.organisation_id)
    return invitation.registration.pid


def response_for_invitation(*, invitation: Invitation) -> Response | None:
    return (
        Response.objects.filter(sending_id=invitation.sending_id, pid=_pid_of(invitation))
        .prefetch_related("answers__choices")
        .first()
    )


def _check_open(invitation: Invitation, now: datetime) -> None:
    if invitation.sending.closes_at <= now:
        raise QuestionnaireClosed


@transaction.atomic
def response_save(
    *,
    invitation: Invitation,
    answers: Mapping[int, Any],
    now: datetime | None = None,
) -> Response:
    """Store the answers of an invitation; answering again replaces the earlier answers (an
    organisation's answers are one response, whichever of its admins gives them). ``answers``
    maps a question's pk to its value: a choice pk, a list of choice pks, a number or text."""
    now = now or timezone.now()
    _check_open(invitation, now)
    sending = invitation.sending
    response, _created = Response.objects.select_for_update().get_or_create(
        sending=sending,
        pid=_pid_of(invitation),
        defaults={
            "questionnaire": sending.questionnaire,
            "invitation": invitation,
            "organisation": invitation.organisation,
            "submitted_at": now,
        },
    )
    response.invitation = invitation
    response.save(update_fields=["invitation", "updated_at"])
    response.answers.all().delete()
    questions = Question.objects.filter(section__questionnaire=sending.questionnaire)
    for question in questions:
        value = answers.get(question.pk)
        if value in (None, "", []):
            continue
        answer = Answer(response=response, question=question)
        if question.kind in (Kind.SCALE, Kind.NUMBER):
            answer.number = Decimal(value)
        elif question.kind in (Kind.SHORT_TEXT, Kind.LONG_TEXT):
            answer.text = value
        answer.save()
        if question.kind == Kind.SINGLE:
            answer.choices.set([int(value)])
        elif question.kind == Kind.MULTIPLE:
            answer.choices.set([int(v) for v in value])
    return response


@transaction.atomic
def response_delete(*, invitation: Invitation) -> int:
    """The person (or organisation admin) deletes the answers given through their link."""
    deleted, _rows = Response.objects.filter(
        sending_id=invitation.sending_id, pid=_pid_of(invitation)
    ).delete()
    return deleted
