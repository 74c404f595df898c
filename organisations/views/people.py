"""The people of an organisation: its admins invite, change roles, remove, and answer requests to join."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from ..forms import InvitationForm, RoleForm
from ..models import Membership
from ..selectors import organisation_for_admin, organisation_for_editor, organisation_people
from ..services import (
    OrganisationError,
    invitation_create,
    invitation_revoke,
    join_request_approve,
    join_request_decline,
    membership_change_role,
    membership_remove,
)


@login_required
def people(request: HttpRequest, slug: str) -> HttpResponse:
    organisation = organisation_for_admin(request.user, slug)
    return render(
        request,
        "organisations/people.html",
        {
            "organisation": organisation,
            "invitation_form": InvitationForm(),
            "roles": RoleForm.base_fields["role"].choices,
            **organisation_people(organisation),
        },
    )


@require_POST
@login_required
def invite(request: HttpRequest, slug: str) -> HttpResponse:
    organisation = organisation_for_admin(request.user, slug)
    form = InvitationForm(request.POST)
    if not form.is_valid():
        return render(
            request,
            "organisations/people.html",
            {
                "organisation": organisation,
                "invitation_form": form,
                "roles": RoleForm.base_fields["role"].choices,
                **organisation_people(organisation),
            },
            status=400,
        )
    try:
        invitation_create(
            organisation=organisation,
            email=form.cleaned_data["email"],
            role=form.cleaned_data["role"],
            by=request.user,
        )
    except OrganisationError as error:
        messages.error(request, str(error))
    else:
        messages.success(
            request,
            _("An invitation has been sent to %(email)s.") % {"email": form.cleaned_data["email"]},
        )
    return redirect("organisations:people", slug=organisation.slug)


@require_POST
@login_required
def invitation_revoke_view(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    organisation = organisation_for_admin(request.user, slug)
    invitation = get_object_or_404(organisation.invitations, pk=pk)
    invitation_revoke(invitation=invitation, by=request.user)
    messages.success(request, _("The invitation has been withdrawn."))
    return redirect("organisations:people", slug=organisation.slug)


@require_POST
@login_required
def membership_role(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    organisation = organisation_for_admin(request.user, slug)
    membership = get_object_or_404(organisation.memberships.select_related("user"), pk=pk)
    form = RoleForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose a role: admin or editor."))
        return redirect("organisations:people", slug=organisation.slug)
    try:
        membership_change_role(
            membership=membership, role=form.cleaned_data["role"], by=request.user
        )
    except OrganisationError as error:
        messages.error(request, str(error))
    else:
        messages.success(
            request,
            _("%(person)s is now %(role)s.")
            % {"person": membership.user, "role": membership.get_role_display().lower()},
        )
    return redirect("organisations:people", slug=organisation.slug)


@require_POST
@login_required
def membership_remove_view(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    organisation = organisation_for_admin(request.user, slug)
    membership = get_object_or_404(organisation.memberships.select_related("user"), pk=pk)
    try:
        membership_remove(membership=membership, by=request.user)
    except OrganisationError as error:
        messages.error(request, str(error))
    else:
        messages.success(
            request,
            _("%(person)s is no longer a member.") % {"person": membership.user},
        )
    if membership.user_id == request.user.pk and not request.user.is_staff:
        return redirect("organisations:dashboard")
    return redirect("organisations:people", slug=organisation.slug)


@require_POST
@login_required
def leave(request: HttpRequest, slug: str) -> HttpResponse:
    organisation = organisation_for_editor(request.user, slug)
    membership = get_object_or_404(Membership, organisation=organisation, user=request.user)
    try:
        membership_remove(membership=membership, by=request.user)
    except OrganisationError as error:
        messages.error(request, str(error))
        return redirect(organisation)
    messages.success(request, _("You have left “%(name)s”.") % {"name": organisation.name})
    return redirect("organisations:dashboard")


@require_POST
@login_required
def join_request_decide(request: HttpRequest, slug: str, pk: int, decision: str) -> HttpResponse:
    organisation = organisation_for_admin(request.user, slug)
    join_request = get_object_or_404(organisation.join_requests.select_related("user"), pk=pk)
    try:
        if decision == "approve":
            join_request_approve(join_request=join_request, by=request.user)
            text = _("%(person)s is now an editor of “%(name)s”.")
        else:
            join_request_decline(join_request=join_request, by=request.user)
            text = _("The request of %(person)s to join “%(name)s” has been declined.")
    except OrganisationError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, text % {"person": join_request.user, "name": organisation.name})
    if request.POST.get("next") == "dashboard":
        return redirect("organisations:dashboard")
    return redirect("organisations:people", slug=organisation.slug)
