"""The newsletter: double opt-in, an issue to each confirmed subscriber once and in their
language, one-click unsubscribe, and nothing sent twice even after a worker died mid-send."""

from __future__ import annotations

import re
from datetime import timedelta
from urllib.parse import urlsplit

import pytest
from django.test import Client
from django.utils import timezone

from hub.models import OutboxEmail
from news import services
from news.models import IssueStatus, NewsletterIssue, NewsletterSubscriber
from tests.factories import CallFactory, EventFactory, NewsItemFactory, NewsletterSubscriberFactory
from tests.news.smtp_sink import start_sink

pytestmark = pytest.mark.django_db


@pytest.fixture
def sink(settings):
    """Django's SMTP backend pointed at a real SMTP server on a thread."""
    found, server = start_sink()
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT = found.host, found.port
    settings.EMAIL_HOST_USER = settings.EMAIL_HOST_PASSWORD = ""
    settings.EMAIL_USE_TLS = settings.EMAIL_USE_SSL = False
    yield found
    server.shutdown()
    server.server_close()


def _text(message) -> str:
    for part in message.walk():
        if part.get_content_type() == "text/plain":
            return part.get_payload(decode=True).decode()
    return ""


def _link(text: str, name: str) -> str:
    return urlsplit(re.search(rf"https?://\S+/{name}/[^/\s]+/", text).group(0)).path


def _subscribe(client: Client, language: str, email: str, frequency: str = "monthly"):
    return client.post(f"/{language}/news/newsletter/", {"email": email, "frequency": frequency})


def _draft(frequency: str = "monthly", **introduction) -> NewsletterIssue:
    return services.issue_draft_create(frequency=frequency, introduction=introduction)


