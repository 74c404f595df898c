from __future__ import annotations

import datetime

import factory
from django.utils import timezone

from partnerships.models import (
    Commitment,
    CooperationForm,
    Meeting,
    Outcome,
    OutcomeKind,
    Partner,
    Partnership,
)
from tests.factories.organisations import OrganisationFactory


class PartnershipFactory(factory.django.DjangoModelFactory):
    """A public partnership that started a year ago."""

    class Meta:
        model = Partnership
        skip_postgeneration_save = True

    title = factory.Sequence(lambda n: f"Lokalno partnerstvo {n}")
    slug = factory.Sequence(lambda n: f"partnerstvo-{n}")
    problem = "Starejši na podeželju ostajajo sami."
    goal = "Skupna služba za pomoč na domu."
    form = CooperationForm.JOINT_PLANNING
    started = factory.LazyFunction(lambda: timezone.localdate() - datetime.timedelta(days=365))

    @factory.post_generation
    def municipalities(self, create, extracted, **kwargs):
        if create and extracted:
            self.municipalities.set(extracted)

    @factory.post_generation
    def fields(self, create, extracted, **kwargs):
        if create and extracted:
            self.fields.set(extracted)


class PartnerFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Partner

    partnership = factory.SubFactory(PartnershipFactory)
    organisation = factory.SubFactory(OrganisationFactory)
    joined = factory.LazyAttribute(lambda o: o.partnership.started)


class MeetingFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Meeting

    partnership = factory.SubFactory(PartnershipFactory)
    date = factory.LazyFunction(lambda: timezone.localdate() - datetime.timedelta(days=30))
    place = "Postojna, sejna soba občine"
    summary = "Partnerji so se dogovorili o prvih korakih."
    decisions = "Pripravimo skupni predlog."
    minutes = "Zapisnik za partnerje."


class CommitmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Commitment

    partner = factory.SubFactory(PartnerFactory)
    what = "Pripraviti pregled potreb"
    due = factory.LazyFunction(lambda: timezone.localdate() + datetime.timedelta(days=30))


class OutcomeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Outcome

    partnership = factory.SubFactory(PartnershipFactory)
    kind = OutcomeKind.PROJECT_IDEA
    title = "Skupna informacijska pisarna"
    submitted_to = "Regionalni razvojni svet"
