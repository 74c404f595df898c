"""A link typed into the admin without its scheme is kept as https://, on every form and inline."""

from __future__ import annotations

from django import forms
from django.contrib import admin
from django.urls import resolve


def test_every_admin_form_reads_a_link_without_a_scheme_as_https(rf, staff):
    request = rf.get("/admin/")
    request.user = staff
    request.resolver_match = resolve("/admin/")
    checked = []
    for model, model_admin in admin.site._registry.items():
        forms_shown = [(model.__name__, model_admin.get_form(request))] + [
            (inline.model.__name__, inline.get_formset(request).form)
            for inline in model_admin.get_inline_instances(request)
        ]
        for shown, form in forms_shown:
            for name, field in form.base_fields.items():
                if isinstance(field, forms.URLField):
                    cleaned = field.clean("example.org/draft")
                    assert cleaned == "https://example.org/draft", (shown, name)
                    checked.append(f"{shown}.{name}")
    assert {"Consultation.url", "PeerEvent.url", "Call.official_url"} <= set(checked)
