"""The directory in the public API: verified organisations, with the fields their public profile
shows and nothing else, filtered and ordered as the directory page is."""

from __future__ import annotations

from django.utils.html import strip_tags
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from hub.models import Country
from hub.rest import LabelField, ModifiedSinceFilter, PageUrlField, PublicViewSet, absolute_url

from .filters import DirectoryFilter
from .models import LegalForm, Organisation, Sector
from .selectors import organisation_directory


class OrganisationApiFilter(DirectoryFilter):
    modified_since = ModifiedSinceFilter()

    class Meta(DirectoryFilter.Meta):
        pass


class OrganisationSerializer(serializers.ModelSerializer):
    sector_label = LabelField(Sector.choices, source="sector")
    legal_form_label = LabelField(LegalForm.choices, source="legal_form")
    country_label = LabelField(Country.choices, source="country")
    description = serializers.SerializerMethodField(help_text="What it does, as plain text.")
    logo = serializers.SerializerMethodField(help_text="Address of the logo; null without one.")
    # Null for an organisation whose seat is not recorded.
    seat = serializers.SlugRelatedField(slug_field="slug", read_only=True, allow_null=True)
    seat_name = serializers.CharField(
        source="seat.name", read_only=True, default=None, allow_null=True
    )
    region = serializers.CharField(
        source="seat.region.slug", read_only=True, default=None, allow_null=True
    )
    region_name = serializers.CharField(
        source="seat.region.name", read_only=True, default=None, allow_null=True
    )
    municipalities_served = serializers.SlugRelatedField(
        slug_field="slug", many=True, read_only=True
    )
    fields = serializers.SlugRelatedField(
        slug_field="slug",
        many=True,
        read_only=True,
        help_text="Codes of the fields of activity (see /api/v1/fields/).",
    )
    field_labels = serializers.SerializerMethodField()
    last_confirmed = serializers.SerializerMethodField(
        help_text="When the organisation last confirmed its profile."
    )
    url = PageUrlField()

    class Meta:
        model = Organisation
        # Listed one by one: a new column of the model must not become public by accident.
        fields = [
            "id",
            "slug",
            "name",
            "short_name",
            "sector",
            "sector_label",
            "legal_form",
            "legal_form_label",
            "public_interest",
            "country",
            "country_label",
            "registration_number",
            "tax_number",
            "seat",
            "seat_name",
            "region",
            "region_name",
            "municipalities_served",
            "fields",
            "field_labels",
            "description",
            "website",
            "email",
            "phone",
            "logo",
            "members",
            "employees",
            "volunteers",
            "founded_year",
            "last_confirmed",
            "updated_at",
            "url",
        ]

    def get_description(self, organisation: Organisation) -> str:
        return strip_tags(organisation.description)

    @extend_schema_field({"type": "string", "format": "date"})
    def get_last_confirmed(self, organisation: Organisation) -> str:
        return organisation.last_confirmed_at.date().isoformat()

    @extend_schema_field({"type": ["string", "null"], "format": "uri"})
    def get_logo(self, organisation: Organisation) -> str | None:
        if not organisation.logo:
            return None
        return absolute_url(self.context.get("request"), organisation.logo.url)

    @extend_schema_field({"type": "array", "items": {"type": "string"}})
    def get_field_labels(self, organisation: Organisation) -> list[str]:
        return [field.name for field in organisation.fields.all()]


class OrganisationViewSet(PublicViewSet):
    """Verified organisations of the directory, as its page lists them (best match, then name;
    or as `sort` says)."""

    serializer_class = OrganisationSerializer
    filterset_class = OrganisationApiFilter

    def get_queryset(self):
        # The search columns repeat the name and description; the API need not read them.
        return (
            organisation_directory()
            .select_related("seat__region")
            .prefetch_related("fields", "municipalities_served")
            .defer("search_text", "search_name")
        )
