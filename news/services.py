"""The newsletter: double opt-in, one-click unsubscribe, and issues assembled and sent once to
each confirmed subscriber.

Sending an issue is safe to repeat and to interrupt: the issue is claimed with a conditional
update (draft → sending; an issue left "sending" by a worker that died may be taken up again),
its contents are frozen when it is claimed, and each subscriber's message goes through the alert
mechanism (``hub.alerts``) into the outbox under the key ``newsletter:<issue>:<subscriber>``,
which the outbox sends once. A second run
after a killed one sends only what had not been written yet; a run after the issue is sent
sends nothing.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from dateutil.relativedelta import relativedelta
from django.conf import settings
from django.db import transaction
from django.utils import timezone

from calls.models import Call
from events.models import Event
from hub.alerts import (
    AlertKind,
    Delivery,
    alert_kind_register,
    alert_recipient_for_token,
    alerts_send,
    localised_url,
)
from hub.emails import email_build, email_send
from hub.tokens import signed_token, signed_token_read

from .models import (
    IssueStatus,
    NewsItem,
    NewsletterFrequency,
    NewsletterIssue,
    NewsletterSubscriber,
)

CONFIRM_SALT = "news.newsletter.confirm"
UNSUBSCRIBE_SALT = "news.newsletter.unsubscribe"
# A confirmation link works for a week; then the person subscribes again.
CONFIRM_MAX_AGE = timedelta(days=7)
# What an issue lists besides the news: events in the coming weeks, calls closing soon.
EVENTS_AHEAD = timedelta(days=45)
EVENTS_SHOWN = 10
CALLS_AHEAD = timedelta(days=30)
CALLS_SHOWN = 10
SEND_BATCH = 500


# --- Subscribing ------------------------------------------------------------------------------


def subscriber_subscribe(*, email: str, language: str, frequency: str) -> NewsletterSubscriber:
    """Ask for the newsletter: an e-mail with a signed link goes to the address, and only that
    link confirms it (and, for an address already subscribed, changes its language and
    frequency). Who typed the address proves nothing, so nothing else changes here."""
    email = email.strip().lower()
    subscriber, _created = NewsletterSubscriber.objects.get_or_create(
        email=email, defaults={"language": language, "frequency": frequency}
    )
    token = signed_token([subscriber.pk, language, frequency], salt=CONFIRM_SALT)
    message = email_build(
        template="news/confirm",
        to=[email],
        context={
            "confirm_url": localised_url(language, "news:confirm", token=token),
            "frequency": NewsletterFrequency(frequency).label,
            "already": subscriber.is_confirmed,
        },
        language=language,
    )
    # One confirmation a day per address and choice: asking again the same day sends nothing
    # more, so the form cannot be used to flood an address.
    day = timezone.localdate().isoformat()
    email_send(
        message=message, key=f"newsletter:confirm:{subscriber.pk}:{language}:{frequency}:{day}"
    )
    return subscriber


def subscriber_for_confirmation(token: str) -> tuple[NewsletterSubscriber, str, str] | None:
    """The subscriber, language and frequency a confirmation link names; None when the link
    was tampered with, has expired or its address unsubscribed since."""
    found = signed_token_read(token, salt=CONFIRM_SALT, max_age=CONFIRM_MAX_AGE)
    if not (isinstance(found, list) and len(found) == 3):
        return None
    pk, language, frequency = found
    if language not in dict(settings.LANGUAGES) or frequency not in NewsletterFrequency.values:
        return None
    subscriber = NewsletterSubscriber.objects.filter(pk=pk).first()
    if subscriber is None:
        return None
    return subscriber, language, frequency


def subscriber_confirm(
    *, subscriber: NewsletterSubscriber, language: str, frequency: str
) -> NewsletterSubscriber:
    subscriber.language = language
    subscriber.frequency = frequency
    subscriber.confirmed_at = subscriber.confirmed_at or timezone.now()
    subscriber.save(update_fields=["language", "frequency", "confirmed_at"])
    return subscriber


def unsubscribe_token(subscriber: NewsletterSubscriber) -> str:
    """No expiry: an old issue's link still works."""
    return subscriber.unsubscribe_token()


def subscriber_for_unsubscribe(token: str) -> NewsletterSubscriber | None:
    return alert_recipient_for_token(token, NewsletterSubscriber)


# --- Issues -----------------------------------------------------------------------------------


def _period_length(frequency: str) -> relativedelta:
    if frequency == NewsletterFrequency.WEEKLY:
        return relativedelta(weeks=1)
    return relativedelta(months=1)


def issue_period(*, frequency: str, end: datetime) -> tuple[datetime, datetime]:
    """News since the previous issue of this frequency (or one week or month back, for the
    first), until ``end``."""
    previous = (
        NewsletterIssue.objects.filter(frequency=frequency, period_end__lt=end)
        .exclude(status=IssueStatus.DRAFT)
        .order_by("-period_end")
        .values_list("period_end", flat=True)
        .first()
    )
    return previous or end - _period_length(frequency), end


