"""The home page in each language, and the way visitors are sent to theirs."""

import pytest

from tests.factories import HubProfileFactory


@pytest.mark.parametrize("language", ["sl", "en", "bg", "pl"])
def test_each_language_has_its_home_page_with_the_right_html_lang(anonymous, language):
    response = anonymous.get(f"/{language}/")
    assert response.status_code == 200
    assert f'<html lang="{language}">' in response.content.decode()


def test_the_root_sends_visitors_to_their_language(anonymous):
    assert anonymous.get("/", HTTP_ACCEPT_LANGUAGE="pl,en;q=0.5").url == "/pl/"
    assert anonymous.get("/", HTTP_ACCEPT_LANGUAGE="de").url == "/sl/"


def test_the_home_page_shows_the_hubs_contacts_as_staff_keep_them(anonymous):
    HubProfileFactory(email="info@sticisce-goriska.si", website="https://sticisce-goriska.si")
    response = anonymous.get("/en/")
    assert b"info@sticisce-goriska.si" in response.content
    assert b'<a href="https://sticisce-goriska.si">' in response.content
    assert b"Contact the hub" in response.content
