"""What events contribute to the funder reports: counting rules on a ``Period``, and the rows
behind them.

``hub`` reads these rules (registered with ``rule_register``, imported from ``EventsConfig.ready``)
and the two organisation functions at the end, and nothing else of this app.

- An event counts in the period it starts in (the hub's time zone: one at 23:30 on the last day
  of a quarter counts in that quarter), once it has started, if it is published and not
  cancelled: a cancelled event is never held, and nobody's registration for it counts.
- A participation is a registration marked present at check-in (each session of a programme is an
  event, so attendance is per session).
- People are told apart by their participant's pseudonymous id (``Registration.pid``), which stays
  on the registrations when a person is erased, so counts never change.
- A person's characteristics are those they gave at entry: on the registration of their first
  attended session in the rule's span. A record missing a non-sensitive item that the figure is
  broken down by counts in the grand total only (the ``INCOMPLETE`` line of every non-sensitive
  breakdown); "prefer not to say" counts as ``REFUSED``. Special-category items are counted only
  in aggregate, unanswered ones as ``INCOMPLETE``.
- An organisation is credited only where the registration's link to it was made by the person's
  membership or confirmed by staff, never from a typed name.

Participant rules take ``params``: ``breakdowns`` (entry items; all by default) and ``kinds``
(event kinds; all by default). Every rule runs a fixed number of queries, whatever the data size.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING, Any

from django.db.models import Count, F, Max, OuterRef, Q, QuerySet, Subquery
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from hub.entry import (
    INCOMPLETE,
    REFUSED,
    SPECIAL_ENTRY_ITEMS,
    AgeBand,
    Completeness,
    Education,
    Employment,
    EntryItem,
    Gender,
    Household,
    YesNo,
)
from hub.indicators import Figure, Period, RowKind, row_kind_register, rule_register
from hub.models import Municipality
from hub.text import collated

from .models import (
    CREDITING_LINKS,
    Event,
    EventKind,
    LeavingItem,
    OrganisationLink,
    Registration,
    SpecialAnswer,
)

if TYPE_CHECKING:
    from hub.models import Operation

# Where each entry item is read, from a registration (special-category items from their own
# table, joined, never fetched per person for display).
ITEM_FIELDS = {
    EntryItem.AGE: "age_band",
    EntryItem.GENDER: "gender",
    EntryItem.EDUCATION: "education",
    EntryItem.EMPLOYMENT: "employment",
    EntryItem.THIRD_COUNTRY: "third_country",
    EntryItem.HOUSEHOLD: "household",
    EntryItem.HOMELESS: "homeless",
    EntryItem.RURAL: "rural",
    EntryItem.DISABILITY: "special_category__disability",
    EntryItem.MINORITY: "special_category__minority",
    EntryItem.FOREIGN_BACKGROUND: "special_category__foreign_background",
}
ALL_ITEMS = tuple(str(item) for item in EntryItem)
SPECIAL_CHOICES = tuple((str(v), str(label)) for v, label in SpecialAnswer.choices if v != REFUSED)
ITEM_CATEGORIES = {
    EntryItem.AGE: [str(v) for v in AgeBand.values],
    EntryItem.GENDER: [str(v) for v in Gender.values],
    EntryItem.EDUCATION: [str(v) for v in Education.values],
    EntryItem.EMPLOYMENT: [str(v) for v in Employment.values],
    EntryItem.THIRD_COUNTRY: [str(v) for v in YesNo.values],
    EntryItem.HOUSEHOLD: [str(v) for v in Household.values],
    EntryItem.HOMELESS: [str(v) for v in YesNo.values],
    EntryItem.RURAL: [str(v) for v in YesNo.values],
    **{item: [value for value, _label in SPECIAL_CHOICES] for item in SPECIAL_ENTRY_ITEMS},
}
# Special-category answers have no enumeration in hub: their labels go with the rules.
SPECIAL_CATEGORIES = {str(item): SPECIAL_CHOICES for item in SPECIAL_ENTRY_ITEMS}
ENTRY_VALUES = ("pk", "pid", "participant_id", "event_id", "event__start", *ITEM_FIELDS.values())


def events_held(period: Period) -> QuerySet[Event]:
    """Published events, not cancelled, that started in the period (and by now)."""
    return Event.objects.held().filter(start__gte=period.start_at, start__lt=period.end_before)


def _attended(
    *, start_at: datetime | None, end_before: datetime, kinds: Iterable[str] | None
) -> QuerySet[Registration]:
    """Attendances (not cancelled, marked present) at events held in the span."""
    registrations = (
        Registration.objects.active()
        .attended()
        .filter(
            pid__isnull=False,
            event__is_published=True,
            event__is_cancelled=False,
            event__start__lt=end_before,
            event__start__lte=timezone.now(),
        )
    )
    if start_at is not None:
        registrations = registrations.filter(event__start__gte=start_at)
    if kinds is not None:
        registrations = registrations.filter(event__kind__in=list(kinds))
    return registrations


def _kinds(params: Mapping) -> list[str] | None:
    kinds = params.get("kinds")
    return list(kinds) if kinds else None


def _items(params: Mapping) -> list[str]:
    wanted = params.get("breakdowns")
    return [item for item in ALL_ITEMS if wanted is None or item in wanted]


def _first_entries(rows: Iterable[dict]) -> dict[Any, dict]:
    """Each person's first attendance in ``rows`` (by the session's start, then registration)."""
    first: dict[Any, dict] = {}
    for row in sorted(rows, key=lambda r: (r["event__start"], r["pk"])):
        first.setdefault(row["pid"], row)
    return first


def breakdowns(entries: Iterable[dict], items: Iterable[str]) -> dict[str, dict[str, int]]:
    """Count entry rows by each item: its categories, ``REFUSED``, and ``INCOMPLETE`` (a record
    missing any non-sensitive item broken down by counts in none of their categories)."""
    items = list(items)
    ordinary = [item for item in items if item not in SPECIAL_ENTRY_ITEMS]
    result = {
        item: {**dict.fromkeys(ITEM_CATEGORIES[item], 0), REFUSED: 0, INCOMPLETE: 0}
        for item in items
    }
    for entry in entries:
        complete = all(entry[ITEM_FIELDS[item]] for item in ordinary)
        for item in items:
            value = entry[ITEM_FIELDS[item]] or ""
            if item in SPECIAL_ENTRY_ITEMS:
                result[item][value or INCOMPLETE] += 1
            else:
                result[item][value if complete else INCOMPLETE] += 1
    return result


def _people_figure(entries: dict[Any, dict], params: Mapping) -> Figure:
    return Figure(
        value=len(entries),
        # Each person by the registration that made them count: an erased person's row stays
        # (anonymous), so the rows behind a figure never change with an erasure.
        rows={"people": sorted(e["pk"] for e in entries.values())},
        breakdowns=breakdowns(entries.values(), _items(params)),
    )


PARTICIPANT_RULE = {"breakdowns": ALL_ITEMS, "categories": SPECIAL_CATEGORIES}


@rule_register(
    code="events_by_kind",
    label=_("Events held"),
    definition=_("Published events that started in the period and were not cancelled, by kind."),
    categories={"kind": EventKind.choices},
)
def events_by_kind(*, period: Period, operation: Operation | None, params: Mapping) -> Figure:
    rows = list(events_held(period).order_by("start", "pk").values_list("pk", "kind"))
    by_kind = dict.fromkeys(EventKind.values, 0)
    for _pk, kind in rows:
        by_kind[kind] += 1
    return Figure(
        value=len(rows), rows={"events": [pk for pk, _kind in rows]}, breakdowns={"kind": by_kind}
    )


@rule_register(
    code="trainings_held",
    label=_("Trainings held"),
    definition=_(
        "Published trainings, not cancelled, that started in the period with at least one person "
        "marked present (a registration that was not cancelled); the sessions of a programme "
        "held in the period count once together."
    ),
)
def trainings_held(*, period: Period, operation: Operation | None, params: Mapping) -> Figure:
    # The sessions with a present, not cancelled registration, in a subquery: excluding the
    # events with a cancelled registration would drop a training for one person's cancellation.
    present = Registration.objects.active().attended().values("event_id")
    rows = list(
        events_held(period)
        .filter(kind=EventKind.TRAINING, pk__in=present)
        .order_by()
        .values_list("pk", "programme_id")
    )
    trainings = {("programme", p) if p else ("event", pk) for pk, p in rows}
    return Figure(value=len(trainings), rows={"events": sorted({pk for pk, _p in rows})})


@rule_register(
    code="training_participants",
    label=_("Training participants"),
    definition=_("Distinct people present at a training in the period, each counted once."),
    **PARTICIPANT_RULE,
)
def training_participants(
    *, period: Period, operation: Operation | None, params: Mapping
) -> Figure:
    return participants_in(period, {**params, "kinds": [EventKind.TRAINING]})


@rule_register(
    code="training_participations",
    label=_("Training participations"),
    definition=_("Attendances at trainings in the period: one person at three sessions is three."),
    **PARTICIPANT_RULE,
)
def training_participations(
    *, period: Period, operation: Operation | None, params: Mapping
) -> Figure:
    return participations(
        period=period, operation=operation, params={**params, "kinds": ["training"]}
    )


def participants_in(period: Period, params: Mapping) -> Figure:
    """Distinct people present in the period, with their characteristics at their first
    attendance in it."""
    rows = _attended(
        start_at=period.start_at, end_before=period.end_before, kinds=_kinds(params)
    ).values(*ENTRY_VALUES)
    return _people_figure(_first_entries(rows), params)


@rule_register(
    code="participants_new",
    label=_("New participants"),
    definition=_(
        "People whose first attended session (in the operation, or ever) is in the period, each "
        "counted once, with their characteristics at entry. Registering without attending never "
        "counts."
    ),
    **PARTICIPANT_RULE,
)
def participants_new(*, period: Period, operation: Operation | None, params: Mapping) -> Figure:
    start_at = period.since(operation.start).start_at if operation is not None else None
    rows = _attended(start_at=start_at, end_before=period.end_before, kinds=_kinds(params)).values(
        *ENTRY_VALUES
    )
    first = _first_entries(rows)
    entered = {
        pid: entry for pid, entry in first.items() if entry["event__start"] >= period.start_at
    }
    return _people_figure(entered, params)


@rule_register(
    code="participants_cumulative",
    label=_("Participants since the operation began"),
    definition=_(
        "People who attended at least once from the operation's start to the end of the period, "
        "each counted once with their characteristics at their first entry; recounted, never "
        "added up from periods."
    ),
    **PARTICIPANT_RULE,
)
def participants_cumulative(
    *, period: Period, operation: Operation | None, params: Mapping
) -> Figure:
    span = period.since(operation.start) if operation is not None else period
    return participants_in(span, params)


@rule_register(
    code="participations",
    label=_("Participations"),
    definition=_("Attendances in the period: one person at three events is three participations."),
    **PARTICIPANT_RULE,
)
def participations(*, period: Period, operation: Operation | None, params: Mapping) -> Figure:
    rows = list(
        _attended(
            start_at=period.start_at, end_before=period.end_before, kinds=_kinds(params)
        ).values(*ENTRY_VALUES)
    )
    return Figure(
        value=len(rows),
        rows={"events": sorted({row["event_id"] for row in rows})},
        breakdowns=breakdowns(rows, _items(params)),
    )


# Programmes and completion ----------------------------------------------------------------------


@dataclass
class _Unit:
    """A training one completes: a programme's sessions, or one training event on its own."""

    sessions: list[dict]

    @property
    def required(self) -> set[int]:
        required = {s["pk"] for s in self.sessions if s["required_session"]}
        return required or {s["pk"] for s in self.sessions}

    @property
    def days(self) -> int:
        zone = timezone.get_current_timezone()
        days = set()
        for session in self.sessions:
            day, last = session["start"].astimezone(zone).date(), session["end"].astimezone(zone)
            while day <= last.date():
                days.add(day)
                day = day.fromordinal(day.toordinal() + 1)
        return len(days)


