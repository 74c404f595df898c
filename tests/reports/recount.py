"""A second, independent count of every registered counting rule, written from its printed
definition: plain Python over rows fetched with ``.values()`` (no aggregation, no rule code).

Each ``recount_<rule>(world, period, operation, params)`` returns what ``Figure.to_json()`` of
the rule must be: value, rows by kind (sorted ids) and breakdowns in their stored, ordered form.
``World.fetch()`` reads the tables once; the recounts only read the lists.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from decimal import ROUND_HALF_UP, Decimal
from typing import Any
from zoneinfo import ZoneInfo

from django.utils import timezone

from hub.indicators import Period, hub_zone

CANCELLED = "cancelled"
CREDITING = {"membership", "staff"}
REFUSED = "refused"
INCOMPLETE = "incomplete"
ORDINARY = [
    "age",
    "gender",
    "education",
    "employment",
    "third_country",
    "household",
    "homeless",
    "rural",
]
SPECIAL = ["disability", "minority", "foreign_background", "other_disadvantage"]
PROJECT = ["by_social_partners_or_ngos", "for_women_in_employment", "for_public_administrations"]
ITEMS = ORDINARY + SPECIAL
RESULTS = ["adopted", "partly_adopted", "rejected", "withdrawn"]


@dataclass
class World:
    events: list[dict]
    registrations: list[dict]
    organisations: dict[int, dict]
    support: list[dict]
    partnerships: list[dict]
    partners: list[dict]
    outcomes: list[dict]
    calls: list[dict]
    alerts: list[dict]
    initiatives: list[dict]
    leavings: list[dict]
    certified: set[int]
    supporters: list[dict]
    submissions: list[dict]
    representations: list[dict]
    categories: dict[str, list[str]]
    now: datetime
    questionnaires: dict[int, dict] = field(default_factory=dict)
    responses: list[dict] = field(default_factory=list)
    answers: list[dict] = field(default_factory=list)
    operations: dict[int, dict] = field(default_factory=dict)
    # The hub's zone, read once: days are counted in it.
    zone: ZoneInfo = field(default_factory=hub_zone)

    @classmethod
    def fetch(cls) -> World:
        from advocacy.models import Initiative, Representation, Submission, Supporter
        from calls.models import Alert, Call
        from events.models import Event, LeavingSituation, Registration
        from hub.entry import AgeBand, Education, Employment, Gender, Household
        from hub.models import Document, Operation
        from organisations.models import Organisation, SupportRecord
        from partnerships.models import Outcome, Partner, Partnership
        from questionnaires.models import Answer, Questionnaire, Response

        registrations = list(
            Registration.objects.values(
                "pk",
                "event_id",
                "pid",
                "status",
                "attended",
                "organisation_id",
                "organisation_link",
                "age_band",
                "gender",
                "education",
                "employment",
                "third_country",
                "household",
                "homeless",
                "rural",
                "special_category__disability",
                "special_category__minority",
                "special_category__foreign_background",
                "special_category__other_disadvantage",
            )
        )
        for row in registrations:
            for item in SPECIAL:
                row[item] = row.pop(f"special_category__{item}")
            row["age"] = row.pop("age_band")
        return cls(
            events=list(
                Event.objects.values(
                    "pk",
                    "kind",
                    "start",
                    "end",
                    "is_published",
                    "is_cancelled",
                    "programme_id",
                    "municipality_id",
                    "required_session",
                    "leads_to_qualification",
                )
            ),
            registrations=registrations,
            organisations={
                row["pk"]: row
                for row in Organisation.objects.values(
                    "pk", "sector", "has_potential", "size_class"
                )
            },
            support=list(
                SupportRecord.objects.values("pk", "organisation_id", "kind", "date", "hours")
            ),
            partnerships=list(Partnership.objects.values("pk", "started", "ended")),
            partners=list(
                Partner.objects.values("pk", "partnership_id", "organisation_id", "joined", "left")
            ),
            outcomes=list(Outcome.objects.values("pk", "kind", "submitted_on")),
            calls=list(Call.objects.values("pk", "is_published", "published_at", "funder__kind")),
            alerts=list(Alert.objects.values("pk", "kind", "email__status", "email__sent_at")),
            initiatives=list(
                Initiative.objects.values(
                    "pk", "status", "started", "closed", "lead_id", "consultation_id"
                )
            ),
            leavings=list(
                LeavingSituation.objects.values(
                    "registration_id",
                    "left_on",
                    "seeking_work",
                    "in_education",
                    "qualification",
                    "employed",
                )
            ),
            certified=set(
                Document.objects.filter(
                    kind="events.certificate",
                    status="done",
                    subject_type__app_label="events",
                    subject_type__model="registration",
                ).values_list("subject_id", flat=True)
            ),
            supporters=list(Supporter.objects.values("initiative_id", "organisation_id")),
            submissions=list(Submission.objects.values("pk", "initiative_id", "date")),
            representations=list(
                Representation.objects.values("pk", "level", "mandate_from", "mandate_to")
            ),
            categories={
                "age": [str(v) for v in AgeBand.values],
                "gender": [str(v) for v in Gender.values],
                "education": [str(v) for v in Education.values],
                "employment": [str(v) for v in Employment.values],
                "household": [str(v) for v in Household.values],
                **{item: ["yes", "no"] for item in ["third_country", "homeless", "rural"]},
                **{item: ["yes", "no"] for item in SPECIAL},
            },
            now=timezone.now(),
            questionnaires={
                row["pk"]: row
                for row in Questionnaire.objects.values("pk", "subject", "moment", "pair_id")
            },
            responses=list(
                Response.objects.values("pk", "pid", "questionnaire_id", "submitted_at")
            ),
            answers=list(
                Answer.objects.values(
                    "response_id", "question__measure", "question__kind", "number"
                )
            ),
            operations={
                row["pk"]: row for row in Operation.objects.values("pk", "start", *PROJECT)
            },
        )


def _in(world: World, moment: datetime, period: Period) -> bool:
    """Whether a moment falls on one of the period's days, in the hub's time zone."""
    return period.start <= moment.astimezone(world.zone).date() <= period.end


def _figure(value, rows=None, breakdowns=None) -> dict[str, Any]:
    """The stored form: breakdowns as ordered lists of items, each an ordered list of its
    categories (the order a report prints them in)."""
    value = str(value) if isinstance(value, Decimal) else value
    return {
        "value": value,
        "rows": {kind: sorted(ids) for kind, ids in (rows or {}).items()},
        # Stored as ordered lists, as ``Figure.to_json`` keeps them.
        "breakdowns": [
            {"key": name, "value": [{"key": k, "value": v} for k, v in cells.items()]}
            for name, cells in (breakdowns or {}).items()
        ],
    }


# Events ------------------------------------------------------------------------------------------


def _held(world: World, event: dict) -> bool:
    """A published event, not cancelled, that has started."""
    return event["is_published"] and not event["is_cancelled"] and event["start"] <= world.now


def _events_by_pk(world: World) -> dict[int, dict]:
    return {event["pk"]: event for event in world.events}


def _attendances(world: World, *, since: date | None, until: date, kinds=None) -> list[dict]:
    """A person (pid) marked present, registration not cancelled, at a held event that started
    from ``since`` (or ever) to ``until``: each with its event's start."""
    events = _events_by_pk(world)
    found = []
    for row in world.registrations:
        event = events[row["event_id"]]
        day = event["start"].astimezone(world.zone).date()
        if (
            row["pid"] is not None
            and row["attended"]
            and row["status"] != CANCELLED
            and _held(world, event)
            and (since is None or day >= since)
            and day <= until
            and (kinds is None or event["kind"] in kinds)
        ):
            found.append({**row, "start": event["start"]})
    return found


