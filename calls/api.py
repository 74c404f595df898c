"""Published funding calls in the public API, filtered and ordered as the calls page lists them:
open and upcoming by default, the nearest deadline first."""

from __future__ import annotations

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from hub.models import Country
from hub.rest import LabelField, ModifiedSinceFilter, PageUrlField, PublicViewSet
from organisations.models import LegalForm, Sector

from . import selectors
from .filters import CallFilter
from .models import Call, CallStatus, FunderKind


class CallApiFilter(CallFilter):
    modified_since = ModifiedSinceFilter()
    # "Only calls my organisation may apply to" needs a signed-in reader; the API has none.
    mine = None
    # The API publishes this hub's own calls; what it read from other hubs is theirs to publish.
    include = None

    class Meta(CallFilter.Meta):
        pass


class CallSerializer(serializers.ModelSerializer):
    funder = serializers.SlugRelatedField(slug_field="slug", read_only=True)
    funder_name = serializers.CharField(source="funder.name", read_only=True)
    funder_kind = serializers.CharField(source="funder.kind", read_only=True)
    funder_kind_label = LabelField(FunderKind.choices, source="funder.kind")
    status = serializers.ChoiceField(choices=CallStatus.choices, read_only=True)
    status_label = serializers.CharField(read_only=True)
    country_label = LabelField(Country.choices, source="country")
    regions = serializers.SlugRelatedField(
        slug_field="slug",
        many=True,
        read_only=True,
        help_text="Regions that may apply; empty: the whole country.",
    )
    sectors = serializers.ListField(
        child=serializers.ChoiceField(choices=Sector.choices),
        read_only=True,
        help_text="Sectors that may apply; empty: every sector.",
    )
    legal_forms = serializers.ListField(
        child=serializers.ChoiceField(choices=LegalForm.choices),
        read_only=True,
        help_text="Legal forms that may apply; empty: every legal form.",
    )
    fields = serializers.SlugRelatedField(slug_field="slug", many=True, read_only=True)
    field_labels = serializers.SerializerMethodField()
    url = PageUrlField()

    class Meta:
        model = Call
        fields = [
            "id",
            "slug",
            "title",
            "programme",
            "funder",
            "funder_name",
            "funder_kind",
            "funder_kind_label",
            "summary",
            "language",
            "status",
            "status_label",
            "opens",
            "deadline",
            "time_zone",
            "country",
            "country_label",
            "regions",
            "sectors",
            "legal_forms",
            "fields",
            "field_labels",
            "currency",
            "total_budget",
            "min_grant",
            "max_grant",
            "co_financing",
            "official_url",
            "published_at",
            "updated_at",
            "url",
        ]

    @extend_schema_field({"type": "array", "items": {"type": "string"}})
    def get_field_labels(self, call: Call) -> list[str]:
        return [field.name for field in call.fields.all()]


class CallViewSet(PublicViewSet):
    """Published funding calls: open and upcoming by default, the nearest deadline first;
    `status=closed` for past ones."""

    serializer_class = CallSerializer
    filterset_class = CallApiFilter

    def get_queryset(self):
        return selectors.call_list().prefetch_related("regions")
