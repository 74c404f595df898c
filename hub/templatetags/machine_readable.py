"""What machines read in the pages: ISO dates for ``<time datetime>`` and schema.org JSON-LD."""

from __future__ import annotations

from datetime import date, datetime

from django import template
from django.utils.html import json_script
from django.utils.safestring import SafeString

from hub import structured_data

register = template.Library()


@register.filter(expects_localtime=True)
def isodatetime(value: datetime | date | None) -> str:
    """``2026-11-28T09:00:00+01:00``: in the time zone the page shows, to the second, because
    HTML's ``<time datetime>`` allows at most three decimal places and Django's ``c`` prints six."""
    if not value:
        return ""
    if isinstance(value, datetime):
        return value.replace(microsecond=0).isoformat()
    return value.isoformat()


@register.simple_tag
def json_ld(data: dict | None) -> SafeString:
    """A ``<script type="application/ld+json">`` with ``data``, escaped so that no value can end
    the script element."""
    if not data:
        return SafeString("")
    script = json_script(data)
    return SafeString(script.replace('type="application/json"', 'type="application/ld+json"', 1))


def _absolute(context) -> structured_data.Absolute:
    return context["request"].build_absolute_uri


@register.simple_tag(takes_context=True)
def organisation_json_ld(context, organisation) -> SafeString:
    if not organisation.is_public:
        return SafeString("")
    return json_ld(structured_data.organisation_data(organisation, _absolute(context)))


@register.simple_tag(takes_context=True)
def event_json_ld(context, event) -> SafeString:
    hub_name = context["hub"]["name"]
    return json_ld(structured_data.event_data(event, _absolute(context), hub_name=hub_name))


@register.simple_tag(takes_context=True)
def call_json_ld(context, call) -> SafeString:
    return json_ld(structured_data.call_data(call, _absolute(context)))


@register.simple_tag(takes_context=True)
def news_json_ld(context, item) -> SafeString:
    hub_name = context["hub"]["name"]
    return json_ld(structured_data.news_data(item, _absolute(context), hub_name=hub_name))


@register.simple_tag(takes_context=True)
def hub_json_ld(context, people, hosts) -> SafeString:
    return json_ld(structured_data.hub_data(context["hub"], people, hosts, _absolute(context)))


@register.simple_tag(takes_context=True)
def partnership_json_ld(context, partnership, partners) -> SafeString:
    if not partnership.is_public:
        return SafeString("")
    return json_ld(structured_data.partnership_data(partnership, partners, _absolute(context)))


@register.simple_tag(takes_context=True)
def initiative_json_ld(context, initiative, supporters) -> SafeString:
    if not initiative.is_public:
        return SafeString("")
    return json_ld(structured_data.initiative_data(initiative, supporters, _absolute(context)))


@register.simple_tag(takes_context=True)
def consultation_json_ld(context, consultation) -> SafeString:
    return json_ld(structured_data.consultation_data(consultation, _absolute(context)))
