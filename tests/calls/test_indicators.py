from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from calls import indicators
from calls.models import Alert
from hub.models import OutboxEmail
from tests.factories import CallFactory, FunderFactory, OrganisationFactory, UserFactory

pytestmark = pytest.mark.django_db


def _alert(key, *, organisation, status, sent_at):
    email = OutboxEmail.objects.create(
        key=key,
        recipients="x@example.org",
        subject="s",
        message={},
        status=status,
        sent_at=sent_at,
    )
    return Alert.objects.create(
        key=key, kind="digest", user=UserFactory(), organisation=organisation, email=email
    )


def test_calls_published_in_a_period_by_funder_kind():
    today = timezone.localdate()
    CallFactory(funder=FunderFactory(name="ESF", kind="eu_fund"))
    CallFactory(funder=FunderFactory(name="Občina", kind="municipality"))
    CallFactory(funder=FunderFactory(name="ESF", kind="eu_fund"))
    CallFactory(is_published=False)
    old = CallFactory(funder=FunderFactory(name="ESF", kind="eu_fund"))
    old.published_at = timezone.now() - timedelta(days=60)
    old.save()
    counts = indicators.calls_published(today - timedelta(days=7), today)
    assert counts["eu_fund"] == 2 and counts["municipality"] == 1 and counts["company"] == 0


def test_alerts_delivered_and_organisations_reached_count_only_sent_alerts_in_the_period():
    today = timezone.localdate()
    now = timezone.now()
    a, b = OrganisationFactory(), OrganisationFactory()
    _alert("k1", organisation=a, status="sent", sent_at=now)
    _alert("k2", organisation=a, status="sent", sent_at=now)
    _alert("k3", organisation=b, status="failed", sent_at=None)
    _alert("k4", organisation=b, status="sent", sent_at=now - timedelta(days=90))
    _alert("k5", organisation=None, status="sent", sent_at=now)
    period = (today - timedelta(days=7), today)
    assert indicators.alerts_delivered(*period) == 3
    assert indicators.organisations_reached(*period) == 1
