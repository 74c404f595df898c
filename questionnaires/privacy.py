"""What questionnaires hold about a person (hub.privacy): the invitations sent to their address
and the answers given through them.

Erasure deletes the invitations (address and name) and the written answers of the person's own
responses; their scale, choice and number answers stay under the pseudonymous id, which leads
to nobody once the invitation is gone, so counts and stored reports do not change.
"""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from hub.privacy import Person, PersonalData, personal_data_register

from .models import Answer, Invitation, Response


def _invitations(person: Person):
    q = person.email_q()
    if person.user is not None:
        q |= Q(user=person.user)
    return Invitation.objects.filter(q)


def _answer_value(answer: Answer) -> Any:
    if answer.question.has_choices:
        return [choice.label for choice in answer.choices.all()]
    if answer.number is not None:
        return str(answer.number)
    return answer.text


def _collect(person: Person) -> list[dict[str, Any]]:
    invitations = list(
        _invitations(person)
        .select_related("sending__questionnaire", "sending__event", "organisation")
        .prefetch_related("responses__answers__question", "responses__answers__choices")
        .order_by("created_at", "pk")
    )
    return [
        {
            "questionnaire": str(invitation.sending.questionnaire),
            "event": invitation.sending.event.title if invitation.sending.event else None,
            "organisation": invitation.organisation.name if invitation.organisation else None,
            "email": invitation.email,
            "name": invitation.name,
            "invited_at": invitation.created_at,
            "answers": [
                {
                    "answered_at": response.submitted_at,
                    "pseudonymous_id": str(response.pid),
                    "answers": {
                        answer.question.code: _answer_value(answer)
                        for answer in response.answers.all()
                    },
                }
                for response in invitation.responses.all()
            ],
        }
        for invitation in invitations
    ]


def _erase(person: Person) -> int:
    with transaction.atomic():
        invitations = _invitations(person)
        own = Response.objects.filter(invitation__in=invitations, organisation__isnull=True)
        Answer.objects.filter(response__in=own).exclude(text="").update(text="")
        count, _rows = invitations.delete()
    return count


personal_data_register(
    PersonalData(
        name="questionnaires", label=_("Answers to questionnaires"), collect=_collect, erase=_erase
    )
)
