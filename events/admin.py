from django.contrib import admin, messages
from django.db import models
from django.db.models import Case, F, Q, QuerySet, Value, When
from django.db.models.expressions import OrderBy
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from hub.admin import HistoryAdmin
from hub.search import SearchAdminMixin
from hub.selectors import hub_profile

from .errors import EventError
from .forms import EventAdminForm
from .models import (
    SPECIAL_ANSWER_FIELDS,
    Event,
    OrganisationLink,
    Participant,
    Programme,
    Registration,
    SpecialCategoryEntry,
)
from .services import registration_cancel, registration_check_in, waiting_list_promote

SPECIAL_PERMISSION = "events.view_special_category"


class SessionInline(admin.TabularInline):
    model = Event
    fk_name = "programme"
    extra = 0
    fields = ["title", "start", "end", "required_session", "is_published"]
    readonly_fields = ["title", "start", "end", "is_published"]
    ordering = ["start", "pk"]
    can_delete = False
    show_change_link = True
    verbose_name = _("session")
    verbose_name_plural = _("sessions (choose the programme on each event)")

    def has_add_permission(self, request, obj=None) -> bool:
        return False


@admin.register(Programme)
class ProgrammeAdmin(admin.ModelAdmin):
    list_display = ["title", "sessions_count"]
    search_fields = ["title"]
    inlines = [SessionInline]

    def get_queryset(self, request) -> QuerySet:
        return super().get_queryset(request).annotate(session_count=models.Count("sessions"))

    @admin.display(description=_("sessions"), ordering="session_count")
    def sessions_count(self, programme: Programme) -> int:
        return programme.session_count


class RegistrationInline(admin.TabularInline):
    """Seats change only through registering and cancelling, so status is read here, not set."""

    model = Registration
    extra = 0
    fields = ["name", "email", "organisation", "organisation_name", "status", "attended"]
    readonly_fields = ["name", "email", "organisation", "organisation_name", "status"]
    ordering = ["status", "registered_at"]
    can_delete = False
    show_change_link = True

    def has_add_permission(self, request, obj=None) -> bool:
        return False


@admin.register(Event)
class EventAdmin(SearchAdminMixin, HistoryAdmin):
    form = EventAdminForm
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}
    list_display = [
        "title",
        "kind",
        "start",
        "municipality",
        "capacity",
        "confirmed",
        "waiting",
        "is_published",
        "staff_pages",
    ]
    list_filter = ["is_published", "kind", "language", "municipality__region"]
    search_fields = ["title", "venue"]
    date_hierarchy = "start"
    prepopulated_fields = {"slug": ["title"]}
    autocomplete_fields = ["organiser", "call", "programme"]
    filter_horizontal = ["fields"]
    list_select_related = ["municipality"]
    inlines = [RegistrationInline]
    fieldsets = [
        (
            None,
            {
                "fields": [
                    "title",
                    "slug",
                    "kind",
                    "description",
                    "fields",
                    "is_published",
                    "is_cancelled",
                ]
            },
        ),
        (_("When"), {"fields": ["start", "end", "time_zone", "language"]}),
        (_("Where"), {"fields": ["venue", "address", "municipality", "online_url"]}),
        (
            _("Registration"),
            {"fields": ["capacity", "waiting_list", "registration_opens", "registration_closes"]},
        ),
        (_("Organiser"), {"fields": ["organiser", "call"]}),
        (
            _("Programme"),
            {"fields": ["programme", "required_session", "leads_to_qualification"]},
        ),
    ]

    def get_queryset(self, request) -> QuerySet:
        return super().get_queryset(request).with_seat_counts()

    def get_changeform_initial_data(self, request) -> dict:
        # A new event is held in the hub's own language unless staff choose another.
        return {"language": hub_profile().language, **super().get_changeform_initial_data(request)}

    def get_ordering(self, request) -> list:
        """What is coming first, soonest at the top; then what has been, latest first."""
        upcoming = Q(end__gte=timezone.now())
        return [
            Case(When(upcoming, then=Value(0)), default=Value(1)),
            OrderBy(Case(When(upcoming, then=F("start"))), nulls_last=True),
            F("start").desc(),
        ]

    @admin.display(description=_("confirmed"), ordering="confirmed_count")
    def confirmed(self, event: Event) -> int:
        return event.confirmed_count

    @admin.display(description=_("waiting"), ordering="waiting_count")
    def waiting(self, event: Event) -> int:
        return event.waiting_count

    @admin.display(description=_("check-in"))
    def staff_pages(self, event: Event) -> str:
        return format_html(
            '<a href="{}">{}</a>',
            reverse("events:manage", kwargs={"slug": event.slug}),
            _("Participants and check-in"),
        )

    def save_formset(self, request, form, formset, change: bool) -> None:
        for instance in formset.save(commit=False):
            if instance.attended and instance.checked_in_at is None:
                instance.checked_in_at = timezone.now()
            elif not instance.attended:
                instance.checked_in_at = None
            instance.save()
        formset.save_m2m()

    def save_model(self, request, obj: Event, form, change: bool) -> None:
        super().save_model(request, obj, form, change)
        if change and "capacity" in form.changed_data:
            # More seats go to the people waiting, who are told by e-mail.
            promoted = waiting_list_promote(event=obj)
            if promoted:
                messages.info(
                    request,
                    ngettext(
                        "%(count)d person moved up from the waiting list.",
                        "%(count)d people moved up from the waiting list.",
                        len(promoted),
                    )
                    % {"count": len(promoted)},
                )


