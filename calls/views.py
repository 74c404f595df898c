from __future__ import annotations

import io

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST
from django.views.generic import DetailView, ListView

from hub import spreadsheets
from hub.alerts.views import unsubscribe_page
from hub.cache import cached_fragment, query_vary, this_minute
from peers.filters import includes_peers
from peers.selectors import peer_calls

from . import selectors, services
from .eligibility import eligibility_sentences
from .filters import CallFilter
from .forms import SubscriptionForm
from .models import CLOSING_SOON, Call, CallFollow, Subscription


class CallListView(ListView):
    template_name = "calls/list.html"
    context_object_name = "calls"
    paginate_by = 20

    def get_queryset(self):
        self.organisation = selectors.organisation_of_member(self.request.user)
        self.filterset = CallFilter(
            self.request.GET,
            queryset=selectors.call_list(),
            request=self.request,
            organisation=self.organisation,
        )
        return self.filterset.qs

    def get_context_data(self, **kwargs):
        query = self.request.GET.copy()
        query.pop("page", None)
        context = {
            "view": self,
            "filter": self.filterset,
            "organisation": self.organisation,
            "query_string": query.urlencode(),
            "is_filtered": any(v for k, v in self.request.GET.items() if k != "page"),
            "filters_in_use": sum(1 for k, v in query.items() if v and k != "q"),
        }

        filters = getattr(self.filterset.form, "cleaned_data", {})
        context["include_peers"] = includes_peers(filters)

        def results() -> str:
            paginator, page, calls, _ = self.paginate_queryset(self.object_list, self.paginate_by)
            return render_to_string(
                "calls/_results.html",
                {
                    **context,
                    "page_obj": page,
                    "calls": calls,
                    "result_count": paginator.count,
                    # Other hubs' calls under the first page of this hub's, when asked for.
                    "peer_calls": peer_calls(closing_soon=CLOSING_SOON, filters=filters)
                    if context["include_peers"] and page.number == 1
                    else None,
                },
            )

        # The same for everyone asking the same question for the same organisation ("only
        # calls my organisation may apply to"), until a call or a place changes or a minute
        # passes (calls open and close).
        context["results"] = cached_fragment(
            "calls:list",
            domains=("calls", "reference", "peers"),
            vary=(
                query_vary(self.request),
                self.organisation.pk if self.organisation else None,
                this_minute(),
            ),
            render=results,
        )
        return context


class CallDetailView(DetailView):
    template_name = "calls/detail.html"
    context_object_name = "call"

    def get_object(self, queryset=None) -> Call:
        return selectors.call_public_detail(slug=self.kwargs["slug"])

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["now"] = timezone.now()
        context["eligibility"] = eligibility_sentences(self.object)
        user = self.request.user
        if user.is_authenticated:
            context["following"] = CallFollow.objects.filter(user=user, call=self.object).exists()
        return context


def organisations_to_invite(request: HttpRequest, slug: str) -> HttpResponse:
    """Staff only: the verified organisations that may apply and work in the call's fields."""
    call = selectors.call_for_staff(request.user, slug)
    organisations = list(selectors.organisations_to_invite(call))
    if request.GET.get("format") == "csv":
        buffer = io.StringIO()
        writer = spreadsheets.CsvWriter(buffer)
        writer.writerow(
            [_("Name"), _("Sector"), _("Legal form"), _("Seat"), _("E-mail"), _("Profile")]
        )
        for organisation in organisations:
            writer.writerow(
                [
                    organisation.name,
                    organisation.get_sector_display(),
                    organisation.get_legal_form_display(),
                    organisation.seat.name if organisation.seat_id else "",
                    organisation.email,
                    request.build_absolute_uri(
                        reverse("organisations:detail", kwargs={"slug": organisation.slug})
                    ),
                ]
            )
        response = HttpResponse(
            "\ufeff" + buffer.getvalue(), content_type="text/csv; charset=utf-8"
        )
        response["Content-Disposition"] = f'attachment; filename="{call.slug}-organisations.csv"'
        return response
    return render(
        request, "calls/organisations.html", {"call": call, "organisations": organisations}
    )


@login_required
def alerts(request: HttpRequest) -> HttpResponse:
    """The signed-in person's subscription: criteria (first taken from their organisation),
    how often, and the calls they follow."""
    user = request.user
    subscription = (
        Subscription.objects.filter(user=user).prefetch_related("fields", "regions").first()
    )
    organisation = selectors.organisation_of_member(user)
    if request.method == "POST":
        form = SubscriptionForm(request.POST)
        if form.is_valid():
            data = form.cleaned_data
            services.subscription_save(
                user=user,
                organisation=organisation,
                fields=data["fields"],
                sectors=data["sectors"],
                legal_forms=data["legal_forms"],
                regions=data["regions"],
                frequency=data["frequency"],
                language=get_language(),
            )
            messages.success(request, _("Your call alerts are saved."))
            return redirect("calls:alerts")
    elif subscription is not None and subscription.is_active:
        form = SubscriptionForm(initial=subscription.form_initial())
    else:
        form = SubscriptionForm(initial=services.subscription_initial(organisation=organisation))
    followed = (
        CallFollow.objects.filter(user=user).select_related("call").order_by("call__deadline")
    )
    return render(
        request,
        "calls/alerts.html",
        {
            "form": form,
            "subscription": subscription,
            "organisation": organisation,
            "followed": followed,
        },
    )


@login_required
@require_POST
def alerts_stop(request: HttpRequest) -> HttpResponse:
    services.subscription_stop(user=request.user)
    messages.success(request, _("You will get no more e-mails about new calls."))
    return redirect("calls:alerts")


@login_required
@require_POST
def follow(request: HttpRequest, slug: str) -> HttpResponse:
    call = selectors.call_public_detail(slug=slug)
    services.call_follow(user=request.user, call=call, language=get_language())
    messages.success(request, _("We will remind you 7 days and 1 day before the deadline."))
    return redirect(call)


@login_required
@require_POST
def unfollow(request: HttpRequest, slug: str) -> HttpResponse:
    call = selectors.call_public_detail(slug=slug)
    services.call_unfollow(user=request.user, call=call)
    messages.success(request, _("You no longer follow this call."))
    return redirect(call)


@csrf_exempt  # mail programs post here with no session (RFC 8058 one-click unsubscribe)
def unsubscribe(request: HttpRequest, token: str) -> HttpResponse:
    """A link from an alert e-mail: the page asks to confirm, a POST stops the alerts. It works
    signed out; a token that was tampered with changes nothing."""
    target = services.unsubscribe_target(token)
    return unsubscribe_page(
        request,
        recipient=target,
        template="calls/unsubscribe.html",
        context={"is_follow": isinstance(target, CallFollow)},
    )
