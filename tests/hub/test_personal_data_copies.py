"""Nobody gets another person's data by typing their address: a personal link gives its own
registration only, a copy of everything goes to the address, and erasure takes every copy."""

from __future__ import annotations

import json
import re
from datetime import timedelta

import pytest
from django.apps import apps
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone, translation

from events.models import Participant, Registration
from hub.models import OutboxEmail, PersonalDataExport
from hub.privacy import account_erase
from hub.selectors import hub_profile
from reports.figures import figures_gather
from tests.factories import (
    EventFactory,
    MembershipFactory,
    OrganisationFactory,
    RegistrationFactory,
    UserFactory,
)
from tests.reports.conftest import operation_with

pytestmark = pytest.mark.django_db

VICTIM = "vesna.zrtvovska@example.org"


def _past_event(days_ago: int, **kwargs):
    start = timezone.now() - timedelta(days=days_ago)
    return EventFactory(start=start, end=start + timedelta(hours=3), **kwargs)


@pytest.fixture
def victim(db):
    """A person with an account, a membership, registrations with entry answers and e-mails."""
    user = UserFactory(email=VICTIM, first_name="Vesna", last_name="Zrtvovska")
    assert user.emailaddress_set.filter(email=VICTIM, verified=True).exists()
    MembershipFactory(user=user, organisation=OrganisationFactory(name="Društvo Tajnost"))
    RegistrationFactory(
        event=_past_event(30, title="Delavnica o zasebnosti"),
        email=VICTIM,
        name="Vesna Zrtvovska",
        attended=True,
        age_band="30_54",
        gender="woman",
    )
    OutboxEmail.objects.create(
        key="registration_confirmed:999:secret",
        recipients=VICTIM,
        subject="Vesna, your seat at Delavnica o zasebnosti",
        message={"body": "Dear Vesna Zrtvovska, https://example.org/registration/secret/"},
    )
    # An e-mail to someone else that names her.
    OutboxEmail.objects.create(
        key="join-request:999",
        recipients="admin@tajnost.example",
        subject="A request to join Društvo Tajnost",
        message={"body": f"Vesna Zrtvovska ({VICTIM}) asks to join."},
    )
    return user


def _copy_emails() -> list[OutboxEmail]:
    return list(OutboxEmail.objects.filter(key__startswith="personal-data-copy:"))


def _link_in(email: OutboxEmail) -> str:
    return re.search(r"https?://\S+/privacy/copy/\S+?/", email.message["body"]).group(0)


def _path(url: str) -> str:
    return re.sub(r"^https?://[^/]+", "", url)


def _download(client, url: str) -> dict:
    response = client.get(url)
    assert response.status_code == 200
    content = b"".join(response.streaming_content) if response.streaming else response.content
    return json.loads(content)


def test_a_stranger_who_types_an_address_gets_only_the_registration_they_made(
    victim, anonymous, django_capture_on_commit_callbacks
):
    event = EventFactory()
    # 1. Register with the victim's address.
    with django_capture_on_commit_callbacks(execute=True):
        response = anonymous.post(
            f"/en/events/{event.slug}/register/",
            {"name": "Anyone", "email": VICTIM, "consent": "on"},
        )
    registration = event.registrations.get()
    assert response.status_code == 302
    assert response["Location"] == registration.get_absolute_url()
    before = {e.pk for e in OutboxEmail.objects.all()}

    # 2. The personal link's copy: this registration, nothing else held about the address.
    data = _download(
        anonymous, reverse("events:registration_data", args=[event.slug, registration.token])
    )
    assert [r["name"] for r in data["registrations"]] == ["Anyone"]
    assert data["registrations"][0]["event"] == event.title
    text = json.dumps(data, ensure_ascii=False)
    for secret in ("Zrtvovska", "Vesna", "Delavnica o zasebnosti", "Društvo Tajnost", "30_54"):
        assert secret not in text
    assert set(data) == {"generated_at", "privacy_notice_version", "registrations"}
    assert not PersonalDataExport.objects.exists()

    # 3. A copy of everything, asked through the link: it goes to the address, not the asker.
    with django_capture_on_commit_callbacks(execute=True):
        asked = anonymous.post(
            "/en/privacy/",
            {"email": VICTIM, "next": registration.get_absolute_url()},
            follow=True,
        )
    page = asked.content.decode()
    assert asked.redirect_chain[-1][0] == registration.get_absolute_url()
    assert f"If the portal holds anything about {VICTIM}" in page
    assert "Zrtvovska" not in page and "Društvo Tajnost" not in page
    new = [e for e in OutboxEmail.objects.all() if e.pk not in before]
    assert len(new) == 1 and new[0].recipients == VICTIM
    document = PersonalDataExport.objects.get().documents.get()
    # Neither the personal link's token nor no token opens the full copy.
    assert anonymous.get(document.get_absolute_url()).status_code == 404
    assert (
        anonymous.get(f"{document.get_absolute_url()}?token={registration.token}").status_code
        == 404
    )

    # Whoever reads the mailbox opens it, and it is the victim's whole copy.
    link = _path(_link_in(new[0]))
    copy_page = anonymous.get(link).content.decode()
    download = re.search(r'href="(/documents/[^"]+)"', copy_page).group(1).replace("&amp;", "&")
    full = _download(anonymous, download)
    assert full["account"][0]["last_name"] == "Zrtvovska"
    assert {r["name"] for r in full["registrations"]} == {"Anyone", "Vesna Zrtvovska"}


