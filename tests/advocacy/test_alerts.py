"""Consultation alerts: subscribing, the digests and reminders, each e-mail once, unsubscribing."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from advocacy import alerts
from advocacy.models import ConsultationAlert, ConsultationSubscription
from advocacy.tasks import send_consultation_alerts
from hub.models import OutboxEmail
from tests.events.test_concurrency import run_at_once
from tests.factories import (
    ConsultationFactory,
    FieldOfActivityFactory,
    MunicipalityFactory,
    RegionFactory,
    UserFactory,
)

ALERTS = "/en/advocacy/consultations/alerts/"


def subscribe(user, *, language="en", frequency="daily", **criteria) -> ConsultationSubscription:
    return alerts.subscription_save(
        user=user,
        organisation=None,
        fields=criteria.get("fields", []),
        levels=criteria.get("levels", []),
        regions=criteria.get("regions", []),
        frequency=frequency,
        language=language,
    )


def published_yesterday(consultation, now):
    type(consultation).objects.filter(pk=consultation.pk).update(created_at=now - timedelta(days=1))
    return consultation


@pytest.mark.django_db
def test_a_member_subscribes_and_anonymous_people_are_sent_to_sign_in(
    client_for, anonymous, ngo_admin
):
    response = anonymous.post(ALERTS, {"frequency": "daily"})
    assert "/accounts/login/" in response["Location"]
    assert not ConsultationSubscription.objects.exists()
    youth = FieldOfActivityFactory(slug="youth")
    client = client_for(ngo_admin)
    client.post(ALERTS, {"fields": [youth.pk], "levels": ["municipal"], "frequency": "daily"})
    subscription = ConsultationSubscription.objects.get(user=ngo_admin)
    assert subscription.levels == ["municipal"] and subscription.language == "en"
    assert list(subscription.fields.all()) == [youth]


@pytest.mark.django_db
def test_a_matching_subscriber_gets_the_consultation_and_a_non_matching_one_nothing(
    mailoutbox, django_capture_on_commit_callbacks
):
    now = timezone.now()
    goriska = RegionFactory(slug="goriska")
    gorenjska = RegionFactory(slug="gorenjska")
    place = MunicipalityFactory(region=goriska)
    consultation = published_yesterday(
        ConsultationFactory(title="Osnutek proračuna Nova Gorica", municipalities=[place]), now
    )
    subscribe(UserFactory(email="goriska@example.org"), regions=[goriska], language="sl")
    subscribe(UserFactory(email="gorenjska@example.org"), regions=[gorenjska])
    subscribe(UserFactory(email="national@example.org"), levels=["national"])
    with django_capture_on_commit_callbacks(execute=True):
        assert alerts.digests_send(frequency="daily", now=now) == 1
    [message] = mailoutbox
    assert message.to == ["goriska@example.org"]
    assert "Osnutek proračuna Nova Gorica" in message.body
    assert f"/sl/advocacy/consultations/{consultation.slug}/" in message.body
    unsubscribe = message.extra_headers["List-Unsubscribe"]
    assert "/sl/advocacy/consultations/alerts/unsubscribe/" in unsubscribe
    assert message.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert ConsultationAlert.objects.get().consultations.get() == consultation


@pytest.mark.django_db
def test_the_alerts_job_run_twice_sends_each_email_once(
    mailoutbox, django_capture_on_commit_callbacks
):
    now = timezone.now()
    published_yesterday(ConsultationFactory(deadline=now + timedelta(days=5)), now)
    subscribe(UserFactory(email="one@example.org"))
    with django_capture_on_commit_callbacks(execute=True):
        first = send_consultation_alerts()
    with django_capture_on_commit_callbacks(execute=True):
        assert send_consultation_alerts() == 0
    # The day's digest and the 7-day reminder, each once.
    assert first == 2
    assert len(mailoutbox) == 2
    assert OutboxEmail.objects.count() == 2


@pytest.mark.django_db(transaction=True)
def test_the_alerts_job_run_twice_at_once_sends_each_email_once(mailoutbox):
    now = timezone.now()
    published_yesterday(ConsultationFactory(deadline=now + timedelta(days=3)), now)
    for number in range(3):
        subscribe(UserFactory(email=f"s{number}@example.org"))
    assert run_at_once(4, lambda n: send_consultation_alerts()) == []
    # Three people, each a digest and a reminder.
    assert OutboxEmail.objects.count() == 6
    assert len(mailoutbox) == 6
    assert ConsultationAlert.objects.count() == 6


@pytest.mark.django_db
def test_reminders_go_7_days_and_1_day_before_each_once(
    mailoutbox, django_capture_on_commit_callbacks
):
    now = timezone.now()
    consultation = ConsultationFactory(
        title="Letni program sodelovanja", deadline=now + timedelta(days=6)
    )
    subscribe(UserFactory(email="a@example.org"))
    with django_capture_on_commit_callbacks(execute=True):
        alerts.reminders_send(now=now)
        alerts.reminders_send(now=now + timedelta(hours=1))
    assert [m.subject.replace("\xa0", " ") for m in mailoutbox] == [
        "6 days left to comment: Letni program sodelovanja"
    ]
    mailoutbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        alerts.reminders_send(now=consultation.deadline - timedelta(hours=20))
        alerts.reminders_send(now=consultation.deadline - timedelta(hours=19))
    assert [m.subject.replace("\xa0", " ") for m in mailoutbox] == [
        "20 hours left to comment: Letni program sodelovanja"
    ]


@pytest.mark.django_db
def test_no_reminder_far_from_the_deadline():
    ConsultationFactory(deadline=timezone.now() + timedelta(days=20))
    subscribe(UserFactory())
    assert alerts.reminders_send() == 0


@pytest.mark.django_db
def test_the_unsubscribe_link_works_signed_out(anonymous):
    subscription = subscribe(UserFactory())
    url = f"/en/advocacy/consultations/alerts/unsubscribe/{alerts.unsubscribe_token(subscription=subscription)}/"
    page = anonymous.get(url)
    assert "Stop the e-mails about public consultations?" in page.content.decode()
    subscription.refresh_from_db()
    assert subscription.is_active  # looking at the page changes nothing
    done = anonymous.post(url)  # as a mail program's one-click POST: no session, no CSRF token
    assert "you will get no more e-mails about public consultations" in done.content.decode()
    subscription.refresh_from_db()
    assert not subscription.is_active


@pytest.mark.django_db
def test_a_tampered_token_changes_nothing(anonymous):
    mine = subscribe(UserFactory())
    token = alerts.unsubscribe_token(subscription=mine)
    for bad in [token[:-2] + "xx", "nonsense"]:
        response = anonymous.post(f"/en/advocacy/consultations/alerts/unsubscribe/{bad}/")
        assert response.status_code == 400
    mine.refresh_from_db()
    assert mine.is_active