def _breakdowns(world: World, rows: list[dict], items: list[str]) -> dict[str, dict[str, int]]:
    """Each item: its categories, refused, incomplete. A record missing any ordinary item of
    those broken down counts as incomplete in every ordinary one; a special item unanswered is
    incomplete in that item only."""
    ordinary = [item for item in items if item in ORDINARY]
    result = {
        item: {**{c: 0 for c in world.categories[item]}, REFUSED: 0, INCOMPLETE: 0}
        for item in items
    }
    for row in rows:
        complete = all(row[item] for item in ordinary)
        for item in items:
            if item in SPECIAL:
                result[item][row[item] or INCOMPLETE] += 1
            else:
                result[item][row[item] if complete else INCOMPLETE] += 1
    return result


def _people(world: World, rows: list[dict], items: list[str], *, entered_from=None) -> dict:
    first: dict[Any, dict] = {}
    for row in sorted(rows, key=lambda r: (r["start"], r["pk"])):
        if row["pid"] not in first:
            first[row["pid"]] = row
    chosen = [
        row
        for row in first.values()
        if entered_from is None or row["start"].astimezone(world.zone).date() >= entered_from
    ]
    return _figure(
        len(chosen), {"people": [r["pk"] for r in chosen]}, _breakdowns(world, chosen, items)
    )


