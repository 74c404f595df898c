"""Claiming an imported profile with the link staff sent to its public address."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth import login
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from ..forms import ClaimSignUpForm
from ..models import JoinRequest, Membership
from ..services import (
    OrganisationError,
    claim_link_for,
    organisation_claim,
    organisation_claim_sign_up,
)


def claim(request: HttpRequest, token: str) -> HttpResponse:
    """The link in a "claim your profile" e-mail. Opened from the address it was sent to (signed
    in with it, or making an account for it here), it makes the person the admin; from another
    account it becomes a request for staff. Claiming is a POST, so a mail scanner that opens
    the link claims nothing."""
    try:
        link = claim_link_for(token=token, user=request.user)
    except OrganisationError as error:
        return render(request, "organisations/claim.html", {"error": str(error)}, status=410)
    organisation = link.organisation
    form = None
    if not request.user.is_authenticated and not link.has_account:
        form = ClaimSignUpForm(request.POST or None, email=link.address)
    if request.method == "POST":
        try:
            if request.user.is_authenticated:
                outcome = organisation_claim(token=token, user=request.user)
            elif form is not None and form.is_valid():
                user = organisation_claim_sign_up(
                    token=token, password=form.cleaned_data["password1"]
                )
                login(request, user, backend="django.contrib.auth.backends.ModelBackend")
                outcome = Membership.objects.get(user=user, organisation=organisation)
            else:
                outcome = None
        except OrganisationError as error:
            messages.error(request, str(error))
            return redirect("organisations:claim", token=token)
        if isinstance(outcome, Membership):
            messages.success(
                request,
                _("You are now the admin of “%(name)s”: check that its profile is current.")
                % {"name": organisation.name},
            )
            return redirect("organisations:edit", slug=organisation.slug)
        if isinstance(outcome, JoinRequest):
            messages.info(
                request,
                _(
                    "The link was sent to another address than yours, so the hub's staff will "
                    "check your claim and tell you by e-mail."
                ),
            )
            return redirect("organisations:dashboard")
    return render(
        request,
        "organisations/claim.html",
        {
            "organisation": organisation,
            "address": link.address,
            "form": form,
            "has_account": link.has_account,
            "own_address": link.own_address,
        },
    )
