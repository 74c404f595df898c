"""Small rules and row kinds for the report tests, registered only for the test that asks.

The real rules are registered by the apps; these stand for shapes the seeded templates do not
produce on small data (a special-category cell of 3, rows that identify people).
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date

import pytest

from hub.indicators import (
    ROW_KINDS,
    RULES,
    Figure,
    Period,
    RowKind,
    row_kind_register,
    rule_register,
)
from hub.models import FunderTemplate, IndicatorTarget, TemplateIndicator
from tests.factories import OperationFactory


@pytest.fixture
def registered():
    """Register rules and row kinds for one test; everything is as before afterwards."""
    rules, kinds = dict(RULES), dict(ROW_KINDS)
    yield
    RULES.clear()
    RULES.update(rules)
    ROW_KINDS.clear()
    ROW_KINDS.update(kinds)


SPECIAL_CELLS = {"yes": 3, "no": 12, "refused": 2}


@pytest.fixture
def special_cells_rule(registered):
    """A rule whose special-category breakdown has a cell of 3 (and a total of 17)."""

    @rule_register(
        code="test_special_cells",
        label="Participants with disabilities",
        definition="Participants by disability.",
        breakdowns=("disability",),
    )
    def special(*, period: Period, operation, params: Mapping) -> Figure:
        return Figure(value=sum(SPECIAL_CELLS.values()), breakdowns={"disability": SPECIAL_CELLS})

    return "test_special_cells"


@pytest.fixture
def people_rule(registered):
    """A figure whose rows identify people (a staff-only row kind)."""
    from hub.models import User

    row_kind_register(
        RowKind(
            name="test_people",
            label="People",
            columns=(("name", "Name"),),
            fetch=lambda ids: [
                {"name": user.get_full_name() or user.email}
                for user in User.objects.filter(pk__in=ids).order_by("pk")
            ],
            staff_only=True,
        )
    )

    @rule_register(code="test_people", label="People", definition="Everyone.")
    def people(*, period: Period, operation, params: Mapping) -> Figure:
        ids = list(User.objects.filter(first_name="Marjeta").values_list("pk", flat=True))
        return Figure(value=len(ids), rows={"test_people": ids})

    return "test_people"


def operation_with(template_code: str, *, start: date, end: date, **kwargs):
    """An operation on one of the seeded templates, with a whole-operation target of 10 for
    each of its indicators."""
    template = FunderTemplate.objects.get(code=template_code)
    operation = OperationFactory(template=template, start=start, end=end, **kwargs)
    for indicator in template.indicators.all():
        IndicatorTarget.objects.create(operation=operation, indicator=indicator, value=10)
    return operation


def template_of(*rules: str, code: str = "test-template", threshold: int = 5) -> FunderTemplate:
    """A template listing the given rules, as indicators T1, T2, …"""
    template = FunderTemplate.objects.create(
        code=code, name="Test funder", name_en="Test funder", small_cell_threshold=threshold
    )
    for position, rule in enumerate(rules, start=1):
        TemplateIndicator.objects.create(
            template=template,
            code=f"T{position}",
            rule=rule,
            label=f"Indicator {position}",
            label_en=f"Indicator {position}",
            definition=f"Definition of indicator {position}.",
            definition_en=f"Definition of indicator {position}.",
            position=position,
        )
    return template