def test_the_page_says_the_same_for_an_address_it_does_not_know(
    victim, anonymous, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        known = anonymous.post("/en/privacy/", {"email": VICTIM}, follow=True)
        unknown = anonymous.post("/en/privacy/", {"email": "nobody@example.org"}, follow=True)

    def message(response, address):
        return response.content.decode().replace(address, "ADDRESS")

    said = re.compile(r"If the portal holds anything about ADDRESS[^<]*")
    assert said.search(message(known, VICTIM)).group(0) == said.search(
        message(unknown, "nobody@example.org")
    ).group(0)
    assert [e.recipients for e in _copy_emails()] == [VICTIM]


def test_a_bad_address_changes_nothing(anonymous):
    response = anonymous.post("/en/privacy/", {"email": "not an address"})
    assert response.status_code == 400
    assert "Enter a valid email address." in response.content.decode()
    assert not OutboxEmail.objects.exists() and not PersonalDataExport.objects.exists()


def test_copies_for_one_address_are_rate_limited(victim, anonymous, settings):
    settings.ACCOUNT_RATE_LIMITS = {**settings.ACCOUNT_RATE_LIMITS, "personal_data_copy": "2/h/key"}
    statuses = [anonymous.post("/en/privacy/", {"email": VICTIM}).status_code for _ in range(3)]
    assert statuses == [302, 302, 429]
    assert len(_copy_emails()) == 2


def test_signed_in_with_the_confirmed_address_the_copy_comes_at_once(
    victim, client_for, django_capture_on_commit_callbacks
):
    client = client_for(victim)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post("/en/privacy/", {"email": VICTIM.upper()})
    assert response.status_code == 302 and response["Location"] == "/en/privacy/my-data/"
    assert not _copy_emails()
    document = PersonalDataExport.objects.get(user=victim).documents.get()
    assert _download(client, document.get_absolute_url())["account"][0]["email"] == VICTIM

    # Another address typed while signed in goes to that address, as for anyone.
    RegistrationFactory(email="friend@example.org")
    with django_capture_on_commit_callbacks(execute=True):
        client.post("/en/privacy/", {"email": "friend@example.org"})
    assert [e.recipients for e in _copy_emails()] == ["friend@example.org"]


def _text_columns() -> list[tuple[type[models.Model], str]]:
    found = []
    for model in apps.get_models():
        if not model._meta.managed or model._meta.proxy:
            continue
        for field in model._meta.concrete_fields:
            if isinstance(field, models.CharField | models.TextField | models.JSONField):
                found.append((model, field.name))
    return found


def _rows_naming(*needles: str) -> list[str]:
    """Every row of every table whose text columns hold one of the needles, case aside."""
    hits = []
    for model, name in _text_columns():
        q = Q()
        for needle in needles:
            q |= Q(**{f"{name}__icontains": needle})
        for pk in model._default_manager.filter(q).values_list("pk", flat=True):
            hits.append(f"{model._meta.label}.{name} #{pk}")
    return hits


def test_after_erasure_no_copy_opens_and_no_table_names_the_person(
    victim, anonymous, client_for, django_capture_on_commit_callbacks
):
    client = client_for(victim)
    # A copy made signed in, one asked anonymously for the address, a registration made by a
    # stranger with the address, the e-mails all of that sent.
    event = EventFactory()
    with django_capture_on_commit_callbacks(execute=True):
        client.post("/en/privacy/my-data/")
        anonymous.post(
            f"/en/events/{event.slug}/register/",
            {"name": "Vesna Zrtvovska", "email": VICTIM, "consent": "on"},
        )
        anonymous.post("/en/privacy/", {"email": VICTIM})
    own = PersonalDataExport.objects.get(user=victim, requested_by=victim).documents.get()
    link = _path(_link_in(_copy_emails()[0]))
    copy_page = anonymous.get(link).content.decode()
    mailed = re.search(r'href="(/documents/[^"]+)"', copy_page).group(1).replace("&amp;", "&")
    assert client.get(own.get_absolute_url()).status_code == 200
    assert anonymous.get(mailed).status_code == 200
    assert _rows_naming(VICTIM, "Zrtvovska")  # the search finds the person before

    pid = Registration.objects.get(event=event).pid
    assert pid is not None

    account_erase(user=victim, by=victim)

    assert client.get(own.get_absolute_url()).status_code == 404
    assert anonymous.get(mailed).status_code == 404
    assert anonymous.get(link).status_code == 404
    assert not PersonalDataExport.objects.exists()
    assert _rows_naming(VICTIM, "Zrtvovska") == []
    # The id still counts, but leads to no participant and no registration that names anyone.
    assert not Participant.objects.filter(Q(user=victim) | Q(pid=pid)).exists()
    assert not Registration.objects.filter(pid=pid, anonymised_at__isnull=True).exists()
    # The delivery log keeps each e-mail's key, template, status and times.
    assert OutboxEmail.objects.filter(key__startswith="personal-data-copy:").exists()
    assert OutboxEmail.objects.get(key="join-request:999").recipients == "admin@tajnost.example"


def test_erasing_through_a_personal_link_cuts_the_id_and_moves_no_figure(
    funder_templates, anonymous, django_capture_on_commit_callbacks
):
    today = timezone.localdate()
    operation = operation_with(
        "esf-plus-2021-2027", start=today - timedelta(days=400), end=today + timedelta(days=400)
    )
    from hub.indicators import Period

    period = Period(today - timedelta(days=120), today)
    held = EventFactory(start=timezone.now() + timedelta(days=5))
    # Gita's next registration, not attended yet, shares her participant.
    later = EventFactory(start=timezone.now() + timedelta(days=10))
    with django_capture_on_commit_callbacks(execute=True):
        for event, email, name in (
            (held, "gita@example.org", "Gita Gost"),
            (held, "bor@example.org", "Bor"),
            (later, "gita@example.org", "Gita Gost"),
        ):
            anonymous.post(
                f"/en/events/{event.slug}/register/",
                {"name": name, "email": email, "consent": "on"},
            )
    start = timezone.now() - timedelta(days=30)
    type(held).objects.filter(pk=held.pk).update(start=start, end=start + timedelta(hours=3))
    Registration.objects.filter(event=held).update(attended=True, gender="woman", age_band="18_29")
    target = Registration.objects.get(email="gita@example.org", attended=True)
    kept = Registration.objects.get(email="gita@example.org", attended=False)
    participant = Participant.objects.get(email_key="gita@example.org")
    assert target.pid == kept.pid == participant.pid
    with translation.override("en"):
        gathered = figures_gather(operation=operation, period=period)
    gathered.pop("gathered_at", None)
    participants = next(i for i in gathered["indicators"] if i["code"] == "EECO01")
    assert participants["figure"]["value"] == 2  # Gita and Bor: the figure the cut must keep
    with django_capture_on_commit_callbacks(execute=True):
        anonymous.post("/en/privacy/", {"email": "gita@example.org"})
    copy = PersonalDataExport.objects.get().documents.get()

    with django_capture_on_commit_callbacks(execute=True):
        anonymous.post(reverse("events:registration_erase", args=[target.event.slug, target.token]))

    target.refresh_from_db()
    assert target.anonymised_at is not None and target.participant_id is None
    # The copy made before held this registration: it is gone, its link answers 404.
    assert not PersonalDataExport.objects.exists()
    assert anonymous.get(copy.get_absolute_url()).status_code == 404
    assert target.pid not in (kept.pid, participant.pid)
    assert not Registration.objects.filter(pid=target.pid).exclude(pk=target.pk).exists()
    assert all(row.pid == target.pid for row in target.history.all())
    # Its e-mails are scrubbed; the other registration's stay.
    assert not OutboxEmail.objects.filter(
        Q(recipients__icontains="gita") | Q(subject__icontains="Gita"),
        key__contains=f":{target.pk}:",
    ).exists()
    assert OutboxEmail.objects.filter(key__contains=f":{kept.pk}:", recipients="gita@example.org")
    with translation.override("en"):
        after = figures_gather(operation=operation, period=period)
    after.pop("gathered_at", None)
    assert after == gathered
    assert hub_profile() is not None


@pytest.mark.parametrize("count", [1, 3])
def test_the_copy_page_takes_the_same_queries_whatever_the_copies(
    count, anonymous, django_assert_num_queries, django_capture_on_commit_callbacks
):
    RegistrationFactory(email="ida@example.org")
    with django_capture_on_commit_callbacks(execute=True):
        for _ in range(count):
            anonymous.post("/en/privacy/", {"email": "ida@example.org"})
    link = _path(_link_in(_copy_emails()[-1]))
    anonymous.get(link)  # the hub's identity is cached as on a running site
    # 1. the copy the link names  2. its document
    with django_assert_num_queries(2):
        assert anonymous.get(link).status_code == 200


def test_the_copy_form_returns_only_to_a_page_of_this_site(victim, anonymous):
    response = anonymous.post(
        "/en/privacy/", {"email": VICTIM, "next": "https://elsewhere.example/steal/"}
    )
    assert response.status_code == 302 and response["Location"] == "/en/privacy/"
