from __future__ import annotations

import json
from functools import wraps

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.core.serializers.json import DjangoJSONEncoder
from django.http import (
    HttpRequest,
    HttpResponse,
    HttpResponseRedirect,
    JsonResponse,
)
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_POST
from django.views.generic import DetailView, ListView

from hub.cache import SEATS, cached_fragment, query_vary, this_minute
from hub.documents import document_for
from hub.feeds import cached_response
from hub.ratelimit import rate_consume
from peers.filters import includes_peers
from peers.selectors import peer_events

from . import privacy, selectors, services
from .errors import EventError, LeavingClosed
from .feeds import calendar_for, feeds_change_at
from .filters import EventFilter
from .forms import LeavingForm, RegistrationForm
from .models import Event, LeavingItem, LeavingSituation, Registration
from .services import leaving


class EventListView(ListView):
    template_name = "events/event_list.html"
    context_object_name = "events"
    paginate_by = 20

    def get_queryset(self):
        self.filterset = EventFilter(self.request.GET, queryset=selectors.event_published())
        return self.filterset.qs

    def get_context_data(self, **kwargs):
        query = self.request.GET.copy()
        query.pop("page", None)
        context = {
            "view": self,
            "filter": self.filterset,
            "past": self.filterset.past,
            "query_string": query.urlencode(),
            "is_filtered": any(v for k, v in self.request.GET.items() if k not in ("page", "when")),
            "filters_in_use": sum(1 for k, v in query.items() if v and k != "when"),
        }

        filters = getattr(self.filterset.form, "cleaned_data", {})
        context["include_peers"] = includes_peers(filters)

        def results() -> str:
            _, page, events, _ = self.paginate_queryset(self.object_list, self.paginate_by)
            return render_to_string(
                "events/_results.html",
                {
                    **context,
                    "page_obj": page,
                    "events": events,
                    "months": selectors.event_months(events=list(events)),
                    # Other hubs' events under the first page of this hub's, when asked for.
                    "peer_events": peer_events(filters=filters)
                    if context["include_peers"] and page.number == 1
                    else None,
                },
            )

        # The same for every reader of the same question (rendered without the request), until
        # an event, a registration (seats), an organiser, a place or what was read from other
        # hubs changes, or a minute passes (events start, registrations close).
        context["results"] = cached_fragment(
            "events:list",
            domains=("events", SEATS, "organisations", "reference", "peers"),
            vary=(query_vary(self.request), this_minute()),
            render=results,
        )
        return context


class EventDetailView(DetailView):
    template_name = "events/event_detail.html"
    context_object_name = "event"

    def get_object(self, queryset=None) -> Event:
        return selectors.event_public_detail(slug=self.kwargs["slug"])

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        user = self.request.user
        context["own_registration"] = (
            selectors.registration_for_user(user=user, event=self.object)
            if user.is_authenticated
            else None
        )
        if "form" not in context and self.object.accepts_registrations:
            context["form"] = _registration_form(self.object, user)
        context["sessions"] = selectors.programme_sessions(event=self.object)
        return context


def _registration_form(event: Event, user, data=None) -> RegistrationForm:
    return RegistrationForm(
        data, user=user, event=event, entry_items=selectors.entry_items_for(event=event)
    )


def _too_many_registrations(request: HttpRequest, email: str) -> bool:
    """Each registration e-mails the address typed in, so they are counted per client address
    and per e-mail address (``ACCOUNT_RATE_LIMITS["event_register"]``), by counters that find
    the client's address as sign-in does and never refuse simultaneous registrations below the
    limit. Hub staff at the door are not counted."""
    if request.user.is_staff:
        return False
    return not rate_consume(request, action="event_register", key=email.lower())


