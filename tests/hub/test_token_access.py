"""Every address where a token in the link grants access, with the right token, a wrong one and
another person's (or, where the link is nothing but the token, one made for another purpose):
only the right one opens, and the others change nothing (the rule: ``hub.tokens``)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import timedelta

import pytest
from django.utils import timezone

from advocacy import alerts as consultation_alerts
from calls import services as call_services
from calls.models import Subscription
from events.models import Registration
from events.services import certificate_request
from hub.models import OutboxEmail, PersonalDataExport
from hub.privacy import (
    personal_data_copy_for_token,
    personal_data_copy_request,
    personal_data_copy_token,
)
from organisations.models import Membership
from organisations.tokens import claim_token, confirmation_token
from tests.factories import (
    EventFactory,
    InvitationFactory,
    OrganisationFactory,
    RegistrationFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db

WRONG = "x" * 32


@dataclass
class People:
    """Two people, A and B, each with everything a link can open."""

    a: Registration
    b: Registration
    a_certificate: str
    b_certificate: str
    a_copy: PersonalDataExport
    b_copy: PersonalDataExport


@pytest.fixture
def people(django_capture_on_commit_callbacks) -> People:
    start = timezone.now() + timedelta(days=3)
    registrations = []
    for name, email in (("Ana Prva", "ana@example.org"), ("Bor Drugi", "bor@example.org")):
        registrations.append(
            RegistrationFactory(
                event=EventFactory(start=start, end=start + timedelta(hours=2)),
                name=name,
                email=email,
                attended=True,
            )
        )
    with django_capture_on_commit_callbacks(execute=True):
        certificates = [certificate_request(registration=r) for r in registrations]
        for registration in registrations:
            personal_data_copy_request(email=registration.email, by=None)
    return People(
        a=registrations[0],
        b=registrations[1],
        a_certificate=certificates[0].get_absolute_url(),
        b_certificate=certificates[1].get_absolute_url(),
        a_copy=PersonalDataExport.objects.get(email="ana@example.org"),
        b_copy=PersonalDataExport.objects.get(email="bor@example.org"),
    )


def _registration_url(registration: Registration, token: str, page: str = "") -> str:
    return f"/en/events/{registration.event.slug}/registration/{token}/{page}"


def _state(people: People) -> list:
    return [
        (r.status, r.name, r.anonymised_at)
        for r in Registration.objects.order_by("pk")
        if r.pk in (people.a.pk, people.b.pk)
    ]


REGISTRATION_PAGES = [
    ("GET", ""),
    ("GET", "my-data/"),
    ("GET", "erase/"),
    ("POST", "cancel/"),
    ("POST", "erase/"),
    ("POST", "certificate/"),
]


@pytest.mark.parametrize(("method", "page"), REGISTRATION_PAGES)
def test_a_registration_link_opens_its_own_registration_only(people, anonymous, method, page):
    send = anonymous.get if method == "GET" else anonymous.post
    before = _state(people)

    wrong = send(_registration_url(people.a, WRONG, page))
    # B's token under A's event: the token belongs to B's registration, not to this address.
    others = send(_registration_url(people.a, people.b.token, page))

    assert wrong.status_code == 404 and others.status_code == 404
    assert _state(people) == before
    right = send(_registration_url(people.a, people.a.token, page))
    assert right.status_code in (200, 302)
    if method == "GET" and right.status_code == 200:
        assert "Bor Drugi" not in right.content.decode()
        assert "bor@example.org" not in right.content.decode()


def test_a_certificate_downloads_with_its_own_registration_token_only(people, anonymous):
    assert anonymous.get(f"{people.a_certificate}?token={WRONG}").status_code == 404
    assert anonymous.get(f"{people.a_certificate}?token={people.b.token}").status_code == 404
    assert anonymous.get(people.a_certificate).status_code == 404
    assert anonymous.get(f"{people.a_certificate}?token={people.a.token}").status_code == 200


def test_a_copy_of_everything_opens_with_the_link_mailed_for_it_only(people, anonymous):
    # The link mailed to A's address, and only there, names A's copy.
    mailed = OutboxEmail.objects.get(key=f"personal-data-copy:{people.a_copy.pk}")
    assert mailed.recipients == "ana@example.org"
    a_token = re.search(r"/privacy/copy/([^/\s]+)/", mailed.message["body"]).group(1)
    assert personal_data_copy_for_token(a_token) == people.a_copy
    b_token = personal_data_copy_token(people.b_copy)
    a_document = people.a_copy.documents.get().get_absolute_url()
    a_page = f"/en/privacy/copy/{a_token}/"

    assert anonymous.get(f"/en/privacy/copy/{WRONG}/").status_code == 404
    call_token = call_services.unsubscribe_token(kind="s", pk=people.a_copy.pk)
    assert anonymous.get(f"/en/privacy/copy/{call_token}/").status_code == 404
    for token in (WRONG, b_token, people.a.token, call_token):
        assert anonymous.get(f"{a_document}?token={token}").status_code == 404
    page = anonymous.get(a_page)
    assert page.status_code == 200
    link = re.search(r'href="(/documents/[^"]+)"', page.content.decode()).group(1)
    assert anonymous.get(link.replace("&amp;", "&")).status_code == 200


def test_a_call_alert_unsubscribe_link_stops_its_own_alerts_only(anonymous):
    subscription = Subscription.objects.create(user=UserFactory())
    other = consultation_alerts.unsubscribe_token(
        subscription=consultation_alerts.subscription_save(
            user=UserFactory(),
            organisation=None,
            fields=[],
            levels=[],
            regions=[],
            frequency="daily",
            language="en",
        )
    )
    for token in (WRONG, other):
        assert anonymous.post(f"/en/calls/alerts/unsubscribe/{token}/").status_code == 400
    subscription.refresh_from_db()
    assert subscription.is_active
    right = call_services.unsubscribe_token(kind="s", pk=subscription.pk)
    assert anonymous.post(f"/en/calls/alerts/unsubscribe/{right}/").status_code == 200
    subscription.refresh_from_db()
    assert not subscription.is_active


def test_a_consultation_alert_unsubscribe_link_stops_its_own_alerts_only(anonymous):
    subscription = consultation_alerts.subscription_save(
        user=UserFactory(),
        organisation=None,
        fields=[],
        levels=[],
        regions=[],
        frequency="daily",
        language="en",
    )
    other = call_services.unsubscribe_token(
        kind="s", pk=Subscription.objects.create(user=UserFactory()).pk
    )
    url = "/en/advocacy/consultations/alerts/unsubscribe/{}/"
    for token in (WRONG, other):
        assert anonymous.post(url.format(token)).status_code == 400
    subscription.refresh_from_db()
    assert subscription.is_active
    right = consultation_alerts.unsubscribe_token(subscription=subscription)
    assert anonymous.post(url.format(right)).status_code == 200
    subscription.refresh_from_db()
    assert not subscription.is_active


def test_a_newsletter_unsubscribe_link_stops_its_own_address_only(anonymous):
    from news import services as news_services
    from news.models import NewsletterSubscriber
    from tests.factories import NewsletterSubscriberFactory

    mine, other = NewsletterSubscriberFactory(), NewsletterSubscriberFactory()
    url = "/en/news/newsletter/unsubscribe/{}/"
    call_token = call_services.unsubscribe_token(kind="s", pk=mine.pk)
    for token in (WRONG, call_token):
        assert anonymous.post(url.format(token)).status_code == 400
    assert NewsletterSubscriber.objects.count() == 2
    right = news_services.unsubscribe_token(mine)
    assert anonymous.post(url.format(right)).status_code == 200
    assert list(NewsletterSubscriber.objects.all()) == [other]


def test_a_newsletter_confirmation_link_confirms_its_own_address_only(anonymous):
    from news import services as news_services
    from news.models import NewsletterSubscriber
    from tests.factories import NewsletterSubscriberFactory

    mine = NewsletterSubscriberFactory(confirmed_at=None)
    other = NewsletterSubscriberFactory(confirmed_at=None)
    url = "/en/news/newsletter/confirm/{}/"
    # An unsubscribe link names the same address but is made for another purpose.
    for token in (WRONG, news_services.unsubscribe_token(mine)):
        assert anonymous.post(url.format(token)).status_code == 400
    assert not NewsletterSubscriber.objects.filter(confirmed_at__isnull=False).exists()
    right = news_services.signed_token([mine.pk, "en", "weekly"], salt=news_services.CONFIRM_SALT)
    assert anonymous.post(url.format(right)).status_code == 200
    mine.refresh_from_db()
    other.refresh_from_db()
    assert mine.is_confirmed and not other.is_confirmed


def test_a_claim_link_opens_its_own_organisation_only(anonymous):
    organisation = OrganisationFactory(name="Društvo Brez Skrbnika", email="info@brez.example")
    other = OrganisationFactory(name="Druga Zveza", email="info@druga.example")
    for token in (WRONG, confirmation_token(other)):
        response = anonymous.get(f"/en/organisations/claim/{token}/")
        assert response.status_code == 410
        assert "Druga Zveza" not in response.content.decode()
    right = anonymous.get(f"/en/organisations/claim/{claim_token(organisation)}/")
    assert right.status_code == 200
    assert "Društvo Brez Skrbnika" in right.content.decode()
    assert not Membership.objects.exists()


def test_an_invitation_link_opens_for_the_invited_address_only(client_for):
    invitee = UserFactory(email="invitee@example.org")
    mine = InvitationFactory(email="invitee@example.org")
    theirs = InvitationFactory(email="someone@example.org")
    client = client_for(invitee)

    wrong = client.get(f"/en/organisations/invitations/{WRONG}/").content.decode()
    assert "This invitation does not exist or has been withdrawn." in wrong
    others = client.get(theirs.get_absolute_url()).content.decode()
    assert "This invitation was sent to another e-mail address." in others
    assert theirs.organisation.name not in others
    client.post(theirs.get_absolute_url())
    client.post(f"/en/organisations/invitations/{WRONG}/")
    assert not Membership.objects.filter(user=invitee).exists()

    client.post(mine.get_absolute_url())
    assert Membership.objects.filter(user=invitee, organisation=mine.organisation).exists()


def test_an_organisation_confirm_link_confirms_its_own_organisation_only(anonymous):
    organisation = OrganisationFactory()
    other = OrganisationFactory()
    url = f"/en/organisations/{organisation.slug}/confirm/{{}}/"
    for token in (WRONG, confirmation_token(other), claim_token(organisation)):
        assert anonymous.get(url.format(token)).status_code == 404
        assert anonymous.post(url.format(token)).status_code == 404
    organisation.refresh_from_db()
    confirmed = organisation.last_confirmed_at
    assert anonymous.get(url.format(confirmation_token(organisation))).status_code == 200
    assert anonymous.post(url.format(confirmation_token(organisation))).status_code == 302
    organisation.refresh_from_db()
    assert organisation.last_confirmed_at != confirmed


def test_a_questionnaire_link_opens_its_own_invitation_only(anonymous):
    from questionnaires.models import Invitation
    from questionnaires.services import invitation_token, sendings_run
    from tests.factories import SendingFactory
    from tests.factories.questionnaires import feedback_questionnaire

    event = EventFactory(start=timezone.now() - timedelta(days=1))
    RegistrationFactory(event=event, name="Ana Prva", attended=True)
    RegistrationFactory(event=event, name="Bor Drugi", attended=True)
    SendingFactory(questionnaire=feedback_questionnaire(), event=event)
    sendings_run()
    mine, theirs = Invitation.objects.order_by("pk")
    for token in (WRONG, confirmation_token(OrganisationFactory())):
        assert anonymous.get(f"/en/questionnaires/answer/{token}/").status_code == 404
    page = anonymous.get(f"/en/questionnaires/answer/{invitation_token(mine)}/")
    assert page.status_code == 200
    assert page.context["invitation"] == mine != theirs
