"""Reads that the news pages, feed, API, home and about pages share."""

from __future__ import annotations

from datetime import datetime

from django.db.models import Min, QuerySet
from django.shortcuts import get_object_or_404
from django.utils import timezone

from .models import (
    HostOrganisation,
    IssueStatus,
    NewsItem,
    NewsletterIssue,
    StaffMember,
)


def news_list() -> QuerySet[NewsItem]:
    """Published news, the newest first."""
    return NewsItem.objects.published().order_by("-published_at", "-pk")


def news_next_published_at() -> datetime | None:
    """When the next news item dated later appears (``NewsItem.objects.published``)."""
    later = NewsItem.objects.filter(is_published=True, published_at__gt=timezone.now())
    return later.aggregate(first=Min("published_at"))["first"]


def news_latest(*, limit: int = 3) -> list[NewsItem]:
    return list(news_list()[:limit])


def news_public_detail(*, slug: str) -> NewsItem:
    """A published news item with what it links to (one query)."""
    return get_object_or_404(
        news_list().select_related("event", "call", "partnership", "initiative"), slug=slug
    )


def news_about(**link) -> list[NewsItem]:
    """The published news about one event, call, partnership or initiative, for its page."""
    return list(news_list().filter(**link)[:5])


def issue_archive() -> QuerySet[NewsletterIssue]:
    return NewsletterIssue.objects.filter(status=IssueStatus.SENT).order_by("-sent_at", "-pk")


def issue_public_detail(*, pk: int) -> NewsletterIssue:
    return get_object_or_404(issue_archive(), pk=pk)


def hub_people() -> list[StaffMember]:
    return list(StaffMember.objects.filter(is_active=True).order_by("order", "pk"))


def hub_hosts() -> list[HostOrganisation]:
    return list(
        HostOrganisation.objects.select_related("organisation").order_by("role", "order", "pk")
    )