@require_POST
def register(request: HttpRequest, slug: str) -> HttpResponse:
    event = selectors.event_public_detail(slug=slug)
    form = _registration_form(event, request.user, request.POST)
    status = 200
    if form.is_valid() and _too_many_registrations(request, form.cleaned_data["email"]):
        form.add_error(
            None,
            _(
                "Too many registrations have been sent from your connection or for this e-mail "
                "address in a short time. Please try again later, or write to the hub at "
                "%(email)s."
            )
            % {"email": settings.HUB_EMAIL},
        )
        status = 429
    if form.is_valid():
        data = form.cleaned_data
        try:
            registration = services.registration_create(
                event=event,
                name=data["name"],
                email=data["email"],
                consent=data["consent"],
                organisation=data.get("organisation"),
                organisation_link=data["organisation_link"],
                organisation_name=data.get("organisation_name", ""),
                registered_by=request.user if request.user.is_authenticated else None,
                language=get_language(),
                entry=data["entry"],
            )
        except EventError as error:
            messages.error(request, error.message)
        else:
            if registration.status == Registration.Status.CONFIRMED:
                messages.success(
                    request,
                    _("%(name)s is registered. A confirmation is on its way to %(email)s.")
                    % {"name": registration.name, "email": registration.email},
                )
            else:
                messages.warning(
                    request,
                    _(
                        "The event is full, so %(name)s is on the waiting list. We will write "
                        "to %(email)s as soon as a seat is free."
                    )
                    % {"name": registration.name, "email": registration.email},
                )
            return redirect(registration)
    # The page again with what was typed and what went wrong.
    view = EventDetailView()
    view.setup(request, slug=slug)
    view.object = event
    return render(request, view.template_name, view.get_context_data(form=form), status=status)


def registration_detail(request: HttpRequest, slug: str, token: str) -> HttpResponse:
    """The person's own page, reached by the link in their e-mail: status, cancel, certificate."""
    registration = selectors.registration_for_token(slug=slug, token=token)
    return render(
        request,
        "events/registration_detail.html",
        {
            "registration": registration,
            "event": registration.event,
            "certificate": document_for(kind=services.CERTIFICATE, subject=registration),
            "can_cancel": registration.is_active and registration.event.start > timezone.now(),
        },
    )


def registration_leaving(request: HttpRequest, slug: str, token: str) -> HttpResponse:
    """The person tells their situation on leaving through their personal link."""
    registration = selectors.registration_for_token(slug=slug, token=token)
    return _leaving_page(request, registration, done=registration.get_absolute_url())


def _leaving_page(request: HttpRequest, registration: Registration, *, done: str) -> HttpResponse:
    if not leaving.leaving_open(registration=registration):
        messages.error(request, LeavingClosed.message)
        return redirect(done)
    if request.method == "POST":
        form = LeavingForm(request.POST)
        if form.is_valid():
            leaving.leaving_record(registration=registration, answers=form.cleaned_data)
            messages.success(request, _("Thank you: your situation on leaving is saved."))
            return redirect(done)
    else:
        found = LeavingSituation.objects.filter(registration=registration).first()
        form = LeavingForm(
            initial={item: getattr(found, item) for item in LeavingItem.values} if found else None
        )
    return render(
        request,
        "events/registration_leaving.html",
        {
            "registration": registration,
            "event": registration.event,
            "form": form,
            "deadline": leaving.leaving_deadline(registration.event),
            "back": done,
        },
    )


@require_POST
def registration_cancel(request: HttpRequest, slug: str, token: str) -> HttpResponse:
    registration = selectors.registration_for_token(slug=slug, token=token)
    try:
        services.registration_cancel(registration=registration)
    except EventError as error:
        messages.error(request, error.message)
    else:
        messages.success(
            request,
            _("The registration is cancelled and the seat is free for someone else. Thank you."),
        )
    return redirect(registration)


@never_cache
@require_GET
def registration_data(request: HttpRequest, slug: str, token: str) -> HttpResponse:
    """This registration's data, as JSON: the personal link's copy holds this registration only
    (a copy of everything held about the address goes to the address, from the privacy page)."""
    registration = selectors.registration_for_token(slug=slug, token=token)
    content = json.dumps(
        privacy.registration_data(registration=registration),
        cls=DjangoJSONEncoder,
        ensure_ascii=False,
        indent=2,
    )
    response = HttpResponse(content, content_type="application/json; charset=utf-8")
    response["Content-Disposition"] = (
        f'attachment; filename="registration-{registration.event.slug}.json"'
    )
    response["X-Robots-Tag"] = "noindex"
    return response


