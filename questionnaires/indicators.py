"""What answers contribute to the funder reports: counting rules on a ``Period``, and the rows
behind them (answers by pseudonymous id, never a name).

- A response counts in the period it was first given in (the hub's time zone).
- A response's score for a measure is the average of its answers to the 1–5 scale questions
  marked with that measure.
- A before/after comparison takes the respondent's (participant's or organisation's) latest
  response to the paired 'before' questionnaire.

Every rule runs a fixed number of queries, whatever the data size.
"""

from __future__ import annotations

from collections.abc import Mapping
from decimal import ROUND_HALF_UP, Decimal
from typing import TYPE_CHECKING, Any

from django.db.models import Avg, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from hub.indicators import Figure, Period, RowKind, row_kind_register, rule_register

from .models import Answer, Measure, Moment, Response, Subject

if TYPE_CHECKING:
    from hub.models import Operation

HELPED_FROM = 4


def _measured(period: Period | None, measures: list[str], subject: str | None = None) -> list:
    """Answers to scale questions measuring one of ``measures``: (response, pid, questionnaire,
    its pair, moment, submitted, measure, number). One query."""
    answers = Answer.objects.filter(question__measure__in=measures, number__isnull=False)
    if subject is not None:
        answers = answers.filter(response__questionnaire__subject=subject)
    if period is not None:
        answers = answers.filter(
            response__submitted_at__gte=period.start_at,
            response__submitted_at__lt=period.end_before,
        )
    return list(
        answers.values_list(
            "response_id",
            "response__pid",
            "response__questionnaire_id",
            "response__questionnaire__pair_id",
            "response__questionnaire__moment",
            "response__submitted_at",
            "question__measure",
            "number",
        ).order_by("response__submitted_at", "response_id")
    )


def _mean(values: list[Decimal]) -> Decimal:
    return sum(values) / len(values)


def _by_response(rows, measure: str) -> dict[int, dict[str, Any]]:
    found: dict[int, dict[str, Any]] = {}
    for response, pid, questionnaire, pair, moment, submitted, row_measure, number in rows:
        if row_measure != measure:
            continue
        entry = found.setdefault(
            response,
            {
                "pid": pid,
                "questionnaire": questionnaire,
                "pair": pair,
                "moment": moment,
                "submitted": submitted,
                "numbers": [],
            },
        )
        entry["numbers"].append(number)
    return found


def _befores(period: Period, measure: str, subject: str | None) -> dict[tuple, tuple[int, Any]]:
    """For each (pid, questionnaire): their latest response's (pk, score) with this measure,
    at any time up to the period's end. One query."""
    rows = _measured(None, [measure], subject)
    latest: dict[tuple, tuple[int, Any]] = {}
    for response, entry in _by_response(rows, measure).items():
        if entry["submitted"] < period.end_before:
            latest[(entry["pid"], entry["questionnaire"])] = (response, _mean(entry["numbers"]))
    return latest


def _paired_rises(period: Period, measure: str, subject: str | None) -> dict[Any, dict]:
    """Respondents with an 'after' response in the period whose score is compared with their
    latest response to the paired 'before' questionnaire: pid -> {rose, responses}."""
    afters = _by_response(_measured(period, [measure], subject), measure)
    befores = _befores(period, measure, subject)
    people: dict[Any, dict] = {}
    for response, entry in afters.items():
        if entry["moment"] != Moment.AFTER or entry["pair"] is None:
            continue
        before = befores.get((entry["pid"], entry["pair"]))
        if before is None:
            continue
        person = people.setdefault(entry["pid"], {"rose": False, "responses": set()})
        person["responses"] |= {response, before[0]}
        person["rose"] |= _mean(entry["numbers"]) > before[1]
    return people


def _share(part: int, whole: int) -> Decimal:
    if not whole:
        return Decimal("0.0")
    return (Decimal(100 * part) / whole).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)


