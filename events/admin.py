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
from .models import Event, Registration
from .services import registration_cancel, registration_check_in, waiting_list_promote


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
    raw_id_fields = ["organiser", "call"]
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
class RegistrationAdmin(admin.ModelAdmin):
    """Attendance can be marked here too (the list's "attended" column, or the actions)."""

    list_display = ["name", "email", "event", "organisation_label", "status", "attended"]
    list_editable = ["attended"]
    list_filter = ["status", "attended", "event__kind", "event"]
    list_select_related = ["event", "organisation"]
    search_fields = ["name", "email", "organisation_name", "organisation__name", "event__title"]
    raw_id_fields = ["organisation"]
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
    ]
    fields = [
        "event",
        "name",
        "email",
        "organisation",
        "organisation_name",
        "status",
        "attended",
        "checked_in_at",
        "consent",
        "language",
        "registered_at",
        "registered_by",
        "cancelled_at",
        "token",
    ]
    actions = ["mark_attended", "mark_absent", "cancel"]

    def has_add_permission(self, request) -> bool:
        # New registrations go through the event's page, which keeps the seat count honest.
        return False

    @admin.display(description=_("organisation"))
    def organisation_label(self, registration: Registration) -> str:
        return registration.organisation_label

    def save_model(self, request, obj: Registration, form, change: bool) -> None:
        if "attended" in form.changed_data:
            obj.checked_in_at = timezone.now() if obj.attended else None
        super().save_model(request, obj, form, change)

    @admin.action(description=_("Mark as present"))
    def mark_attended(self, request, queryset: QuerySet) -> None:
        for registration in queryset.filter(attended=False):
            registration_check_in(registration=registration, attended=True)

    @admin.action(description=_("Mark as absent"))
    def mark_absent(self, request, queryset: QuerySet) -> None:
        for registration in queryset.filter(attended=True):
            registration_check_in(registration=registration, attended=False)

    @admin.action(description=_("Cancel (frees the seat for the first person waiting)"))
    def cancel(self, request, queryset: QuerySet) -> None:
        for registration in queryset.select_related("event"):
            try:
                registration_cancel(registration=registration)
            except EventError as error:
                self.message_user(request, f"{registration}: {error.message}", messages.ERROR)
