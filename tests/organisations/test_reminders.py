"""Keeping profiles current: a yearly reminder, at most weekly, at most three times."""

from datetime import timedelta

import pytest
from django.core import mail
from django.utils import timezone

from organisations.models import Organisation
from organisations.tasks import send_confirmation_reminder, send_confirmation_reminders
from organisations.tokens import confirmation_token

YEAR_AND_A_DAY = timedelta(days=366)


@pytest.fixture
def stale(ngo_admin, organisation_a):
    Organisation.objects.filter(pk=organisation_a.pk).update(
        last_confirmed_at=timezone.now() - YEAR_AND_A_DAY
    )
    organisation_a.refresh_from_db()
    return organisation_a


def run_beat(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        return send_confirmation_reminders()


def test_admins_of_a_profile_not_confirmed_for_a_year_are_reminded(
    stale, django_capture_on_commit_callbacks
):
    assert run_beat(django_capture_on_commit_callbacks) == 1
    assert mail.outbox[0].to == ["admin.a@example.org"]
    assert f"/organisations/{stale.slug}/confirm/" in mail.outbox[0].body
    stale.refresh_from_db()
    assert stale.confirmation_reminders_sent == 1


def test_a_recently_confirmed_profile_is_left_alone(
    organisation_a, ngo_admin, django_capture_on_commit_callbacks
):
    assert run_beat(django_capture_on_commit_callbacks) == 0
    assert mail.outbox == []


def test_at_most_weekly_and_at_most_three_times(stale, django_capture_on_commit_callbacks):
    run_beat(django_capture_on_commit_callbacks)
    run_beat(django_capture_on_commit_callbacks)  # the next day: not again yet
    assert len(mail.outbox) == 1
    for _week in range(4):
        Organisation.objects.filter(pk=stale.pk).update(
            last_reminder_at=timezone.now() - timedelta(days=8)
        )
        run_beat(django_capture_on_commit_callbacks)
    assert len(mail.outbox) == 3


def test_a_reminder_task_run_twice_sends_once(stale, django_capture_on_commit_callbacks):
    now = timezone.now().isoformat()
    with django_capture_on_commit_callbacks(execute=True):
        assert send_confirmation_reminder(stale.pk, now) is True
        assert send_confirmation_reminder(stale.pk, now) is False
    assert len(mail.outbox) == 1


def test_one_click_from_the_e_mail_confirms_without_signing_in(anonymous, stale):
    url = f"/en/organisations/{stale.slug}/confirm/{confirmation_token(stale)}/"
    assert "Yes, it is up to date" in anonymous.get(url).content.decode()
    response = anonymous.post(url, follow=True)
    assert "the profile is confirmed as up to date" in response.content.decode()
    stale.refresh_from_db()
    assert timezone.now() - stale.last_confirmed_at < timedelta(minutes=1)
    assert stale.confirmation_reminders_sent == 0


def test_a_confirmation_link_works_only_for_its_own_organisation(anonymous, stale, organisation_b):
    url = f"/en/organisations/{organisation_b.slug}/confirm/{confirmation_token(stale)}/"
    assert anonymous.post(url).status_code == 404
    assert anonymous.post(f"/en/organisations/{stale.slug}/confirm/forged/").status_code == 404
    stale.refresh_from_db()
    assert stale.last_confirmed_at < timezone.now() - timedelta(days=365)