def _items(params) -> list[str]:
    wanted = params.get("breakdowns")
    return [item for item in ITEMS if wanted is None or item in wanted]


def recount_events_by_kind(world, period, operation, params):
    from events.models import EventKind

    held = [e for e in world.events if _held(world, e) and _in(world, e["start"], period)]
    kinds = {kind: 0 for kind in EventKind.values}
    for event in held:
        kinds[event["kind"]] += 1
    return _figure(len(held), {"events": [e["pk"] for e in held]}, {"kind": kinds})


def recount_trainings_held(world, period, operation, params):
    present = {
        r["event_id"] for r in world.registrations if r["attended"] and r["status"] != CANCELLED
    }
    held = [
        e
        for e in world.events
        if e["kind"] == "training"
        and _held(world, e)
        and _in(world, e["start"], period)
        and e["pk"] in present
    ]
    trainings = {
        ("programme", e["programme_id"]) if e["programme_id"] else ("event", e["pk"]) for e in held
    }
    return _figure(len(trainings), {"events": [e["pk"] for e in held]})


def recount_municipalities_reached(world, period, operation, params):
    ids = {
        e["municipality_id"]
        for e in world.events
        if _held(world, e) and _in(world, e["start"], period) and e["municipality_id"]
    }
    return _figure(len(ids), {"municipalities": list(ids)})


def recount_training_participants(world, period, operation, params):
    rows = _attendances(world, since=period.start, until=period.end, kinds={"training"})
    return _people(world, rows, _items(params))


def _participations(world, period, params, kinds=None):
    rows = _attendances(world, since=period.start, until=period.end, kinds=kinds)
    return _figure(
        len(rows),
        {"events": list({r["event_id"] for r in rows})},
        _breakdowns(world, rows, _items(params)),
    )


def recount_participations(world, period, operation, params):
    return _participations(world, period, params)


def recount_training_participations(world, period, operation, params):
    return _participations(world, period, params, kinds={"training"})


def recount_participants_new(world, period, operation, params):
    since = min(operation.start, period.end) if operation is not None else None
    rows = _attendances(world, since=since, until=period.end)
    return _people(world, rows, _items(params), entered_from=period.start)


def recount_participants_cumulative(world, period, operation, params):
    since = min(operation.start, period.end) if operation is not None else period.start
    return _people(world, _attendances(world, since=since, until=period.end), _items(params))


def _units(world: World, period: Period, *, programmes_only: bool, min_days: int) -> list[list]:
    """Trainings one completes: a programme's sessions (published, not cancelled) or a training
    event on its own, whose last session started in the period (and by now), lasting at least
    ``min_days`` days."""
    sessions = [e for e in world.events if e["is_published"] and not e["is_cancelled"]]
    groups: dict[tuple, list[dict]] = {}
    for event in sessions:
        if event["programme_id"]:
            groups.setdefault(("programme", event["programme_id"]), []).append(event)
        elif not programmes_only and event["kind"] == "training":
            groups[("event", event["pk"])] = [event]
    units = []
    for group in groups.values():
        last = max(e["start"] for e in group)
        if not _in(world, last, period) or last > world.now:
            continue
        days = set()
        for event in group:
            day = event["start"].astimezone(world.zone).date()
            while day <= event["end"].astimezone(world.zone).date():
                days.add(day)
                day += timedelta(days=1)
        if len(days) >= min_days:
            units.append(group)
    return units


