from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.utils.safestring import mark_safe
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from hub.cache import cached_fragment, query_vary, this_minute
from hub.documents import document_for
from hub.sections import partnership_sections

from .documents import AGREEMENT, agreement_request
from .facilitation import network_svg, partnership_network, partnership_suggestions
from .filters import NetworkFilter, PartnershipFilter
from .forms import CommitmentForm, MeetingForm, OutcomeForm, PartnerForm
from .selectors import (
    commitment_for_partner,
    commitment_progress,
    partner_for_partner,
    partnership_for_member,
    partnership_for_partner,
    partnership_for_viewer,
    partnership_list,
    sector_balance,
)
from .services import (
    PartnershipError,
    commitment_update,
    meeting_create,
    outcome_create,
    partner_update,
)

PAGE_SIZE = 20


def partnership_list_view(request: HttpRequest) -> HttpResponse:
    found = PartnershipFilter(request.GET or None, queryset=partnership_list(user=request.user))
    query = request.GET.copy()
    query.pop("page", None)
    context = {
        "filter": found,
        "query_string": query.urlencode(),
        "is_filtered": any(value for value in query.values()),
        "filters_in_use": sum(1 for key, value in query.items() if value and key != "q"),
    }

    def results() -> str:
        paginator = Paginator(found.qs, PAGE_SIZE)
        page = paginator.get_page(request.GET.get("page"))
        for partnership in page.object_list:
            partnership.balance = sector_balance(partnership.partners.all())
        return render_to_string(
            "partnerships/_results.html",
            {
                **context,
                "page_obj": page,
                "partnerships": page.object_list,
                "result_count": paginator.count,
            },
        )

    # Signed-in people may see partnerships that are not public: theirs is their own.
    context["results"] = cached_fragment(
        "partnerships:list",
        domains=("partnerships", "organisations", "reference"),
        vary=(
            query_vary(request),
            request.user.pk if request.user.is_authenticated else None,
            this_minute(),
        ),
        render=results,
    )
    return render(request, "partnerships/list.html", context)


def network(request: HttpRequest) -> HttpResponse:
    """Who works with whom, for a municipality or a field: a drawing and the same as text."""
    found = NetworkFilter(request.GET or None, queryset=partnership_list(user=request.user))
    graph = partnership_network(found.qs)
    return render(
        request,
        "partnerships/network.html",
        {
            "filter": found,
            "network": graph,
            "svg": mark_safe(  # noqa: S308 - network_svg escapes every name it writes
                network_svg(graph, title=_("Organisations linked by the partnerships they share"))
            ),
        },
    )


def partnership_detail(request: HttpRequest, slug: str) -> HttpResponse:
    partnership = partnership_for_viewer(request.user, slug)
    partners = list(partnership.partners.all())
    by_sector = {}
    for partner in partners:
        by_sector.setdefault(partner.organisation.sector, []).append(partner)
    balance = sector_balance(partners)
    commitments = [commitment for partner in partners for commitment in partner.commitment_list]
    mine = {partner.pk for partner in partnership.viewer_partners}
    agreement = (
        document_for(kind=AGREEMENT, subject=partnership) if partnership.viewer_is_partner else None
    )
    return render(
        request,
        "partnerships/detail.html",
        {
            "partnership": partnership,
            "balance": balance,
            "sectors": [
                {"label": part["label"], "partners": by_sector.get(part["sector"], [])}
                for part in balance.parts
            ],
            "timeline": _timeline(partnership),
            "commitments": sorted(commitments, key=lambda c: (c.due is None, c.due or 0, c.pk)),
            "progress": commitment_progress(commitments),
            "agreement": agreement,
            "suggestions": (
                partnership_suggestions(partnership) if partnership.viewer_is_staff else None
            ),
            "refresh": agreement is not None and agreement.is_in_flight,
            "editable_partner_ids": {p.pk for p in partners}
            if partnership.viewer_is_staff
            else mine,
            # What other apps show on the page (the initiatives its proposals became).
            "sections": partnership_sections(partnership=partnership, user=request.user),
        },
    )


def _timeline(partnership) -> list[dict]:
    """Meetings and stage changes, latest first."""
    entries = [
        {"date": meeting.date, "meeting": meeting} for meeting in partnership.meetings.all()
    ] + [{"date": change.date, "stage": change} for change in partnership.stage_changes.all()]
    return sorted(entries, key=lambda entry: entry["date"], reverse=True)


# What the admins of a partner organisation (and staff) may do from the public pages.


@login_required
def meeting_add(request: HttpRequest, slug: str) -> HttpResponse:
    partnership = partnership_for_partner(request.user, slug)
    form = MeetingForm(request.POST or None, partnership=partnership)
    if request.method == "POST" and form.is_valid():
        meeting_create(partnership=partnership, by=request.user, **form.cleaned_data)
        messages.success(request, _("The meeting is recorded."))
        return redirect(partnership)
    return _edit_page(request, partnership, form, _("Add a meeting"))


@login_required
def outcome_add(request: HttpRequest, slug: str) -> HttpResponse:
    partnership = partnership_for_partner(request.user, slug)
    form = OutcomeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        outcome_create(partnership=partnership, **form.cleaned_data)
        messages.success(request, _("The outcome is recorded."))
        return redirect(partnership)
    return _edit_page(request, partnership, form, _("Add an outcome"))


@login_required
def commitment_edit(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    commitment = commitment_for_partner(request.user, slug, pk)
    partnership = commitment.partner.partnership
    form = CommitmentForm(request.POST or None, instance=commitment)
    if request.method == "POST" and form.is_valid():
        commitment_update(commitment=commitment, **form.cleaned_data)
        messages.success(request, _("The commitment is updated."))
        return redirect(partnership)
    title = _("Update “%(what)s”") % {"what": commitment.what}
    return _edit_page(request, partnership, form, title)


@login_required
def partner_edit(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    partner = partner_for_partner(request.user, slug, pk)
    partnership = partner.partnership
    form = PartnerForm(request.POST or None, instance=partner)
    if request.method == "POST" and form.is_valid():
        try:
            partner_update(partner=partner, **form.cleaned_data)
        except PartnershipError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, _("The partner's entry is updated."))
            return redirect(partnership)
    title = _("Update the entry of %(name)s") % {"name": partner.organisation.name}
    return _edit_page(request, partnership, form, title)


def _edit_page(request: HttpRequest, partnership, form, title: str) -> HttpResponse:
    return render(
        request,
        "partnerships/edit.html",
        {"partnership": partnership, "form": form, "title": title},
    )


@login_required
@require_POST
def agreement_ask(request: HttpRequest, slug: str) -> HttpResponse:
    """Staff and the partners' people ask for the agreement, in the language they choose."""
    partnership = partnership_for_member(request.user, slug)
    language = request.POST.get("language", "")
    if language not in dict(settings.LANGUAGES):
        language = get_language()
    agreement_request(partnership=partnership, language=language, by=request.user)
    messages.success(request, _("The agreement is being prepared."))
    return redirect(partnership)