def _completed(
    period: Period, *, programmes_only: bool, min_days: int = 1
) -> list[tuple[_Unit, list[dict]]]:
    """Trainings whose last session is in the period, with the attendance rows of the people who
    attended every required session. Two queries."""
    last = Subquery(
        Event.objects.filter(
            programme_id=OuterRef("programme_id"), is_published=True, is_cancelled=False
        )
        .order_by()
        .values("programme_id")
        .annotate(last=Max("start"))
        .values("last")[:1]
    )
    sessions = (
        Event.objects.published()
        .filter(is_cancelled=False)
        .annotate(last=Coalesce(last, F("start")))
        .filter(last__gte=period.start_at, last__lt=period.end_before, last__lte=timezone.now())
    )
    if programmes_only:
        sessions = sessions.filter(programme__isnull=False)
    else:
        sessions = sessions.filter(Q(programme__isnull=False) | Q(kind=EventKind.TRAINING))
    units: dict[tuple, _Unit] = {}
    for session in sessions.values("pk", "programme_id", "start", "end", "required_session"):
        key = (
            ("programme", session["programme_id"])
            if session["programme_id"]
            else ("event", session["pk"])
        )
        units.setdefault(key, _Unit([])).sessions.append(session)
    units = {key: unit for key, unit in units.items() if unit.days >= min_days}
    session_unit = {s["pk"]: key for key, unit in units.items() for s in unit.sessions}
    rows = (
        Registration.objects.active()
        .attended()
        .filter(pid__isnull=False, event__in=sessions.values("pk"))
        .values(*ENTRY_VALUES, "organisation_id", "organisation_link")
    )
    attended: dict[tuple, dict[Any, list[dict]]] = {}
    for row in rows:
        if row["event_id"] in session_unit:  # not of a training too short to count
            unit = session_unit[row["event_id"]]
            attended.setdefault(unit, {}).setdefault(row["pid"], []).append(row)
    completed = []
    for key, people in attended.items():
        required = units[key].required
        for person_rows in people.values():
            if required <= {row["event_id"] for row in person_rows}:
                completed.append((units[key], person_rows))
    return completed