def test_an_issue_reaches_each_confirmed_subscriber_once_in_their_language_over_smtp(
    sink, django_capture_on_commit_callbacks
):
    news = NewsItemFactory(
        title_sl="Usposobili smo 35 nevladnih organizacij",
        title_en="35 NGOs were trained",
        title_bg="Обучени бяха 35 НПО",
    )
    EventFactory(title="Info day on small grants", start=timezone.now() + timedelta(days=5))
    CallFactory(title="Small grants", deadline=timezone.now() + timedelta(days=6))
    readers = {"sl": "maja@example.org", "en": "john@example.org", "bg": "ivan@example.org"}
    with django_capture_on_commit_callbacks(execute=True):
        for language, email in readers.items():
            assert _subscribe(Client(), language, email).status_code == 302
        _subscribe(Client(), "pl", "unconfirmed@example.org")
    confirmations = {received.recipients[0]: received.message for received in sink.received}
    assert set(confirmations) == {*readers.values(), "unconfirmed@example.org"}
    for email in readers.values():
        path = _link(_text(confirmations[email]), "confirm")
        assert Client().get(path).status_code == 200  # a page with a button; nothing yet
        assert not NewsletterSubscriber.objects.get(email=email).is_confirmed
        Client(enforce_csrf_checks=False).post(path)
        assert NewsletterSubscriber.objects.get(email=email).is_confirmed
    sink.received.clear()

    issue = _draft(en="Hello from the hub")
    with django_capture_on_commit_callbacks(execute=True):
        assert services.issue_send(issue=issue) == 3
    delivered = {received.recipients[0]: received.message for received in sink.received}
    assert len(sink.received) == 3
    assert set(delivered) == set(readers.values())
    assert "Usposobili smo 35 nevladnih organizacij" in _text(delivered["maja@example.org"])
    assert "35 NGOs were trained" in _text(delivered["john@example.org"])
    assert "Обучени бяха 35 НПО" in _text(delivered["ivan@example.org"])
    assert "Hello from the hub" in _text(delivered["john@example.org"])
    for message in delivered.values():
        assert "Info day on small grants" in _text(message)
        assert "Small grants" in _text(message)
        assert message["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    issue.refresh_from_db()
    assert issue.status == IssueStatus.SENT
    assert issue.recipients == 3
    assert list(issue.news.all()) == [news]

    # One click in a mail program: a POST with no session and no CSRF token.
    header = "".join(delivered["maja@example.org"]["List-Unsubscribe"].split())
    unsubscribe = urlsplit(header.strip("<>")).path
    response = Client(enforce_csrf_checks=True).post(
        unsubscribe, "List-Unsubscribe=One-Click", content_type="application/x-www-form-urlencoded"
    )
    assert response.status_code == 200
    assert not NewsletterSubscriber.objects.filter(email="maja@example.org").exists()

    # The same issue again: nothing more.
    sink.received.clear()
    with django_capture_on_commit_callbacks(execute=True):
        assert services.issue_send(issue=issue) == 0
    assert sink.received == []


def test_nothing_goes_to_an_unconfirmed_or_other_frequency_address(
    mailoutbox, django_capture_on_commit_callbacks
):
    NewsItemFactory()
    confirmed = NewsletterSubscriberFactory(frequency="monthly")
    NewsletterSubscriberFactory(frequency="monthly", confirmed_at=None)
    NewsletterSubscriberFactory(frequency="weekly")
    with django_capture_on_commit_callbacks(execute=True):
        services.issue_send(issue=_draft("monthly"))
    assert [message.to for message in mailoutbox] == [[confirmed.email]]


def test_a_worker_killed_mid_send_is_finished_without_sending_anyone_twice(
    mailoutbox, django_capture_on_commit_callbacks
):
    NewsItemFactory()
    subscribers = [NewsletterSubscriberFactory() for _ in range(5)]
    issue = _draft()
    # The worker claimed the issue, wrote two subscribers' messages and died.
    with django_capture_on_commit_callbacks(execute=True):
        services.issue_send(issue=issue)
    OutboxEmail.objects.filter(
        key__in=[f"newsletter:{issue.pk}:{s.pk}" for s in subscribers[2:]]
    ).delete()
    NewsletterIssue.objects.filter(pk=issue.pk).update(status=IssueStatus.SENDING)
    mailoutbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        assert services.issues_send_due(now=_not_a_sending_day()) == 3
    assert sorted(message.to[0] for message in mailoutbox) == sorted(
        s.email for s in subscribers[2:]
    )
    assert OutboxEmail.objects.filter(key__startswith=f"newsletter:{issue.pk}:").count() == 5
    issue.refresh_from_db()
    assert issue.status == IssueStatus.SENT


def _not_a_sending_day():
    now = timezone.localtime()
    while now.weekday() == 0 or now.day == 1:
        now += timedelta(days=1)
    return now


def _monday_first():
    """A Monday that is also the first of a month, at 8 in the morning."""
    now = timezone.localtime().replace(hour=8, minute=0, second=0, microsecond=0, day=1)
    while now.weekday() != 0:
        now = (now + timedelta(days=32)).replace(day=1)
    return now


def test_the_scheduled_job_sends_each_due_issue_once_and_uses_the_staff_draft(
    mailoutbox, django_capture_on_commit_callbacks
):
    now = _monday_first()
    NewsItemFactory(published_at=now - timedelta(days=2))
    weekly = NewsletterSubscriberFactory(frequency="weekly", confirmed_at=now - timedelta(days=9))
    monthly = NewsletterSubscriberFactory(frequency="monthly", confirmed_at=now - timedelta(days=9))
    draft = _draft("monthly", en="Our autumn")
    with django_capture_on_commit_callbacks(execute=True):
        assert services.issues_send_due(now=now) == 2
        assert services.issues_send_due(now=now + timedelta(hours=1)) == 0
    assert sorted(message.to[0] for message in mailoutbox) == sorted([weekly.email, monthly.email])
    draft.refresh_from_db()
    assert draft.status == IssueStatus.SENT
    assert NewsletterIssue.objects.filter(status=IssueStatus.SENT).count() == 2


def test_an_issue_with_nothing_in_it_is_not_sent_on_its_own(mailoutbox):
    NewsletterSubscriberFactory(frequency="weekly")
    assert services.issues_send_due(now=_monday_first()) == 0
    assert mailoutbox == []
    assert not NewsletterIssue.objects.exists()


def test_the_next_issue_has_only_the_news_since_the_last_one(django_capture_on_commit_callbacks):
    NewsletterSubscriberFactory()
    first_news = NewsItemFactory(published_at=timezone.now() - timedelta(days=2))
    with django_capture_on_commit_callbacks(execute=True):
        services.issue_send(issue=_draft())
    later = NewsItemFactory(published_at=timezone.now())
    second = _draft()
    with django_capture_on_commit_callbacks(execute=True):
        services.issue_send(issue=second, now=timezone.now() + timedelta(seconds=1))
    assert list(second.news.all()) == [later]
    assert first_news not in second.news.all()


# Subscribing, confirming and unsubscribing: who may do what


def test_subscribing_twice_the_same_day_sends_one_confirmation(
    anonymous, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        _subscribe(anonymous, "en", "maja@example.org")
        _subscribe(anonymous, "en", "Maja@Example.org")
    assert len(mailoutbox) == 1
    assert NewsletterSubscriber.objects.get().confirmed_at is None


def test_a_bad_address_is_refused_with_a_message(anonymous):
    response = _subscribe(anonymous, "en", "not an address")
    assert response.status_code == 400
    assert "Enter a valid email address." in response.content.decode()
    assert not NewsletterSubscriber.objects.exists()


def test_subscribing_again_changes_nothing_until_the_link_is_followed(
    anonymous, mailoutbox, django_capture_on_commit_callbacks
):
    subscriber = NewsletterSubscriberFactory(language="sl", frequency="monthly")
    with django_capture_on_commit_callbacks(execute=True):
        _subscribe(anonymous, "en", subscriber.email, frequency="weekly")
    subscriber.refresh_from_db()
    assert (subscriber.language, subscriber.frequency) == ("sl", "monthly")
    anonymous.post(_link(mailoutbox[0].body, "confirm"))
    subscriber.refresh_from_db()
    assert (subscriber.language, subscriber.frequency) == ("en", "weekly")


@pytest.mark.parametrize("name", ["confirm", "unsubscribe"])
def test_a_wrong_or_tampered_token_changes_nothing(anonymous, name):
    subscriber = NewsletterSubscriberFactory(confirmed_at=None)
    other_salt = services.unsubscribe_token(subscriber) if name == "confirm" else None
    tokens = [
        "nonsense",
        other_salt
        or services.signed_token([subscriber.pk, "en", "weekly"], salt="news.newsletter.confirm"),
    ]
    for token in tokens:
        response = anonymous.post(f"/en/news/newsletter/{name}/{token}/")
        assert response.status_code == 400
    subscriber.refresh_from_db()
    assert subscriber.confirmed_at is None
    assert NewsletterSubscriber.objects.filter(pk=subscriber.pk).exists()


def test_the_unsubscribe_page_asks_before_it_unsubscribes(anonymous):
    subscriber = NewsletterSubscriberFactory()
    path = f"/en/news/newsletter/unsubscribe/{services.unsubscribe_token(subscriber)}/"
    page = anonymous.get(path)
    assert page.status_code == 200
    assert "<button" in page.content.decode()
    assert NewsletterSubscriber.objects.filter(pk=subscriber.pk).exists()
    assert anonymous.post(path).status_code == 200
    assert not NewsletterSubscriber.objects.filter(pk=subscriber.pk).exists()


def test_a_subscription_is_in_the_persons_data_and_erased_with_it():
    from hub.privacy import SOURCES, Person

    subscriber = NewsletterSubscriberFactory(email="maja@example.org")
    person = Person.of_email("Maja@example.org")
    collected = SOURCES["newsletter_subscription"].collect(person)
    assert collected[0]["email"] == "maja@example.org"
    assert SOURCES["newsletter_subscription"].erase(person) == 1
    assert not NewsletterSubscriber.objects.filter(pk=subscriber.pk).exists()


def test_the_newsletter_job_runs_each_morning_on_the_periodic_queue(settings):
    from celery.schedules import crontab

    entry = settings.CELERY_BEAT_SCHEDULE["news-newsletter-issues"]
    assert entry["task"] == "news.tasks.send_due_issues"
    assert entry["schedule"] == crontab(hour=8, minute=0)
    assert settings.CELERY_TASK_ROUTES["news.tasks.*"] == {"queue": "periodic"}
