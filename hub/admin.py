from allauth.account.decorators import secure_admin_login
from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from .documents import document_request
from .models import Document, FieldOfActivity, Municipality, Region, User

# Signing in to the admin goes through allauth, so it is rate-limited like every other sign-in.
admin.site.login = secure_admin_login(admin.site.login)
admin.site.site_header = _("Stičišče administration")
admin.site.site_title = _("Stičišče")


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
class FieldOfActivityAdmin(admin.ModelAdmin):
    list_display = ["name", "position"]
    list_editable = ["position"]
    search_fields = ["name"]
    prepopulated_fields = {"slug": ["name"]}


@admin.register(Document)
class DocumentAdmin(admin.ModelAdmin):
    """Generated documents, read-only: staff see what failed and why, and can render again."""

    list_display = ["kind", "subject_label", "language", "status", "attempts", "requested_at"]
    list_filter = ["kind", "status"]
    list_select_related = ["subject_type"]
    date_hierarchy = "requested_at"
    actions = ["render_again"]
    readonly_fields = [
        "uuid",
        "kind",
        "subject_type",
        "subject_id",
        "language",
        "status",
        "attempts",
        "requested_by",
        "requested_at",
        "queued_at",
        "started_at",
        "finished_at",
        "error",
        "file",
        "size",
        "sha256",
    ]
    exclude = ["run"]

    @admin.display(description=_("subject"))
    def subject_label(self, document: Document) -> str:
        return f"{document.subject_type.name} #{document.subject_id}"

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    @admin.action(description=_("Render again"), permissions=["view"])
    def render_again(self, request, queryset) -> None:
        started, queued = timezone.now(), 0
        for document in queryset.select_related("subject_type"):
            again = document_request(
                kind=document.kind,
                subject=document.subject_type.get_object_for_this_type(pk=document.subject_id),
                language=document.language,
                by=request.user,
            )
            queued += again.requested_at >= started  # not when it was already on its way
        self.message_user(
            request,
            ngettext(
                "%(count)s document is queued to be rendered again.",
                "%(count)s documents are queued to be rendered again.",
                queued,
            )
            % {"count": queued},
        )