@rule_register(
    code="people_completed_training",
    label=_("People who completed a training"),
    definition=_(
        "People who attended every required session (every session, where none is marked "
        "required) of a training lasting at least the indicator's number of days — a "
        "programme's sessions, or a training event on its own — whose last session is in the "
        "period; each person counts once. Cancelled sessions do not count. Source: attendance "
        "sheets."
    ),
    **PARTICIPANT_RULE,
)
def people_completed_training(
    *, period: Period, operation: Operation | None, params: Mapping
) -> Figure:
    completed = _completed(period, programmes_only=False, min_days=int(params.get("min_days", 2)))
    return _people_figure(_first_entries(row for _u, rows in completed for row in rows), params)


def completed_programme_organisation_ids(*, period: Period) -> set[int]:
    """Directory organisations credited (by membership or staff) by a person who completed a
    programme whose last session is in the period."""
    return {
        row["organisation_id"]
        for _unit, rows in _completed(period, programmes_only=True)
        for row in rows
        if row["organisation_id"] and row["organisation_link"] in CREDITING_LINKS
    }


def training_credits(*, period: Period) -> dict[int, set[int]]:
    """Directory organisations credited by people present at a training in the period, with
    the registrations that credit them: ``{organisation id: {registration ids}}``. Only a link
    made by the person's membership or confirmed by staff counts. One query."""
    credits: dict[int, set[int]] = {}
    for pk, organisation_id in (
        _attended(
            start_at=period.start_at, end_before=period.end_before, kinds=[EventKind.TRAINING]
        )
        .filter(organisation__isnull=False, organisation_link__in=CREDITING_LINKS)
        .values_list("pk", "organisation_id")
    ):
        credits.setdefault(organisation_id, set()).add(pk)
    return credits


