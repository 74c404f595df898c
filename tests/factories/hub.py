from __future__ import annotations

import factory
from django.contrib.auth import get_user_model
from django.utils.text import slugify

from hub.models import Country, FieldOfActivity, Municipality, Region


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