@admin.register(Registration)
class RegistrationAdmin(HistoryAdmin):
    """Attendance can be marked here too (the list's "attended" column, or the actions); staff
    confirm a registration's link to a directory organisation, which then credits it in reports.
    Entry data is read-only: it is what the person said at entry. Special-category data is never
    shown here."""

    list_display = [
        "name",
        "email",
        "event",
        "organisation_label",
        "organisation_link",
        "status",
        "attended",
    ]
    list_editable = ["attended"]
    list_filter = ["status", "attended", "organisation_link", "event__kind", "event"]
    list_select_related = ["event", "organisation"]
    search_fields = ["name", "email", "organisation_name", "organisation__name", "event__title"]
    autocomplete_fields = ["organisation"]
    readonly_fields = [
        "event",
        "status",
        "token",
        "registered_at",
        "registered_by",
        "cancelled_at",
        "checked_in_at",
        "language",
        "consent",
        "organisation_link",
        "pid",
        "entry_items",
        "age_band",
        "gender",
        "education",
        "employment",
    ]
    fields = [
        "event",
        "name",
        "email",
        "organisation",
        "organisation_name",
        "organisation_link",
        "status",
        "attended",
        "checked_in_at",
        "consent",
        "language",
        "registered_at",
        "registered_by",
        "cancelled_at",
        "token",
        "pid",
        "entry_items",
        "age_band",
        "gender",
        "education",
        "employment",
    ]
    actions = ["mark_attended", "mark_absent", "confirm_organisation", "cancel"]

    def has_add_permission(self, request) -> bool:
        # New registrations go through the event's page, which keeps the seat count honest.
        return False

    @admin.display(description=_("organisation"))
    def organisation_label(self, registration: Registration) -> str:
        return registration.organisation_label

    def save_model(self, request, obj: Registration, form, change: bool) -> None:
        if "attended" in form.changed_data:
            obj.checked_in_at = timezone.now() if obj.attended else None
        if "organisation" in form.changed_data:
            # Staff chose the organisation: that is a confirmed link.
            obj.organisation_link = OrganisationLink.STAFF if obj.organisation_id else ""
        super().save_model(request, obj, form, change)

    @admin.action(description=_("Confirm the link to the organisation (credits it in reports)"))
    def confirm_organisation(self, request, queryset: QuerySet) -> None:
        confirmed = 0
        for registration in queryset.filter(organisation__isnull=False).exclude(
            organisation_link=OrganisationLink.STAFF
        ):
            registration.organisation_link = OrganisationLink.STAFF
            registration.save(update_fields=["organisation_link"])
            confirmed += 1
        self.message_user(
            request,
            ngettext(
                "%(count)d link to an organisation confirmed.",
                "%(count)d links to organisations confirmed.",
                confirmed,
            )
            % {"count": confirmed},
        )

    @admin.action(description=_("Mark as present"))
    def mark_attended(self, request, queryset: QuerySet) -> None:
        self._check_in(request, queryset.filter(attended=False), attended=True)

    @admin.action(description=_("Mark as absent"))
    def mark_absent(self, request, queryset: QuerySet) -> None:
        self._check_in(request, queryset.filter(attended=True), attended=False)

    def _check_in(self, request, queryset: QuerySet, *, attended: bool) -> None:
        for registration in queryset.select_related("event"):
            try:
                registration_check_in(registration=registration, attended=attended)
            except EventError as error:
                self.message_user(request, str(error.message), messages.WARNING)

    @admin.action(description=_("Cancel (frees the seat for the first person waiting)"))
    def cancel(self, request, queryset: QuerySet) -> None:
        for registration in queryset.select_related("event"):
            try:
                registration_cancel(registration=registration)
            except EventError as error:
                self.message_user(request, f"{registration}: {error.message}", messages.ERROR)


@admin.register(Participant)
class ParticipantAdmin(admin.ModelAdmin):
    """One person behind many registrations; created by registering, never by hand."""

    list_display = ["pid", "user", "email_key", "created_at"]
    search_fields = ["=pid", "email_key", "user__email"]
    readonly_fields = ["pid", "user", "email_key", "created_at"]
    fields = readonly_fields

    def has_add_permission(self, request) -> bool:
        return False


@admin.register(SpecialCategoryEntry)
class SpecialCategoryEntryAdmin(admin.ModelAdmin):
    """Readable only with the "view special-category data" permission, read-only, and by the
    pseudonymous id alone: no name or e-mail address beside the answers."""

    list_display = [
        "pid",
        "event",
        "asked_at",
        "consent",
        *SPECIAL_ANSWER_FIELDS,
    ]
    list_select_related = ["registration__event"]
    fields = [
        "pid",
        "event",
        "items",
        "asked_at",
        "consent",
        *SPECIAL_ANSWER_FIELDS,
    ]
    readonly_fields = fields

    @admin.display(description=_("pseudonymous id"))
    def pid(self, entry: SpecialCategoryEntry) -> str:
        return str(entry.registration.pid or "")

    @admin.display(description=_("event"))
    def event(self, entry: SpecialCategoryEntry) -> str:
        return str(entry.registration.event)

    def has_module_permission(self, request) -> bool:
        return request.user.has_perm(SPECIAL_PERMISSION)

    def has_view_permission(self, request, obj=None) -> bool:
        return request.user.has_perm(SPECIAL_PERMISSION)

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False
