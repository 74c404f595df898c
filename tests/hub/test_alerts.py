"""The one alert mechanism (``hub.alerts``): a digest or a reminder goes once and on its day, in
the subscriber's language, with an unsubscribe link that works; calls, consultations and the
newsletter all send through it."""

from __future__ import annotations

from datetime import timedelta
from urllib.parse import urlsplit

import pytest
from django.utils import timezone

from advocacy import alerts as consultation_alerts
from advocacy.models import Consultation
from calls import services as call_services
from calls import tasks as call_tasks
from calls.models import Call, Subscription
from hub.alerts import (
    ALERT_KINDS,
    AlertKind,
    alerts_send,
    localised_url,
    sending,
    subscriptions_receiving,
)
from hub.alerts.links import localised_page
from hub.alerts.sending import digests, reminders
from hub.models import OutboxEmail
from news import services as news_services
from tests.factories import (
    CallFactory,
    ConsultationFactory,
    NewsItemFactory,
    NewsletterSubscriberFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db


def _calls(queryset) -> list[Call]:
    return list(queryset.select_related("funder").prefetch_related("fields", "regions"))


def _digest_context(delivery, language: str) -> dict:
    return {
        "calls": [(call, localised_page(language, call)) for call in delivery.items],
        "alerts_url": localised_url(language, "calls:alerts"),
    }


# A kind of its own, with no log: what is sent once is what the outbox holds.
DIGEST = AlertKind(
    name="test:digest",
    template="calls/digest",
    unsubscribe_url="calls:unsubscribe",
    due=digests(
        subscriptions=lambda frequency: subscriptions_receiving(Subscription, frequency),
        published=lambda start, end, now: _calls(
            Call.objects.filter(published_at__gte=start, published_at__lt=end)
        ),
    ),
    context=_digest_context,
)
REMINDER = AlertKind(
    name="test:reminder",
    template="calls/reminder",
    unsubscribe_url="calls:unsubscribe",
    due=reminders(
        closing=lambda now, until: _calls(Call.objects.open(now).filter(deadline__lte=until)),
        recipients=lambda calls: (
            lambda call: [
                (subscription, {}) for subscription in subscriptions_receiving(Subscription)
            ]
        ),
    ),
    context=lambda delivery, language: {
        "call": delivery.items[0],
        "call_url": localised_page(language, delivery.items[0]),
    },
)


def _subscribe(email: str, language: str = "en") -> Subscription:
    return call_services.subscription_save(
        user=UserFactory(email=email),
        organisation=None,
        fields=[],
        sectors=[],
        legal_forms=[],
        regions=[],
        frequency="daily",
        language=language,
    )


def _published(now, *, title: str = "Small grants") -> Call:
    return CallFactory(title=title, published_at=now, deadline=now + timedelta(days=30))


def test_a_digest_is_sent_once_however_often_the_job_runs_and_again_for_the_next_period(
    mailoutbox, django_capture_on_commit_callbacks
):
    now = timezone.now()
    _published(now - timedelta(days=1))
    _subscribe("ana@example.org")
    with django_capture_on_commit_callbacks(execute=True):
        assert alerts_send(kind=DIGEST, frequency="daily", now=now) == 1
    with django_capture_on_commit_callbacks(execute=True):
        assert alerts_send(kind=DIGEST, frequency="daily", now=now + timedelta(minutes=5)) == 0
    assert [message.to for message in mailoutbox] == [["ana@example.org"]]
    assert OutboxEmail.objects.count() == 1
    # The next day is another period, with its own key: its new call is sent.
    _published(now, title="Youth exchanges")
    with django_capture_on_commit_callbacks(execute=True):
        assert alerts_send(kind=DIGEST, frequency="daily", now=now + timedelta(days=1)) == 1
    assert "Youth exchanges" in mailoutbox[-1].body


def test_a_reminder_goes_a_week_and_a_day_before_the_deadline_and_not_earlier(
    mailoutbox, django_capture_on_commit_callbacks
):
    now = timezone.now()
    call = CallFactory(title="Closing call", deadline=now + timedelta(days=8))
    _subscribe("ana@example.org")
    assert alerts_send(kind=REMINDER, now=now) == 0
    with django_capture_on_commit_callbacks(execute=True):
        assert alerts_send(kind=REMINDER, now=call.deadline - timedelta(days=7)) == 1
        assert alerts_send(kind=REMINDER, now=call.deadline - timedelta(days=2)) == 0
        assert alerts_send(kind=REMINDER, now=call.deadline - timedelta(hours=20)) == 1
    assert [message.subject.replace("\xa0", " ") for message in mailoutbox] == [
        "1 week left: Closing call",
        "20 hours left: Closing call",
    ]
    keys = OutboxEmail.objects.order_by("pk").values_list("key", flat=True)
    assert [key.rsplit(":", 1)[1] for key in keys] == ["7", "1"]


def test_the_unsubscribe_link_of_an_alert_stops_the_alerts_signed_out(
    anonymous, mailoutbox, django_capture_on_commit_callbacks
):
    now = timezone.now()
    _published(now - timedelta(days=1))
    subscription = _subscribe("ana@example.org")
    with django_capture_on_commit_callbacks(execute=True):
        alerts_send(kind=DIGEST, frequency="daily", now=now)
    [message] = mailoutbox
    assert message.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    link = urlsplit(message.extra_headers["List-Unsubscribe"].strip("<>")).path
    assert link in message.body
    assert anonymous.post(link).status_code == 200
    subscription.refresh_from_db()
    assert not subscription.is_active
    _published(now, title="Youth exchanges")
    assert alerts_send(kind=DIGEST, frequency="daily", now=now + timedelta(days=1)) == 0


def test_each_subscriber_gets_the_alert_in_their_language(
    mailoutbox, django_capture_on_commit_callbacks
):
    now = timezone.now()
    call = _published(now - timedelta(days=1))
    _subscribe("maja@example.org", language="sl")
    _subscribe("john@example.org", language="en")
    with django_capture_on_commit_callbacks(execute=True):
        alerts_send(kind=DIGEST, frequency="daily", now=now)
    sent = {message.to[0]: message for message in mailoutbox}
    assert sent["maja@example.org"].subject == "1 nov razpis za vas"
    assert sent["john@example.org"].subject == "1 new funding call for you"
    for email, language in (("maja@example.org", "sl"), ("john@example.org", "en")):
        assert f"/{language}/calls/{call.slug}/" in sent[email].body
        unsubscribe = sent[email].extra_headers["List-Unsubscribe"]
        assert f"/{language}/calls/alerts/unsubscribe/" in unsubscribe


def test_calls_consultations_and_the_newsletter_are_registered_and_sent_through_it(
    monkeypatch, django_capture_on_commit_callbacks
):
    names = ["calls:digest", "calls:reminder", "advocacy:digest", "advocacy:reminder"]
    assert {*names, "newsletter"} <= set(ALERT_KINDS)
    queued = []
    queue = sending._queue

    def spy(kind, batch):
        queued.append(kind.name)
        return queue(kind, batch)

    monkeypatch.setattr(sending, "_queue", spy)
    now = timezone.now()
    CallFactory(published_at=now - timedelta(days=1), deadline=now + timedelta(days=5))
    _subscribe("ana@example.org")
    ConsultationFactory(deadline=now + timedelta(days=5))
    Consultation.objects.update(created_at=now - timedelta(days=1))
    consultation_alerts.subscription_save(
        user=UserFactory(),
        organisation=None,
        fields=[],
        levels=[],
        regions=[],
        frequency="daily",
        language="en",
    )
    NewsItemFactory()
    NewsletterSubscriberFactory(frequency="monthly")
    with django_capture_on_commit_callbacks(execute=True):
        assert call_tasks.send_daily_digests() == 1
        assert call_tasks.send_deadline_reminders() == 1
        assert consultation_alerts.digests_send(frequency="daily") == 1
        assert consultation_alerts.reminders_send() == 1
        issue = news_services.issue_draft_create(frequency="monthly")
        assert news_services.issue_send(issue=issue) == 1
    assert queued == [*names, "newsletter"]
    assert sorted(
        key.split(":")[0] for key in OutboxEmail.objects.values_list("key", flat=True)
    ) == [
        "advocacy",
        "advocacy",
        "calls",
        "calls",
        "newsletter",
    ]
