import re
from datetime import timedelta

import pytest
from django.core import mail
from django.utils import timezone

from calls.models import Subscription
from calls.services import digests_send
from tests.factories import CallFactory, FieldOfActivityFactory, UserFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_visitor_filters_calls_subscribes_gets_the_digest_and_unsubscribes(
    page, live_server, settings
):
    settings.SITE_URL = live_server.url
    youth = FieldOfActivityFactory(name="Youth", slug="youth")
    sport = FieldOfActivityFactory(name="Sport", slug="sport")
    now = timezone.now()
    CallFactory(title="Youth exchanges across the border", fields=[youth], published_at=now)
    CallFactory(title="Sports clubs equipment", fields=[sport], published_at=now)
    person = UserFactory(email="vesna@example.org")

    page.goto("/en/calls/")
    page.get_by_label("Field of activity").select_option("youth")
    page.get_by_role("button", name="Show calls").click()
    page.get_by_role("heading", name="1 call").wait_for()
    assert page.get_by_role("link", name="Youth exchanges across the border").is_visible()
    assert page.get_by_role("link", name="Sports clubs equipment").count() == 0

    page.get_by_role("link", name="Get new calls by e-mail").click()
    page.get_by_label("Email").fill(person.email)
    page.get_by_label("Password").fill("correct horse battery")
    page.locator("main").get_by_role("button", name="Sign In").click()
    page.get_by_role("heading", name="Call alerts").wait_for()
    page.get_by_role("group", name="Fields of activity").get_by_label("Youth").check()
    page.get_by_role("group", name="How often").get_by_label("Daily").check()
    page.get_by_role("button", name="Subscribe").click()
    page.get_by_text("Your call alerts are saved.").wait_for()

    # The calls were published yesterday, as far as the morning's digest is concerned.
    digests_send(frequency="daily", now=now + timedelta(days=1))
    (digest,) = [m for m in mail.outbox if m.to == [person.email]]
    assert "Youth exchanges across the border" in digest.body
    assert "Sports clubs equipment" not in digest.body

    page.get_by_role("button", name="Sign out").click()
    link = re.search(r"http://\S+/calls/alerts/unsubscribe/\S+/", digest.body).group(0)
    assert digest.extra_headers["List-Unsubscribe"] == f"<{link}>"
    page.goto(link)
    page.get_by_role("button", name="Unsubscribe").click()
    page.get_by_text("Done: you will get no more e-mails about new calls.").wait_for()
    assert not Subscription.objects.get(user=person).is_active
