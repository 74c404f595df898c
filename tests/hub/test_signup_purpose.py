"""Sign-up keeps why the person came: after confirming the e-mail they land on that form."""

import re
from urllib.parse import unquote

import pytest
from django.core import mail
from django.test import Client

from hub.models import User
from tests.factories import EventFactory

pytestmark = pytest.mark.django_db

REGISTER = "/en/organisations/register/"
PASSWORD = "a long and quiet river"


def sign_up(client: Client, next_url: str, capture, email="nina@example.org") -> str:
    """Sign up from a page that asked for ``next``; the confirmation link from the e-mail."""
    page = client.get("/en/accounts/signup/", {"next": next_url}).content.decode()
    assert f'value="{next_url}"' in page
    with capture(execute=True):
        client.post(
            "/en/accounts/signup/",
            {
                "email": email,
                "password1": PASSWORD,
                "password2": PASSWORD,
                "first_name": "Nina",
                "last_name": "Novak",
                "privacy_consent": "on",
                "next": next_url,
            },
        )
    (message,) = mail.outbox
    return re.search(r"https?://\S+/accounts/confirm-email/\S+", message.body).group(0)


def confirm(client: Client, link: str):
    path = link.split("://", 1)[1].split("/", 1)[1]
    page = client.get(f"/{path}")
    assert page.status_code == 200
    return client.post(f"/{path}", {"next": page.context["redirect_field_value"]})


def test_the_home_pages_register_button_leads_to_sign_up_for_the_registration_form(anonymous):
    page = anonymous.get("/en/").content.decode()
    assert "/en/accounts/signup/?next=/en/organisations/register/" in page


def test_signing_up_asks_the_name_and_lands_on_the_registration_form_after_confirming(
    django_capture_on_commit_callbacks,
):
    client = Client()
    link = sign_up(client, REGISTER, django_capture_on_commit_callbacks)
    response = confirm(client, link)
    assert response.status_code == 302
    assert response["Location"] == REGISTER
    user = User.objects.get(email="nina@example.org")
    assert (user.first_name, user.last_name) == ("Nina", "Novak")
    assert client.get(REGISTER).status_code == 200


def test_the_link_opened_in_another_browser_still_leads_to_the_form(
    django_capture_on_commit_callbacks,
):
    link = sign_up(Client(), REGISTER, django_capture_on_commit_callbacks)
    assert "next=%2Fen%2Forganisations%2Fregister%2F" in link
    other = Client()
    response = confirm(other, link)
    assert response["Location"] == REGISTER
    # Not signed in there: the form asks to sign in and then comes back to the same form.
    login = other.get(REGISTER)
    assert login["Location"].startswith("/en/accounts/login/?next=/en/organisations/register/")


@pytest.mark.parametrize("elsewhere", ["https://evil.example/", "//evil.example/x"])
def test_an_address_elsewhere_is_not_carried(django_capture_on_commit_callbacks, elsewhere):
    client = Client()
    client.get("/en/accounts/signup/", {"next": elsewhere})
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            "/en/accounts/signup/",
            {
                "email": "nina@example.org",
                "password1": PASSWORD,
                "password2": PASSWORD,
                "first_name": "Nina",
                "last_name": "Novak",
                "privacy_consent": "on",
                "next": elsewhere,
            },
        )
    (message,) = mail.outbox
    assert "evil.example" not in message.body


def test_after_signing_up_from_an_event_the_form_has_the_name(django_capture_on_commit_callbacks):
    event = EventFactory()
    here = f"/en/events/{event.slug}/"
    anonymous_page = Client().get(here).content.decode()
    assert f"/en/accounts/signup/?next={here}" in anonymous_page.replace("%2F", "/")
    client = Client()
    response = confirm(client, sign_up(client, here, django_capture_on_commit_callbacks))
    assert response["Location"] == here
    page = client.get(here).content.decode()
    assert 'value="Nina Novak"' in page


def test_join_leads_through_sign_in_to_sign_up_with_the_join_page_kept(organisation_a):
    join = f"/en/organisations/{organisation_a.slug}/join/"
    client = Client()
    login = client.get(join)["Location"]
    assert login.startswith("/en/accounts/login/?next=")
    assert unquote(login.split("next=", 1)[1]) == join
    page = client.get(login).content.decode()
    assert f"/en/accounts/signup/?next={join.replace('/', '%2F')}" in page