def training_organisation_ids(*, period: Period) -> set[int]:
    """Directory organisations credited by people present at a training in the period."""
    return set(training_credits(period=period))


@rule_register(
    code="municipalities_reached",
    label=_("Municipalities reached"),
    definition=_(
        "Municipalities where a published event that was not cancelled started in the period; "
        "events without a municipality (online only) reach none."
    ),
)
def municipalities_reached(
    *, period: Period, operation: Operation | None, params: Mapping
) -> Figure:
    ids = set(
        events_held(period)
        .filter(municipality__isnull=False)
        .order_by()
        .values_list("municipality_id", flat=True)
        .distinct()
    )
    return Figure(value=len(ids), rows={"municipalities": sorted(ids)})


# ESF participants by the Annex's lines -----------------------------------------------------------
#
# The template decides which events make participants (``participant_kinds``,
# ``programmes_only``) and what a record missing or refusing a non-sensitive item it asks
# (``required``) counts in (``completeness``); ``hub.reports`` passes these with every
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
    rows = _attended(start_at=span.start_at, end_before=span.end_before, kinds=kinds)
    if params.get("programmes_only"):
        rows = rows.filter(event__programme__isnull=False)
    return span, _first_entries(rows.values(*ENTRY_VALUES))


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


def leavers(*, span: Period, situation: str) -> set[Any]:
    """The pseudonymous ids of the people whose situation on leaving, within the span, is
    ``situation``; "gained a qualification" also by a certificate the portal issued for a
    training that leads to one. One query."""
    said = Q(leaving__left_on__range=(span.start, span.end), **{f"leaving__{situation}": YesNo.YES})
    if situation == LeavingItem.QUALIFICATION:
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
        "in the indicator's situation (seeking work, in education or training, gained a "
        "qualification, in employment); a certificate the portal issued for a training that "
        "leads to a qualification counts as gaining one. By gender."
    ),
    breakdowns=[EntryItem.GENDER],
)
def esf_leavers(*, period: Period, operation: Operation | None, params: Mapping) -> Figure:
    situation = params.get("situation") or LeavingItem.EMPLOYED
    if situation not in LeavingItem.values:
        raise ValueError(f"No situation on leaving {situation!r}")
    span, entries = _participant_entries(period, operation, params)
    left = leavers(span=span, situation=situation)
    counted = _counted({pid: e for pid, e in entries.items() if pid in left}, params)
    return _esf_figure(counted)


