from __future__ import annotations

from django import forms
from django.contrib import admin, messages
from django.http import HttpRequest, StreamingHttpResponse
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from hub.admin import HistoryAdmin, Waiting, waiting_for_staff
from hub.search import SearchAdminMixin

from .exports_sql import export_chunks
from .forms import RejectForm
from .models import (
    Invitation,
    JoinRequest,
    JoinRequestStatus,
    Membership,
    Organisation,
    SupportRecord,
    VerificationStatus,
)
from .services import (
    OrganisationError,
    join_request_approve,
    join_request_decline,
    organisation_claim_invite,
    organisation_numbers_clean,
    organisation_reject,
    organisation_set_status,
    organisation_verify,
)
from .validators import clean_description


class OrganisationAdminForm(forms.ModelForm):
    website = forms.URLField(
        label=_("website"), required=False, max_length=200, assume_scheme="https"
    )

    class Meta:
        model = Organisation
        fields = "__all__"  # noqa: DJ007 - the admin's fieldsets choose what is shown

    def clean(self):
        cleaned = super().clean()
        if (
            cleaned.get("verification_status") == VerificationStatus.REJECTED
            and not (cleaned.get("rejection_reason") or "").strip()
        ):
            self.add_error(
                "rejection_reason",
                _("Give the reason for the rejection; the organisation sees it."),
            )
        if "description" in cleaned:
            cleaned["description"] = clean_description(cleaned["description"])
        if cleaned.get("country"):
            # Staff's numbers are checked and kept compact like everyone's.
            numbers, errors, _existing = organisation_numbers_clean(
                country=cleaned["country"],
                registration_number=cleaned.get("registration_number", ""),
                tax_number=cleaned.get("tax_number", ""),
                exclude_pk=self.instance.pk,
            )
            for name in ("registration_number", "tax_number"):
                if name in errors:
                    self.add_error(name, errors[name])
                elif name in cleaned:
                    cleaned[name] = numbers[name]
        return cleaned


class MembershipInline(admin.TabularInline):
    model = Membership
    extra = 0
    autocomplete_fields = ["user"]
    fields = ["user", "role", "created_at"]
    readonly_fields = ["created_at"]


class SupportRecordInline(admin.TabularInline):
    model = SupportRecord
    extra = 0
    fields = ["date", "kind", "hours", "topic", "given_by"]
    autocomplete_fields = ["given_by"]


