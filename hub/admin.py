from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import wraps

from allauth.account.decorators import secure_admin_login
from django.contrib import admin, messages
from django.contrib.admin.utils import unquote
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models, transaction
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.template.defaultfilters import truncatechars
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from modeltranslation.admin import TranslationAdmin, TranslationTabularInline
from simple_history.admin import SimpleHistoryAdmin

from .documents import document_request
from .emails import email_is_late, email_resend, email_send_copy
from .forms import PersonEraseForm, PersonSearchForm
from .models import (
    PROJECT_PROPERTIES,
    Document,
    FieldOfActivity,
    FunderLogo,
    HubProfile,
    IndicatorTarget,
    Municipality,
    Operation,
    OutboxEmail,
    PrivacyLogEntry,
    Region,
    TemplateIndicator,
    User,
)
from .privacy import (
    LastAdmin,
    Person,
    personal_data_erase,
    personal_data_export_request,
    personal_data_summary,
)

# Signing in to the admin goes through allauth, so it is rate-limited like every other sign-in.
admin.site.login = secure_admin_login(admin.site.login)
admin.site.site_header = _("Stičišče administration")
admin.site.site_title = _("Stičišče")


class HistoryAdmin(SimpleHistoryAdmin):
    """django-simple-history's admin, whose history pages answer 404 for an id that is not one.

    Its views filter by the ids from the address as they are, so "/admin/…/abc/history/" would
    fail with 500.
    """

    def history_view(self, request, object_id, extra_context=None):
        _check_id(self.model._meta.pk, unquote(object_id))
        return super().history_view(request, object_id, extra_context)

    def history_form_view(self, request, object_id, version_id, extra_context=None):
        _check_id(self.model._meta.pk, unquote(object_id))
        history = getattr(self.model, self.model._meta.simple_history_manager_attribute)
        _check_id(history.model._meta.pk, version_id)
        return super().history_form_view(request, object_id, version_id, extra_context)


def _check_id(field, value: str) -> None:
    try:
        field.to_python(value)
    except ValidationError:
        raise Http404 from None


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
        (_("Privacy"), {"fields": ("consent_version", "consent_at", "consent_text", "erased_at")}),
    )
    readonly_fields = ["consent_version", "consent_at", "consent_text", "erased_at"]
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
    list_display = ["name", "region", "country", "urbanisation"]
    list_filter = ["country", "region", "urbanisation"]
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

    list_display = ["name", "email", "phone", "region", "country", "language", "updated_at"]
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}
    fieldsets = [
        (None, {"fields": ["name", "language", "region", "logo"]}),
        (_("Country"), {"fields": ["country", "time_zone", "currency"]}),
        (_("Contact"), {"fields": ["address", "email", "phone", "website"]}),
        (_("Introduction"), {"fields": ["introduction"]}),
    ]

    def has_add_permission(self, request) -> bool:
        # The profile is made on the first run (hub.selectors.hub_profile_ensure).
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False


class FunderLogoInline(TranslationTabularInline):
    # The description is the logo's alternative text in the PDFs: one per language.
    model = FunderLogo
    extra = 1
    fields = ["image", "description", "position"]


class IndicatorTargetInline(admin.TabularInline):
    model = IndicatorTarget
    extra = 1
    fields = ["indicator", "year", "value"]
    verbose_name_plural = _("indicator targets (an empty year: the whole operation)")

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "indicator":
            # Only the indicators of the operation's own template.
            operation_id = request.resolver_match.kwargs.get("object_id")
            template = (
                Operation.objects.filter(pk=unquote(operation_id)).values("template_id")
                if operation_id
                else None
            )
            kwargs["queryset"] = (
                TemplateIndicator.objects.filter(template_id__in=template)
                if template is not None
                else TemplateIndicator.objects.none()
            )
        return super().formfield_for_foreignkey(db_field, request, **kwargs)