def _completions(world, period, *, programmes_only, min_days) -> list[list[dict]]:
    """For each unit and person who attended every required session (all, where none is
    marked), that person's attendance rows in the unit."""
    found = []
    for unit in _units(world, period, programmes_only=programmes_only, min_days=min_days):
        pks = {e["pk"] for e in unit}
        required = {e["pk"] for e in unit if e["required_session"]} or pks
        starts = {e["pk"]: e["start"] for e in unit}
        by_person: dict[Any, list[dict]] = {}
        for row in world.registrations:
            if (
                row["event_id"] in pks
                and row["pid"] is not None
                and row["attended"]
                and row["status"] != CANCELLED
            ):
                by_person.setdefault(row["pid"], []).append(
                    {**row, "start": starts[row["event_id"]]}
                )
        for rows in by_person.values():
            if required <= {r["event_id"] for r in rows}:
                found.append(rows)
    return found


def recount_people_completed_training(world, period, operation, params):
    rows = [
        row
        for rows in _completions(
            world, period, programmes_only=False, min_days=int(params.get("min_days", 2))
        )
        for row in rows
    ]
    return _people(world, rows, _items(params))


# Organisations -----------------------------------------------------------------------------------


def _credited_at_trainings(world, period) -> dict[int, list[int]]:
    """Organisations credited (membership or staff) by a training attendance, with those
    registrations."""
    credits: dict[int, list[int]] = {}
    for r in _attendances(world, since=period.start, until=period.end, kinds={"training"}):
        if r["organisation_id"] and r["organisation_link"] in CREDITING:
            credits.setdefault(r["organisation_id"], []).append(r["pk"])
    return credits


def _supported(world, period, sector, potential_only=False):
    records = [
        s
        for s in world.support
        if period.start <= s["date"] <= period.end
        and world.organisations[s["organisation_id"]]["sector"] == sector
    ]
    credits = _credited_at_trainings(world, period)
    candidates = {s["organisation_id"] for s in records} | set(credits)
    ids = {
        pk
        for pk in candidates
        if world.organisations[pk]["sector"] == sector
        and (world.organisations[pk]["has_potential"] or not potential_only)
    }
    return _figure(
        len(ids),
        {
            "organisations": list(ids),
            "support": [s["pk"] for s in records if s["organisation_id"] in ids],
            "training_credits": [pk for o in ids for pk in credits.get(o, [])],
        },
    )


def recount_ngos_supported(world, period, operation, params):
    return _supported(world, period, "civil")


def recount_ngos_with_potential_supported(world, period, operation, params):
    return _supported(world, period, "civil", potential_only=True)


def recount_public_bodies_supported(world, period, operation, params):
    return _supported(world, period, "public")


def _mentoring(world, period, since, hours, kinds, potential_only):
    """Organisations whose hours of the kinds from ``since`` reached ``hours`` by the period's
    end; and of those, the ones still short of it the day before the period."""
    by_end, before, evidence = {}, {}, {}
    for s in world.support:
        organisation = world.organisations[s["organisation_id"]]
        if not (min(since, period.start) <= s["date"] <= period.end and s["kind"] in kinds):
            continue
        if potential_only and not organisation["has_potential"]:
            continue
        by_end[s["organisation_id"]] = by_end.get(s["organisation_id"], 0) + s["hours"]
        evidence.setdefault(s["organisation_id"], []).append(s["pk"])
        if s["date"] < period.start:
            before[s["organisation_id"]] = before.get(s["organisation_id"], 0) + s["hours"]
    reached = {pk for pk, total in by_end.items() if total >= hours}
    crossed = {pk for pk in reached if before.get(pk, 0) < hours}
    return reached, crossed, evidence


