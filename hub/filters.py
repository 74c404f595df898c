"""Filter forms whose drop-downs cost nothing to show: the options are rendered once.

A list page's filters offer every municipality, region and field of activity. Django renders each
option of a select through a template, and reads the options from the database, on every request:
most of a list page's time. Here a select's options are written once per language and version of
the data they come from (hub.cache), kept in the shared cache, and the chosen value is marked in
the cached text.
"""

from __future__ import annotations

from django import forms
from django.utils.html import escape, format_html
from django.utils.safestring import mark_safe

from .cache import cached_fragment


def _options(choices) -> str:
    parts = []
    for value, label in choices:
        if isinstance(label, list | tuple):
            parts.append(format_html('<optgroup label="{}">', value))
            parts.append(_options(label))
            parts.append("</optgroup>")
        else:
            parts.append(
                format_html('<option value="{}">{}</option>', "" if value is None else value, label)
            )
    return "".join(parts)


class CachedOptionsSelect(forms.Select):
    """A select written as Django's own select template writes it, with its options from the
    cache when ``cache_name`` names them (``domains``: the data they are read from)."""

    def __init__(self, *, cache_name: str | None, domains: tuple[str, ...], **kwargs):
        super().__init__(**kwargs)
        self.cache_name = cache_name
        self.domains = domains

    def options_html(self) -> str:
        if self.cache_name is None:
            return _options(self.choices)
        return cached_fragment(
            f"options:{self.cache_name}",
            domains=self.domains,
            render=lambda: _options(self.choices),
        )

    def render(self, name, value, attrs=None, renderer=None):
        html = self.options_html()
        for chosen in self.format_value(value):
            option = f'<option value="{escape(chosen)}">'
            html = html.replace(option, option[:-1] + " selected>", 1)
        final_attrs = self.build_attrs(self.attrs, attrs)
        return format_html(
            '<select name="{}"{}>{}</select>',
            name,
            forms.utils.flatatt(final_attrs),
            mark_safe(html),  # noqa: S308 - escaped by _options
        )


class CachedOptionsMixin:
    """For a FilterSet: every drop-down of its form becomes a ``CachedOptionsSelect``.

    ``option_domains`` names the data a field's options come from when it is not the hub's
    reference data (places, fields of activity); ``uncached_options`` lists fields whose options
    change with the request (they are still written without templates).
    """

    option_domains: dict[str, tuple[str, ...]] = {}
    uncached_options: frozenset[str] = frozenset()

    @property
    def form(self):
        built = hasattr(self, "_form")
        form = super().form
        if not built:
            for name, field in form.fields.items():
                if type(field.widget) is not forms.Select:
                    continue
                widget = CachedOptionsSelect(
                    cache_name=None
                    if name in self.uncached_options
                    else f"{type(self).__name__}.{name}",
                    domains=self.option_domains.get(name, ("reference",)),
                    attrs=field.widget.attrs,
                )
                widget.choices = field.widget.choices
                field.widget = widget
        return form
