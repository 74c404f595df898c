from __future__ import annotations

from django.contrib import admin
from django.db import models
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from hub.admin import HistoryAdmin
from hub.search import SearchAdminMixin

from .models import (
    Action,
    Consultation,
    ConsultationAlert,
    ConsultationDocument,
    ConsultationSubscription,
    Initiative,
    Representation,
    StatusChange,
    Submission,
    Supporter,
)
from .services import initiative_change_status, status_change_record


class ConsultationDocumentInline(admin.TabularInline):
    model = ConsultationDocument
    extra = 0


@admin.register(Consultation)
class ConsultationAdmin(SearchAdminMixin, HistoryAdmin):
    list_display = ["title", "body", "level", "opens", "deadline"]
    list_filter = ["level"]
    list_select_related = ["body"]
    search_fields = ["title", "body__name"]
    prepopulated_fields = {"slug": ["title"]}
    filter_horizontal = ["municipalities", "fields"]
    autocomplete_fields = ["body"]
    date_hierarchy = "deadline"
    inlines = [ConsultationDocumentInline]
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}


class SupporterInline(admin.TabularInline):
    model = Supporter
    extra = 0
    autocomplete_fields = ["organisation"]


class StatusChangeInline(admin.TabularInline):
    """The path is recorded when the status changes; here it is read, and dates corrected."""

    model = StatusChange
    extra = 0
    fields = ["status", "date", "note", "by"]
    readonly_fields = ["status", "by"]

    def has_add_permission(self, request, obj=None) -> bool:
        return False


class SubmissionInline(admin.StackedInline):
    model = Submission
    extra = 0
    fields = [
        ("what", "to_whom"),
        ("date", "reference"),
        ("response", "response_date"),
        "response_note",
    ]


@admin.register(Initiative)
class InitiativeAdmin(SearchAdminMixin, HistoryAdmin):
    list_display = ["title", "lead", "status", "level", "started", "closed", "is_public"]
    list_filter = ["status", "level", "is_public"]
    list_select_related = ["lead"]
    search_fields = ["title", "lead__name", "target_body"]
    prepopulated_fields = {"slug": ["title"]}
    autocomplete_fields = ["lead", "partnership", "outcome", "consultation", "created_by"]
    readonly_fields = ["closed"]
    fieldsets = [
        (None, {"fields": ["title", "slug", "objective", "policy", "is_public"]}),
        (_("Whom it addresses"), {"fields": ["target_body", "level", "consultation"]}),
        (_("Who"), {"fields": ["lead", "partnership", "outcome", "created_by"]}),
        (_("Status"), {"fields": ["status", "started", "closed"]}),
    ]
    inlines = [SupporterInline, StatusChangeInline, SubmissionInline]

    def save_model(self, request: HttpRequest, obj: Initiative, form, change: bool) -> None:
        super().save_model(request, obj, form, change)
        if not change:
            status_change_record(initiative=obj, status=obj.status, by=request.user)
        elif "status" in form.changed_data:
            initiative_change_status(initiative=obj, status=obj.status, by=request.user)


@admin.register(Action)
class ActionAdmin(HistoryAdmin):
    list_display = ["title", "initiative", "kind", "date"]
    list_filter = ["kind"]
    list_select_related = ["initiative"]
    autocomplete_fields = ["initiative", "organisation", "created_by"]
    date_hierarchy = "date"


@admin.register(Representation)
class RepresentationAdmin(SearchAdminMixin, HistoryAdmin):
    list_display = ["person", "body", "level", "mandate_from", "mandate_to"]
    list_filter = ["level"]
    search_fields = ["person", "body"]
    autocomplete_fields = ["organisations"]


@admin.register(ConsultationSubscription)
class ConsultationSubscriptionAdmin(admin.ModelAdmin):
    list_display = ["user", "frequency", "language", "is_active"]
    list_filter = ["frequency", "is_active"]
    autocomplete_fields = ["user", "organisation"]


@admin.register(ConsultationAlert)
class ConsultationAlertAdmin(admin.ModelAdmin):
    list_display = ["key", "kind", "user", "created_at"]
    list_filter = ["kind"]
    autocomplete_fields = ["user", "consultations", "email"]

    def has_add_permission(self, request) -> bool:
        return False
