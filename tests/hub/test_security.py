"""What every page does for safety: malformed addresses, headers and cookies."""

from __future__ import annotations

import pytest
from django.conf import settings
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.utils import translation

from organisations.tokens import confirmation_token
from tests.factories import (
    EventFactory,
    InvitationFactory,
    OrganisationFactory,
    RegistrationFactory,
    UserFactory,
)

# Malformed values for a slug, token or key in an address: a NUL byte (PostgreSQL refuses it
# in a string), spaces and punctuation, a broken UTF-8 sequence, something far too long.
MALFORMED = [
    "%00",
    "token%00",
    "not%20a%20slug%21",
    "%C0%AF",
    "a" * 300,
]
# Malformed row ids (the ``<id:…>`` converter): numbers beyond the database's integer, and the
# words above.
MALFORMED_IDS = [*MALFORMED, "2147483648", "9" * 30]
# The project's own URLs answer 404; allauth's and the admin's answer anything but an error.
OWN_NAMESPACES = {"organisations", "events", "reports"}


def _walk(patterns, namespace: str | None = None):
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            inner = namespace
            if pattern.namespace:
                inner = f"{namespace}:{pattern.namespace}" if namespace else pattern.namespace
            yield from _walk(pattern.url_patterns, inner)
        elif isinstance(pattern, URLPattern) and pattern.name:
            regex = pattern.pattern.regex
            # Named groups are passed by name; a pattern with unnamed ones, by position.
            groups = list(regex.groupindex) or list(range(regex.groups))
            converters = getattr(pattern.pattern, "converters", {})
            name = f"{namespace}:{pattern.name}" if namespace else pattern.name
            yield name, groups, converters


def _id_groups() -> set[tuple[str, object]]:
    """(url name, parameter) of every row id taken by the ``<id:…>`` converter."""
    return {
        (name, group)
        for name, groups, converters in _walk(get_resolver().url_patterns)
        for group in groups
        if type(converters.get(group)).__name__ == "IdConverter"
    }


def _urls_with_words():
    """(url name, its parameters, the parameter to spoil) for every address with a slug,
    token, key or object id in it: integers and UUIDs are left alone, a converter refuses them."""
    for name, groups, converters in _walk(get_resolver().url_patterns):
        for group in groups:
            converter = converters.get(group)
            if converter is not None and type(converter).__name__ in {
                "IntConverter",
                "UUIDConverter",
            }:
                continue
            if name.startswith("admin:") and group not in {"object_id", "id", 0, 1}:
                continue
            yield name, tuple(groups), group


URLS = sorted(set(_urls_with_words()), key=str)
ID_GROUPS = _id_groups()


@pytest.fixture
def world(db):
    organisation = OrganisationFactory(slug="drustvo-soca")
    event = EventFactory(slug="delavnica")
    return {
        "organisation": organisation,
        "event": event,
        "organisation_token": confirmation_token(organisation),
        "invitation_token": InvitationFactory(organisation=organisation).token,
        "registration_token": RegistrationFactory(event=event).token,
    }


def _valid_value(name: str, group, world: dict) -> str:
    """A value that reaches the view, so the spoiled parameter is the only thing wrong."""
    if group == "slug":
        return world["event"].slug if name.startswith("events:") else world["organisation"].slug
    if group == "token":
        if name == "organisations:invitation":
            return world["invitation_token"]
        if name.startswith("organisations:"):
            return world["organisation_token"]
        return world["registration_token"]
    if group in {"pk", "object_id", "id", "content_type_id", 0, 1} or (name, group) in ID_GROUPS:
        return "1"
    if group == "uidb36":
        return "1"
    return "placeholder"


def _url(name: str, groups: tuple, spoiled, value: str, world: dict) -> str:
    # The placeholder must fit the converter for the address to be reversed at all.
    placeholder = "987654321" if (name, spoiled) in ID_GROUPS else "zzspoiledzz"
    values = {
        group: placeholder if group == spoiled else _valid_value(name, group, world)
        for group in groups
    }
    with translation.override("en"):
        if all(isinstance(group, int) for group in groups):
            url = reverse(name, args=list(values.values()))
        else:
            url = reverse(name, kwargs=values)
    return url.replace(placeholder, value)


