"""Staff keep the funder templates and an operation's targets in the admin."""

from __future__ import annotations

import pytest

from hub.indicators import RULES
from hub.models import FunderTemplate, IndicatorTarget
from tests.factories import OperationFactory
from tests.reports.conftest import template_of

pytestmark = pytest.mark.django_db


def test_an_indicators_rule_is_chosen_from_the_rules_the_code_implements(
    client_for, staff, funder_templates
):
    template = FunderTemplate.objects.get(code="eea-active-citizens-fund")

    page = client_for(staff).get(f"/admin/hub/fundertemplate/{template.pk}/change/")

    html = page.content.decode()
    assert page.status_code == 200
    assert 'value="ngos_supported" selected' in html
    for code in RULES:
        assert f'<option value="{code}"' in html
    assert "CIV-039" in html


def test_a_rule_the_code_does_not_implement_is_refused(client_for, staff):
    template = template_of("ngos_supported")
    indicator = template.indicators.get()
    prefix = "indicators"
    data = {
        "name_en": template.name,
        "name_sl": "Preskusni financer",
        "code": template.code,
        "small_cell_threshold": 5,
        f"{prefix}-TOTAL_FORMS": 1,
        f"{prefix}-INITIAL_FORMS": 1,
        f"{prefix}-0-id": indicator.pk,
        f"{prefix}-0-template": template.pk,
        f"{prefix}-0-position": 1,
        f"{prefix}-0-code": "T1",
        f"{prefix}-0-label_en": "Indicator 1",
        f"{prefix}-0-definition_en": "Definition.",
        f"{prefix}-0-rule": "counted_by_hand",
        f"{prefix}-0-params": "{}",
    }

    response = client_for(staff).post(f"/admin/hub/fundertemplate/{template.pk}/change/", data)

    assert response.status_code == 200  # the form again, with the error
    indicator.refresh_from_db()
    assert indicator.rule == "ngos_supported"


@pytest.mark.parametrize(("kind", "kept"), [("training", ["training"]), ("picnic", [])])
def test_a_template_counts_participants_of_the_kinds_of_events_there_are(
    client_for, staff, kind, kept
):
    template = template_of("ngos_supported")
    indicator = template.indicators.get()
    prefix = "indicators"
    data = {
        "name_sl": "Preskusni financer",
        "name_en": template.name,
        "code": template.code,
        "participant_kinds": [kind],
        "completeness": "per_item",
        "small_cell_threshold": 5,
        f"{prefix}-TOTAL_FORMS": 1,
        f"{prefix}-INITIAL_FORMS": 1,
        f"{prefix}-0-id": indicator.pk,
        f"{prefix}-0-template": template.pk,
        f"{prefix}-0-position": 1,
        f"{prefix}-0-code": "T1",
        f"{prefix}-0-label_sl": "Kazalnik 1",
        f"{prefix}-0-definition_sl": "Opredelitev.",
        f"{prefix}-0-rule": "ngos_supported",
        f"{prefix}-0-params": "{}",
    }

    response = client_for(staff).post(f"/admin/hub/fundertemplate/{template.pk}/change/", data)

    assert response.status_code == (302 if kept else 200)  # else the form again, with the error
    template.refresh_from_db()
    assert template.participant_kinds == kept


def test_an_operations_targets_offer_only_its_templates_indicators(client_for, staff):
    own = template_of("ngos_supported", code="own")
    other = template_of("support_hours", code="other")
    operation = OperationFactory(template=own)
    IndicatorTarget.objects.create(operation=operation, indicator=own.indicators.get(), value=12)

    html = client_for(staff).get(f"/admin/hub/operation/{operation.pk}/change/").content.decode()

    assert f'<option value="{own.indicators.get().pk}"' in html
    assert f'<option value="{other.indicators.get().pk}"' not in html
    assert 'name="targets-0-value" value="12.0"' in html