def registration_erase(request: HttpRequest, slug: str, token: str) -> HttpResponse:
    """A participant erases this registration: asked to confirm, then anonymised for good."""
    registration = selectors.registration_for_token(slug=slug, token=token)
    if request.method == "POST":
        privacy.registration_erase(registration=registration)
        messages.success(
            request,
            _("Your registration is erased: nothing that identifies you is left in it."),
        )
        return redirect(registration.event)
    return render(
        request,
        "events/registration_erase.html",
        {
            "registration": registration,
            "event": registration.event,
            "can_cancel": registration.is_active and registration.event.start > timezone.now(),
        },
    )


@require_POST
def registration_certificate_request(request: HttpRequest, slug: str, token: str) -> HttpResponse:
    registration = selectors.registration_for_token(slug=slug, token=token)
    try:
        services.certificate_request(registration=registration)
    except EventError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("Your certificate is being prepared."))
    return redirect(registration)


@login_required
def my_registrations(request: HttpRequest) -> HttpResponse:
    registrations = list(selectors.registration_list_for_user(user=request.user))
    now = timezone.now()
    return render(
        request,
        "events/my_registrations.html",
        {
            "upcoming": [r for r in registrations if r.event.end >= now],
            "past": [r for r in registrations if r.event.end < now],
        },
    )


@cached_response(
    "events:feed", domains=("events", "reference", "peers"), changes_at=feeds_change_at
)
def feed(request: HttpRequest) -> HttpResponse:
    """Every coming event; with ``?include=peers`` other hubs' too."""
    events = selectors.event_feed_list()
    others = peer_events() if includes_peers(request.GET) else ()
    return _calendar_response(
        request, events, name=_("Events"), filename="events.ics", peer_events=others
    )


@cached_response("events:calendar", domains=("events", "reference"))
def event_calendar(request: HttpRequest, slug: str) -> HttpResponse:
    event = selectors.event_public_detail(slug=slug)
    return _calendar_response(request, [event], name=event.title, filename=f"{event.slug}.ics")


