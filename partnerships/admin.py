from __future__ import annotations

from django.contrib import admin
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from hub.admin import HistoryAdmin
from hub.search import SearchAdminMixin

from .models import Commitment, Meeting, Outcome, Partner, Partnership, StageChange
from .services import stage_change_record


class PartnerInline(admin.StackedInline):
    model = Partner
    extra = 0
    autocomplete_fields = ["organisation"]
    show_change_link = True
    fields = [
        ("organisation", "role"),
        "responsibilities",
        ("financial_contribution", "in_kind_value"),
        "in_kind_description",
        ("joined", "left"),
    ]


class StageChangeInline(admin.TabularInline):
    """The path is recorded when the stage changes; here it is read, and dates corrected."""

    model = StageChange
    extra = 0
    fields = ["stage", "date", "note", "by"]
    readonly_fields = ["stage", "by"]

    def has_add_permission(self, request, obj=None) -> bool:
        return False


class MeetingInline(admin.StackedInline):
    model = Meeting
    extra = 0
    fields = [("date", "place"), "summary", "decisions", "minutes"]
    show_change_link = True


class OutcomeInline(admin.StackedInline):
    model = Outcome
    extra = 0
    fields = [
        ("kind", "title"),
        "description",
        ("submitted_to", "submitted_on"),
        ("result", "result_note"),
    ]


@admin.register(Partnership)
class PartnershipAdmin(SearchAdminMixin, HistoryAdmin):
    list_display = ["title", "stage", "form", "started", "ended", "is_public"]
    list_filter = ["stage", "form", "is_public"]
    search_fields = ["title", "problem", "goal"]
    prepopulated_fields = {"slug": ["title"]}
    filter_horizontal = ["municipalities", "fields"]
    autocomplete_fields = ["facilitator"]
    fieldsets = [
        (None, {"fields": ["title", "slug", "problem", "goal", "is_public"]}),
        (_("Where and what"), {"fields": ["municipalities", "fields"]}),
        (_("How"), {"fields": ["stage", "form", "facilitator", "started", "ended"]}),
    ]
    inlines = [PartnerInline, StageChangeInline, MeetingInline, OutcomeInline]

    def save_model(self, request: HttpRequest, obj: Partnership, form, change: bool) -> None:
        super().save_model(request, obj, form, change)
        if "stage" in form.changed_data or not change:
            stage_change_record(partnership=obj, stage=obj.stage, by=request.user)


class CommitmentInline(admin.TabularInline):
    model = Commitment
    extra = 0
    fields = ["what", "due", "status", "note"]


@admin.register(Partner)
class PartnerAdmin(HistoryAdmin):
    inlines = [CommitmentInline]
    list_display = ["organisation", "partnership", "role", "joined", "left"]
    list_filter = ["role"]
    list_select_related = ["organisation", "partnership"]
    search_fields = ["organisation__name", "partnership__title"]
    autocomplete_fields = ["organisation", "partnership"]


@admin.register(Commitment)
class CommitmentAdmin(HistoryAdmin):
    list_display = ["what", "partner", "due", "status"]
    list_filter = ["status"]
    list_select_related = ["partner__organisation"]
    search_fields = ["what", "partner__organisation__name", "partner__partnership__title"]
    autocomplete_fields = ["partner"]


@admin.register(Meeting)
class MeetingAdmin(HistoryAdmin):
    list_display = ["partnership", "date", "place"]
    list_select_related = ["partnership"]
    date_hierarchy = "date"
    autocomplete_fields = ["partnership"]
    filter_horizontal = ["present"]


@admin.register(Outcome)
class OutcomeAdmin(HistoryAdmin):
    list_display = ["title", "partnership", "kind", "submitted_on", "result"]
    list_filter = ["kind", "result"]
    list_select_related = ["partnership"]
    search_fields = ["title", "partnership__title"]
    autocomplete_fields = ["partnership"]
