from __future__ import annotations

from datetime import timedelta

import factory
from django.utils import timezone
from django.utils.text import slugify

from news.models import (
    HostOrganisation,
    HostRole,
    NewsItem,
    NewsletterFrequency,
    NewsletterSubscriber,
    StaffMember,
)
from tests.factories.organisations import OrganisationFactory


class NewsItemFactory(factory.django.DjangoModelFactory):
    """A published news item, dated an hour ago."""

    class Meta:
        model = NewsItem

    title = factory.Sequence(lambda n: f"Training {n} for NGOs held")
    slug = factory.LazyAttribute(lambda o: slugify(o.title))
    summary = "Thirty-five NGOs learned how to plan a project."
    body = "<p>The hub trained <strong>35 NGOs</strong>.</p>"
    published_at = factory.LazyFunction(lambda: timezone.now() - timedelta(hours=1))
    is_published = True


class NewsletterSubscriberFactory(factory.django.DjangoModelFactory):
    """A confirmed monthly subscriber reading Slovene."""

    class Meta:
        model = NewsletterSubscriber

    email = factory.Sequence(lambda n: f"reader{n}@example.org")
    language = "sl"
    frequency = NewsletterFrequency.MONTHLY
    confirmed_at = factory.LazyFunction(lambda: timezone.now() - timedelta(days=1))


class StaffMemberFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = StaffMember

    name = factory.Sequence(lambda n: f"Mojca Novak {n}")
    role = "Coordinator"
    languages = "Slovene, English"
    ask_about = "Registering an association"
    email = factory.Sequence(lambda n: f"mojca{n}@hub.example.org")
    phone = "+386 5 000 00 01"


class HostOrganisationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = HostOrganisation

    organisation = factory.SubFactory(OrganisationFactory)
    role = HostRole.CO_HOST
    contribution = "Runs the hub's office"
