"""Registering an organisation and keeping its profile current."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from hub.storage import StorageUnavailable

from ..forms import OrganisationEditForm, OrganisationForm, already_registered_message
from ..models import Organisation
from ..selectors import organisation_for_editor
from ..services import (
    PROFILE_FIELDS,
    PROFILE_M2M_FIELDS,
    AlreadyRegistered,
    OrganisationError,
    ProfileChanged,
    organisation_confirm,
    organisation_create,
    organisation_update,
)
from ..tokens import confirmation_token_valid


@login_required
def register(request: HttpRequest) -> HttpResponse:
    form = OrganisationForm(request.POST or None, request.FILES or None)
    status = 200
    if request.method == "POST" and form.is_valid():
        try:
            organisation = organisation_create(by=request.user, data=form.cleaned_data)
        except AlreadyRegistered as error:
            form.add_error(None, already_registered_message(error.organisation))
        except OrganisationError as error:
            form.add_error(None, str(error))
        except StorageUnavailable as error:
            _storage_unavailable(form, error)
            status = 503
        else:
            messages.success(
                request,
                _(
                    "“%(name)s” is registered. Hub staff will check it and you will get an "
                    "e-mail when it appears in the directory."
                )
                % {"name": organisation.name},
            )
            return redirect(organisation)
    return render(request, "organisations/register.html", {"form": form}, status=status)


@login_required
def edit(request: HttpRequest, slug: str) -> HttpResponse:
    organisation = organisation_for_editor(request.user, slug)
    form = OrganisationEditForm(request.POST or None, request.FILES or None, instance=organisation)
    changed_fields: list[str] = []
    status = 200
    if request.method == "POST" and form.is_valid():
        changes = {
            name: form.cleaned_data[name]
            for name in PROFILE_FIELDS + PROFILE_M2M_FIELDS
            if name != "logo"
        }
        logo = form.cleaned_data.get("logo")
        if logo is not None:
            changes["logo"] = logo or ""
        try:
            organisation_update(
                organisation=organisation,
                by=request.user,
                data=changes,
                expected_version=form.cleaned_data["version"],
            )
        except ProfileChanged as error:
            changed_fields = _fields_that_differ(form, error.current)
            # The form keeps what this person typed; saving again now means they have seen
            # the other change and still want theirs.
            data = request.POST.copy()
            data["version"] = str(error.current.version)
            form = OrganisationEditForm(data, instance=error.current)
            form.is_valid()
            form.add_error(None, str(error))
            if request.FILES.get("logo"):
                form.add_error(
                    "logo", _("Browsers cannot keep a chosen file: choose the logo again.")
                )
        except AlreadyRegistered as error:
            form.add_error(None, already_registered_message(error.organisation))
        except StorageUnavailable as error:
            _storage_unavailable(form, error)
            status = 503
        else:
            messages.success(request, _("The profile has been saved."))
            return redirect(organisation.get_absolute_url())
    return render(
        request,
        "organisations/edit.html",
        {"organisation": organisation, "form": form, "changed_fields": changed_fields},
        status=status,
    )


def _storage_unavailable(form, error: StorageUnavailable) -> None:
    """The form is shown again with everything typed; only the chosen file must be chosen again."""
    form.add_error(None, str(error))
    if form.files.get("logo"):
        form.add_error("logo", _("Browsers cannot keep a chosen file: choose the logo again."))


def _fields_that_differ(form: OrganisationEditForm, current: Organisation) -> list[str]:
    labels = []
    for name in PROFILE_FIELDS + PROFILE_M2M_FIELDS:
        if name == "logo" or name not in form.cleaned_data:
            continue
        submitted = form.cleaned_data[name]
        if name in PROFILE_M2M_FIELDS:
            saved = set(getattr(current, name).values_list("pk", flat=True))
            submitted = {item.pk for item in submitted}
        else:
            saved = getattr(current, name)
        if saved != submitted:
            labels.append(str(form.fields[name].label))
    return labels


@require_POST
@login_required
def confirm(request: HttpRequest, slug: str) -> HttpResponse:
    organisation = organisation_for_editor(request.user, slug)
    organisation_confirm(organisation=organisation, by=request.user)
    messages.success(request, _("Thank you: the profile is confirmed as up to date."))
    return redirect(organisation)


def confirm_link(request: HttpRequest, slug: str, token: str) -> HttpResponse:
    """The link in a reminder e-mail: no sign-in needed, the signed token is enough."""
    organisation = get_object_or_404(Organisation, slug=slug)
    if not confirmation_token_valid(organisation, token):
        raise Http404
    if request.method == "POST":
        organisation_confirm(organisation=organisation, by=request.user)
        messages.success(request, _("Thank you: the profile is confirmed as up to date."))
        return redirect(organisation)
    return render(request, "organisations/confirm.html", {"organisation": organisation})
