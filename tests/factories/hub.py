from __future__ import annotations

from datetime import timedelta

import factory
from django.contrib.auth import get_user_model
from django.utils import timezone
from django.utils.text import slugify

from hub.models import Country, FieldOfActivity, HubProfile, Municipality, Operation, Region


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        django_get_or_create = ["email"]
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"person{n}@example.org")
    first_name = factory.Faker("first_name")
    last_name = factory.Faker("last_name")
    password = factory.PostGenerationMethodCall("set_password", "correct horse battery")

    @factory.post_generation
    def verified(user, create, extracted, **kwargs):
        """A verified primary e-mail, as allauth needs before it lets the user sign in."""
        if not create or extracted is False:
            return
        from allauth.account.models import EmailAddress

        user.save()
        EmailAddress.objects.update_or_create(
            user=user, email=user.email, defaults={"verified": True, "primary": True}
        )


class RegionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Region
        django_get_or_create = ["slug"]

    name = factory.Sequence(lambda n: f"Region {n}")
    slug = factory.LazyAttribute(lambda o: slugify(o.name))
    country = Country.SLOVENIA


class MunicipalityFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Municipality
        django_get_or_create = ["slug"]

    name = factory.Sequence(lambda n: f"Municipality {n}")
    slug = factory.LazyAttribute(lambda o: slugify(o.name))
    region = factory.SubFactory(RegionFactory)
    country = factory.LazyAttribute(lambda o: o.region.country)


class FieldOfActivityFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = FieldOfActivity
        django_get_or_create = ["slug"]

    name = factory.Sequence(lambda n: f"Field {n}")
    slug = factory.LazyAttribute(lambda o: slugify(o.name))


class HubProfileFactory(factory.django.DjangoModelFactory):
    """The hub's one profile: made afresh, or the existing one changed."""

    class Meta:
        model = HubProfile

    name = "Stičišče NVO Goriška"
    email = "info@sticisce.test"

    @classmethod
    def _create(cls, model_class, *args, **kwargs):
        profile = model_class.objects.order_by("pk").first() or model_class()
        for name, value in kwargs.items():
            setattr(profile, name, value)
        profile.save()
        return profile


class OperationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Operation

    name = factory.Sequence(lambda n: f"Operation {n}")
    funder = "European Social Fund"
    start = factory.LazyFunction(lambda: timezone.localdate() - timedelta(days=365))
    end = factory.LazyFunction(lambda: timezone.localdate() + timedelta(days=365))
    publicity_text_sl = "Operacijo sofinancira Evropska unija."
    publicity_text_en = "The operation is co-funded by the European Union."
    publicity_text_bg = "Операцията се съфинансира от Европейския съюз."
    publicity_text_pl = "Operacja jest współfinansowana przez Unię Europejską."
