import re

import pytest
from django.core import mail

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_the_home_page_reads_in_each_language_chosen_with_the_switcher(page):
    page.goto("/sl/")
    assert page.locator("html").get_attribute("lang") == "sl"
    assert page.get_by_role("link", name="Prijava").is_visible()

    expectations = {
        "en": ("Sign in", "Contact the hub"),
        "bg": ("Вход", "Свържете се с центъра"),
        "pl": ("Zaloguj się", "Skontaktuj się z centrum"),
        "sl": ("Prijava", "Stik s stičiščem"),
    }
    for code, (sign_in, contact_heading) in expectations.items():
        page.locator("#language-select").select_option(code)
        page.locator(".language-switcher button").click()
        page.wait_for_url(re.compile(f"/{code}/$"))
        assert page.locator("html").get_attribute("lang") == code
        assert page.get_by_role("link", name=sign_in).is_visible()
        assert page.get_by_role("heading", name=contact_heading).is_visible()


def test_sign_up_then_the_link_in_the_e_mail_signs_the_person_in(page):
    page.goto("/en/accounts/signup/")
    page.get_by_label("First name").fill("Nina")
    page.get_by_label("Last name").fill("Novak")
    page.get_by_label("Email").fill("new.member@example.org")
    page.get_by_label("Password:", exact=True).fill("a long pass phrase 42")
    page.get_by_label("Password (again)").fill("a long pass phrase 42")
    page.get_by_label("I have read the privacy notice", exact=False).check()
    page.get_by_role("button", name="Sign Up").click()
    page.get_by_role("heading", name="Verify Your Email Address").wait_for()

    assert len(mail.outbox) == 1
    link = re.search(r"http://\S+/en/accounts/confirm-email/\S+", mail.outbox[0].body).group(0)
    page.goto(link)
    page.get_by_role("button", name="Confirm").click()

    assert page.get_by_role("button", name="Sign out").is_visible()
    assert page.get_by_text("You have confirmed new.member@example.org").is_visible()
