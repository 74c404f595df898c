"""Public local partnerships in the public API, filtered and ordered as their page lists them."""

from __future__ import annotations

from django.contrib.auth.models import AnonymousUser
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from hub.rest import (
    LabelField,
    ModifiedSinceFilter,
    PageUrlField,
    PublicViewSet,
    StrictBooleanFilter,
    absolute_url,
)
from organisations.models import Sector

from .filters import PartnershipFilter
from .models import CooperationForm, Partner, PartnerRole, Partnership, Stage
from .selectors import partnership_list


class PartnershipApiFilter(PartnershipFilter):
    cross_sector = StrictBooleanFilter(method="only_cross_sector")
    modified_since = ModifiedSinceFilter()


class PartnerSerializer(serializers.ModelSerializer):
    organisation = serializers.SerializerMethodField(
        help_text="The organisation's slug in the directory; null if it is not listed there."
    )
    organisation_name = serializers.CharField(source="organisation.name", read_only=True)
    organisation_url = serializers.SerializerMethodField()
    sector = serializers.ChoiceField(
        source="organisation.sector", choices=Sector.choices, read_only=True
    )
    sector_label = LabelField(Sector.choices, source="organisation.sector")
    role_label = LabelField(PartnerRole.choices, source="role")

    class Meta:
        model = Partner
        fields = [
            "organisation",
            "organisation_name",
            "organisation_url",
            "sector",
            "sector_label",
            "role",
            "role_label",
            "joined",
            "left",
        ]

    def get_organisation(self, partner: Partner) -> str | None:
        return partner.organisation.slug if partner.organisation.is_public else None

    @extend_schema_field({"type": ["string", "null"], "format": "uri"})
    def get_organisation_url(self, partner: Partner) -> str | None:
        if not partner.organisation.is_public:
            return None
        return absolute_url(self.context.get("request"), partner.organisation.get_absolute_url())


class PartnershipSerializer(serializers.ModelSerializer):
    stage_label = LabelField(Stage.choices, source="stage")
    form_label = LabelField(CooperationForm.choices, source="form")
    municipalities = serializers.SlugRelatedField(slug_field="slug", many=True, read_only=True)
    fields = serializers.SlugRelatedField(slug_field="slug", many=True, read_only=True)
    field_labels = serializers.SerializerMethodField()
    partners = PartnerSerializer(many=True, read_only=True)
    url = PageUrlField()

    class Meta:
        model = Partnership
        fields = [
            "id",
            "slug",
            "title",
            "problem",
            "goal",
            "stage",
            "stage_label",
            "form",
            "form_label",
            "municipalities",
            "fields",
            "field_labels",
            "started",
            "ended",
            "partners",
            "updated_at",
            "url",
        ]

    @extend_schema_field({"type": "array", "items": {"type": "string"}})
    def get_field_labels(self, partnership: Partnership) -> list[str]:
        return [field.name for field in partnership.fields.all()]


class PartnershipViewSet(PublicViewSet):
    """Public local partnerships, by title."""

    serializer_class = PartnershipSerializer
    filterset_class = PartnershipApiFilter

    def get_queryset(self):
        # What anyone may see: the list of a reader who is not signed in.
        return partnership_list(user=AnonymousUser())