@rule_register(
    code="knowledge_increased",
    label=_("Respondents reporting increased knowledge (%)"),
    definition=_(
        "Share, in per cent, of the people who in the period answered a 'did it help' question "
        "or a paired 'after' questionnaire on knowledge (having answered its 'before' one) who "
        "answered 'did it help' with 4 or 5, or whose average knowledge answer after is higher "
        "than in their latest 'before' answers; each person counts once. Source: "
        "questionnaires."
    ),
)
def knowledge_increased(*, period: Period, operation: Operation | None, params: Mapping) -> Figure:
    people = _paired_rises(period, Measure.KNOWLEDGE, Subject.PERSON)
    helped = _by_response(_measured(period, [Measure.HELPED], Subject.PERSON), Measure.HELPED)
    for response, entry in helped.items():
        person = people.setdefault(entry["pid"], {"rose": False, "responses": set()})
        person["responses"].add(response)
        person["rose"] |= any(number >= HELPED_FROM for number in entry["numbers"])
    rose = sum(1 for person in people.values() if person["rose"])
    rows = sorted({pk for person in people.values() for pk in person["responses"]})
    return Figure(value=_share(rose, len(people)), rows={"questionnaire_responses": rows})


@rule_register(
    code="organisations_capacity_rose",
    label=_("Organisations whose assessed capacity rose"),
    definition=_(
        "Organisations that in the period answered a paired 'after' assessment whose average "
        "capacity answer is higher than in their latest answers to its 'before' assessment. "
        "Source: questionnaires."
    ),
)
def organisations_capacity_rose(
    *, period: Period, operation: Operation | None, params: Mapping
) -> Figure:
    people = _paired_rises(period, Measure.CAPACITY, Subject.ORGANISATION)
    rose = [person for person in people.values() if person["rose"]]
    rows = sorted({pk for person in rose for pk in person["responses"]})
    return Figure(value=len(rose), rows={"questionnaire_responses": rows})


@rule_register(
    code="average_satisfaction",
    label=_("Average satisfaction (1–5)"),
    definition=_(
        "The average of all answers to satisfaction questions (1–5) given in the period, to two "
        "decimals; 0 when there are none. Source: questionnaires."
    ),
)
def average_satisfaction(*, period: Period, operation: Operation | None, params: Mapping) -> Figure:
    rows = _measured(period, [Measure.SATISFACTION])
    numbers = [row[-1] for row in rows]
    value = (
        _mean(numbers).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)
        if numbers
        else Decimal("0.00")
    )
    return Figure(value=value, rows={"questionnaire_responses": sorted({r[0] for r in rows})})


RULE_CODES = ("knowledge_increased", "organisations_capacity_rose", "average_satisfaction")


def _response_rows(ids: list[int]) -> list[dict[str, Any]]:
    """Each response by pseudonymous id: questionnaire, moment, day and its average answer to
    the questions that measure something."""
    responses = (
        Response.objects.filter(pk__in=ids)
        .select_related("questionnaire")
        .annotate(score=Avg("answers__number", filter=~Q(answers__question__measure="")))
        .order_by("submitted_at", "pk")
    )
    rows = []
    for response in responses:
        score = response.score
        rows.append(
            {
                "pk": response.pk,
                "pid": str(response.pid),
                "questionnaire": str(response.questionnaire),
                "moment": response.questionnaire.get_moment_display(),
                "day": timezone.localdate(response.submitted_at),
                "score": score.quantize(Decimal("0.01")) if score is not None else "",
            }
        )
    return rows


row_kind_register(
    RowKind(
        name="questionnaire_responses",
        label=_("Answers to questionnaires"),
        columns=(
            ("pid", _("Pseudonymous id")),
            ("questionnaire", _("Questionnaire")),
            ("moment", _("Moment")),
            ("day", _("Day")),
            ("score", _("Average score")),
        ),
        fetch=_response_rows,
    )
)
