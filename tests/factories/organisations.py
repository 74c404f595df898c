from __future__ import annotations

import datetime
from decimal import Decimal

import factory
from django.utils import timezone

from hub.models import Country
from organisations.models import (
    Invitation,
    JoinRequest,
    LegalForm,
    Membership,
    Organisation,
    Role,
    Sector,
    SupportKind,
    SupportRecord,
    VerificationStatus,
)
from tests.factories.hub import MunicipalityFactory, UserFactory


class OrganisationFactory(factory.django.DjangoModelFactory):
    """A verified civil-sector association; pass ``verification_status`` for another state."""

    class Meta:
        model = Organisation
        skip_postgeneration_save = True

    name = factory.Sequence(lambda n: f"Društvo številka {n}")
    slug = factory.Sequence(lambda n: f"drustvo-{n}")
    sector = Sector.CIVIL
    legal_form = LegalForm.ASSOCIATION
    country = Country.SLOVENIA
    seat = factory.SubFactory(MunicipalityFactory)
    description = "Pomagamo ljudem v lokalni skupnosti."
    verification_status = VerificationStatus.VERIFIED
    verified_at = factory.LazyFunction(timezone.now)

    @factory.post_generation
    def fields(self, create, extracted, **kwargs):
        if create and extracted:
            self.fields.set(extracted)

    @factory.post_generation
    def municipalities_served(self, create, extracted, **kwargs):
        if create and extracted:
            self.municipalities_served.set(extracted)


class MembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Membership

    user = factory.SubFactory(UserFactory)
    organisation = factory.SubFactory(OrganisationFactory)
    role = Role.ADMIN


class JoinRequestFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = JoinRequest

    user = factory.SubFactory(UserFactory)
    organisation = factory.SubFactory(OrganisationFactory)
    message = "Delam v tem društvu."


class InvitationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Invitation

    organisation = factory.SubFactory(OrganisationFactory)
    email = factory.Sequence(lambda n: f"invitee{n}@example.org")
    role = Role.EDITOR


class SupportRecordFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = SupportRecord

    organisation = factory.SubFactory(OrganisationFactory)
    kind = SupportKind.MENTORING
    date = factory.LazyFunction(lambda: datetime.date(2026, 3, 1))
    hours = Decimal("2.0")
    topic = "Priprava prijave na razpis"
