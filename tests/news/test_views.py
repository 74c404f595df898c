"""The news pages, the feed, the API, the about page and the archive: what readers see, and the
queries each page takes."""

from __future__ import annotations

import json
import re
from datetime import timedelta

import feedparser
import pytest
from django.utils import timezone

from news.models import IssueStatus, NewsletterIssue
from tests.factories import (
    CallFactory,
    EventFactory,
    HostOrganisationFactory,
    NewsItemFactory,
    StaffMemberFactory,
)

pytestmark = pytest.mark.django_db

LIST = "/en/news/"


def titles(response) -> list[str]:
    return re.findall(
        r'<h3 id="news-\d+-title"><a href="[^"]+">([^<]+)</a>', response.content.decode()
    )


def json_ld(response) -> dict:
    found = re.search(
        r'<script[^>]*type="application/ld\+json">(.*?)</script>', response.content.decode(), re.S
    )
    return json.loads(found.group(1))


def test_the_list_shows_published_news_newest_first_and_not_drafts_or_future_ones(anonymous):
    now = timezone.now()
    NewsItemFactory(title="Older", published_at=now - timedelta(days=3))
    NewsItemFactory(title="Newer", published_at=now - timedelta(days=1))
    NewsItemFactory(title="Draft", is_published=False)
    NewsItemFactory(title="Tomorrow", published_at=now + timedelta(days=1))
    assert titles(anonymous.get(LIST)) == ["Newer", "Older"]


def test_the_list_says_when_there_is_no_news(anonymous):
    assert "The hub has published no news yet." in anonymous.get(LIST).content.decode()


@pytest.mark.parametrize("count", [1, 25])
def test_the_list_takes_a_fixed_number_of_queries(anonymous, django_assert_num_queries, count):
    for number in range(count):
        NewsItemFactory(published_at=timezone.now() - timedelta(hours=number + 1))
    # 1. count of the published news
    # 2. the news of this page
    with django_assert_num_queries(2):
        response = anonymous.get(LIST)
    assert len(titles(response)) == min(count, 10)


def test_the_list_is_paginated(anonymous):
    for number in range(12):
        NewsItemFactory(
            title=f"Item {number:02}", published_at=timezone.now() - timedelta(hours=number + 1)
        )
    assert titles(anonymous.get(LIST + "?page=2")) == ["Item 10", "Item 11"]


@pytest.mark.parametrize("links", [0, 4])
def test_the_detail_takes_one_query_and_links_to_what_it_is_about(
    anonymous, django_assert_num_queries, links
):
    item = NewsItemFactory(title="Call presented")
    if links:
        from tests.factories import InitiativeFactory, PartnershipFactory

        item.event = EventFactory(title="Info day")
        item.call = CallFactory(title="Small grants")
        item.partnership = PartnershipFactory(title="Joint office")
        item.initiative = InitiativeFactory(title="Better budget")
        item.save()
    # 1. the news item with its event, call, partnership and initiative
    with django_assert_num_queries(1):
        response = anonymous.get(f"/en/news/{item.slug}/")
    page = response.content.decode()
    assert response.status_code == 200
    assert "<strong>35 NGOs</strong>" in page
    if links:
        for title in ("Info day", "Small grants", "Joint office", "Better budget"):
            assert title in page


def test_the_body_is_sanitised(anonymous):
    item = NewsItemFactory(body='<p onclick="x()">Hi</p><script>alert(1)</script>')
    item.refresh_from_db()
    assert "script" not in item.body and "onclick" not in item.body
    assert "alert(1)" not in anonymous.get(f"/en/news/{item.slug}/").content.decode()


def test_a_draft_is_not_found(anonymous):
    item = NewsItemFactory(is_published=False)
    assert anonymous.get(f"/en/news/{item.slug}/").status_code == 404


def test_the_detail_describes_a_news_article_in_json_ld(anonymous):
    item = NewsItemFactory(title="35 NGOs were trained")
    data = json_ld(anonymous.get(f"/en/news/{item.slug}/"))
    assert data["@type"] == "NewsArticle"
    assert data["headline"] == "35 NGOs were trained"
    assert data["url"].endswith(f"/en/news/{item.slug}/")
    assert data["datePublished"]