def recount_ngos_with_potential_hours(world, period, operation, params):
    since = operation.start if operation is not None else period.start
    reached, _crossed, evidence = _mentoring(
        world,
        period,
        since,
        Decimal(str(params.get("hours", 25))),
        params.get("kinds") or ["mentoring"],
        potential_only=True,
    )
    return _figure(
        len(reached),
        {"organisations": list(reached), "support": [pk for o in reached for pk in evidence[o]]},
    )


def recount_organisations_completed_programme(world, period, operation, params):
    since = operation.start if operation is not None else period.start
    _reached, crossed, evidence = _mentoring(
        world,
        period,
        since,
        Decimal(str(params.get("mentoring_hours", 25))),
        params.get("kinds") or ["mentoring"],
        potential_only=False,
    )
    credited = {
        r["organisation_id"]
        for rows in _completions(world, period, programmes_only=True, min_days=1)
        for r in rows
        if r["organisation_id"] and r["organisation_link"] in CREDITING
    }
    ids = {pk for pk in crossed | credited if world.organisations[pk]["sector"] == "civil"}
    return _figure(
        len(ids),
        {"organisations": list(ids), "support": [pk for o in crossed & ids for pk in evidence[o]]},
    )


def recount_support_hours(world, period, operation, params):
    from organisations.models import SupportKind

    kinds = params.get("kinds") or SupportKind.values
    records = [
        s for s in world.support if period.start <= s["date"] <= period.end and s["kind"] in kinds
    ]
    by_kind = {kind: Decimal(0) for kind in kinds}
    for s in records:
        by_kind[s["kind"]] += s["hours"]
    return _figure(
        sum(by_kind.values(), Decimal(0)),
        {"support": [s["pk"] for s in records]},
        {"kind": {kind: float(hours) for kind, hours in by_kind.items()}},
    )


# Partnerships ------------------------------------------------------------------------------------


def _running(world, period) -> dict[int, dict]:
    return {
        p["pk"]: p
        for p in world.partnerships
        if p["started"] <= period.end and (p["ended"] is None or p["ended"] >= period.start)
    }


def recount_partnerships_set_up(world, period, operation, params):
    ids = [p["pk"] for p in world.partnerships if period.start <= p["started"] <= period.end]
    return _figure(len(ids), {"partnerships": ids})


def recount_cross_sector_partnerships(world, period, operation, params):
    running = _running(world, period)
    ids = []
    for pk, partnership in running.items():
        on = min(partnership["ended"], period.end) if partnership["ended"] else period.end
        sectors = {
            world.organisations[p["organisation_id"]]["sector"]
            for p in world.partners
            if p["partnership_id"] == pk
            and p["joined"] <= on
            and (p["left"] is None or p["left"] > on)
        }
        if sectors >= {"civil", "public", "private"}:
            ids.append(pk)
    return _figure(len(ids), {"partnerships": ids})


def recount_partners_by_sector(world, period, operation, params):
    running = _running(world, period)
    ids = {
        p["organisation_id"]
        for p in world.partners
        if p["partnership_id"] in running
        and p["joined"] <= period.end
        and (p["left"] is None or p["left"] >= period.start)
    }
    sectors = {"civil": 0, "public": 0, "private": 0}
    for pk in ids:
        sectors[world.organisations[pk]["sector"]] += 1
    return _figure(len(ids), {"organisations": list(ids)}, {"sector": sectors})


def recount_outcomes_by_kind(world, period, operation, params):
    from partnerships.models import OutcomeKind

    found = [o for o in world.outcomes if period.start <= o["submitted_on"] <= period.end]
    kinds = {kind: 0 for kind in OutcomeKind.values}
    for outcome in found:
        kinds[outcome["kind"]] += 1
    return _figure(len(found), {"outcomes": [o["pk"] for o in found]}, {"kind": kinds})


# Calls -------------------------------------------------------------------------------------------


