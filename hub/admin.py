from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import wraps

from allauth.account.decorators import secure_admin_login
from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.db import models
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _
from modeltranslation.admin import TranslationAdmin

from .models import FieldOfActivity, FunderLogo, HubProfile, Municipality, Operation, Region, User

# Signing in to the admin goes through allauth, so it is rate-limited like every other sign-in.
admin.site.login = secure_admin_login(admin.site.login)
admin.site.site_header = _("Stičišče administration")
admin.site.site_title = _("Stičišče")


@dataclass(frozen=True)
class Waiting:
    """Something on the admin's home that waits for staff: how many, and where to deal with it."""

    label: str | Promise
    count: int
    url: str


# Each app adds what waits for staff in its part (organisations to verify, failed e-mails…).
WAITING_FOR_STAFF: list[Callable[[], list[Waiting]]] = []


def waiting_for_staff(source: Callable[[], list[Waiting]]) -> Callable[[], list[Waiting]]:
    WAITING_FOR_STAFF.append(source)
    return source


def _index_with_waiting(index):
    @wraps(index)
    def view(request, extra_context=None):
        waiting = [item for source in WAITING_FOR_STAFF for item in source()]
        return index(request, extra_context={"waiting": waiting, **(extra_context or {})})

    return view


admin.site.index = _index_with_waiting(admin.site.index)


@admin.register(User)
class UserAdmin(DjangoUserAdmin):
    ordering = ["email"]
    list_display = ["email", "first_name", "last_name", "is_staff", "is_active", "date_joined"]
    search_fields = ["email", "first_name", "last_name"]
    fieldsets = (
        (None, {"fields": ("email", "password")}),
        (_("Personal info"), {"fields": ("first_name", "last_name")}),
        (
            _("Permissions"),
            {"fields": ("is_active", "is_staff", "is_superuser", "groups", "user_permissions")},
        ),
        (_("Important dates"), {"fields": ("last_login", "date_joined")}),
    )
    add_fieldsets = ((None, {"classes": ("wide",), "fields": ("email", "password1", "password2")}),)


class MunicipalityInline(admin.TabularInline):
    model = Municipality
    extra = 0
    prepopulated_fields = {"slug": ["name"]}


@admin.register(Region)
class RegionAdmin(admin.ModelAdmin):
    list_display = ["name", "country"]
    list_filter = ["country"]
    search_fields = ["name"]
    prepopulated_fields = {"slug": ["name"]}
    inlines = [MunicipalityInline]


@admin.register(Municipality)
class MunicipalityAdmin(admin.ModelAdmin):
    list_display = ["name", "region", "country"]
    list_filter = ["country", "region"]
    list_select_related = ["region"]
    search_fields = ["name"]
    prepopulated_fields = {"slug": ["name"]}


@admin.register(FieldOfActivity)
class FieldOfActivityAdmin(TranslationAdmin):
    """A name per interface language; the slug is the stable code exports carry."""

    list_display = ["name", "slug", "position"]
    list_editable = ["position"]
    search_fields = ["name_sl", "name_en", "name_bg", "name_pl", "slug"]
    prepopulated_fields = {"slug": ["name_en"]}


@admin.register(HubProfile)
class HubProfileAdmin(TranslationAdmin):
    """The hub has one profile: it can be changed, not added twice or deleted."""

    list_display = ["name", "email", "phone", "region", "language", "updated_at"]
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}
    fieldsets = [
        (None, {"fields": ["name", "language", "region", "logo"]}),
        (_("Contact"), {"fields": ["address", "email", "phone", "website"]}),
        (_("Introduction"), {"fields": ["introduction"]}),
    ]

    def has_add_permission(self, request) -> bool:
        return not HubProfile.objects.exists()

    def has_delete_permission(self, request, obj=None) -> bool:
        return False


class FunderLogoInline(admin.TabularInline):
    model = FunderLogo
    extra = 1
    fields = ["image", "description", "position"]


@admin.register(Operation)
class OperationAdmin(TranslationAdmin):
    list_display = ["name", "funder", "start", "end", "value"]
    search_fields = ["name", "funder", "programme"]
    date_hierarchy = "start"
    inlines = [FunderLogoInline]
    fieldsets = [
        (None, {"fields": ["name", "funder", "value"]}),
        (
            _("Programme"),
            {
                "fields": [
                    "programme",
                    "priority_axis",
                    "investment_priority",
                    "specific_objective",
                ]
            },
        ),
        (_("Period"), {"fields": ["start", "end"]}),
        (_("Publicity"), {"fields": ["publicity_text"]}),
    ]
