"""Reads the results pages, the export and the organisation's scores share."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db.models import Prefetch
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.translation import gettext as _

from organisations.models import Organisation

from .models import Answer, Kind, Measure, Question, Questionnaire, Response, Sending, Subject

# A group answering fewer than this many times shows its count only: with so few, a
# distribution or a comment may say who answered what. The reports' small-cell threshold.
SMALL_GROUP = 5
SCALE = (1, 2, 3, 4, 5)


def questionnaire_permission(user, permission: str = "view_results") -> None:
    """Results are for staff with the permission: 404 for everyone who is not staff (the pages
    are not there for them), 403 for staff without it."""
    if not (user.is_authenticated and user.is_staff):
        raise Http404
    if not user.has_perm(f"questionnaires.{permission}"):
        raise PermissionDenied


def questionnaire_for_staff(user, pk: int, *, permission: str = "view_results") -> Questionnaire:
    """The one access helper every results page uses."""
    questionnaire_permission(user, permission)
    return get_object_or_404(Questionnaire, pk=pk)


def average(values: list[Decimal]) -> Decimal | None:
    if not values:
        return None
    return (sum(values) / len(values)).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


@dataclass
class Bar:
    label: str
    count: int
    share: int = 0  # percent of the respondents who answered the question


@dataclass
class QuestionResult:
    question: Question
    answered: int = 0
    bars: list[Bar] = field(default_factory=list)
    mean: Decimal | None = None
    texts: list[str] = field(default_factory=list)


@dataclass
class Results:
    questionnaire: Questionnaire
    respondents: int
    protected: bool
    sections: list[tuple[Any, list[QuestionResult]]]
    sendings: list[Sending]


def questionnaire_results(
    *, questionnaire: Questionnaire, sending: Sending | None = None
) -> Results:
    """Counts and distributions per question, in the active language. Four queries: sections
    with questions and choices (3), answers with their choices (2), sendings (1)."""
    sections = list(
        questionnaire.sections.prefetch_related(
            Prefetch("questions", queryset=Question.objects.prefetch_related("choices"))
        )
    )
    responses = Response.objects.filter(questionnaire=questionnaire)
    if sending is not None:
        responses = responses.filter(sending=sending)
    answers = (
        Answer.objects.filter(response__in=responses)
        .prefetch_related("choices")
        .only("pk", "question_id", "number", "text", "response_id")
        .order_by("response__submitted_at", "pk")
    )
    by_question: dict[int, list[Answer]] = defaultdict(list)
    respondents = set()
    for answer in answers:
        by_question[answer.question_id].append(answer)
        respondents.add(answer.response_id)
    protected = 0 < len(respondents) < SMALL_GROUP
    result_sections = []
    for section in sections:
        results = []
        for question in section.questions.all():
            found = by_question.get(question.pk, [])
            result = QuestionResult(question=question, answered=len(found))
            if not protected:
                _fill(result, question, found)
            results.append(result)
        result_sections.append((section, results))
    return Results(
        questionnaire=questionnaire,
        respondents=len(respondents),
        protected=protected,
        sections=result_sections,
        sendings=list(questionnaire.sendings.select_related("event", "programme", "partnership")),
    )


def _fill(result: QuestionResult, question: Question, answers: list[Answer]) -> None:
    if question.has_choices:
        counts = {choice.pk: 0 for choice in question.choices.all()}
        for answer in answers:
            for choice in answer.choices.all():
                counts[choice.pk] = counts.get(choice.pk, 0) + 1
        result.bars = [Bar(choice.label, counts[choice.pk]) for choice in question.choices.all()]
    elif question.kind == Kind.SCALE:
        counts = dict.fromkeys(SCALE, 0)
        for answer in answers:
            counts[int(answer.number)] = counts.get(int(answer.number), 0) + 1
        result.bars = [Bar(str(value), counts[value]) for value in SCALE]
        result.mean = average([answer.number for answer in answers])
    elif question.kind == Kind.NUMBER:
        result.mean = average([answer.number for answer in answers])
    else:
        result.texts = [answer.text for answer in answers if answer.text.strip()]
    for bar in result.bars:
        bar.share = round(100 * bar.count / result.answered) if result.answered else 0


# Before and after ---------------------------------------------------------------------------


def _scores(responses, measure: str) -> dict[int, Decimal | None]:
    """Each response's average answer to the scale questions measuring ``measure`` (to every
    scale question where none is marked)."""
    values: dict[int, list[Decimal]] = defaultdict(list)
    marked: dict[int, list[Decimal]] = defaultdict(list)
    for response_id, number, question_measure in Answer.objects.filter(
        response__in=responses, question__kind=Kind.SCALE, number__isnull=False
    ).values_list("response_id", "number", "question__measure"):
        values[response_id].append(number)
        if question_measure == measure:
            marked[response_id].append(number)
    return {pk: average(marked.get(pk) or values[pk]) for pk in values}


@dataclass
class Change:
    organisation: Organisation | None
    pid: Any
    before: Decimal | None
    after: Decimal | None

    @property
    def change(self) -> Decimal | None:
        if self.before is None or self.after is None:
            return None
        return self.after - self.before

    @property
    def improved(self) -> bool:
        return self.change is not None and self.change > 0


def pair_changes(*, questionnaire: Questionnaire) -> tuple[list[Change], int]:
    """For a paired ('after') questionnaire: each respondent's latest average score before and
    after, the change, and how many improved. Organisations are named (staff page); people
    are shown by pseudonymous id only. Four queries."""
    if questionnaire.pair_id is None:
        return [], 0
    responses = list(
        Response.objects.filter(questionnaire_id__in=[questionnaire.pk, questionnaire.pair_id])
        .select_related("organisation")
        .order_by("submitted_at", "pk")
    )
    measure = (
        Measure.CAPACITY if questionnaire.subject == Subject.ORGANISATION else Measure.KNOWLEDGE
    )
    scores = _scores([r.pk for r in responses], measure)
    before: dict[Any, Response] = {}
    after: dict[Any, Response] = {}
    for response in responses:
        target = after if response.questionnaire_id == questionnaire.pk else before
        target[response.pid] = response
    changes = [
        Change(
            organisation=response.organisation,
            pid=pid,
            before=scores.get(before[pid].pk) if pid in before else None,
            after=scores.get(response.pk),
        )
        for pid, response in after.items()
    ]
    changes.sort(key=lambda c: c.organisation.name if c.organisation else str(c.pid))
    return changes, sum(1 for change in changes if change.improved)


def organisation_scores(*, organisation: Organisation) -> list[dict[str, Any]]:
    """The organisation's answers to assessments over time: questionnaire, day, average capacity
    score. Two queries."""
    responses = list(
        Response.objects.filter(organisation=organisation)
        .select_related("questionnaire")
        .order_by("submitted_at", "pk")
    )
    scores = _scores([r.pk for r in responses], Measure.CAPACITY)
    return [
        {
            "questionnaire": response.questionnaire,
            "answered": response.submitted_at,
            "score": scores.get(response.pk),
        }
        for response in responses
    ]


# The export ---------------------------------------------------------------------------------


def export_table(*, questionnaire: Questionnaire) -> tuple[list[str], list[list[Any]]]:
    """The answers, one row per response, by pseudonymous id only: never a name, an e-mail
    address or an organisation. Four queries."""
    questions = list(
        Question.objects.filter(section__questionnaire=questionnaire).select_related("section")
    )
    responses = list(
        Response.objects.filter(questionnaire=questionnaire)
        .select_related("sending__event")
        .prefetch_related("answers__choices")
        .order_by("submitted_at", "pk")
    )
    headers = [_("Pseudonymous id"), _("Event"), _("Answered")] + [q.code for q in questions]
    rows = []
    for response in responses:
        by_question = {answer.question_id: answer for answer in response.answers.all()}
        values = []
        for question in questions:
            answer = by_question.get(question.pk)
            if answer is None:
                values.append("")
            elif question.has_choices:
                values.append("; ".join(c.label for c in answer.choices.all()))
            elif question.kind in (Kind.SCALE, Kind.NUMBER):
                values.append(answer.number)
            else:
                values.append(answer.text)
        event = response.sending.event
        rows.append(
            [
                str(response.pid),
                event.title if event else "",
                timezone.localdate(response.submitted_at),
                *values,
            ]
        )
    return headers, rows