# The codes of the rules this module registers.
RULE_CODES = (
    "esf_participants",
    "esf_leavers",
    "events_by_kind",
    "trainings_held",
    "training_participants",
    "training_participations",
    "participants_new",
    "participants_cumulative",
    "participations",
    "people_completed_training",
    "municipalities_reached",
)


# The rows behind the figures --------------------------------------------------------------------


def _event_rows(ids: list[int]) -> list[dict[str, Any]]:
    active = ~Q(registrations__status=Registration.Status.CANCELLED)
    events = (
        Event.objects.filter(pk__in=ids)
        .select_related("municipality")
        .annotate(
            registered=Count("registrations", filter=active),
            present=Count("registrations", filter=active & Q(registrations__attended=True)),
        )
        .order_by("start", "pk")
    )
    return [
        {
            "pk": event.pk,
            "title": event.title,
            "kind": event.get_kind_display(),
            "day": event.local_day,
            "municipality": event.municipality.name if event.municipality else "",
            "registered": event.registered,
            "present": event.present,
            "url": event.get_absolute_url(),
        }
        for event in events
    ]


def _people_rows(ids: list[int]) -> list[dict[str, Any]]:
    """Each person's name and e-mail as on the registration that made them count (never their
    entry data, let alone special-category data)."""
    rows = Registration.objects.filter(pk__in=ids).values("pk", "name", "email")
    return sorted(rows, key=lambda r: (r["name"].casefold(), r["pk"]))


def _municipality_rows(ids: list[int]) -> list[dict[str, Any]]:
    return [
        {"pk": pk, "name": name, "region": region}
        for pk, name, region in Municipality.objects.filter(pk__in=ids)
        .order_by(collated("name"), "pk")
        .values_list("pk", "name", "region__name")
    ]


row_kind_register(
    RowKind(
        name="events",
        label=_("Events"),
        columns=(
            ("title", _("Event")),
            ("kind", _("Kind")),
            ("day", _("Day")),
            ("municipality", _("Municipality")),
            ("registered", _("Registered")),
            ("present", _("Present")),
        ),
        fetch=_event_rows,
    )
)
row_kind_register(
    RowKind(
        name="people",
        label=_("People"),
        columns=(("name", _("Name")), ("email", _("E-mail address"))),
        fetch=_people_rows,
        staff_only=True,
    )
)


def _credit_rows(ids: list[int]) -> list[dict[str, Any]]:
    """Each training attendance that credits an organisation: the training, its day, the
    organisation and how the link was made (the person's membership or staff's confirmation).
    The person is not named: these rows are evidence for the organisation, not about people."""
    links = dict(OrganisationLink.choices)
    registrations = (
        Registration.objects.filter(pk__in=ids)
        .select_related("event", "organisation")
        .only(
            "organisation_link",
            "event__title",
            "event__slug",
            "event__start",
            "organisation__name",
        )
        .order_by("event__start", "event_id", "pk")
    )
    return [
        {
            "training": registration.event.title,
            "day": registration.event.local_day,
            "organisation": registration.organisation.name,
            "link": links.get(registration.organisation_link, registration.organisation_link),
            "url": registration.event.get_absolute_url(),
        }
        for registration in registrations
    ]


row_kind_register(
    RowKind(
        name="training_credits",
        label=_("Trainings that credit an organisation"),
        columns=(
            ("training", _("Training")),
            ("day", _("Day")),
            ("organisation", _("Organisation")),
            ("link", _("Credited by")),
        ),
        fetch=_credit_rows,
    )
)
row_kind_register(
    RowKind(
        name="municipalities",
        label=_("Municipalities"),
        columns=(("name", _("Municipality")), ("region", _("Region"))),
        fetch=_municipality_rows,
    )
)