def test_each_language_reads_its_own_title(anonymous):
    item = NewsItemFactory(title_en="Trained", title_sl="Usposobili smo", title_bg="Обучихме")
    assert "Usposobili smo" in anonymous.get(f"/sl/news/{item.slug}/").content.decode()
    assert "Обучихме" in anonymous.get(f"/bg/news/{item.slug}/").content.decode()
    # Polish is missing: the page falls back rather than showing nothing.
    assert "Trained" in anonymous.get(f"/pl/news/{item.slug}/").content.decode()


@pytest.mark.parametrize("page", ["events", "calls", "partnerships", "advocacy"])
def test_the_linked_page_shows_its_news(anonymous, page):
    from tests.factories import InitiativeFactory, PartnershipFactory

    target = {
        "events": lambda: EventFactory(),
        "calls": lambda: CallFactory(),
        "partnerships": lambda: PartnershipFactory(),
        "advocacy": lambda: InitiativeFactory(),
    }[page]()
    field = {
        "events": "event",
        "calls": "call",
        "partnerships": "partnership",
        "advocacy": "initiative",
    }[page]
    NewsItemFactory(title="About this one", **{field: target})
    NewsItemFactory(title="About something else")
    content = anonymous.get(f"/en{target.get_absolute_url()[3:]}").content.decode()
    assert "About this one" in content
    assert "About something else" not in content


def test_the_feed_parses_and_answers_304_to_a_conditional_request(anonymous, monkeypatch):
    # The feed is answered afresh every minute (a news item dated later appears on its own):
    # here the minute stands still.
    monkeypatch.setattr("hub.cache.this_minute", lambda: 1)
    NewsItemFactory(title="Eight working meetings were held")
    response = anonymous.get("/en/news/feed/")
    feed = feedparser.parse(response.content)
    assert not feed.bozo
    assert [entry.title for entry in feed.entries] == ["Eight working meetings were held"]
    assert feed.entries[0].link.endswith("/en/news/eight-working-meetings-were-held/")
    again = anonymous.get("/en/news/feed/", HTTP_IF_NONE_MATCH=response["ETag"])
    assert again.status_code == 304
    NewsItemFactory(title="Another")
    changed = anonymous.get("/en/news/feed/", HTTP_IF_NONE_MATCH=response["ETag"])
    assert changed.status_code == 200
    assert len(feedparser.parse(changed.content).entries) == 2


def test_the_api_lists_published_news_with_its_fields_and_modified_since(anonymous):
    old = NewsItemFactory(title="Old")
    NewsItemFactory(title="Draft", is_published=False)
    type(old).objects.filter(pk=old.pk).update(updated_at=timezone.now() - timedelta(days=10))
    NewsItemFactory(title="New", event=EventFactory())
    response = anonymous.get("/api/v1/news/?lang=en")
    body = response.json()
    assert [item["title"] for item in body["results"]] == ["New", "Old"]
    assert set(body["results"][0]) == {
        "id",
        "slug",
        "title",
        "summary",
        "body",
        "image",
        "image_alt",
        "published_at",
        "updated_at",
        "event",
        "call",
        "partnership",
        "initiative",
        "url",
    }
    since = (timezone.now() - timedelta(days=1)).isoformat()
    recent = anonymous.get("/api/v1/news/", {"modified_since": since}).json()
    assert [item["title"] for item in recent["results"]] == ["New"]
    assert anonymous.get("/api/v1/news/", HTTP_IF_NONE_MATCH=response["ETag"]).status_code in (
        200,
        304,
    )


def test_the_sitemap_lists_the_news(anonymous):
    item = NewsItemFactory()
    sitemap = anonymous.get("/sitemap.xml").content.decode()
    assert f"/en/news/{item.slug}/" in sitemap
    assert "/en/news/newsletter/issues/" in sitemap


@pytest.mark.parametrize("count", [0, 3])
def test_the_home_page_shows_the_latest_three_news(anonymous, count):
    for number in range(count + 2 if count else 0):
        NewsItemFactory(
            title=f"Home {number}", published_at=timezone.now() - timedelta(hours=number + 1)
        )
    page = anonymous.get("/en/").content.decode()
    shown = re.findall(r">(Home \d)<", page)
    assert shown == (["Home 0", "Home 1", "Home 2"] if count else [])


