"""Staff keep the funder templates (the kinds of events they count are the events app's) and
see the reports coordinators asked for."""

from __future__ import annotations

from django import forms
from django.contrib import admin
from django.utils.translation import gettext_lazy as _
from modeltranslation.admin import TranslationAdmin, TranslationStackedInline

from events.models import EventKind
from hub.indicators import rule_choices
from hub.models import FunderTemplate, TemplateIndicator

from .models import FunderReport


class TemplateIndicatorForm(forms.ModelForm):
    # The rules the code implements, read when the form is shown (apps register them at start).
    rule = forms.ChoiceField(label=_("counting rule"), choices=rule_choices)

    class Meta:
        model = TemplateIndicator
        fields = [
            "position",
            "code",
            "hub_own",
            "label",
            "definition",
            "rule",
            "breakdowns",
            "params",
        ]


class TemplateIndicatorInline(TranslationStackedInline):
    model = TemplateIndicator
    form = TemplateIndicatorForm
    extra = 0
    fields = [
        "position",
        "code",
        "hub_own",
        "label",
        "definition",
        "rule",
        "breakdowns",
        "params",
    ]


class FunderTemplateForm(forms.ModelForm):
    # The kinds of events are the events app's; the template keeps their codes.
    participant_kinds = forms.TypedMultipleChoiceField(
        label=FunderTemplate._meta.get_field("participant_kinds").verbose_name,
        help_text=FunderTemplate._meta.get_field("participant_kinds").help_text,
        choices=EventKind.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )


@admin.register(FunderTemplate)
class FunderTemplateAdmin(TranslationAdmin):
    form = FunderTemplateForm
    list_display = ["name", "code", "small_cell_threshold"]
    search_fields = ["name", "code"]
    fields = [
        "name",
        "code",
        "entry_items",
        "participant_kinds",
        "programmes_only",
        "completeness",
        "small_cell_threshold",
    ]
    inlines = [TemplateIndicatorInline]


@admin.register(FunderReport)
class FunderReportAdmin(admin.ModelAdmin):
    list_display = ["operation", "start", "end", "kind", "version", "language", "requested_by"]
    list_filter = ["kind", "operation"]
    list_select_related = ["operation", "requested_by"]
    fields = [
        "operation",
        "start",
        "end",
        "kind",
        "version",
        "language",
        "requested_by",
        "requested_at",
        "gathered_at",
    ]
    readonly_fields = fields

    def has_add_permission(self, request) -> bool:
        # Reports are asked for on the reports page, where their figures are gathered.
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False
