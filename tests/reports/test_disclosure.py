"""The disclosure rule against an attacker who collects every table the portal publishes for an
operation — every indicator, every period it offers — and solves for the hidden cells."""

from __future__ import annotations

from collections import defaultdict
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.utils import timezone, translation

from events.models import EventKind, SpecialCategoryEntry
from hub.indicators import Figure, Period
from reports.disclosure import offered_periods, suppression_pattern, table_disclose
from reports.display import figures_display
from reports.figures import figures_gather
from tests.factories import EventFactory, OperationFactory, RegistrationFactory
from tests.reports.conftest import template_of

pytestmark = pytest.mark.django_db

HUB = ZoneInfo("Europe/Ljubljana")
YEAR = timezone.localdate().year - 2
# People at one training each, by quarter: (yes, no, chose not to say, never asked). Quarter
# by quarter and in total, small cells sit next to exact totals and exact other cells.
PEOPLE = {
    Period.quarter(YEAR, 3): (3, 8, 0, 2),
    Period.quarter(YEAR, 4): (0, 9, 1, 6),
    Period.quarter(YEAR + 1, 1): (6, 7, 0, 5),
    Period.quarter(YEAR + 1, 2): (2, 12, 0, 5),
}
ANSWERS = ("yes", "no", "refused", None)


def _people() -> None:
    n = 0
    for quarter, counts in PEOPLE.items():
        for answer, count in zip(ANSWERS, counts, strict=True):
            for _ in range(count):
                n += 1
                start = datetime.combine(
                    quarter.start + timedelta(days=n % 60), datetime.min.time()
                )
                start = start.replace(hour=9, tzinfo=HUB)
                event = EventFactory(
                    kind=EventKind.TRAINING, start=start, end=start + timedelta(hours=3)
                )
                registration = RegistrationFactory(
                    event=event, email=f"person{n}@example.org", attended=True
                )
                if answer is not None:
                    SpecialCategoryEntry.objects.create(
                        registration=registration,
                        items=["disability"],
                        consent=True,
                        disability=answer,
                    )


def _solve(equations: list[tuple[dict[str, int], int]], bounds: dict[str, range]) -> dict:
    """Every value each unknown can take in a non-negative integer solution of the equations
    (each a sum of unknowns, with coefficients ±1, equal to a number): bounds propagation and
    search, exact for systems this small."""

    def propagate(domains: dict[str, tuple[int, int]]) -> dict[str, tuple[int, int]] | None:
        changed = True
        while changed:
            changed = False
            for terms, total in equations:
                for var, coef in terms.items():
                    low = high = total
                    for other, c in terms.items():
                        if other == var:
                            continue
                        lo, hi = domains[other]
                        low -= c * (hi if c > 0 else lo)
                        high -= c * (lo if c > 0 else hi)
                    if coef < 0:
                        low, high = -high, -low
                    lo, hi = domains[var]
                    new = (max(lo, low), min(hi, high))
                    if new[0] > new[1]:
                        return None
                    if new != (lo, hi):
                        domains[var] = new
                        changed = True
        return domains

    def feasible(domains: dict[str, tuple[int, int]]) -> bool:
        domains = propagate(dict(domains))
        if domains is None:
            return False
        open_vars = [v for v, (lo, hi) in domains.items() if lo < hi]
        if not open_vars:
            return True
        var = min(open_vars, key=lambda v: domains[v][1] - domains[v][0])
        lo, hi = domains[var]
        return any(feasible({**domains, var: (k, k)}) for k in range(lo, hi + 1))

    start = {var: (r.start, r.stop - 1) for var, r in bounds.items()}
    return {
        var: [k for k in range(lo, hi + 1) if feasible({**start, var: (k, k)})]
        for var, (lo, hi) in start.items()
    }


