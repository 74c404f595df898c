"""Published news in the public API, the newest first, as the news page lists them. Other hubs'
portals read it with ``modified_since`` and conditional requests."""

from __future__ import annotations

from rest_framework import serializers

from hub.rest import PageUrlField, PublicViewSet, absolute_url

from . import selectors
from .filters import NewsApiFilter
from .models import NewsItem


class NewsSerializer(serializers.ModelSerializer):
    body = serializers.SerializerMethodField(
        help_text="The text as sanitised HTML (paragraphs, emphasis, lists, links)."
    )
    image = serializers.SerializerMethodField(help_text="Absolute address of the image, or null.")
    event = serializers.SlugRelatedField(slug_field="slug", read_only=True, allow_null=True)
    call = serializers.SlugRelatedField(slug_field="slug", read_only=True, allow_null=True)
    partnership = serializers.SlugRelatedField(slug_field="slug", read_only=True, allow_null=True)
    initiative = serializers.SlugRelatedField(slug_field="slug", read_only=True, allow_null=True)
    url = PageUrlField()

    class Meta:
        model = NewsItem
        fields = [
            "id",
            "slug",
            "title",
            "summary",
            "body",
            "image",
            "image_alt",
            "published_at",
            "updated_at",
            "event",
            "call",
            "partnership",
            "initiative",
            "url",
        ]

    def get_body(self, item: NewsItem) -> str:
        return str(item.body_html)

    def get_image(self, item: NewsItem) -> str | None:
        if not item.image:
            return None
        url = item.image.url
        if url.startswith(("http://", "https://")):
            return url
        return absolute_url(self.context.get("request"), url)


class NewsViewSet(PublicViewSet):
    """Published news, the newest first; `modified_since` for what changed after a time."""

    serializer_class = NewsSerializer
    filterset_class = NewsApiFilter

    def get_queryset(self):
        return selectors.news_list().select_related("event", "call", "partnership", "initiative")
