"""One way every alert e-mail goes out: ``alerts_send(kind=…)``.

An app registers an ``AlertKind``: its name (the start of every outbox key), its e-mail
template, its unsubscribe page, and a ``due`` callable that says which e-mails are due now, each
a ``Delivery`` naming its key, its recipient and what it tells of. ``digests`` and ``reminders``
build that callable from the app's own reads and its subscriptions' ``matches``;
``item_alert_kinds_register`` registers an app's digest and reminders at once (calls,
consultations); the newsletter writes its own.

``alerts_send`` renders each new delivery in its recipient's language with a one-click
unsubscribe link and puts it in the outbox (``hub.emails``) under its key, which the outbox
sends once: a job run twice, or twice at once, sends each e-mail once. Keys already logged (or,
for a kind with no log, already in the outbox) are not even built again. Deliveries go in
batches of a fixed number of queries, whatever the number of subscribers in a batch.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from itertools import islice
from typing import Any, TypeVar

from django.db import transaction
from django.utils import timezone

from ..emails import email_build, email_send_many
from ..models import OutboxEmail
from .links import localised_page, localised_url, with_unsubscribe
from .models import AlertRecipient, AlertSubscription, SentAlert
from .periods import REMINDER_DAYS, digest_period, reminder_days

SEND_BATCH = 500
# The values of a log's ``kind`` column.
DIGEST, REMINDER = "digest", "reminder"

S = TypeVar("S", bound=AlertSubscription)


@dataclass
class Delivery:
    """One e-mail that is due: its outbox key, who gets it, what it tells of (logged with it),
    what its template shows in any language, and further columns of its log row."""

    key: str
    recipient: AlertRecipient
    items: list = field(default_factory=list)
    context: dict[str, Any] = field(default_factory=dict)
    log: dict[str, Any] = field(default_factory=dict)


# due(kind, *, frequency, now, item) -> the deliveries due now
Due = Callable[..., Iterable[Delivery]]


def _nothing_more(delivery: Delivery, language: str) -> dict[str, Any]:
    return {}


@dataclass(frozen=True)
class AlertKind:
    """One kind of alert e-mail an app sends; ``context`` gives what its template shows in the
    recipient's language (the links); ``log`` is the app's record of what was sent, if any."""

    name: str
    template: str
    unsubscribe_url: str
    due: Due
    context: Callable[[Delivery, str], dict[str, Any]] = _nothing_more
    log: type[SentAlert] | None = None
    log_kind: str = ""


ALERT_KINDS: dict[str, AlertKind] = {}


def alert_kind_register(kind: AlertKind) -> AlertKind:
    ALERT_KINDS[kind.name] = kind
    return kind


def alerts_send(
    *,
    kind: AlertKind | str,
    frequency: str | None = None,
    now: datetime | None = None,
    item: Any = None,
) -> int:
    """Queue the e-mails of this kind that are due (``frequency`` for digests, ``item`` for a
    kind sent about one thing, such as a newsletter issue); returns how many were new."""
    kind = ALERT_KINDS[kind] if isinstance(kind, str) else kind
    due = iter(kind.due(kind, frequency=frequency, now=now or timezone.now(), item=item))
    queued = 0
    while batch := list(islice(due, SEND_BATCH)):
        queued += _queue(kind, batch)
    return queued


def _queue(kind: AlertKind, batch: list[Delivery]) -> int:
    keys = [delivery.key for delivery in batch]
    sent = kind.log.objects if kind.log is not None else OutboxEmail.objects
    known = set(sent.filter(key__in=keys).values_list("key", flat=True))
    new = [delivery for delivery in batch if delivery.key not in known]
    if not new:
        return 0
    messages = [(delivery.key, _message(kind, delivery)) for delivery in new]
    with transaction.atomic():
        ids = email_send_many(messages=messages)
        if kind.log is not None:
            _log(kind, new, ids)
    return len(new)


def _message(kind: AlertKind, delivery: Delivery):
    recipient = delivery.recipient
    language = recipient.language
    url = localised_url(language, kind.unsubscribe_url, token=recipient.unsubscribe_token())
    message = email_build(
        template=kind.template,
        to=[recipient.address],
        context={**delivery.context, **kind.context(delivery, language), "unsubscribe_url": url},
        language=language,
    )
    return with_unsubscribe(message, url)


def _log(kind: AlertKind, new: list[Delivery], ids: dict[str, int]) -> None:
    log = kind.log
    log.objects.bulk_create(
        [
            log(
                key=delivery.key,
                kind=kind.log_kind,
                user=delivery.recipient.user,
                email_id=ids.get(delivery.key),
                **delivery.log,
            )
            for delivery in new
        ],
        ignore_conflicts=True,
    )
    logged = dict(log.objects.filter(key__in=[d.key for d in new]).values_list("key", "pk"))
    items = log._meta.get_field(log.items_field)
    through = items.remote_field.through
    alert_id, item_id = f"{items.m2m_field_name()}_id", f"{items.m2m_reverse_field_name()}_id"
    through.objects.bulk_create(
        [
            through(**{alert_id: logged[delivery.key], item_id: one.pk})
            for delivery in new
            for one in delivery.items
        ],
        ignore_conflicts=True,
    )


# --- What is due: the schedules apps share ------------------------------------------------------


def subscriptions_receiving(model: type[S], frequency: str | None = None) -> list[S]:
    """The active subscriptions of active people (of one frequency), with what matching needs."""
    queryset = model.objects.filter(is_active=True, user__is_active=True)
    if frequency:
        queryset = queryset.filter(frequency=frequency)
    return list(
        queryset.select_related("user").prefetch_related("fields", "regions").order_by("pk")
    )


def digests(
    *,
    subscriptions: Callable[[str], Iterable[AlertSubscription]],
    published: Callable[[datetime, datetime, datetime], list],
    log: Callable[[Any], dict[str, Any]] = lambda subscription: {},
) -> Due:
    """Digests: each subscriber of the frequency gets what was published in the period just
    over (``published(start, end, now)``) and matches them; nobody gets an empty digest."""

    def due(kind: AlertKind, *, frequency: str, now: datetime, item: Any = None):
        start, end, period = digest_period(frequency, now)
        items = published(start, end, now)
        if not items:
            return
        for subscription in subscriptions(frequency):
            matching = [one for one in items if subscription.matches(one)]
            if matching:
                yield Delivery(
                    key=f"{kind.name}:{subscription.pk}:{frequency}:{period}",
                    recipient=subscription,
                    items=matching,
                    log=log(subscription),
                )

    return due


def reminders(
    *,
    closing: Callable[[datetime, datetime], list],
    recipients: Callable[[list], Callable[[Any], Iterable[tuple[AlertRecipient, dict]]]],
) -> Due:
    """Deadline reminders: 7 days and 1 day before an item's deadline (``closing(now, until)``
    lists the open ones), to each person ``recipients(items)(item)`` names with their log
    columns; each reminder once per person."""

    def due(kind: AlertKind, *, frequency: str | None, now: datetime, item: Any = None):
        items = closing(now, now + timedelta(days=max(REMINDER_DAYS)))
        if not items:
            return
        reminded = recipients(items)
        for one in items:
            days = reminder_days(one.deadline, now)
            for recipient, log in reminded(one):
                yield Delivery(
                    key=f"{kind.name}:{one.pk}:{recipient.user_id}:{days}",
                    recipient=recipient,
                    items=[one],
                    # The time left to the hour, as of the run: "1 day, 15 hours".
                    context={"days": days, "now": now},
                    log=log,
                )

    return due


def item_alert_kinds_register(
    *,
    subscription: type[AlertSubscription],
    log: type[SentAlert],
    published: Callable[[datetime, datetime, datetime], list],
    closing: Callable[[datetime, datetime], list],
    recipients: Callable[[list], Callable[[Any], Iterable[tuple[AlertRecipient, dict]]]]
    | None = None,
    log_columns: Callable[[Any], dict[str, Any]] = lambda subscription: {},
) -> tuple[AlertKind, AlertKind]:
    """An app's digest of new items and its deadline reminders, registered as ``<app>:digest``
    and ``<app>:reminder``, with the templates ``<app>/digest`` and ``<app>/reminder``, the
    unsubscribe page ``<app>:unsubscribe`` and the subscription page ``<app>:alerts``, where
    the app is the subscription's and the items are what the log's ``items_field`` names.

    The digest's template gets ``<item>s`` as (item, link) pairs and ``alerts_url``; the
    reminder's gets ``<item>``, ``<item>_url``, ``days`` and ``now``; an item's link is its
    page in the recipient's language. Subscriptions match items by ``matches``; reminders go to
    the subscribers an item matches, unless ``recipients`` says otherwise. ``log_columns``
    gives a subscription's further columns in the log."""
    app = subscription._meta.app_label
    item = log._meta.get_field(log.items_field).related_model._meta.model_name

    def digest_context(delivery: Delivery, language: str) -> dict[str, Any]:
        return {
            f"{item}s": [(one, localised_page(language, one)) for one in delivery.items],
            "alerts_url": localised_url(language, f"{app}:alerts"),
        }

    def reminder_context(delivery: Delivery, language: str) -> dict[str, Any]:
        one = delivery.items[0]
        return {item: one, f"{item}_url": localised_page(language, one)}

    def matching_subscribers(items: list):
        subscriptions = subscriptions_receiving(subscription)
        return lambda one: [
            (found, log_columns(found)) for found in subscriptions if found.matches(one)
        ]

    digest = AlertKind(
        name=f"{app}:digest",
        template=f"{app}/digest",
        unsubscribe_url=f"{app}:unsubscribe",
        due=digests(
            subscriptions=lambda frequency: subscriptions_receiving(subscription, frequency),
            published=published,
            log=log_columns,
        ),
        context=digest_context,
        log=log,
        log_kind=DIGEST,
    )
    reminder = AlertKind(
        name=f"{app}:reminder",
        template=f"{app}/reminder",
        unsubscribe_url=f"{app}:unsubscribe",
        due=reminders(closing=closing, recipients=recipients or matching_subscribers),
        context=reminder_context,
        log=log,
        log_kind=REMINDER,
    )
    return alert_kind_register(digest), alert_kind_register(reminder)
