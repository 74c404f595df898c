"""E-mails to the people who registered, in the language they registered in."""

from __future__ import annotations

from django.conf import settings
from django.utils import translation

from hub.emails import email_build, email_send

from ..feeds import calendar_for
from ..models import Event, Registration


def site_url(path: str) -> str:
    """An absolute address for links in e-mails and calendar files, which have no request."""
    return settings.SITE_URL.rstrip("/") + path


def event_calendar_attachment(event: Event, *, language: str) -> tuple[str, bytes, str]:
    with translation.override(language):
        content = calendar_for(
            [event], url_for=lambda e: site_url(e.get_absolute_url()), name=event.title
        )
    return (f"{event.slug}.ics", content, "text/calendar")


def registration_notify(*, registration: Registration, template: str) -> None:
    """Queue one of the registration e-mails (``templates/emails/events/<template>_*``).

    Confirmed places come with the event as an ``.ics`` file; every message carries the
    person's own link, where they can see and cancel the registration.
    """
    event = registration.event
    language = registration.language
    with translation.override(language):
        registration_url = site_url(registration.get_absolute_url())
        event_url = site_url(event.get_absolute_url())
    attachments = []
    if registration.status == Registration.Status.CONFIRMED:
        attachments.append(event_calendar_attachment(event, language=language))
    message = email_build(
        template=f"events/{template}",
        to=[registration.email],
        context={
            "registration": registration,
            "event": event,
            "registration_url": registration_url,
            "event_url": event_url,
        },
        language=language,
        attachments=attachments,
    )
    # Registering again gives a new token, hence a new message; the same one is sent once.
    email_send(message=message, key=f"{template}:{registration.pk}:{registration.token}")