def test_the_embed_lists_the_news_in_the_language_asked(anonymous):
    NewsItemFactory(title_en="Trained", title_sl="Usposobili smo")
    response = anonymous.get("/embed/sl/news/")
    assert response.status_code == 200
    assert "Usposobili smo" in response.content.decode()
    assert "frame-ancestors *" in response["Content-Security-Policy"]


def test_oembed_answers_for_the_news_page(anonymous):
    response = anonymous.get("/oembed", {"url": "http://testserver/en/news/"})
    assert response.status_code == 200
    assert "/embed/en/news/" in response.json()["html"]


@pytest.mark.parametrize("count", [1, 12])
def test_the_about_page_shows_the_people_and_hosts_in_fixed_queries(
    anonymous, django_assert_num_queries, count
):
    for number in range(count):
        StaffMemberFactory(name=f"Person {number}", contacts_public=number % 2 == 0)
        HostOrganisationFactory(order=number)
    # 1. the hub's people
    # 2. the co-hosts and partners, with their organisations
    with django_assert_num_queries(2):
        response = anonymous.get("/en/about/")
    page = response.content.decode()
    assert "Person 0" in page
    data = json_ld(response)
    assert data["@type"] == "Organization"
    assert len(data["employee"]) == count
    assert len(data["member"]) == count


def test_contacts_are_shown_only_where_the_person_agreed(anonymous):
    StaffMemberFactory(name="Agreed", email="agreed@hub.example.org", contacts_public=True)
    StaffMemberFactory(name="Private", email="private@hub.example.org", contacts_public=False)
    response = anonymous.get("/en/about/")
    page = response.content.decode()
    assert "agreed@hub.example.org" in page
    assert "private@hub.example.org" not in page


def _sent_issue(**fields) -> NewsletterIssue:
    now = timezone.now()
    return NewsletterIssue.objects.create(
        frequency="monthly",
        period_start=now - timedelta(days=30),
        period_end=now,
        status=IssueStatus.SENT,
        sent_at=now,
        **fields,
    )


@pytest.mark.parametrize("count", [1, 25])
def test_the_archive_lists_sent_issues_in_fixed_queries(
    anonymous, django_assert_num_queries, count
):
    now = timezone.now()
    for number in range(count):
        NewsletterIssue.objects.create(
            frequency="weekly",
            period_start=now - timedelta(days=7 * (number + 1)),
            period_end=now - timedelta(days=7 * number),
            status=IssueStatus.SENT,
            sent_at=now - timedelta(days=7 * number),
        )
    NewsletterIssue.objects.create(
        frequency="monthly", period_start=now - timedelta(days=30), period_end=now
    )
    # 1. count of the sent issues
    # 2. the issues of this page
    with django_assert_num_queries(2):
        response = anonymous.get("/en/news/newsletter/issues/")
    assert response.content.decode().count("Newsletter of") == min(count, 20)


@pytest.mark.parametrize("count", [1, 8])
def test_an_archived_issue_shows_its_contents_in_fixed_queries(
    anonymous, django_assert_num_queries, count
):
    issue = _sent_issue(introduction_en="Hello from the hub")
    issue.news.set([NewsItemFactory() for _ in range(count)])
    issue.events.set([EventFactory() for _ in range(count)])
    issue.calls.set([CallFactory() for _ in range(count)])
    # 1. the issue
    # 2. its news
    # 3. its events, with their municipalities
    # 4. its calls, with their funders
    with django_assert_num_queries(4):
        response = anonymous.get(f"/en/news/newsletter/issues/{issue.pk}/")
    assert "Hello from the hub" in response.content.decode()


def test_a_draft_issue_is_not_in_the_archive(anonymous):
    now = timezone.now()
    draft = NewsletterIssue.objects.create(
        frequency="monthly", period_start=now - timedelta(days=30), period_end=now
    )
    assert anonymous.get(f"/en/news/newsletter/issues/{draft.pk}/").status_code == 404
