"""The demo hub's info days present its open calls: loaded by ``manage.py load_demo`` after the
events and the calls, since an event may present a call and not the other way round."""

from __future__ import annotations

from django.utils import timezone

from calls.models import Call

from .models import Event, EventKind


def load() -> None:
    """Each info day not yet presenting a call takes the next open call no event presents yet."""
    now = timezone.now()
    open_calls = Call.objects.published().open(now).filter(events__isnull=True).order_by("pk")
    info_days = Event.objects.filter(kind=EventKind.INFO_DAY, call__isnull=True).order_by("start")
    for event, call in zip(info_days, open_calls, strict=False):
        Event.objects.filter(pk=event.pk).update(call=call)