def _calendar_response(
    request, events, *, name: str, filename: str, peer_events=()
) -> HttpResponse:
    content = calendar_for(
        events,
        url_for=lambda e: request.build_absolute_uri(e.get_absolute_url()),
        name=name,
        peer_events=peer_events,
    )
    response = HttpResponse(content, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'inline; filename="{filename}"'
    return response


# Hub staff: check-in, participants, attendance sheet and certificates.


def staff_required(view):
    """Anonymous visitors are sent to sign in; signed-in people who are not hub staff are refused."""

    @wraps(view)
    def wrapper(request: HttpRequest, *args, **kwargs):
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        if not request.user.is_staff:
            raise PermissionDenied
        return view(request, *args, **kwargs)

    return wrapper


def event_for_staff(request: HttpRequest, slug: str) -> Event:
    """The one access check for the staff pages of an event: hub staff only, any event."""
    if not (request.user.is_authenticated and request.user.is_staff):
        raise PermissionDenied
    return selectors.event_for_staff(slug=slug)


@staff_required
def event_manage(request: HttpRequest, slug: str) -> HttpResponse:
    event = event_for_staff(request, slug)
    registrations = selectors.registration_certificates(
        registrations=list(selectors.registration_participant_list(event=event))
    )
    sheet = document_for(kind=services.ATTENDANCE_SHEET, subject=event)
    certificates = [r.certificate for r in registrations if r.certificate]
    return render(
        request,
        "events/manage.html",
        {
            "event": event,
            "sessions": selectors.programme_sessions(event=event),
            "registrations": registrations,
            "attended_count": sum(r.attended for r in registrations),
            "sheet": sheet,
            "certificates_pending": sum(c.is_in_flight for c in certificates),
            "certificates_ready": sum(c.has_file for c in certificates),
            "refresh": (sheet is not None and sheet.is_in_flight)
            or any(c.is_in_flight for c in certificates),
        },
    )


@staff_required
def check_in(request: HttpRequest, slug: str) -> HttpResponse:
    event = event_for_staff(request, slug)
    registrations = list(selectors.registration_check_in_list(event=event))
    query = request.GET.get("q", "").strip()
    shown = [r for r in registrations if _matches(r, query)] if query else registrations
    return render(
        request,
        "events/check_in.html",
        {
            "event": event,
            "sessions": selectors.programme_sessions(event=event),
            "registrations": shown,
            "query": query,
            "total": len(registrations),
            "present": sum(r.attended for r in registrations),
            "check_in_open": event.check_in_is_open,
            "opens_on": event.check_in_opens_at.date(),
            # Leaving is asked at the check-out of a training's last session, where the funder
            # counts results on leaving.
            "check_out": event.end <= timezone.now()
            and leaving.is_leaving_session(event)
            and leaving.leaving_asked(event),
        },
    )


def _matches(registration: Registration, query: str) -> bool:
    haystack = f"{registration.name} {registration.email} {registration.organisation_label}"
    return query.casefold() in haystack.casefold()


@staff_required
def check_out(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    """Staff ask the person leaving their situation at the check-out, on the check-in page."""
    event = event_for_staff(request, slug)
    registration = get_object_or_404(event.registrations.active(), pk=pk)
    registration.event = event
    done = reverse("events:check_in", kwargs={"slug": event.slug}) + f"#r-{pk}"
    return _leaving_page(request, registration, done=done)


@staff_required
@require_POST
def check_in_toggle(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    event = event_for_staff(request, slug)
    registration = get_object_or_404(event.registrations.active(), pk=pk)
    attended = request.POST.get("attended") == "1"
    try:
        services.registration_check_in(registration=registration, attended=attended)
    except EventError as error:
        if request.headers.get("Accept") == "application/json":
            return JsonResponse({"error": str(error.message)}, status=409)
        messages.error(request, error.message)
        return redirect("events:check_in", slug=event.slug)
    if request.headers.get("Accept") == "application/json":
        return JsonResponse(
            {
                "attended": registration.attended,
                "present": event.registrations.active().attended().count(),
            }
        )
    url = reverse("events:check_in", kwargs={"slug": event.slug})
    query = request.POST.get("q", "").strip()
    return HttpResponseRedirect(
        f"{url}?{urlencode({'q': query})}#r-{pk}" if query else f"{url}#r-{pk}"
    )


@staff_required
def participants_export(request: HttpRequest, slug: str) -> HttpResponse:
    event = event_for_staff(request, slug)
    registrations = list(selectors.registration_participant_list(event=event))
    content = services.participants_csv(event=event, registrations=registrations)
    response = HttpResponse("\ufeff" + content, content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{event.slug}-participants.csv"'
    return response


@staff_required
@require_POST
def attendance_sheet_request(request: HttpRequest, slug: str) -> HttpResponse:
    event = event_for_staff(request, slug)
    services.attendance_sheet_request(event=event, by=request.user)
    messages.success(request, _("The attendance sheet is being prepared."))
    return _back_to_manage(event)


@staff_required
@require_POST
def certificates_issue(request: HttpRequest, slug: str) -> HttpResponse:
    event = event_for_staff(request, slug)
    try:
        count = services.certificates_issue(event=event, by=request.user)
    except EventError as error:
        messages.error(request, error.message)
        return _back_to_manage(event)
    if count:
        messages.success(
            request, _("Certificates are being prepared: %(count)s.") % {"count": count}
        )
    else:
        messages.warning(
            request,
            _("No certificates to prepare: nobody is marked as present yet, or all are ready."),
        )
    return _back_to_manage(event)


def _back_to_manage(event: Event) -> HttpResponse:
    return redirect("events:manage", slug=event.slug)