def recount_calls_published(world, period, operation, params):
    from calls.models import FunderKind

    found = [
        c
        for c in world.calls
        if c["is_published"] and c["published_at"] and _in(world, c["published_at"], period)
    ]
    kinds = {kind: 0 for kind in FunderKind.values}
    for call in found:
        kinds[call["funder__kind"]] += 1
    return _figure(len(found), {"calls": [c["pk"] for c in found]}, {"funder_kind": kinds})


def recount_alerts_delivered(world, period, operation, params):
    from calls.models import AlertKind

    found = [
        a
        for a in world.alerts
        if a["email__status"] == "sent"
        and a["email__sent_at"]
        and _in(world, a["email__sent_at"], period)
    ]
    kinds = {kind: 0 for kind in AlertKind.values}
    for alert in found:
        kinds[alert["kind"]] += 1
    return _figure(len(found), {"alerts": [a["pk"] for a in found]}, {"kind": kinds})


# Advocacy ----------------------------------------------------------------------------------------


def _active_initiatives(world, period) -> list[dict]:
    return [
        i
        for i in world.initiatives
        if i["started"] <= period.end and (i["closed"] is None or i["closed"] >= period.start)
    ]


def recount_advocacy_initiatives_active(world, period, operation, params):
    from advocacy.models import InitiativeStatus

    found = _active_initiatives(world, period)
    statuses = {status: 0 for status in InitiativeStatus.values}
    for initiative in found:
        statuses[initiative["status"]] += 1
    return _figure(
        len(found), {"advocacy_initiative": [i["pk"] for i in found]}, {"status": statuses}
    )


def recount_advocacy_submissions(world, period, operation, params):
    ids = [s["pk"] for s in world.submissions if period.start <= s["date"] <= period.end]
    return _figure(len(ids), {"advocacy_submission": ids})


def recount_consultations_answered(world, period, operation, params):
    answering = {
        s["initiative_id"] for s in world.submissions if period.start <= s["date"] <= period.end
    }
    ids = {
        i["consultation_id"]
        for i in world.initiatives
        if i["pk"] in answering and i["consultation_id"]
    }
    return _figure(len(ids), {"advocacy_consultation": list(ids)})


def recount_advocacy_results_by_kind(world, period, operation, params):
    found = [
        i
        for i in world.initiatives
        if i["closed"] and period.start <= i["closed"] <= period.end and i["status"] in RESULTS
    ]
    results = {status: 0 for status in RESULTS}
    for initiative in found:
        results[initiative["status"]] += 1
    return _figure(
        len(found), {"advocacy_initiative": [i["pk"] for i in found]}, {"result": results}
    )


def recount_advocacy_organisations_by_sector(world, period, operation, params):
    active = {i["pk"] for i in _active_initiatives(world, period)}
    ids = {i["lead_id"] for i in world.initiatives if i["pk"] in active} | {
        s["organisation_id"] for s in world.supporters if s["initiative_id"] in active
    }
    sectors = {"civil": 0, "public": 0, "private": 0}
    for pk in ids:
        sectors[world.organisations[pk]["sector"]] += 1
    return _figure(len(ids), {"advocacy_organisation": list(ids)}, {"sector": sectors})


def recount_representatives_in_public_bodies(world, period, operation, params):
    from advocacy.models import Level

    found = [
        r
        for r in world.representations
        if r["mandate_from"] <= period.end
        and (r["mandate_to"] is None or r["mandate_to"] >= period.start)
    ]
    levels = {level: 0 for level in Level.values}
    for representation in found:
        levels[representation["level"]] += 1
    return _figure(
        len(found), {"advocacy_representation": [r["pk"] for r in found]}, {"level": levels}
    )


# Questionnaires ---------------------------------------------------------------------------------


def _scores(world: World, measure: str) -> dict[int, Decimal]:
    """Each response's average answer to the scale questions measuring ``measure``."""
    numbers: dict[int, list[Decimal]] = {}
    for answer in world.answers:
        if answer["question__measure"] == measure and answer["number"] is not None:
            numbers.setdefault(answer["response_id"], []).append(answer["number"])
    return {pk: sum(values) / len(values) for pk, values in numbers.items()}


