"""A person's own organisations, and the ways into one: asking to join, or an invitation."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import redirect_to_login
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from ..forms import JoinRequestForm, JoinSearchForm
from ..models import JoinRequest, Role
from ..selectors import (
    dashboard_for,
    invitation_for_token,
    invitation_is_for,
    organisation_join_candidates_for,
    organisation_to_join,
)
from ..services import (
    JoinRequestAnswerer,
    OrganisationError,
    invitation_accept,
    join_request_create,
    join_request_withdraw,
)


@login_required
def dashboard(request: HttpRequest) -> HttpResponse:
    return render(request, "organisations/dashboard.html", dashboard_for(request.user))


@login_required
def join(request: HttpRequest) -> HttpResponse:
    form = JoinSearchForm(request.GET or None)
    candidates = []
    if form.is_valid() and form.cleaned_data["q"]:
        candidates = organisation_join_candidates_for(request.user, form.cleaned_data["q"])
    return render(
        request,
        "organisations/join.html",
        {"form": form, "candidates": candidates, "searched": bool(form.data.get("q"))},
    )


@login_required
def join_request(request: HttpRequest, slug: str) -> HttpResponse:
    organisation = organisation_to_join(slug)
    form = JoinRequestForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            created = join_request_create(
                organisation=organisation,
                user=request.user,
                message=form.cleaned_data["message"],
            )
        except OrganisationError as error:
            messages.error(request, str(error))
        else:
            if created.answered_by == JoinRequestAnswerer.ADMINS:
                text = _(
                    "You asked to join “%(name)s”. The organisation's admins have been told; "
                    "you will hear their answer by e-mail."
                )
            else:
                text = _(
                    "You asked to join “%(name)s”. It has no admins on the portal yet, so the "
                    "hub's staff have been told; you will hear their answer by e-mail."
                )
            messages.success(request, text % {"name": organisation.name})
        return redirect("organisations:dashboard")
    return render(
        request,
        "organisations/join_request.html",
        {
            "organisation": organisation,
            "form": form,
            "has_admins": organisation.memberships.filter(role=Role.ADMIN).exists(),
        },
    )


@require_POST
@login_required
def join_request_withdraw_view(request: HttpRequest, pk: int) -> HttpResponse:
    join_request = get_object_or_404(JoinRequest, pk=pk, user=request.user)
    try:
        join_request_withdraw(join_request=join_request, by=request.user)
    except OrganisationError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, _("Your request has been withdrawn."))
    return redirect("organisations:dashboard")


def invitation(request: HttpRequest, token: str) -> HttpResponse:
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    invitation = invitation_for_token(token)
    if request.method == "POST":
        try:
            membership = invitation_accept(token=token, user=request.user)
        except OrganisationError as error:
            messages.error(request, str(error))
            return redirect("organisations:dashboard")
        messages.success(
            request,
            _("You are now a member of “%(name)s”.") % {"name": membership.organisation.name},
        )
        return redirect(membership.organisation)
    return render(
        request,
        "organisations/invitation.html",
        {
            "invitation": invitation,
            "for_you": invitation is not None and invitation_is_for(invitation, request.user),
        },
    )