@admin.register(Operation)
class OperationAdmin(TranslationAdmin):
    list_display = ["name", "funder", "template", "start", "end", "value"]
    list_select_related = ["template"]
    search_fields = ["name", "funder", "programme"]
    date_hierarchy = "start"
    inlines = [FunderLogoInline, IndicatorTargetInline]
    fieldsets = [
        (None, {"fields": ["name", "funder", "value", "template"]}),
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
        (_("Period"), {"fields": ["start", "end", "evidence_kept_until"]}),
        (_("The operation as a project"), {"fields": list(PROJECT_PROPERTIES)}),
        (_("Publicity"), {"fields": ["publicity_text"]}),
    ]


@admin.register(OutboxEmail)
class OutboxEmailAdmin(admin.ModelAdmin):
    """Every e-mail the portal sent or tried to send, with the mail server's answer.

    Nothing here is edited by hand. A failed e-mail can be sent again; a sent one is not sent
    again under its key (that is what the key prevents) but can be sent as a new copy.
    """

    list_display = [
        "created_at",
        "recipients",
        "subject",
        "template",
        "language",
        "status",
        "late",
        "attempts",
        "sent_at",
        "error",
    ]
    list_filter = ["status", "template", "language"]
    search_fields = ["recipients", "subject", "key"]
    date_hierarchy = "created_at"
    actions = ["send_again", "send_copy"]
    fieldsets = [
        (None, {"fields": ["recipients", "subject", "template", "language", "key"]}),
        (
            _("Delivery"),
            {
                "fields": [
                    "status",
                    "attempts",
                    "last_error",
                    "created_at",
                    "claimed_at",
                    "next_attempt_at",
                    "sent_at",
                ]
            },
        ),
        (_("Message"), {"fields": ["text", "attachment_names"]}),
    ]
    readonly_fields = [
        "recipients",
        "subject",
        "template",
        "language",
        "key",
        "status",
        "attempts",
        "last_error",
        "created_at",
        "claimed_at",
        "next_attempt_at",
        "sent_at",
        "text",
        "attachment_names",
    ]

    def get_queryset(self, request: HttpRequest):
        queryset = super().get_queryset(request)
        if request.resolver_match and request.resolver_match.url_name.endswith("_changelist"):
            # The stored message (with its attachments) is shown on the e-mail's own page only.
            queryset = queryset.defer("message")
        return queryset

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj=None) -> bool:
        # The row is the record that a message went out, and its key keeps it from going twice.
        return False

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        extra_context = {
            **(extra_context or {}),
            "show_save": False,
            "show_save_and_continue": False,
            "show_save_and_add_another": False,
        }
        return super().changeform_view(request, object_id, form_url, extra_context)

    @admin.display(description=_("late"), boolean=True)
    def late(self, email: OutboxEmail) -> bool:
        """Waiting for more than a minute: its message or its worker was lost; send it again."""
        return email_is_late(email, now=timezone.now())

    @admin.display(description=_("last error"))
    def error(self, email: OutboxEmail) -> str:
        return truncatechars(email.last_error, 160)

    @admin.display(description=_("text"))
    def text(self, email: OutboxEmail) -> str:
        return email.message.get("body", "")

    @admin.display(description=_("attachments"))
    def attachment_names(self, email: OutboxEmail) -> str:
        return ", ".join(name for name, _content, _mimetype in email.message.get("attachments", []))

    @admin.action(description=_("Send the selected failed or late e-mails again"))
    def send_again(self, request: HttpRequest, queryset) -> None:
        with transaction.atomic():
            resent = sum(email_resend(email=email) for email in queryset)
        skipped = queryset.count() - resent
        if resent:
            self.message_user(
                request,
                ngettext(
                    "%(count)d e-mail will be sent again.",
                    "%(count)d e-mails will be sent again.",
                    resent,
                )
                % {"count": resent},
                messages.SUCCESS,
            )
        if skipped:
            self.message_user(
                request,
                ngettext(
                    "%(count)d e-mail was neither failed nor late and is left as it is: a sent "
                    "e-mail is not sent twice (send a copy instead), a queued one is on its way.",
                    "%(count)d e-mails were neither failed nor late and are left as they are: a "
                    "sent e-mail is not sent twice (send a copy instead), a queued one is on its "
                    "way.",
                    skipped,
                )
                % {"count": skipped},
                messages.WARNING,
            )

    @admin.action(description=_("Send a new copy of the selected sent e-mails"))
    def send_copy(self, request: HttpRequest, queryset) -> None:
        sent = list(queryset.filter(status=OutboxEmail.Status.SENT))
        with transaction.atomic():
            for email in sent:
                email_send_copy(email=email)
        skipped = queryset.count() - len(sent)
        if sent:
            self.message_user(
                request,
                ngettext(
                    "A copy of %(count)d e-mail will be sent.",
                    "Copies of %(count)d e-mails will be sent.",
                    len(sent),
                )
                % {"count": len(sent)},
                messages.SUCCESS,
            )
        if skipped:
            self.message_user(
                request,
                ngettext(
                    "%(count)d e-mail has not been sent yet, so no copy was made of it.",
                    "%(count)d e-mails have not been sent yet, so no copy was made of them.",
                    skipped,
                )
                % {"count": skipped},
                messages.WARNING,
            )