@pytest.mark.parametrize(("name", "groups", "spoiled"), URLS)
def test_a_malformed_slug_or_token_never_fails_with_500(
    client_for, staff, anonymous, world, name, groups, spoiled
):
    own = name.split(":")[0] in OWN_NAMESPACES
    for value in MALFORMED_IDS if (name, spoiled) in ID_GROUPS else MALFORMED:
        url = _url(name, groups, spoiled, value, world)
        for client in (anonymous, client_for(staff)):
            for method in (client.get, client.post):
                status = method(url).status_code
                assert status < 500, f"{method.__name__.upper()} {url} answered {status}"
        if own:
            # Signed in as staff, who may see every page: only the address is wrong. (A page
            # that does not take the method answers 405 before it looks at the address; a signed
            # claim link that does not verify is 410, with a page that says what to do.)
            expected = {404, 405} | ({410} if name == "organisations:claim" else set())
            for method in (client_for(staff).get, client_for(staff).post):
                assert method(url).status_code in expected, url


def test_the_walk_covers_the_token_and_slug_addresses():
    names = {name for name, _groups, _spoiled in URLS}
    assert {
        "organisations:invitation",
        "organisations:confirm_link",
        "organisations:detail",
        "events:registration",
        "events:registration_cancel",
        "account_confirm_email",
        "account_reset_password_from_key",
        "reports:render",
        "reports:rows",
        "reports:xlsx",
    } <= names


def test_a_valid_address_still_reaches_its_page(anonymous, world):
    """The other side of the walk: with nothing spoiled, the pages answer."""
    for name in ["events:registration", "organisations:confirm_link"]:
        kwargs = {group: _valid_value(name, group, world) for group in ("slug", "token")}
        with translation.override("en"):
            assert anonymous.get(reverse(name, kwargs=kwargs)).status_code == 200


# Behind the reverse proxy every request comes from the proxy's address; the rate limits must
# count the people behind it one by one, or one person's failed sign-ins lock everyone out.

PROXY = "127.0.0.1"
TOO_MANY_SIGN_INS = "Too many failed login attempts"


def _fail_to_sign_in(client, times: int, **headers) -> None:
    for n in range(times):
        client.post(
            "/en/accounts/login/",
            {"login": f"guess{n}@example.org", "password": "wrong"},
            REMOTE_ADDR=PROXY,
            **headers,
        )


def _sign_in(client, user, **headers):
    return client.post(
        "/en/accounts/login/",
        {"login": user.email, "password": "correct horse battery"},
        REMOTE_ADDR=PROXY,
        **headers,
    )


@pytest.mark.parametrize(
    ("setting", "value", "header", "first", "second"),
    [
        ("ALLAUTH_TRUSTED_PROXY_COUNT", 1, "HTTP_X_FORWARDED_FOR", "198.51.100.1", "203.0.113.5"),
        ("ALLAUTH_TRUSTED_CLIENT_IP_HEADER", "X-Real-IP", "HTTP_X_REAL_IP", "198.51.100.1", "::1"),
    ],
)
def test_behind_the_proxy_one_persons_failed_sign_ins_do_not_lock_out_another(
    anonymous, settings, setting, value, header, first, second
):
    setattr(settings, setting, value)
    someone = UserFactory(email="someone@example.org")
    _fail_to_sign_in(anonymous, 11, **{header: first})
    assert TOO_MANY_SIGN_INS in _sign_in(Client(), someone, **{header: first}).content.decode()
    assert _sign_in(Client(), someone, **{header: second}).status_code == 302


def test_without_the_proxy_setting_everyone_behind_the_proxy_shares_one_limit(anonymous, settings):
    settings.ALLAUTH_TRUSTED_PROXY_COUNT = 0
    someone = UserFactory(email="someone@example.org")
    _fail_to_sign_in(anonymous, 11, HTTP_X_FORWARDED_FOR="198.51.100.1")
    response = _sign_in(Client(), someone, HTTP_X_FORWARDED_FOR="203.0.113.5")
    assert TOO_MANY_SIGN_INS in response.content.decode()


