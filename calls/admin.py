from django import forms
from django.contrib import admin
from django.core.files.uploadedfile import UploadedFile
from django.db import models
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from hub.admin import HistoryAdmin
from hub.search import SearchAdminMixin
from hub.selectors import hub_profile
from organisations.validators import clean_logo

from .models import Call, CallDocument, Funder, Subscription


def _formfield(field, **kwargs):
    if isinstance(field, models.URLField):
        kwargs["assume_scheme"] = "https"
    return field.formfield(**kwargs)


class FunderAdminForm(forms.ModelForm):
    class Meta:
        model = Funder
        fields = ["name", "slug", "kind", "logo", "website"]
        formfield_callback = _formfield

    def clean_logo(self):
        """A logo is checked and re-encoded as an organisation's is: by its content."""
        logo = self.cleaned_data.get("logo")
        if isinstance(logo, UploadedFile):
            return clean_logo(logo)
        return logo


@admin.register(Funder)
class FunderAdmin(SearchAdminMixin, HistoryAdmin):
    form = FunderAdminForm
    list_display = ["name", "kind", "website"]
    list_filter = ["kind"]
    search_fields = ["name"]
    prepopulated_fields = {"slug": ["name"]}
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}


class CallDocumentInline(admin.TabularInline):
    model = CallDocument
    extra = 1
    fields = ["title", "file", "order"]


@admin.register(Call)
class CallAdmin(SearchAdminMixin, HistoryAdmin):
    list_display = ["title", "funder", "opens", "deadline", "is_published", "staff_pages"]
    list_filter = ["is_published", "funder__kind", "funder", "fields"]
    search_fields = ["title", "programme"]
    date_hierarchy = "deadline"
    prepopulated_fields = {"slug": ["title"]}
    filter_horizontal = ["fields", "regions"]

    list_select_related = ["funder"]
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}
    inlines = [CallDocumentInline]
    readonly_fields = ["published_at"]
    fieldsets = [
        (
            None,
            {
                "fields": [
                    "funder",
                    "programme",
                    "title",
                    "slug",
                    "summary",
                    "text",
                    "language",
                    "is_published",
                    "published_at",
                ]
            },
        ),
        (
            _("Who may apply"),
            {"fields": ["sectors", "legal_forms", "fields", "country", "regions"]},
        ),
        (
            _("Money"),
            {"fields": ["currency", "total_budget", "min_grant", "max_grant", "co_financing"]},
        ),
        (_("When"), {"fields": ["opens", "deadline", "time_zone"]}),
        (_("Contact"), {"fields": ["official_url", "contact"]}),
    ]

    def get_changeform_initial_data(self, request) -> dict:
        profile = hub_profile()
        country = profile.region.country if profile.region_id else None
        return {
            "language": profile.language,
            **({"country": country} if country else {}),
            **super().get_changeform_initial_data(request),
        }

    @admin.display(description=_("NGOs to invite"))
    def staff_pages(self, call: Call) -> str:
        return format_html(
            '<a href="{}">{}</a>',
            reverse("calls:organisations", kwargs={"slug": call.slug}),
            _("Eligible organisations"),
        )


@admin.register(Subscription)
class SubscriptionAdmin(admin.ModelAdmin):
    """Staff see who asked for alerts; people change their own criteria on the site."""

    list_display = ["email", "organisation", "frequency", "language", "is_active", "created_at"]
    list_filter = ["frequency", "is_active", "language"]
    list_select_related = ["user", "organisation"]
    search_fields = ["user__email", "organisation__name"]
    readonly_fields = ["user", "organisation", "created_at", "updated_at"]
    filter_horizontal = ["fields", "regions"]

    @admin.display(description=_("e-mail address"), ordering="user__email")
    def email(self, subscription: Subscription) -> str:
        return subscription.user.email
