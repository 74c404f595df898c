"""Registrations with attendance: matched by the event (title and day) and the person, by
normalised e-mail (``imports.people``)."""

from __future__ import annotations

from typing import ClassVar

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from events.models import Event, OrganisationLink, Registration
from hub.text import search_document

from ..columns import (
    ChoiceWidget,
    DateWidget,
    OrganisationWidget,
    TextWidget,
    YesNoWidget,
    cell_text,
)
from ..models import ImportKind
from ..people import participant_of_person, person_email, person_key, registration_of_person
from .base import ImportResource, column


class EventDayWidget(DateWidget):
    def render(self, value, obj=None, **kwargs) -> str:
        return timezone.localdate(value).isoformat() if value else ""


class RegistrationResource(ImportResource):
    kind = ImportKind.REGISTRATIONS
    named_by = ("event",)
    required = ("event_title", "event_day", "name", "email")
    notes: ClassVar[dict] = {
        "event_title": gettext_lazy("The title of an event already in the portal."),
        "event_day": gettext_lazy("The day the event starts: 2025-03-31."),
        "organisation": gettext_lazy(
            "Registration number, tax number or name of an organisation; another name is kept "
            "as typed."
        ),
        "attended": gettext_lazy("yes or no"),
    }

    event_title = column("event__title", gettext_lazy("event"), TextWidget(), readonly=True)
    event_day = column("event__start", gettext_lazy("event date"), EventDayWidget(), readonly=True)
    name = column("name", gettext_lazy("name"), TextWidget(required=True, max_length=200))
    email = column("email", gettext_lazy("e-mail address"), TextWidget(required=True))
    organisation = column(
        None,
        gettext_lazy("organisation"),
        TextWidget(max_length=200),
        readonly=True,
        dehydrate_method="organisation_label",
    )
    status = column(
        "status",
        gettext_lazy("status"),
        ChoiceWidget(Registration.Status.choices),
        saves_null_values=False,
    )
    attended = column("attended", gettext_lazy("attended"), YesNoWidget(), saves_null_values=False)
    consent = column(
        "consent",
        gettext_lazy("consent to processing personal data"),
        YesNoWidget(),
        saves_null_values=False,
    )

    class Meta(ImportResource.Meta):
        model = Registration
        fields = (
            "event_title",
            "event_day",
            "name",
            "email",
            "organisation",
            "status",
            "attended",
            "consent",
        )

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self.organisations = OrganisationWidget()
        self.events: dict = {}

    def find_event(self, title: str, day) -> Event:
        key = (search_document(title), day)
        if key not in self.events:
            if len(self.events) > 1000:
                self.events.clear()
            self.events[key] = list(
                Event.objects.filter(search_name=key[0], start__date=day).order_by("pk")[:2]
            )
        found = self.events[key]
        if not found:
            raise ValueError(
                _("No event “%(title)s” starts on %(day)s; import the events first.")
                % {"title": title, "day": day.isoformat()}
            )
        if len(found) > 1:
            raise ValueError(
                _("Several events “%(title)s” start on %(day)s.")
                % {"title": title, "day": day.isoformat()}
            )
        return found[0]

    def before_import_row(self, row, **kwargs):
        errors: dict = {}
        title = cell_text(row.get(self.fields["event_title"].column_name))
        day = None
        try:
            day = DateWidget().clean(row.get(self.fields["event_day"].column_name))
        except ValueError as error:
            errors["event__start"] = [str(error)]
        event = None
        if not title:
            errors["event__title"] = [_("This column must not be empty.")]
        elif day:
            try:
                event = self.find_event(title, day)
            except ValueError as error:
                errors["event__title"] = [str(error)]
        email = ""
        try:
            email = person_email(cell_text(row.get(self.fields["email"].column_name)))
        except ValueError as error:
            errors["email"] = [str(error)]
        if errors:
            raise ValidationError(errors)
        self.current = {"event": event, "email": email}
        self.check_duplicate([("person", event.pk, person_key(email))], self.line(kwargs))

    # One registration per person and event holds by the matching; the token is random.
    checks_own_constraints = True

    def get_instance(self, instance_loader, row):
        return registration_of_person(event=self.current["event"], email=self.current["email"])

    def init_instance(self, row=None):
        event = self.current["event"]
        participant = participant_of_person(self.current["email"])
        return Registration(
            event=event,
            email=self.current["email"],
            participant=participant,
            pid=participant.pid,
            status=Registration.Status.CONFIRMED,
            language=event.language,
            registered_at=min(timezone.now(), event.start),
        )

    def complete(self, instance, row) -> None:
        column_name = self.fields["organisation"].column_name
        if column_name in row:
            text = cell_text(row[column_name])[:200]
            try:
                organisation = self.organisations.find(text) if text else None
            except ValueError:
                organisation = None
            instance.organisation = organisation
            # Staff name the organisation in their file: a link they confirm, which counts.
            instance.organisation_link = OrganisationLink.STAFF if organisation else ""
            instance.organisation_name = "" if organisation else text
        if instance.attended and instance.checked_in_at is None:
            instance.checked_in_at = min(timezone.now(), instance.event.start)
        elif not instance.attended:
            instance.checked_in_at = None

    def compared(self, instance) -> list:
        # The name as typed matters only when no organisation of the directory is linked.
        linked = instance.organisation_id
        return [linked, "" if linked else instance.organisation_name]

    def organisation_label(self, registration: Registration) -> str:
        if registration.organisation_id:
            organisation = registration.organisation
            return organisation.registration_number or organisation.name
        return registration.organisation_name

    def export_queryset(self):
        return Registration.objects.select_related("event", "organisation").order_by(
            "event__start", "event_id", "registered_at", "pk"
        )
