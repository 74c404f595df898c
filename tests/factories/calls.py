from __future__ import annotations

from datetime import timedelta

import factory
from django.core.files.base import ContentFile
from django.utils import timezone
from django.utils.text import slugify

from calls.models import Call, CallDocument, Funder, FunderKind

PDF_BYTES = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


class FunderFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Funder
        django_get_or_create = ["slug"]

    name = factory.Sequence(lambda n: f"Foundation {n}")
    slug = factory.LazyAttribute(lambda o: slugify(o.name))
    kind = FunderKind.FOUNDATION
    website = "https://funder.example.org/"


class CallFactory(factory.django.DjangoModelFactory):
    """A published call, open since yesterday, closing in 30 days, for any NGO of the country."""

    class Meta:
        model = Call
        skip_postgeneration_save = True

    funder = factory.SubFactory(FunderFactory)
    programme = "Active citizens"
    title = factory.Sequence(lambda n: f"Call {n} for local community projects")
    slug = factory.LazyAttribute(lambda o: slugify(o.title))
    summary = "Grants for projects that bring neighbours together."
    text = "Associations and institutes may apply with one project each."
    opens = factory.LazyFunction(lambda: timezone.now() - timedelta(days=1))
    deadline = factory.LazyFunction(
        lambda: (timezone.now() + timedelta(days=30)).replace(second=0, microsecond=0)
    )
    min_grant = 1000
    max_grant = 10000
    co_financing = 80
    country = "SI"
    is_published = True

    @factory.post_generation
    def fields(call, create, extracted, **kwargs):
        if create and extracted:
            call.fields.set(extracted)

    @factory.post_generation
    def regions(call, create, extracted, **kwargs):
        if create and extracted:
            call.regions.set(extracted)


class CallDocumentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = CallDocument

    call = factory.SubFactory(CallFactory)
    title = "Application form"
    file = factory.LazyFunction(lambda: ContentFile(PDF_BYTES, name="form.pdf"))
