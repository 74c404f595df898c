"""Every action that changes news, the newsletter or the hub's people, tried by everyone who must
not use it: the admin is for staff. Nothing changes when they try."""

from __future__ import annotations

import pytest
from django.test import Client
from django.utils import timezone

from news.models import (
    HostOrganisation,
    IssueStatus,
    NewsItem,
    NewsletterIssue,
    NewsletterSubscriber,
    StaffMember,
)
from tests.factories import NewsItemFactory, NewsletterSubscriberFactory, StaffMemberFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def world():
    item = NewsItemFactory(title="Original")
    person = StaffMemberFactory(name="Original person")
    subscriber = NewsletterSubscriberFactory()
    from news.services import issue_draft_create

    issue = issue_draft_create(frequency="monthly", introduction={"en": "Original"})
    return {"item": item, "person": person, "subscriber": subscriber, "issue": issue}


def news_data(**fields) -> dict:
    data = {
        "title_sl": "Prevzeto",
        "slug": "taken-over",
        "summary_sl": "x",
        "published_at_0": timezone.localdate().isoformat(),
        "published_at_1": "08:00",
        "is_published": "on",
    }
    return {**data, **fields}


def requests_for(world) -> dict[str, tuple[str, dict]]:
    return {
        "add news": ("/admin/news/newsitem/add/", news_data()),
        "edit news": (f"/admin/news/newsitem/{world['item'].pk}/change/", news_data()),
        "delete news": (f"/admin/news/newsitem/{world['item'].pk}/delete/", {"post": "yes"}),
        "send issue": (
            "/admin/news/newsletterissue/",
            {"action": "send_now", "_selected_action": [world["issue"].pk]},
        ),
        "add person": (
            "/admin/news/staffmember/add/",
            {"name": "Intruder", "role_sl": "x", "order": 0},
        ),
        "list subscribers": ("/admin/news/newslettersubscriber/", {}),
    }


def snapshot(world) -> tuple:
    return (
        list(NewsItem.objects.values_list("title", "slug")),
        list(StaffMember.objects.values_list("name", flat=True)),
        list(NewsletterIssue.objects.values_list("status", flat=True)),
        NewsletterSubscriber.objects.count(),
    )


@pytest.mark.parametrize(
    "action",
    ["add news", "edit news", "delete news", "send issue", "add person", "list subscribers"],
)
@pytest.mark.parametrize("who", ["anonymous", "ngo_admin"])
def test_only_staff_reach_the_newsletter_and_news_admin(
    request, client_for, world, who, action, django_capture_on_commit_callbacks
):
    client = Client() if who == "anonymous" else client_for(request.getfixturevalue(who))
    url, data = requests_for(world)[action]
    before = snapshot(world)
    with django_capture_on_commit_callbacks(execute=True):
        answer = client.get(url)
        posted = client.post(url, data)
    for response in (answer, posted):
        assert response.status_code == 302
        assert response["Location"].startswith("/admin/login/")
    assert snapshot(world) == before
    assert world["issue"].__class__.objects.get(pk=world["issue"].pk).status == IssueStatus.DRAFT


def test_staff_write_news_and_send_an_issue(
    client_for, staff, world, mailoutbox, django_capture_on_commit_callbacks
):
    client = client_for(staff)
    assert client.get("/admin/news/newsitem/add/").status_code == 200
    response = client.post(
        "/admin/news/newsitem/add/",
        news_data(body_sl="<p>Besedilo</p><script>alert(1)</script>"),
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    item = NewsItem.objects.get(slug="taken-over")
    assert item.body_sl == "<p>Besedilo</p>"
    response = client.post(
        "/admin/news/newsletterissue/add/",
        {"frequency": "weekly", "introduction_sl": "Pozdrav", "introduction_en": "Hello"},
    )
    assert response.status_code == 302
    added = NewsletterIssue.objects.get(frequency="weekly")
    assert (added.status, added.introduction_en) == (IssueStatus.DRAFT, "Hello")
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            "/admin/news/newsletterissue/",
            {"action": "send_now", "_selected_action": [world["issue"].pk]},
        )
    world["issue"].refresh_from_db()
    assert world["issue"].status == IssueStatus.SENT
    assert [message.to for message in mailoutbox] == [[world["subscriber"].email]]


def test_a_news_image_is_checked_like_a_logo(client_for, staff):
    from django.core.files.uploadedfile import SimpleUploadedFile

    response = client_for(staff).post(
        "/admin/news/newsitem/add/",
        {**news_data(), "image": SimpleUploadedFile("x.png", b"not an image", "image/png")},
    )
    assert response.status_code == 200
    assert "image" in response.context["adminform"].form.errors
    assert not NewsItem.objects.filter(slug="taken-over").exists()


def test_a_slug_that_would_hide_a_page_is_refused(client_for, staff):
    response = client_for(staff).post("/admin/news/newsitem/add/", news_data(slug="newsletter"))
    assert response.status_code == 200
    assert not NewsItem.objects.filter(slug="newsletter").exists()


@pytest.mark.parametrize(
    "model",
    ["newsitem", "newsletterissue", "newslettersubscriber", "staffmember", "hostorganisation"],
)
def test_staff_open_every_news_admin_page(client_for, staff, world, model):
    from tests.factories import HostOrganisationFactory

    HostOrganisationFactory()
    client = client_for(staff)
    assert client.get(f"/admin/news/{model}/").status_code == 200
    if model != "newslettersubscriber":
        assert client.get(f"/admin/news/{model}/add/").status_code == 200
    pk = {
        "newsitem": world["item"].pk,
        "newsletterissue": world["issue"].pk,
        "newslettersubscriber": world["subscriber"].pk,
        "staffmember": world["person"].pk,
        "hostorganisation": HostOrganisation.objects.get().pk,
    }[model]
    assert client.get(f"/admin/news/{model}/{pk}/change/").status_code == 200


def test_the_co_host_is_chosen_with_the_directory_autocomplete(client_for, staff):
    from tests.factories import OrganisationFactory

    OrganisationFactory(name="Zavod Soča")
    response = client_for(staff).get(
        "/admin/autocomplete/",
        {
            "term": "Soča",
            "app_label": "news",
            "model_name": "hostorganisation",
            "field_name": "organisation",
        },
    )
    assert [result["text"] for result in response.json()["results"]] == ["Zavod Soča"]
