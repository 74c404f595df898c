from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import redirect_to_login
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse, StreamingHttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django.utils.cache import get_conditional_response
from django.utils.http import http_date
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from hub.cache import (
    cached_fragment,
    cached_stream,
    data_versions,
    query_vary,
    versions_etag,
    versions_modified,
)
from hub.filtering import bad_filter_response, filter_errors
from hub.rest import throttle_rate_in_words
from hub.sections import profile_sections
from hub.storage import StorageUnavailable
from hub.tokens import rows_for_token

from .datapackage import datapackage
from .exports import COLUMNS
from .exports_sql import export_chunks
from .filters import DirectoryFilter
from .forms import (
    InvitationForm,
    JoinRequestForm,
    JoinSearchForm,
    OrganisationEditForm,
    OrganisationForm,
    RoleForm,
    already_registered_message,
)
from .models import Invitation, JoinRequest, JoinRequestStatus, Membership, Organisation, Role
from .selectors import (
    dashboard_for,
    invitation_is_for,
    membership_for,
    organisation_directory,
    organisation_for_admin,
    organisation_for_editor,
    organisation_join_candidates,
    organisation_people,
    organisation_profile,
    organisation_to_join,
)
from .services import (
    PROFILE_FIELDS,
    PROFILE_M2M_FIELDS,
    AlreadyRegistered,
    JoinRequestAnswerer,
    OrganisationError,
    ProfileChanged,
    invitation_accept,
    invitation_create,
    invitation_revoke,
    join_request_approve,
    join_request_create,
    join_request_decline,
    join_request_withdraw,
    membership_change_role,
    membership_remove,
    organisation_confirm,
    organisation_create,
    organisation_update,
)
from .tokens import confirmation_token_valid

PAGE_SIZE = 20


# The public directory


def _filtered(request: HttpRequest) -> DirectoryFilter:
    return DirectoryFilter(request.GET or None, queryset=organisation_directory())


def organisation_list(request: HttpRequest) -> HttpResponse:
    directory = _filtered(request)
    query = request.GET.copy()
    query.pop("page", None)
    context = {
        "filter": directory,
        "query_string": query.urlencode(),
        "is_filtered": any(value for key, value in query.items() if key != "sort"),
        # Filters behind the folded "Filters" button: counted on it, and it opens if any.
        "filters_in_use": sum(1 for key, value in query.items() if value and key != "q"),
    }

    def results() -> str:
        paginator = Paginator(directory.qs, PAGE_SIZE)
        page = paginator.get_page(request.GET.get("page"))
        return render_to_string(
            "organisations/_results.html",
            {
                **context,
                "page_obj": page,
                "organisations": page.object_list,
                "result_count": paginator.count,
            },
        )

    # The same for everyone who asks the same question (rendered without the request, so
    # nothing of the reader can slip in), until an organisation or the places change.
    context["results"] = cached_fragment(
        "organisations:list",
        domains=("organisations", "reference"),
        vary=query_vary(request),
        render=results,
    )
    return render(request, "organisations/list.html", context)


def organisation_detail(request: HttpRequest, slug: str) -> HttpResponse:
    organisation = organisation_profile(slug)
    membership = None
    if not organisation.is_public:
        # Its own people and staff see a profile before it is verified; nobody else does.
        membership = membership_for(request.user, organisation)
        if membership is None and not request.user.is_staff:
            raise Http404
    elif request.user.is_authenticated:
        membership = membership_for(request.user, organisation)
    return render(
        request,
        "organisations/detail.html",
        {
            "organisation": organisation,
            "membership": membership,
            # What other apps show on a profile (its partnerships), without importing them.
            "sections": profile_sections(organisation=organisation, user=request.user),
        },
    )


def _base_url(request: HttpRequest) -> str:
    return request.build_absolute_uri("/")[:-1]


# The exports show organisations with their places and fields.
EXPORT_DOMAINS = ("organisations", "reference")


