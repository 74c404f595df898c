"""The parts of list and event pages that help other sites show them: the oEmbed discovery link
and the "Embed this" box."""

from __future__ import annotations

from django import template
from django.utils.html import format_html
from django.utils.safestring import SafeString

from portal import embeds

register = template.Library()


@register.simple_tag(takes_context=True)
def oembed_discovery(context, title: str) -> SafeString:
    """``<link rel="alternate" type="application/json+oembed">`` for the page being shown, with
    its filters, so that pasting its address into WordPress shows it."""
    request = context["request"]
    return format_html(
        '<link rel="alternate" type="application/json+oembed" href="{}" title="{}">',
        embeds.oembed_link(request, request.get_full_path()),
        title,
    )


@register.inclusion_tag("embed/_box.html", takes_context=True)
def embed_box(context, kind: str) -> dict:
    return {"code": embeds.embed_code(context["request"], kind), "kind": kind}