@waiting_for_staff
def emails_waiting() -> list[Waiting]:
    """E-mails the mail server refused for good: someone did not get their link."""
    return [
        Waiting(
            label=_("E-mails that could not be sent"),
            count=OutboxEmail.objects.filter(status=OutboxEmail.Status.FAILED).count(),
            url=reverse("admin:hub_outboxemail_changelist")
            + f"?status__exact={OutboxEmail.Status.FAILED}",
        )
    ]


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


@admin.register(PrivacyLogEntry)
class PrivacyLogEntryAdmin(admin.ModelAdmin):
    """The audit log of exports and erasures, read-only, and the page where staff answer a
    person's request: find them by e-mail, export or erase their data."""

    list_display = ["at", "action", "by", "by_staff", "what"]
    list_filter = ["action", "by_staff"]
    date_hierarchy = "at"
    list_select_related = ["by"]
    change_list_template = "admin/hub/privacylogentry/change_list.html"

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False

    def get_urls(self):
        return [
            path(
                "person/",
                self.admin_site.admin_view(self.person_view),
                name="hub_privacylogentry_person",
            ),
            *super().get_urls(),
        ]

    def person_view(self, request: HttpRequest) -> HttpResponse:
        if not request.user.has_perm("hub.handle_personal_data"):
            raise PermissionDenied
        search = PersonSearchForm(request.POST if request.method == "POST" else request.GET or None)
        erase = PersonEraseForm(request.POST if request.POST.get("action") == "erase" else None)
        person = Person.of_email(search.cleaned_data["email"]) if search.is_valid() else None
        if person is not None and request.POST.get("action") == "export":
            document = personal_data_export_request(
                email=search.cleaned_data["email"], user=person.user, by=request.user
            )
            self.message_user(
                request, _("The copy is being prepared; download it here."), messages.SUCCESS
            )
            return redirect(reverse("admin:hub_document_change", args=[document.pk]))
        if person is not None and erase.is_bound and erase.is_valid():
            try:
                counts = personal_data_erase(
                    person=person, by=request.user, reason=str(_("Erased on request by staff."))
                )
            except LastAdmin as error:
                self.message_user(request, str(error), messages.ERROR)
            else:
                self.message_user(
                    request,
                    _("Erased: %(count)s records.") % {"count": sum(counts.values())},
                    messages.SUCCESS,
                )
                return redirect(reverse("admin:hub_privacylogentry_changelist"))
        context = {
            **self.admin_site.each_context(request),
            "title": _("Find a person's data"),
            "opts": self.model._meta,
            "search": search,
            "person": person,
            "summary": personal_data_summary(person) if person else [],
            "erase": erase,
        }
        return TemplateResponse(request, "admin/hub/privacylogentry/person.html", context)