def _attack(published: dict[tuple[Period, str], dict[str, int | None]], totals: dict) -> dict:
    """The hidden cells an attacker pins to one value, from tables keyed (period, indicator):
    each table adds up to its figure's total, and — every person attending once — a period is the
    sum of the published periods that tile it (quarters of a year, years of an operation), and
    the indicators agree on every period they share."""
    unknown: dict[str, range] = {}
    equations: list[tuple[dict[str, int], int]] = []

    def term(period: Period, code: str, category: str) -> tuple[str | None, int]:
        value = published[(period, code)][category]
        if value is None:
            name = f"{code} {period} {category}"
            unknown[name] = range(0, totals[(period, code)] + 1)
            return name, 0
        return None, value

    for (period, code), cells in published.items():
        terms, known = {}, 0
        for category in cells:
            name, value = term(period, code, category)
            if name:
                terms[name] = 1
            known += value
        if terms:
            equations.append((terms, totals[(period, code)] - known))
    codes = {code for _period, code in published}
    periods_of = {code: {p for p, c in published if c == code} for code in codes}
    for code in codes:
        periods = periods_of[code]
        for whole in periods:
            parts = [
                p for p in periods if p != whole and whole.start <= p.start and p.end <= whole.end
            ]
            # the largest parts that tile the whole (quarters of a year, years of the operation)
            parts = [
                p
                for p in parts
                if not any(q != p and q.start <= p.start and p.end <= q.end for q in parts)
            ]
            days = sum((p.end - p.start).days + 1 for p in parts)
            if not parts or days != (whole.end - whole.start).days + 1:
                continue  # the parts published do not cover the whole
            for category in published[(whole, code)]:
                terms, known = {}, 0
                for sign, period in [(1, whole)] + [(-1, p) for p in parts]:
                    name, value = term(period, code, category)
                    if name:
                        terms[name] = terms.get(name, 0) + sign
                    known += sign * value
                if terms:
                    equations.append((terms, -known))
    first, *others = sorted(codes)
    for code in others:
        for period in periods_of[code] & periods_of[first]:
            for category in published[(period, code)]:
                a, va = term(period, first, category)
                b, vb = term(period, code, category)
                terms = defaultdict(int)
                if a:
                    terms[a] += 1
                if b:
                    terms[b] -= 1
                terms = {k: v for k, v in terms.items() if v}
                if terms:
                    equations.append((terms, vb - va))
    solved = _solve(equations, unknown)
    return {name: values[0] for name, values in solved.items() if len(values) == 1}


def _tables(*operations) -> tuple[dict, dict, dict]:
    """What the dashboard publishes for every period each operation offers, the true tables and
    the totals, keyed (period, operation's name and indicator code)."""
    published, true, totals = {}, {}, {}
    with translation.override("en"):
        for operation in operations:
            for period in offered_periods(operation):
                data = figures_gather(operation=operation, period=period)
                for item in figures_display(data)["indicator_list"]:
                    (table,) = item["breakdown_list"]
                    key = (period, f"{operation.name} {item['code']}")
                    published[key] = {c["category"]: c["count"] for c in table["cells"]}
                    true[key] = Figure.from_json(item["figure"]).breakdowns["disability"]
                    totals[key] = item["value"]
    return published, true, totals


def test_no_hidden_cell_is_found_from_every_table_of_every_offered_period():
    template = template_of("participations", "training_participants")
    template.indicators.update(breakdowns=["disability"])
    operation = OperationFactory(
        name="A", template=template, start=date(YEAR, 1, 1), end=date(YEAR + 1, 12, 31)
    )
    # Another operation at the same time counts the same people (rules count the hub's events).
    other = template_of("participations", code="other-template")
    other.indicators.update(breakdowns=["disability"])
    overlapping = OperationFactory(
        name="B", template=other, start=date(YEAR, 10, 1), end=date(YEAR + 1, 3, 31)
    )
    _people()
    published, true, totals = _tables(operation, overlapping)
    # A: the operation, two years, eight quarters, two indicators; B: itself and its two
    # quarters, one indicator (its two years, clipped to it, are those same quarters).
    assert len(published) == 2 * 11 + 3

    # The attacker is real: against the old rule (only cells of 1–4 hidden) it finds them.
    naive = {
        key: {c: None if 0 < n < 5 else n for c, n in cells.items()} for key, cells in true.items()
    }
    assert _attack(naive, totals)

    hidden = [(key, c) for key, cells in published.items() for c, n in cells.items() if n is None]
    found = _attack(published, totals)
    assert hidden  # there is something to protect
    # Only cells with nobody in them (a table whose hidden categories count no one) can be known.
    assert all(value == 0 for value in found.values()), found
    # and every table with a small cell hid it
    for key, cells in true.items():
        for category, n in cells.items():
            if 0 < n < 5:
                assert published[key][category] is None, (key, category)


def test_the_pattern_hides_the_next_smallest_category_with_a_lone_small_one():
    tables = {"disability": [{"yes": 3, "no": 40, "refused": 9, "incomplete": 7}]}
    assert suppression_pattern(tables, threshold=5) == {"disability": ["yes", "incomplete"]}
    cells = tables["disability"][0]
    assert table_disclose(cells, hidden=["yes", "incomplete"], threshold=5) == {
        "yes": None,
        "no": 40,
        "refused": 9,
        "incomplete": None,
    }
    # a table where the hidden categories count nobody shows its zeros
    empty = {"yes": 0, "no": 12, "refused": 6, "incomplete": 0}
    assert table_disclose(empty, hidden=["yes", "incomplete"], threshold=5) == empty
