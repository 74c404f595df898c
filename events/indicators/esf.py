"""ESF participants by the Annex's lines, and the participants' situation on leaving."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import TYPE_CHECKING, Any

from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from hub.entry import REFUSED, SPECIAL_ENTRY_ITEMS, Completeness, EntryItem, YesNo
from hub.indicators import Figure, Period, rule_register

from ..models import LeavingItem, Registration
from .participants import ENTRY_VALUES, ITEM_FIELDS, attendances, breakdowns, first_entries

if TYPE_CHECKING:
    from hub.models import Operation


# ESF participants by the Annex's lines -----------------------------------------------------------
#
# The template decides which events make participants (``participant_kinds``,
# ``programmes_only``) and what a record missing or refusing a non-sensitive item it asks
# (``required``) counts in (``completeness``); ``reports.figures`` passes these with every
# indicator's own ``params``. An indicator's ``where`` names the Annex line: ``{item: [values]}``,
# every item matching (an age band, an employment status, "yes" to a special-category question,
# …); ``any_of`` several such lines, any of which counts.

# The kind of document a certificate is (``events.services.documents.CERTIFICATE``).
CERTIFICATE = "events.certificate"
RECORD_CATEGORIES = (("complete", _("Complete")), ("lacking", _("Lacking an item")))


def _participant_entries(period: Period, operation: Operation | None, params: Mapping):
    """Each participant's first entry from the operation's start to the period's end, in the
    events the template makes participants of. One query."""
    span = period.since(operation.start) if operation is not None else period
    kinds = list(params.get("participant_kinds") or ()) or None
    rows = attendances(start_at=span.start_at, end_before=span.end_before, kinds=kinds)
    if params.get("programmes_only"):
        rows = rows.filter(event__programme__isnull=False)
    return span, first_entries(rows.values(*ENTRY_VALUES))


def lacking(entry: Mapping, required: Iterable[str]) -> list[str]:
    """The non-sensitive items the record lacks: not answered, or refused."""
    return [
        item
        for item in required
        if item not in SPECIAL_ENTRY_ITEMS and (entry[ITEM_FIELDS[item]] or REFUSED) == REFUSED
    ]


def _lines(params: Mapping) -> list[Mapping]:
    """The indicator's Annex line: ``where`` (every item matching), or ``any_of`` several such
    (the ESF 2014–2020 "migrants, foreign background, minorities" is one of three answers)."""
    return [line for line in params.get("any_of") or [params.get("where") or {}] if line] or [{}]


def _counted(entries: dict[Any, dict], params: Mapping) -> dict[Any, dict]:
    """The entries an Annex line counts, by the template's completeness rule."""
    lines = _lines(params)
    where = lines != [{}]
    required = params.get("required") or ()
    completeness = params.get("completeness") or Completeness.PER_ITEM
    found = {}
    for pid, entry in entries.items():
        if lacking(entry, required):
            if completeness == Completeness.EXCLUDED:
                continue
            if completeness == Completeness.GRAND_TOTAL and where:
                continue
        if any(
            all(entry[ITEM_FIELDS[item]] in values for item, values in line.items())
            for line in lines
        ):
            found[pid] = entry
    return found


def _esf_figure(counted: dict[Any, dict]) -> Figure:
    return Figure(
        value=len(counted),
        rows={"people": sorted(e["pk"] for e in counted.values())},
        breakdowns=breakdowns(counted.values(), [EntryItem.GENDER]),
    )


@rule_register(
    code="esf_participants",
    label=_("Participants by the Annex's line"),
    definition=_(
        "People who attended an event of the kinds the template makes participants of, from the "
        "operation's start to the end of the period, each once with their characteristics at "
        "their first entry, who meet the indicator's line (its age band, employment status, "
        "education or other item); by gender. A record lacking or refusing an item counts as "
        "the template's completeness rule says."
    ),
    breakdowns=[EntryItem.GENDER],
    categories={"record": RECORD_CATEGORIES, "lacking": EntryItem.choices},
)
def esf_participants(*, period: Period, operation: Operation | None, params: Mapping) -> Figure:
    _span, entries = _participant_entries(period, operation, params)
    figure = _esf_figure(_counted(entries, params))
    if _lines(params) == [{}]:
        # The grand total says how many records lack an item, and which items they lack.
        required = [i for i in params.get("required") or () if i not in SPECIAL_ENTRY_ITEMS]
        record = {"complete": 0, "lacking": 0}
        missing = dict.fromkeys(required, 0)
        for entry in entries.values():
            gaps = lacking(entry, required)
            record["lacking" if gaps else "complete"] += 1
            for item in gaps:
                missing[item] += 1
        figure.breakdowns["record"] = record
        figure.breakdowns["lacking"] = dict(sorted(missing.items(), key=lambda c: -c[1]))
    return figure


def leavers(*, span: Period, situations: Iterable[str]) -> set[Any]:
    """The pseudonymous ids of the people whose situation on leaving, within the span, is any of
    ``situations``; "gained a qualification" also by a certificate the portal issued for a
    training that leads to one. One query."""
    situations = list(situations)
    said = Q(leaving__left_on__range=(span.start, span.end)) & Q.create(
        [(f"leaving__{situation}", YesNo.YES) for situation in situations], connector=Q.OR
    )
    if LeavingItem.QUALIFICATION in situations:
        said |= Q(
            event__leads_to_qualification=True,
            event__start__gte=span.start_at,
            event__start__lt=span.end_before,
            documents__kind=CERTIFICATE,
            documents__status="done",
        )
    return set(
        Registration.objects.filter(said, pid__isnull=False)
        .order_by()
        .values_list("pid", flat=True)
        .distinct()
    )


@rule_register(
    code="esf_leavers",
    label=_("Participants by their situation on leaving"),
    definition=_(
        "Participants (as the template counts them) who left a training from the operation's "
        "start to the end of the period and said, within four weeks of leaving, that they were "
        "in the indicator's situation, or in any of its situations (seeking work, in education "
        "or training, gained a qualification, in employment); a certificate the portal issued "
        "for a training that leads to a qualification counts as gaining one. Among them, those "
        "in the indicator's line (disadvantaged participants, say). By gender."
    ),
    breakdowns=[EntryItem.GENDER],
)
def esf_leavers(*, period: Period, operation: Operation | None, params: Mapping) -> Figure:
    situations = list(params.get("situations") or [params.get("situation") or LeavingItem.EMPLOYED])
    for situation in situations:
        if situation not in LeavingItem.values:
            raise ValueError(f"No situation on leaving {situation!r}")
    span, entries = _participant_entries(period, operation, params)
    left = leavers(span=span, situations=situations)
    counted = _counted({pid: e for pid, e in entries.items() if pid in left}, params)
    return _esf_figure(counted)
