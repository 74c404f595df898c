"""Alerts: subscribing, following a call, the digests and reminders, unsubscribing."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from calls import services
from calls.models import Alert, CallFollow, Subscription
from hub.models import OutboxEmail
from tests.events.test_concurrency import run_at_once
from tests.factories import (
    CallFactory,
    FieldOfActivityFactory,
    MunicipalityFactory,
    RegionFactory,
    UserFactory,
)

ALERTS = "/en/calls/alerts/"


def _published_yesterday(call, now):
    call.published_at = now - timedelta(days=1)
    call.save()
    return call


def subscribe(user, *, language="en", frequency="daily", **criteria) -> Subscription:
    fields = criteria.pop("fields", [])
    regions = criteria.pop("regions", [])
    return services.subscription_save(
        user=user,
        organisation=None,
        fields=fields,
        sectors=criteria.get("sectors", []),
        legal_forms=criteria.get("legal_forms", []),
        regions=regions,
        frequency=frequency,
        language=language,
    )


# --- The subscription page -------------------------------------------------------------------


@pytest.mark.django_db
def test_the_form_is_prefilled_from_the_persons_organisation(client_for, ngo_admin):
    youth = FieldOfActivityFactory(name="Youth", slug="youth")
    goriska = RegionFactory(slug="goriska", country="SI")
    organisation = ngo_admin.memberships.get().organisation
    organisation.fields.set([youth])
    organisation.seat = MunicipalityFactory(region=goriska)
    organisation.sector, organisation.legal_form = "civil", "association"
    organisation.save()
    form = client_for(ngo_admin).get(ALERTS).context["form"]
    assert form.initial == {
        "fields": [youth.pk],
        "sectors": ["civil"],
        "legal_forms": ["association"],
        "regions": [goriska.pk],
    }


@pytest.mark.django_db
def test_a_member_subscribes_and_their_language_is_kept(client_for, ngo_admin):
    youth = FieldOfActivityFactory(name="Youth", slug="youth")
    response = client_for(ngo_admin).post(
        "/bg/calls/alerts/", {"fields": [youth.pk], "sectors": ["civil"], "frequency": "weekly"}
    )
    assert response.status_code == 302
    subscription = Subscription.objects.get(user=ngo_admin)
    assert subscription.language == "bg"
    assert subscription.frequency == "weekly"
    assert subscription.sectors == ["civil"]
    assert list(subscription.fields.all()) == [youth]
    assert subscription.organisation == ngo_admin.memberships.get().organisation


@pytest.mark.django_db
@pytest.mark.parametrize("url", [ALERTS, "/en/calls/alerts/stop/", "/en/calls/some-call/follow/"])
def test_anonymous_people_are_sent_to_sign_in_and_nothing_is_saved(anonymous, url):
    CallFactory(slug="some-call")
    response = anonymous.post(url, {"frequency": "daily"})
    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]
    assert not Subscription.objects.exists() and not CallFollow.objects.exists()


@pytest.mark.django_db
def test_a_person_changes_only_their_own_alerts(client_for, ngo_admin, other_ngo_admin):
    theirs = subscribe(other_ngo_admin, frequency="daily")
    client_for(ngo_admin).post(ALERTS, {"frequency": "weekly"})
    client_for(ngo_admin).post("/en/calls/alerts/stop/")
    theirs.refresh_from_db()
    assert (theirs.frequency, theirs.is_active) == ("daily", True)
    assert Subscription.objects.get(user=ngo_admin).is_active is False


@pytest.mark.django_db
def test_following_and_unfollowing_a_call(client_for, ngo_admin, other_ngo_admin):
    call = CallFactory(slug="a-call")
    client = client_for(ngo_admin)
    client.post("/en/calls/a-call/follow/")
    client_for(other_ngo_admin).post("/en/calls/a-call/follow/")
    assert "You follow this call" in client.get(call.get_absolute_url()).content.decode()
    client.post("/en/calls/a-call/unfollow/")
    assert list(CallFollow.objects.values_list("user", flat=True)) == [other_ngo_admin.pk]


# --- Digests ----------------------------------------------------------------------------------


@pytest.mark.django_db
def test_a_matching_subscriber_gets_the_call_and_a_non_matching_one_nothing(
    mailoutbox, django_capture_on_commit_callbacks
):
    now = timezone.now()
    youth = FieldOfActivityFactory(name="Youth", slug="youth")
    sport = FieldOfActivityFactory(name="Sport", slug="sport")
    call = _published_yesterday(CallFactory(title="Youth exchanges 2027", fields=[youth]), now)
    subscribe(UserFactory(email="youth@example.org"), fields=[youth], language="sl")
    subscribe(UserFactory(email="sport@example.org"), fields=[sport])
    subscribe(UserFactory(email="weekly@example.org"), fields=[youth], frequency="weekly")
    with django_capture_on_commit_callbacks(execute=True):
        assert services.digests_send(frequency="daily", now=now) == 1
    [message] = mailoutbox
    assert message.to == ["youth@example.org"]
    assert "Youth exchanges 2027" in message.body
    assert f"/sl/calls/{call.slug}/" in message.body
    assert message.subject == "1 nov razpis za vas"
    unsubscribe = message.extra_headers["List-Unsubscribe"]
    assert unsubscribe.startswith("<http") and "/sl/calls/alerts/unsubscribe/" in unsubscribe
    assert message.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert Alert.objects.get().calls.get() == call


@pytest.mark.django_db
def test_the_digest_job_run_twice_sends_once(mailoutbox, django_capture_on_commit_callbacks):
    now = timezone.now()
    _published_yesterday(CallFactory(), now)
    subscribe(UserFactory())
    with django_capture_on_commit_callbacks(execute=True):
        services.digests_send(frequency="daily", now=now)
    with django_capture_on_commit_callbacks(execute=True):
        assert services.digests_send(frequency="daily", now=now + timedelta(minutes=5)) == 0
    assert len(mailoutbox) == 1
    assert OutboxEmail.objects.count() == 1


@pytest.mark.django_db(transaction=True)
def test_the_digest_job_run_twice_at_once_sends_once(mailoutbox):
    now = timezone.now()
    _published_yesterday(CallFactory(), now)
    for number in range(3):
        subscribe(UserFactory(email=f"s{number}@example.org"))
    assert run_at_once(4, lambda n: services.digests_send(frequency="daily", now=now)) == []
    assert OutboxEmail.objects.count() == 3
    assert sorted(m.to[0] for m in mailoutbox) == [f"s{n}@example.org" for n in range(3)]
    assert Alert.objects.count() == 3


@pytest.mark.django_db
@pytest.mark.parametrize("count", [1, 100])
def test_the_digest_job_takes_a_fixed_number_of_queries(
    django_assert_num_queries, django_capture_on_commit_callbacks, count
):
    now = timezone.now()
    youth = FieldOfActivityFactory(slug="youth")
    region = RegionFactory(slug="goriska", country="SI")
    for _ in range(3):
        _published_yesterday(CallFactory(fields=[youth], regions=[region]), now)
    for number in range(count):
        subscribe(UserFactory(email=f"s{number}@example.org"), fields=[youth], regions=[region])
    # 1. the calls published in the period, with their funders
    # 2. their fields  3. their regions
    # 4. the active subscriptions with their people
    # 5. their fields  6. their regions
    # 7. the alerts already logged under these keys
    # 8-9. savepoint and release around the outbox and the log
    # 10. the outbox rows written  11. read back with their ids
    # 12. the alerts logged  13. read back  14. the calls of each alert
    with django_assert_num_queries(14):
        assert services.digests_send(frequency="daily", now=now) == count


# --- Reminders ------------------------------------------------------------------------------


@pytest.mark.django_db
def test_followers_and_matching_subscribers_are_reminded_7_days_and_1_day_before(
    mailoutbox, django_capture_on_commit_callbacks
):
    now = timezone.now()
    youth = FieldOfActivityFactory(slug="youth")
    sport = FieldOfActivityFactory(slug="sport")
    call = CallFactory(title="Closing call", fields=[youth], deadline=now + timedelta(days=6))
    follower = UserFactory(email="follower@example.org")
    services.call_follow(user=follower, call=call, language="en")
    subscribe(follower, fields=[youth])  # follows and matches: one e-mail, not two
    subscribe(UserFactory(email="matching@example.org"), fields=[youth])
    subscribe(UserFactory(email="other@example.org"), fields=[sport])
    with django_capture_on_commit_callbacks(execute=True):
        services.reminders_send(now=now)
        services.reminders_send(now=now + timedelta(hours=1))
    assert sorted(m.to[0] for m in mailoutbox) == ["follower@example.org", "matching@example.org"]
    # The 7-day reminder, saying the time actually left: not "7 days" with 6 to go.
    assert {subject(m) for m in mailoutbox} == {"6 days left: Closing call"}
    mailoutbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        services.reminders_send(now=call.deadline - timedelta(hours=20))
        services.reminders_send(now=call.deadline - timedelta(hours=19))
    assert [subject(m) for m in mailoutbox] == ["20 hours left: Closing call"] * 2


def subject(message) -> str:
    return message.subject.replace("\xa0", " ")


@pytest.mark.django_db
def test_a_reminder_says_the_time_left_to_the_hour(mailoutbox, django_capture_on_commit_callbacks):
    """A 7-day reminder that goes out late, 1 day and 15 hours before the deadline, says so."""
    now = timezone.now()
    youth = FieldOfActivityFactory(slug="youth")
    call = CallFactory(title="Closing call", fields=[youth], deadline=now + timedelta(hours=39))
    subscribe(UserFactory(email="matching@example.org"), fields=[youth])
    with django_capture_on_commit_callbacks(execute=True):
        services.reminders_send(now=now)
    assert [subject(m) for m in mailoutbox] == ["1 day, 15 hours left: Closing call"]
    mailoutbox.clear()
    # Within the last day: hours and minutes, never "one day".
    with django_capture_on_commit_callbacks(execute=True):
        services.reminders_send(now=call.deadline - timedelta(hours=2, minutes=30))
    assert [subject(m) for m in mailoutbox] == ["2 hours, 30 minutes left: Closing call"]


@pytest.mark.django_db
def test_no_reminder_for_a_call_far_from_its_deadline(mailoutbox):
    call = CallFactory(deadline=timezone.now() + timedelta(days=20))
    services.call_follow(user=UserFactory(), call=call, language="en")
    assert services.reminders_send() == 0


# --- Unsubscribing ----------------------------------------------------------------------------


@pytest.mark.django_db
def test_the_unsubscribe_link_works_signed_out(anonymous):
    subscription = subscribe(UserFactory())
    url = (
        f"/en/calls/alerts/unsubscribe/{services.unsubscribe_token(kind='s', pk=subscription.pk)}/"
    )
    page = anonymous.get(url)
    assert "Stop the e-mails about new funding calls?" in page.content.decode()
    subscription.refresh_from_db()
    assert subscription.is_active  # looking at the page changes nothing
    done = anonymous.post(url)
    assert "you will get no more e-mails about new calls" in done.content.decode()
    subscription.refresh_from_db()
    assert not subscription.is_active


@pytest.mark.django_db
def test_a_follow_is_stopped_by_its_own_link(anonymous):
    follow = services.call_follow(user=UserFactory(), call=CallFactory(), language="en")
    anonymous.post(
        f"/en/calls/alerts/unsubscribe/{services.unsubscribe_token(kind='f', pk=follow.pk)}/"
    )
    assert not CallFollow.objects.exists()


@pytest.mark.django_db
def test_a_tampered_token_changes_nothing(anonymous):
    mine = subscribe(UserFactory())
    other = subscribe(UserFactory())
    token = services.unsubscribe_token(kind="s", pk=mine.pk)
    forged = token.replace(
        token.split(":")[0], services.unsubscribe_token(kind="s", pk=other.pk).split(":")[0]
    )
    for bad in [forged, token[:-2] + "xx", "nonsense"]:
        response = anonymous.post(f"/en/calls/alerts/unsubscribe/{bad}/")
        assert response.status_code == 400
        assert "This unsubscribe link is not valid" in response.content.decode()
    assert Subscription.objects.filter(is_active=True).count() == 2
