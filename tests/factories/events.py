from __future__ import annotations

from datetime import timedelta

import factory
from django.utils import timezone
from django.utils.text import slugify

from events.models import Event, EventKind, Programme, Registration
from events.services.participants import participant_for
from tests.factories.hub import MunicipalityFactory


class EventFactory(factory.django.DjangoModelFactory):
    """A published training a week from now, open for registration, with 20 seats."""

    class Meta:
        model = Event
        skip_postgeneration_save = True

    class Params:
        # Under way: check-in is open, certificates are not yet.
        under_way = factory.Trait(
            start=factory.LazyFunction(lambda: timezone.now() - timedelta(minutes=30)),
            registration_closes=None,
        )
        # Over: check-in may still be corrected, certificates may be prepared.
        ended = factory.Trait(
            start=factory.LazyFunction(lambda: timezone.now() - timedelta(hours=6)),
            registration_closes=None,
        )

    title = factory.Sequence(lambda n: f"Training {n}: writing a project application")
    slug = factory.LazyAttribute(lambda o: slugify(o.title))
    kind = EventKind.TRAINING
    description = "How to read a call, plan the budget and describe the results."
    start = factory.LazyFunction(
        lambda: (timezone.now() + timedelta(days=7)).replace(
            hour=8, minute=0, second=0, microsecond=0
        )
    )
    end = factory.LazyAttribute(lambda o: o.start + timedelta(hours=4))
    venue = "Hub training room"
    address = "Delpinova ulica 18b"
    municipality = factory.SubFactory(MunicipalityFactory)
    capacity = 20
    is_published = True

    @factory.post_generation
    def fields(event, create, extracted, **kwargs):
        if create and extracted:
            event.fields.set(extracted)


class RegistrationFactory(factory.django.DjangoModelFactory):
    """A confirmed registration made directly, without the seat rules (for setting up tests)."""

    class Meta:
        model = Registration

    event = factory.SubFactory(EventFactory)
    name = factory.Faker("name")
    email = factory.Sequence(lambda n: f"participant{n}@example.org")
    organisation_name = "Društvo prijateljev Soče"
    consent = True
    status = Registration.Status.CONFIRMED
    language = "en"
    # The same person (by account, else by e-mail address, case aside) is one participant.
    participant = factory.LazyAttribute(lambda o: participant_for(email=o.email))
    pid = factory.LazyAttribute(lambda o: o.participant.pid if o.participant else None)


class ProgrammeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Programme

    title = factory.Sequence(lambda n: f"Programme {n}: running an association")