def test_an_address_a_client_makes_up_does_not_escape_the_limit(anonymous, settings):
    """The proxy appends the address it sees; whatever the client put before it is ignored."""
    settings.ALLAUTH_TRUSTED_PROXY_COUNT = 1
    someone = UserFactory(email="someone@example.org")
    _fail_to_sign_in(anonymous, 11, HTTP_X_FORWARDED_FOR="198.51.100.1")
    response = _sign_in(Client(), someone, HTTP_X_FORWARDED_FOR="203.0.113.5, 198.51.100.1")
    assert TOO_MANY_SIGN_INS in response.content.decode()


def test_event_registrations_are_counted_per_person_behind_the_proxy(anonymous, settings):
    settings.ALLAUTH_TRUSTED_PROXY_COUNT = 1
    settings.ACCOUNT_RATE_LIMITS = {**settings.ACCOUNT_RATE_LIMITS, "event_register": "1/h/ip"}
    EventFactory(slug="delavnica", capacity=50)

    def register(email: str, client_address: str) -> int:
        return anonymous.post(
            "/en/events/delavnica/register/",
            {"name": "Ana Novak", "email": email, "consent": "on"},
            REMOTE_ADDR=PROXY,
            HTTP_X_FORWARDED_FOR=client_address,
        ).status_code

    assert register("one@example.org", "198.51.100.1") == 302
    assert register("two@example.org", "198.51.100.1") == 429
    assert register("three@example.org", "203.0.113.5") == 302


# Headers and cookies


@pytest.mark.parametrize(
    "url", ["/en/", "/en/no-such-page/", "/en/organisations/my/", "/healthz", "/admin/"]
)
def test_every_response_switches_off_browser_features_the_portal_never_uses(anonymous, url):
    policy = anonymous.get(url).headers["Permissions-Policy"]
    for feature in ["camera", "microphone", "geolocation", "payment"]:
        assert f"{feature}=()" in policy


def test_a_view_may_still_set_a_policy_of_its_own(rf):
    from django.http import HttpResponse

    from hub.middleware import PermissionsPolicyMiddleware

    def view(request):
        response = HttpResponse()
        response.headers["Permissions-Policy"] = "fullscreen=(self)"
        return response

    response = PermissionsPolicyMiddleware(view)(rf.get("/"))
    assert response.headers["Permissions-Policy"] == "fullscreen=(self)"


def test_the_language_cookie_stays_home_with_samesite_lax(anonymous):
    response = anonymous.post("/i18n/setlang/", {"language": "bg", "next": "/sl/"})
    cookie = response.cookies[settings.LANGUAGE_COOKIE_NAME]
    assert cookie.value == "bg"
    assert cookie["samesite"] == "Lax"


def _policies(middleware_class, request, response) -> dict[str, str]:
    middleware_class(lambda request: response).process_response(request, response)
    return {
        header: response[header]
        for header in ("Content-Security-Policy", "Content-Security-Policy-Report-Only")
        if header in response
    }


@pytest.mark.parametrize(
    "change",
    [
        {},
        {"_csp_replace": {"frame-ancestors": ["*"]}},
        {"_csp_update": {"img-src": ["https://example.org"]}},
        {"_csp_exempt": True},
    ],
)
def test_the_policy_written_once_is_the_one_django_csp_writes(rf, settings, change):
    """The header is written from the settings once, not for every response, and is the same
    as django-csp's; a view that changes it, and changed settings, are still obeyed."""
    from csp.middleware import CSPMiddleware as LibraryCSPMiddleware
    from django.http import HttpResponse

    from hub.middleware import CSPMiddleware

    def policies(middleware_class):
        response = HttpResponse()
        for attribute, value in change.items():
            setattr(response, attribute, value)
        return _policies(middleware_class, rf.get("/sl/"), response)

    assert policies(CSPMiddleware) == policies(LibraryCSPMiddleware)
    settings.CONTENT_SECURITY_POLICY = {"DIRECTIVES": {"default-src": ["'self'", "https:"]}}
    settings.CONTENT_SECURITY_POLICY_REPORT_ONLY = {"DIRECTIVES": {"img-src": ["'self'"]}}
    ours = policies(CSPMiddleware)
    assert ours == policies(LibraryCSPMiddleware)
    if not change:
        assert ours["Content-Security-Policy"] == "default-src 'self' https:"
        assert "img-src 'self'" in ours["Content-Security-Policy-Report-Only"]
