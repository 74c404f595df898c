from __future__ import annotations

from django import forms
from django.contrib import admin, messages
from django.core.files.uploadedfile import UploadedFile
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from modeltranslation.admin import TranslationAdmin

from hub.queue import enqueue_on_commit
from organisations.validators import clean_logo

from . import services, tasks
from .models import (
    HostOrganisation,
    IssueStatus,
    NewsItem,
    NewsletterIssue,
    NewsletterSubscriber,
    StaffMember,
)


class _ImageForm(forms.ModelForm):
    """An uploaded image is checked and re-encoded as a logo is: by its content."""

    image_field = "image"

    def clean(self):
        cleaned = super().clean()
        upload = cleaned.get(self.image_field)
        if isinstance(upload, UploadedFile):
            try:
                cleaned[self.image_field] = clean_logo(upload)
            except forms.ValidationError as error:
                self.add_error(self.image_field, error)
        return cleaned


class NewsItemForm(_ImageForm):
    class Meta:
        model = NewsItem
        fields = [
            "title",
            "slug",
            "summary",
            "body",
            "image",
            "image_alt",
            "published_at",
            "is_published",
            "event",
            "call",
            "partnership",
            "initiative",
        ]


@admin.register(NewsItem)
class NewsItemAdmin(TranslationAdmin):
    form = NewsItemForm
    list_display = ["title", "published_at", "is_published", "event", "call"]
    list_filter = ["is_published"]
    search_fields = ["title", "summary"]
    date_hierarchy = "published_at"
    prepopulated_fields = {"slug": ["title"]}
    autocomplete_fields = ["event", "call", "partnership", "initiative"]


@admin.register(NewsletterSubscriber)
class NewsletterSubscriberAdmin(admin.ModelAdmin):
    list_display = ["email", "language", "frequency", "confirmed_at", "created_at"]
    list_filter = ["frequency", "language", ("confirmed_at", admin.EmptyFieldListFilter)]
    search_fields = ["email"]
    readonly_fields = ["email", "language", "frequency", "confirmed_at", "created_at"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        # Only the person confirms an address, from the link sent to it.
        return False


@admin.register(NewsletterIssue)
class NewsletterIssueAdmin(TranslationAdmin):
    list_display = ["__str__", "frequency", "status", "sent_at", "recipients"]
    list_filter = ["frequency", "status"]
    fields = ["frequency", "introduction", "status", "period_start", "period_end", "sent_at"]
    readonly_fields = ["status", "period_start", "period_end", "sent_at"]
    actions = ["send_now"]

    def get_readonly_fields(self, request, obj=None):
        if obj is not None and obj.status != IssueStatus.DRAFT:
            return [*self.readonly_fields, "frequency", "introduction"]
        return self.readonly_fields

    def save_model(self, request, obj, form, change):
        if not change:
            # A draft's period is settled when it is sent; until then it runs to now.
            obj.period_start, obj.period_end = services.issue_period(
                frequency=obj.frequency, end=timezone.now()
            )
        super().save_model(request, obj, form, change)

    @admin.action(description=_("Send the selected drafts now"))
    def send_now(self, request: HttpRequest, queryset) -> None:
        drafts = list(queryset.filter(status=IssueStatus.DRAFT).values_list("pk", flat=True))
        for pk in drafts:
            enqueue_on_commit(tasks.send_issue, pk)
        self.message_user(
            request,
            ngettext(
                "%(count)d issue is being sent.", "%(count)d issues are being sent.", len(drafts)
            )
            % {"count": len(drafts)},
            messages.SUCCESS,
        )


class StaffMemberForm(_ImageForm):
    image_field = "photo"

    class Meta:
        model = StaffMember
        fields = [
            "name",
            "role",
            "photo",
            "languages",
            "ask_about",
            "email",
            "phone",
            "contacts_public",
            "order",
            "is_active",
        ]


@admin.register(StaffMember)
class StaffMemberAdmin(TranslationAdmin):
    form = StaffMemberForm
    list_display = ["name", "role", "order", "contacts_public", "is_active"]
    list_editable = ["order"]
    list_filter = ["is_active", "contacts_public"]
    search_fields = ["name", "role"]


@admin.register(HostOrganisation)
class HostOrganisationAdmin(TranslationAdmin):
    list_display = ["organisation", "role", "order"]
    list_editable = ["order"]
    list_filter = ["role"]
    autocomplete_fields = ["organisation"]