def issue_assemble(*, issue: NewsletterIssue, now: datetime) -> NewsletterIssue:
    """Freeze what the issue holds: news published in its period, the coming events, the
    open calls closing soon."""
    start, end = issue_period(frequency=issue.frequency, end=issue.period_end)
    issue.period_start = start
    issue.save(update_fields=["period_start"])
    issue.news.set(
        NewsItem.objects.published(end).filter(published_at__gte=start, published_at__lt=end)
    )
    issue.events.set(
        Event.objects.published()
        .filter(start__gte=now, start__lt=now + EVENTS_AHEAD)
        .order_by("start", "pk")[:EVENTS_SHOWN]
    )
    issue.calls.set(
        Call.objects.published()
        .open(now)
        .filter(deadline__lte=now + CALLS_AHEAD)
        .order_by("deadline", "pk")[:CALLS_SHOWN]
    )
    return issue


def issue_contents(issue: NewsletterIssue) -> dict:
    """What an issue shows, on its archive page and in its e-mails (three queries)."""
    return {
        "news": list(issue.news.order_by("-published_at", "-pk")),
        "events": list(issue.events.select_related("municipality").order_by("start", "pk")),
        "calls": list(issue.calls.select_related("funder").order_by("deadline", "pk")),
    }


def issue_is_empty(contents: dict) -> bool:
    return not any(contents.values())


def issue_send(*, issue: NewsletterIssue, now: datetime | None = None) -> int:
    """Send the issue to every confirmed subscriber of its frequency, each in their language;
    returns how many messages were new in the outbox. A draft is claimed and its contents
    frozen first; an issue still "sending" (its worker died) is finished; a sent issue sends
    nothing."""
    now = now or timezone.now()
    with transaction.atomic():
        claimed = NewsletterIssue.objects.filter(pk=issue.pk, status=IssueStatus.DRAFT).update(
            status=IssueStatus.SENDING, period_end=now
        )
        issue.refresh_from_db()
        if claimed:
            issue_assemble(issue=issue, now=now)
    if issue.status != IssueStatus.SENDING:
        return 0
    written = alerts_send(kind=ISSUE, frequency=issue.frequency, now=now, item=issue)
    NewsletterIssue.objects.filter(pk=issue.pk, status=IssueStatus.SENDING).update(
        status=IssueStatus.SENT, sent_at=timezone.now(), recipients=_recipients(issue).count()
    )
    return written


def _recipients(issue: NewsletterIssue):
    """The addresses confirmed for the issue's frequency by the time it went."""
    return NewsletterSubscriber.objects.filter(
        frequency=issue.frequency, confirmed_at__isnull=False, confirmed_at__lte=issue.period_end
    ).order_by("pk")


def _issue_due(kind: AlertKind, *, frequency: str, now: datetime, item: NewsletterIssue):
    """The issue to each of its recipients, read a batch at a time."""
    contents = {"issue": item, **issue_contents(item), "site": settings.SITE_URL}
    last = 0
    while batch := list(_recipients(item).filter(pk__gt=last)[:SEND_BATCH]):
        last = batch[-1].pk
        for subscriber in batch:
            yield Delivery(
                key=f"{kind.name}:{item.pk}:{subscriber.pk}", recipient=subscriber, context=contents
            )


def _issue_context(delivery: Delivery, language: str) -> dict:
    issue = delivery.context["issue"]
    return {"language": language, "issue_url": localised_url(language, "news:issue", pk=issue.pk)}


ISSUE = alert_kind_register(
    AlertKind(
        name="newsletter",
        template="news/issue",
        unsubscribe_url="news:unsubscribe",
        due=_issue_due,
        context=_issue_context,
    )
)


def issue_due_frequencies(now: datetime) -> list[str]:
    """Weekly issues go on Mondays, monthly ones on the first of the month (hub's time)."""
    today = timezone.localtime(now)
    due = []
    if today.weekday() == 0:
        due.append(NewsletterFrequency.WEEKLY)
    if today.day == 1:
        due.append(NewsletterFrequency.MONTHLY)
    return due


def issues_send_due(*, now: datetime | None = None) -> int:
    """The periodic job: finish any issue a worker left half-sent, then, for each frequency
    due today, send the draft staff prepared (with their introduction) or a new one, unless an
    issue of that frequency already went today. An issue with nothing in it is not sent."""
    now = now or timezone.now()
    written = 0
    for issue in NewsletterIssue.objects.filter(status=IssueStatus.SENDING):
        written += issue_send(issue=issue, now=now)
    midnight = timezone.localtime(now).replace(hour=0, minute=0, second=0, microsecond=0)
    for frequency in issue_due_frequencies(now):
        if NewsletterIssue.objects.filter(
            frequency=frequency, status=IssueStatus.SENT, sent_at__gte=midnight
        ).exists():
            continue
        issue = (
            NewsletterIssue.objects.filter(frequency=frequency, status=IssueStatus.DRAFT)
            .order_by("created_at")
            .first()
        )
        if issue is None:
            start, _end = issue_period(frequency=frequency, end=now)
            issue = NewsletterIssue.objects.create(
                frequency=frequency, period_start=start, period_end=now
            )
            with transaction.atomic():
                issue_assemble(issue=issue, now=now)
            if issue_is_empty(issue_contents(issue)):
                issue.delete()
                continue
        written += issue_send(issue=issue, now=now)
    return written


def issue_draft_create(*, frequency: str, introduction: dict[str, str] | None = None):
    """A draft issue for staff to introduce and send; its period is settled when it goes."""
    now = timezone.now()
    start, _end = issue_period(frequency=frequency, end=now)
    issue = NewsletterIssue(frequency=frequency, period_start=start, period_end=now)
    for code, text in (introduction or {}).items():
        setattr(issue, f"introduction_{code}", text)
    issue.save()
    return issue
