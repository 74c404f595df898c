from __future__ import annotations

import datetime

import factory
from django.utils import timezone

from advocacy.models import (
    Action,
    ActionKind,
    Consultation,
    Initiative,
    Level,
    Representation,
    Submission,
    Supporter,
)
from organisations.models import LegalForm, Sector
from tests.factories.organisations import OrganisationFactory


class ConsultationFactory(factory.django.DjangoModelFactory):
    """A municipal draft open for comment for two more weeks."""

    class Meta:
        model = Consultation
        skip_postgeneration_save = True

    title = factory.Sequence(lambda n: f"Osnutek proračuna občine {n}")
    slug = factory.Sequence(lambda n: f"osnutek-{n}")
    body = factory.SubFactory(
        OrganisationFactory,
        name=factory.Sequence(lambda n: f"Občina {n}"),
        sector=Sector.PUBLIC,
        legal_form=LegalForm.PUBLIC_BODY,
    )
    level = Level.MUNICIPAL
    summary = "Občina vabi k pripombam na osnutek."
    opens = factory.LazyFunction(lambda: timezone.now() - datetime.timedelta(days=7))
    deadline = factory.LazyFunction(lambda: timezone.now() + datetime.timedelta(days=14))

    @factory.post_generation
    def municipalities(self, create, extracted, **kwargs):
        if create and extracted:
            self.municipalities.set(extracted)

    @factory.post_generation
    def fields(self, create, extracted, **kwargs):
        if create and extracted:
            self.fields.set(extracted)


class InitiativeFactory(factory.django.DjangoModelFactory):
    """A public initiative started a month ago, still preparing."""

    class Meta:
        model = Initiative

    title = factory.Sequence(lambda n: f"Pobuda {n}")
    slug = factory.Sequence(lambda n: f"pobuda-{n}")
    objective = "Več sredstev za programe nevladnih organizacij."
    policy = "Proračun občine"
    target_body = "Občinski svet"
    level = Level.MUNICIPAL
    lead = factory.SubFactory(OrganisationFactory)
    started = factory.LazyFunction(lambda: timezone.localdate() - datetime.timedelta(days=30))


class SupporterFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Supporter

    initiative = factory.SubFactory(InitiativeFactory)
    organisation = factory.SubFactory(OrganisationFactory)


class ActionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Action

    initiative = factory.SubFactory(InitiativeFactory)
    kind = ActionKind.MEETING
    date = factory.LazyFunction(lambda: timezone.localdate() - datetime.timedelta(days=10))
    title = "Srečanje z županom"


class SubmissionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Submission

    initiative = factory.SubFactory(InitiativeFactory)
    what = "Pripombe k osnutku proračuna"
    to_whom = "Občinska uprava"
    date = factory.LazyFunction(lambda: timezone.localdate() - datetime.timedelta(days=5))


class RepresentationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Representation
        skip_postgeneration_save = True

    person = "Maja Kralj"
    body = "Skupščina lokalne akcijske skupine"
    level = Level.REGIONAL
    mandate_from = factory.LazyFunction(lambda: timezone.localdate() - datetime.timedelta(days=365))

    @factory.post_generation
    def organisations(self, create, extracted, **kwargs):
        if create and extracted:
            self.organisations.set(extracted)