@admin.register(Organisation)
class OrganisationAdmin(SearchAdminMixin, HistoryAdmin):
    list_display = [
        "name",
        "sector",
        "legal_form",
        "seat",
        "verification_status",
        "has_potential",
        "last_confirmed_at",
        "created_at",
    ]
    list_filter = [
        "verification_status",
        "sector",
        "legal_form",
        "size_class",
        "country",
        "has_potential",
        "public_interest",
        ("seat__region", admin.RelatedOnlyFieldListFilter),
        "fields",
    ]
    list_select_related = ["seat"]
    search_fields = ["name", "short_name", "registration_number", "tax_number", "email"]
    prepopulated_fields = {"slug": ["name"]}
    filter_horizontal = ["municipalities_served", "fields"]
    autocomplete_fields = ["seat"]
    date_hierarchy = "created_at"
    readonly_fields = [
        "verified_by",
        "verified_at",
        "rejection_reason",
        "last_confirmed_at",
        "confirmation_reminders_sent",
        "last_reminder_at",
        "claim_invited_at",
        "created_at",
        "updated_at",
    ]
    fieldsets = [
        (
            None,
            {
                "fields": [
                    "name",
                    "short_name",
                    "slug",
                    "sector",
                    "legal_form",
                    "size_class",
                    "country",
                    "registration_number",
                    "tax_number",
                ]
            },
        ),
        (
            _("Place and fields"),
            {"fields": ["seat", "municipalities_served", "fields", "description"]},
        ),
        (
            _("Contact and size"),
            {
                "fields": [
                    "website",
                    "email",
                    "phone",
                    "logo",
                    "members",
                    "employees",
                    "volunteers",
                    "founded_year",
                    "public_interest",
                ]
            },
        ),
        (
            _("Hub only"),
            {
                "description": _(
                    "Changing the status to verified or rejected e-mails the organisation's "
                    "admins; a rejection needs a reason, which they see."
                ),
                "fields": [
                    "verification_status",
                    "verified_by",
                    "verified_at",
                    "rejection_reason",
                    "has_potential",
                    "staff_notes",
                ],
            },
        ),
        (
            _("Keeping it current"),
            {
                "fields": [
                    "last_confirmed_at",
                    "confirmation_reminders_sent",
                    "last_reminder_at",
                    "claim_invited_at",
                    "created_at",
                    "updated_at",
                ]
            },
        ),
    ]
    inlines = [MembershipInline, SupportRecordInline]
    actions = ["verify", "reject", "export_csv", "invite_to_claim"]
    form = OrganisationAdminForm

    def save_model(self, request: HttpRequest, obj: Organisation, form, change: bool) -> None:
        status_changed = "verification_status" in form.changed_data
        super().save_model(request, obj, form, change)
        if status_changed or not change:
            organisation_set_status(
                organisation=obj,
                by=request.user,
                status=obj.verification_status,
                reason=obj.rejection_reason,
            )

    @admin.action(description=_("Verify the selected organisations (and tell them)"))
    def verify(self, request: HttpRequest, queryset) -> None:
        count = 0
        for organisation in queryset.exclude(verification_status=VerificationStatus.VERIFIED):
            organisation_verify(organisation=organisation, by=request.user)
            count += 1
        self.message_user(
            request,
            ngettext(
                "%(count)d organisation verified; its admins will get an e-mail.",
                "%(count)d organisations verified; their admins will get an e-mail.",
                count,
            )
            % {"count": count},
            messages.SUCCESS,
        )

    @admin.action(description=_("Reject the selected organisations (with a reason)"))
    def reject(self, request: HttpRequest, queryset):
        form = RejectForm(request.POST if request.POST.get("confirmed") else None)
        if form.is_valid():
            count = 0
            for organisation in queryset:
                try:
                    organisation_reject(
                        organisation=organisation,
                        by=request.user,
                        reason=form.cleaned_data["reason"],
                    )
                except OrganisationError as error:
                    self.message_user(request, str(error), messages.ERROR)
                    return None
                count += 1
            self.message_user(
                request,
                ngettext(
                    "%(count)d organisation rejected; its admins will get an e-mail.",
                    "%(count)d organisations rejected; their admins will get an e-mail.",
                    count,
                )
                % {"count": count},
                messages.SUCCESS,
            )
            return None
        return TemplateResponse(
            request,
            "organisations/admin/reject.html",
            {
                **self.admin_site.each_context(request),
                "opts": self.model._meta,
                "queryset": queryset,
                "form": form,
                "title": _("Reject organisations"),
            },
        )

    @admin.action(description=_("Invite the selected organisations to claim their profiles"))
    def invite_to_claim(self, request: HttpRequest, queryset) -> None:
        """Once per organisation, to its public address, however often staff click."""
        invited = organisation_claim_invite(organisations=queryset, by=request.user)
        skipped = queryset.count() - len(invited)
        self.message_user(
            request,
            ngettext(
                "%(count)d organisation will be invited to claim its profile.",
                "%(count)d organisations will be invited to claim their profiles.",
                len(invited),
            )
            % {"count": len(invited)},
            messages.SUCCESS,
        )
        if skipped:
            self.message_user(
                request,
                ngettext(
                    "%(count)d organisation was left out: it has members or no public e-mail, "
                    "or it has already been invited.",
                    "%(count)d organisations were left out: they have members or no public "
                    "e-mail, or they have already been invited.",
                    skipped,
                )
                % {"count": skipped},
                messages.WARNING,
            )

    @admin.action(description=_("Download the selected organisations as CSV"))
    def export_csv(self, request: HttpRequest, queryset) -> StreamingHttpResponse:
        chunks = export_chunks(
            lambda: queryset,
            format="csv",
            base_url=request.build_absolute_uri("/")[:-1],
        )
        response = StreamingHttpResponse(chunks, content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = 'attachment; filename="organisations.csv"'
        return response


@admin.register(Membership)
class MembershipAdmin(HistoryAdmin):
    list_display = ["user", "organisation", "role", "created_at"]
    list_filter = ["role"]
    list_select_related = ["user", "organisation"]
    search_fields = ["user__email", "organisation__name"]
    autocomplete_fields = ["user", "organisation"]


@admin.register(JoinRequest)
class JoinRequestAdmin(admin.ModelAdmin):
    list_display = [
        "user",
        "organisation",
        "claim",
        "status",
        "created_at",
        "decided_by",
        "decided_at",
    ]
    list_filter = ["status", "claim"]
    list_select_related = ["user", "organisation", "decided_by"]
    search_fields = ["user__email", "organisation__name"]
    readonly_fields = [
        "organisation",
        "user",
        "message",
        "claim",
        "status",
        "created_at",
        "decided_by",
        "decided_at",
    ]
    actions = ["approve", "decline"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def _decide(self, request: HttpRequest, queryset, service) -> int:
        count = 0
        for join_request in queryset.filter(status=JoinRequestStatus.PENDING).select_related(
            "user", "organisation"
        ):
            try:
                service(join_request=join_request, by=request.user)
            except OrganisationError as error:
                self.message_user(request, str(error), messages.WARNING)
            else:
                count += 1
        return count

    @admin.action(description=_("Approve the selected requests"), permissions=["change"])
    def approve(self, request: HttpRequest, queryset) -> None:
        count = self._decide(request, queryset, join_request_approve)
        self.message_user(request, _("%(count)d requests approved.") % {"count": count})

    @admin.action(description=_("Decline the selected requests"), permissions=["change"])
    def decline(self, request: HttpRequest, queryset) -> None:
        count = self._decide(request, queryset, join_request_decline)
        self.message_user(request, _("%(count)d requests declined.") % {"count": count})


@admin.register(Invitation)
class InvitationAdmin(admin.ModelAdmin):
    list_display = ["email", "organisation", "role", "created_at", "expires_at", "accepted_at"]
    list_select_related = ["organisation"]
    search_fields = ["email", "organisation__name"]
    readonly_fields = ["token", "invited_by", "accepted_at", "accepted_by", "created_at"]
    autocomplete_fields = ["organisation"]


@admin.register(SupportRecord)
class SupportRecordAdmin(admin.ModelAdmin):
    list_display = ["date", "organisation", "kind", "hours", "topic", "given_by"]
    list_filter = ["kind", ("given_by", admin.RelatedOnlyFieldListFilter)]
    list_select_related = ["organisation", "given_by"]
    search_fields = ["organisation__name", "topic"]
    autocomplete_fields = ["organisation", "given_by"]
    date_hierarchy = "date"

    def get_changeform_initial_data(self, request: HttpRequest) -> dict:
        return {"given_by": request.user.pk, **super().get_changeform_initial_data(request)}


@waiting_for_staff
def organisations_waiting() -> list[Waiting]:
    """Registrations to verify and join requests no one has answered yet."""
    changelist = "admin:organisations_{}_changelist"
    return [
        Waiting(
            label=_("Organisations waiting for verification"),
            count=Organisation.objects.filter(
                verification_status=VerificationStatus.PENDING
            ).count(),
            url=reverse(changelist.format("organisation"))
            + f"?verification_status__exact={VerificationStatus.PENDING}",
        ),
        Waiting(
            label=_("Open join requests"),
            count=JoinRequest.objects.filter(status=JoinRequestStatus.PENDING).count(),
            url=reverse(changelist.format("joinrequest"))
            + f"?status__exact={JoinRequestStatus.PENDING}",
        ),
    ]