def _compared(world: World, period: Period, measure: str, subject: str) -> dict[Any, dict]:
    """pid -> whether their score on an 'after' response in the period rose above their latest
    response to its 'before' questionnaire (up to the period's end), and the responses."""
    scores = _scores(world, measure)
    ordered = sorted(world.responses, key=lambda r: (r["submitted_at"], r["pk"]))
    people: dict[Any, dict] = {}
    for response in ordered:
        questionnaire = world.questionnaires[response["questionnaire_id"]]
        if not (
            _in(world, response["submitted_at"], period)
            and response["pk"] in scores
            and questionnaire["subject"] == subject
            and questionnaire["moment"] == "after"
            and questionnaire["pair_id"] is not None
        ):
            continue
        befores = [
            r
            for r in ordered
            if r["pid"] == response["pid"]
            and r["questionnaire_id"] == questionnaire["pair_id"]
            and r["pk"] in scores
            and r["submitted_at"].astimezone(world.zone).date() <= period.end
        ]
        if not befores:
            continue
        person = people.setdefault(response["pid"], {"rose": False, "responses": set()})
        person["responses"] |= {response["pk"], befores[-1]["pk"]}
        person["rose"] = person["rose"] or scores[response["pk"]] > scores[befores[-1]["pk"]]
    return people


def recount_knowledge_increased(world, period, operation, params):
    people = _compared(world, period, "knowledge", "person")
    helped = _scores(world, "helped")
    for response in world.responses:
        questionnaire = world.questionnaires[response["questionnaire_id"]]
        if (
            response["pk"] in helped
            and questionnaire["subject"] == "person"
            and _in(world, response["submitted_at"], period)
        ):
            person = people.setdefault(response["pid"], {"rose": False, "responses": set()})
            person["responses"].add(response["pk"])
            answers = [
                a["number"]
                for a in world.answers
                if a["response_id"] == response["pk"] and a["question__measure"] == "helped"
            ]
            person["rose"] = person["rose"] or max(answers) >= 4
    rose = len([p for p in people.values() if p["rose"]])
    share = Decimal(100 * rose) / len(people) if people else Decimal(0)
    return _figure(
        share.quantize(Decimal("0.1"), rounding=ROUND_HALF_UP),
        {"questionnaire_responses": {pk for p in people.values() for pk in p["responses"]}},
    )


def recount_organisations_capacity_rose(world, period, operation, params):
    people = _compared(world, period, "capacity", "organisation")
    rose = [p for p in people.values() if p["rose"]]
    return _figure(
        len(rose), {"questionnaire_responses": {pk for p in rose for pk in p["responses"]}}
    )


def recount_average_satisfaction(world, period, operation, params):
    in_period = {r["pk"] for r in world.responses if _in(world, r["submitted_at"], period)}
    numbers = [
        (a["response_id"], a["number"])
        for a in world.answers
        if a["response_id"] in in_period
        and a["question__measure"] == "satisfaction"
        and a["number"] is not None
    ]
    value = sum(n for _r, n in numbers) / len(numbers) if numbers else Decimal(0)
    return _figure(
        value.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP),
        {"questionnaire_responses": {r for r, _n in numbers}},
    )


# ESF participants by the Annex's lines ------------------------------------------------------------


def _esf_entries(world, period, operation, params) -> dict:
    """Each person's first attendance, from the operation's start (or the period's) to the
    period's end, at events of the template's kinds (or programme sessions only)."""
    since = min(operation.start, period.end) if operation is not None else period.start
    kinds = set(params.get("participant_kinds") or []) or None
    events = _events_by_pk(world)
    rows = [
        row
        for row in _attendances(world, since=since, until=period.end, kinds=kinds)
        if not params.get("programmes_only") or events[row["event_id"]]["programme_id"]
    ]
    first: dict[Any, dict] = {}
    for row in sorted(rows, key=lambda r: (r["start"], r["pk"])):
        first.setdefault(row["pid"], row)
    return since, first