def _export(request: HttpRequest, *, name: str, format: str, content_type: str, disposition: str):
    """An export streamed as it is written, or from the cache when the same file (filters,
    language, address) was written since the data last changed; a client that has it already
    gets 304."""
    versions = data_versions(EXPORT_DOMAINS)
    base_url = _base_url(request)
    vary = (query_vary(request), base_url)
    etag = versions_etag(name, versions=versions, vary=vary)
    last_modified = versions_modified(versions)
    # By ETag only: Last-Modified is told for information, but a second is too coarse to
    # compare (two changes can fall in one).
    directory = _filtered(request)
    # A value the filters do not know is a mistake to name, not a reason to export everything.
    if errors := filter_errors(directory):
        return bad_filter_response(errors)
    unchanged = get_conditional_response(request, etag=etag)
    if unchanged is not None:
        return unchanged
    language = get_language()

    def produce():
        with translation.override(language):
            yield from export_chunks(directory.qs, format=format, base_url=base_url)

    response = StreamingHttpResponse(
        cached_stream(name, versions=versions, vary=vary, produce=produce),
        content_type=content_type,
    )
    response["Content-Disposition"] = disposition
    # Its columns, types and allowed values, for programs (RFC 8288, "describedby").
    schema_url = base_url + reverse("organisations:datapackage")
    response["Link"] = f'<{schema_url}>; rel="describedby"; type="application/json"'
    if etag:
        response["ETag"] = etag
        response["Last-Modified"] = http_date(last_modified)
    return response


def export_csv(request: HttpRequest) -> HttpResponse:
    return _export(
        request,
        name="organisations:export.csv",
        format="csv",
        content_type="text/csv; charset=utf-8",
        disposition='attachment; filename="organisations.csv"',
    )


def export_json(request: HttpRequest) -> HttpResponse:
    return _export(
        request,
        name="organisations:export.json",
        format="json",
        content_type="application/json",
        disposition='inline; filename="organisations.json"',
    )


def datapackage_json(request: HttpRequest) -> JsonResponse:
    response = JsonResponse(
        datapackage(base_url=_base_url(request)), json_dumps_params={"ensure_ascii": False}
    )
    response["Access-Control-Allow-Origin"] = "*"
    return response


def open_data(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "organisations/open_data.html",
        {
            "columns": COLUMNS,
            "api_max_page_size": settings.API_MAX_PAGE_SIZE,
            "api_rate": throttle_rate_in_words(),
        },
    )


# A person's own organisations


@login_required
def dashboard(request: HttpRequest) -> HttpResponse:
    return render(request, "organisations/dashboard.html", dashboard_for(request.user))


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
def join(request: HttpRequest) -> HttpResponse:
    form = JoinSearchForm(request.GET or None)
    candidates = []
    if form.is_valid() and form.cleaned_data["q"]:
        candidates = list(organisation_join_candidates(form.cleaned_data["q"]))
        mine = set(
            Membership.objects.filter(user=request.user, organisation__in=candidates).values_list(
                "organisation_id", flat=True
            )
        )
        asked = set(
            JoinRequest.objects.filter(
                user=request.user,
                organisation__in=candidates,
                status=JoinRequestStatus.PENDING,
            ).values_list("organisation_id", flat=True)
        )
        for candidate in candidates:
            candidate.is_mine = candidate.pk in mine
            candidate.asked = candidate.pk in asked
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
    invitation = rows_for_token(
        Invitation.objects.select_related("organisation", "invited_by"), token
    ).first()
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


# Keeping the profile


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


# The people of an organisation


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


# Claiming an imported profile


def claim(request: HttpRequest, token: str) -> HttpResponse:
    """The link in a "claim your profile" e-mail. Opened from the address it was sent to (signed
    in with it, or making an account for it here), it makes the person the admin; from another
    account it becomes a request for staff. Claiming is a POST, so a mail scanner that opens
    the link claims nothing."""
    from allauth.account.models import EmailAddress
    from django.contrib.auth import login

    from hub.models import User
    from hub.text import equals_ignoring_case

    from .forms import ClaimSignUpForm
    from .services import claim_for, organisation_claim, organisation_claim_sign_up

    try:
        organisation, address = claim_for(token)
    except OrganisationError as error:
        return render(request, "organisations/claim.html", {"error": str(error)}, status=410)
    has_account = User.objects.filter(equals_ignoring_case("email", address)).exists()
    form = None
    if not request.user.is_authenticated and not has_account:
        form = ClaimSignUpForm(request.POST or None, email=address)
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
    own_address = request.user.is_authenticated and (
        request.user.email.lower() == address.lower()
        or EmailAddress.objects.filter(user=request.user)
        .filter(equals_ignoring_case("email", address))
        .exists()
    )
    return render(
        request,
        "organisations/claim.html",
        {
            "organisation": organisation,
            "address": address,
            "form": form,
            "has_account": has_account,
            "own_address": own_address,
        },
    )
