"""The demo: feedback after past trainings, an assessment before and after, one indicator."""

from __future__ import annotations

import pytest
from django.core.management import call_command
from django.utils import timezone

from hub.indicators import Period, rule
from hub.models import TemplateIndicator
from questionnaires.models import Moment, Questionnaire, Response, Subject
from questionnaires.selectors import pair_changes

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("hub", ["goriska", "ruse"])
def test_the_demo_has_feedback_a_paired_assessment_and_an_indicator(hub, funder_templates):
    call_command("load_demo", "--hub", hub, verbosity=0)

    feedback = Questionnaire.objects.get(subject=Subject.PERSON)
    assert Response.objects.filter(questionnaire=feedback).exists()
    assert feedback.title_bg and feedback.title_pl and feedback.title_sl
    after = Questionnaire.objects.get(moment=Moment.AFTER)
    changes, improved = pair_changes(questionnaire=after)
    assert changes and improved > 0
    indicator = TemplateIndicator.objects.get(rule="organisations_capacity_rose")
    assert indicator.label_bg
    year = Period(
        timezone.localdate().replace(year=timezone.localdate().year - 2), timezone.localdate()
    )
    assert rule("organisations_capacity_rose")(period=year).value == improved
