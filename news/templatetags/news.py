"""The news about an event, call, partnership or initiative, on its page (one query)."""

from __future__ import annotations

from django import template

from news.selectors import news_about

register = template.Library()


@register.inclusion_tag("news/_related.html")
def related_news(**link) -> dict:
    return {"related_news": news_about(**link)}