def _gaps(row, params) -> list[str]:
    """Required ordinary items not answered or refused."""
    return [
        item
        for item in params.get("required") or []
        if item in ORDINARY and row[item] in ("", REFUSED)
    ]


def _annex_lines(params) -> list[dict]:
    return [line for line in params.get("any_of") or [params.get("where") or {}] if line]


def _in_line(row, params) -> bool | None:
    """Whether the row meets the indicator's line; None for the grand total (no line)."""
    lines = _annex_lines(params)
    if not lines:
        return None
    return any(all(row[item] in values for item, values in line.items()) for line in lines)


def _esf_counted(first: dict, params) -> list[dict]:
    mode = params.get("completeness") or "per_item"
    chosen = []
    for row in first.values():
        line = _in_line(row, params)
        incomplete = bool(_gaps(row, params))
        if incomplete and mode == "excluded":
            continue
        if incomplete and mode == "grand_total" and line is not None:
            continue
        if line is None or line:
            chosen.append(row)
    return chosen


def recount_esf_participants(world, period, operation, params):
    _since, first = _esf_entries(world, period, operation, params)
    chosen = _esf_counted(first, params)
    breakdowns = _breakdowns(world, chosen, ["gender"])
    if not _annex_lines(params):
        required = [i for i in params.get("required") or [] if i in ORDINARY]
        lacking = {item: 0 for item in required}
        complete = 0
        for row in first.values():
            gaps = _gaps(row, params)
            complete += not gaps
            for item in gaps:
                lacking[item] += 1
        breakdowns["record"] = {"complete": complete, "lacking": len(first) - complete}
        breakdowns["lacking"] = dict(sorted(lacking.items(), key=lambda c: -c[1]))
    return _figure(len(chosen), {"people": [r["pk"] for r in chosen]}, breakdowns)


def recount_esf_leavers(world, period, operation, params):
    situations = params.get("situations") or [params.get("situation") or "employed"]
    since, first = _esf_entries(world, period, operation, params)
    by_pk = {row["pk"]: row for row in world.registrations}
    events = _events_by_pk(world)
    left = {
        by_pk[row["registration_id"]]["pid"]
        for row in world.leavings
        if since <= row["left_on"] <= period.end and any(row[s] == "yes" for s in situations)
    }
    if "qualification" in situations:
        for pk in world.certified:
            row = by_pk.get(pk)
            if row is None or row["pid"] is None:
                continue
            event = events[row["event_id"]]
            day = event["start"].astimezone(world.zone).date()
            if event["leads_to_qualification"] and since <= day <= period.end:
                left.add(row["pid"])
    left.discard(None)
    chosen = _esf_counted({pid: row for pid, row in first.items() if pid in left}, params)
    return _figure(
        len(chosen),
        {"people": [r["pk"] for r in chosen]},
        _breakdowns(world, chosen, ["gender"]),
    )


def recount_smes_supported(world, period, operation, params):
    records = [s for s in world.support if period.start <= s["date"] <= period.end]
    credits = _credited_at_trainings(world, period)
    candidates = {s["organisation_id"] for s in records} | set(credits)
    ids = {
        pk
        for pk in candidates
        if world.organisations[pk]["size_class"] in ("micro", "small", "medium")
    }
    return _figure(
        len(ids),
        {
            "organisations": list(ids),
            "support": [s["pk"] for s in records if s["organisation_id"] in ids],
            "training_credits": [pk for o in ids for pk in credits.get(o, [])],
        },
    )


# The operation as a project ----------------------------------------------------------------------


def recount_operation_projects(world, period, operation, params):
    """One project, the operation, when staff gave it the property and it began by the end of
    the period; none without an operation or a property named."""
    if operation is None or "property" not in params:
        return _figure(0)
    row = world.operations[operation.pk]
    return _figure(int(row[params["property"]] and row["start"] <= period.end))


RECOUNTS: dict[str, Callable[..., dict]] = {
    name.removeprefix("recount_"): function
    for name, function in dict(globals()).items()
    if name.startswith("recount_")
}
