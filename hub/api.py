"""The hub's reference data in the public API: fields of activity and municipalities, whose codes
the other lists take as filter values."""

from __future__ import annotations

from django.urls import reverse
from django.utils.http import urlencode
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from .models import Country, FieldOfActivity, Municipality
from .rest import LabelField, PublicViewSet, absolute_url
from .selectors import municipalities_home_first


@extend_schema_field(OpenApiTypes.URI)
class DirectoryUrlField(serializers.Field):
    """The directory's page filtered by this item: the page that shows what it stands for."""

    def __init__(self, parameter: str, **kwargs):
        self.parameter = parameter
        kwargs.update(source="*", read_only=True)
        kwargs.setdefault("help_text", "The directory's page of organisations filtered by this.")
        super().__init__(**kwargs)

    def to_representation(self, value):
        path = reverse("organisations:list") + "?" + urlencode({self.parameter: value.slug})
        return absolute_url(self.context.get("request"), path)


class FieldOfActivitySerializer(serializers.ModelSerializer):
    url = DirectoryUrlField("field")

    class Meta:
        model = FieldOfActivity
        fields = ["id", "slug", "name", "position", "url"]
        extra_kwargs = {
            "slug": {"help_text": "The code the lists' `field` filter takes."},
            "name": {"help_text": "The name in the answer's language."},
        }


class MunicipalitySerializer(serializers.ModelSerializer):
    region = serializers.SlugRelatedField(slug_field="slug", read_only=True)
    region_name = serializers.CharField(source="region.name", read_only=True)
    country_label = LabelField(Country.choices, source="country")
    url = DirectoryUrlField("municipality")

    class Meta:
        model = Municipality
        fields = ["id", "slug", "name", "region", "region_name", "country", "country_label", "url"]
        extra_kwargs = {"slug": {"help_text": "The code the lists' `municipality` filter takes."}}


class FieldOfActivityViewSet(PublicViewSet):
    """Fields of activity, in the order the portal lists them."""

    serializer_class = FieldOfActivitySerializer
    modified_field = None

    def get_queryset(self):
        return FieldOfActivity.objects.all()


class MunicipalityViewSet(PublicViewSet):
    """Municipalities, the hub's own region first, as the pages' filters list them."""

    serializer_class = MunicipalitySerializer
    modified_field = None
    queryset = Municipality.objects.none()  # for the schema; the rows come from get_queryset

    def get_queryset(self):
        return municipalities_home_first()
