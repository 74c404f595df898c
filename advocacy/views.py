from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.forms.models import model_to_dict
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from hub.alerts.views import unsubscribe_page
from hub.search import search_queryset
from organisations.models import Membership, Organisation, Sector, VerificationStatus

from . import alerts
from .filters import ConsultationFilter, InitiativeFilter
from .forms import (
    ActionForm,
    ConsultationSubscriptionForm,
    DocumentForm,
    InitiativeEditForm,
    InitiativeForm,
    ResponseForm,
    StatusForm,
    SubmissionForm,
    SupporterForm,
)
from .models import Consultation, ConsultationSubscription, InitiativeStatus
from .selectors import (
    action_for_coalition,
    consultation_detail,
    consultation_list,
    document_for_viewer,
    initiative_for_coalition,
    initiative_for_lead,
    initiative_for_viewer,
    initiative_list,
    organisations_for_starter,
    outcome_for_starter,
    submission_for_lead,
    supporter_for_lead,
)
from .services import (
    INITIATIVE_FIELDS,
    AdvocacyError,
    action_create,
    action_document_add,
    initiative_change_status,
    initiative_create,
    initiative_from_outcome,
    initiative_update,
    submission_answer,
    submission_create,
    supporter_add,
    supporter_remove,
)

PAGE_SIZE = 20
SUPPORTER_MATCHES = 10


def _list_context(request: HttpRequest, found, name: str) -> dict:
    paginator = Paginator(found.qs, PAGE_SIZE)
    page = paginator.get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return {
        "filter": found,
        "page_obj": page,
        name: page.object_list,
        "result_count": paginator.count,
        "query_string": query.urlencode(),
        "is_filtered": any(value for value in query.values()),
        "filters_in_use": sum(1 for key, value in query.items() if value and key != "q"),
    }


# Consultations


def consultations(request: HttpRequest) -> HttpResponse:
    found = ConsultationFilter(request.GET or None, queryset=consultation_list())
    context = _list_context(request, found, "consultations")
    context["now"] = timezone.now()
    return render(request, "advocacy/consultations.html", context)


def consultation(request: HttpRequest, slug: str) -> HttpResponse:
    found = consultation_detail(slug)
    answers = initiative_list(user=request.user).filter(consultation=found)
    return render(
        request,
        "advocacy/consultation.html",
        {
            "consultation": found,
            "initiatives": list(answers),
            "may_start": found.is_open and organisations_for_starter(request.user).exists(),
        },
    )


@login_required
def consultation_alerts(request: HttpRequest) -> HttpResponse:
    """The signed-in person's consultation alerts: criteria and how often."""
    user = request.user
    subscription = (
        ConsultationSubscription.objects.filter(user=user)
        .prefetch_related("fields", "regions")
        .first()
    )
    membership = Membership.objects.filter(user=user).select_related("organisation__seat").first()
    organisation = membership.organisation if membership else None
    if request.method == "POST":
        form = ConsultationSubscriptionForm(request.POST)
        if form.is_valid():
            alerts.subscription_save(
                user=user, organisation=organisation, language=get_language(), **form.cleaned_data
            )
            messages.success(request, _("Your consultation alerts are saved."))
            return redirect("advocacy:alerts")
    elif subscription is not None and subscription.is_active:
        form = ConsultationSubscriptionForm(initial=subscription.form_initial())
    else:
        form = ConsultationSubscriptionForm(
            initial=alerts.subscription_initial(organisation=organisation)
        )
    return render(request, "advocacy/alerts.html", {"form": form, "subscription": subscription})


@login_required
@require_POST
def consultation_alerts_stop(request: HttpRequest) -> HttpResponse:
    alerts.subscription_stop(user=request.user)
    messages.success(request, _("You will get no more e-mails about consultations."))
    return redirect("advocacy:alerts")


@csrf_exempt  # mail programs post here with no session (RFC 8058 one-click unsubscribe)
def unsubscribe(request: HttpRequest, token: str) -> HttpResponse:
    """A link from an alert e-mail: the page asks to confirm, a POST stops the alerts. It works
    signed out; a token that was tampered with changes nothing."""
    return unsubscribe_page(
        request, recipient=alerts.unsubscribe_target(token), template="advocacy/unsubscribe.html"
    )


# Initiatives


def initiatives(request: HttpRequest) -> HttpResponse:
    found = InitiativeFilter(request.GET or None, queryset=initiative_list(user=request.user))
    context = _list_context(request, found, "initiatives")
    context["may_start"] = organisations_for_starter(request.user).exists()
    return render(request, "advocacy/list.html", context)


def initiative_detail(request: HttpRequest, slug: str) -> HttpResponse:
    initiative = initiative_for_viewer(request.user, slug)
    return render(
        request,
        "advocacy/detail.html",
        {
            "initiative": initiative,
            "timeline": _timeline(initiative),
            "supporters": list(initiative.supporters.all()),
            "submissions": list(initiative.submissions.all()),
        },
    )


def _timeline(initiative) -> list[dict]:
    """Status changes, actions and submissions, latest first."""
    entries = (
        [{"date": c.date, "status": c} for c in initiative.status_changes.all()]
        + [{"date": a.date, "action": a} for a in initiative.actions.all()]
        + [{"date": s.date, "submission": s} for s in initiative.submissions.all()]
    )
    return sorted(entries, key=lambda entry: entry["date"], reverse=True)


@login_required
def initiative_new(request: HttpRequest) -> HttpResponse:
    """An organisation's admin starts an initiative, answering a consultation if one is named."""
    leads = organisations_for_starter(request.user)
    if not leads.exists():
        raise Http404
    slug = request.POST.get("consultation") or request.GET.get("consultation")
    answering = get_object_or_404(Consultation, slug=slug) if slug else None
    initial = {}
    if answering is not None:
        initial = {
            "title": _("Comments on “%(title)s”") % {"title": answering.title},
            "policy": answering.title,
            "target_body": answering.body.name,
            "level": answering.level,
        }
    form = InitiativeForm(request.POST or None, leads=leads, initial=initial)
    if request.method == "POST" and form.is_valid():
        initiative = initiative_create(by=request.user, consultation=answering, **form.cleaned_data)
        messages.success(request, _("The initiative is started. Add its coalition and actions."))
        return redirect(initiative)
    return render(
        request,
        "advocacy/edit.html",
        {"form": form, "title": _("Start an advocacy initiative"), "consultation": answering},
    )


@login_required
@require_POST
def initiative_from_proposal(request: HttpRequest, pk: int) -> HttpResponse:
    """One step from a partnership's policy proposal to an initiative it links to."""
    outcome, leads = outcome_for_starter(request.user, pk)
    # The civil-sector partner leads when the person may choose it; else the first they may.
    lead = leads.filter(sector=Sector.CIVIL).first() or leads.first()
    try:
        initiative = initiative_from_outcome(outcome=outcome, lead=lead, by=request.user)
    except AdvocacyError as error:
        messages.error(request, str(error))
        return redirect(outcome.partnership)
    messages.success(request, _("The proposal is now an advocacy initiative."))
    return redirect(initiative)


@login_required
def initiative_edit(request: HttpRequest, slug: str) -> HttpResponse:
    initiative = initiative_for_lead(request.user, slug)
    # Not bound to the initiative: the service compares the old visibility with the new one.
    form = InitiativeEditForm(
        request.POST or None, initial=model_to_dict(initiative, fields=INITIATIVE_FIELDS)
    )
    if request.method == "POST" and form.is_valid():
        initiative_update(initiative=initiative, **form.cleaned_data)
        messages.success(request, _("The initiative is updated."))
        return redirect(initiative)
    return _edit_page(request, initiative, form, _("Edit the initiative"))


@login_required
def status_change(request: HttpRequest, slug: str) -> HttpResponse:
    initiative = initiative_for_lead(request.user, slug)
    form = StatusForm(request.POST or None, initial={"status": initiative.status})
    if request.method == "POST" and form.is_valid():
        try:
            initiative_change_status(initiative=initiative, by=request.user, **form.cleaned_data)
        except AdvocacyError as error:
            form.add_error("date", str(error))
        else:
            label = InitiativeStatus(form.cleaned_data["status"]).label
            messages.success(request, _("The status is now “%(status)s”.") % {"status": label})
            return redirect(initiative)
    return _edit_page(request, initiative, form, _("Change the status"))


@login_required
def supporters(request: HttpRequest, slug: str) -> HttpResponse:
    """Find an organisation by name and add it to the coalition."""
    initiative = initiative_for_lead(request.user, slug)
    if request.method == "POST":
        organisation = get_object_or_404(
            Organisation.objects.filter(verification_status=VerificationStatus.VERIFIED),
            pk=request.POST.get("organisation"),
        )
        try:
            supporter_add(initiative=initiative, organisation=organisation)
        except AdvocacyError as error:
            messages.error(request, str(error))
        else:
            messages.success(
                request,
                _("%(name)s now supports the initiative.") % {"name": organisation.name},
            )
        return redirect("advocacy:supporters", slug=initiative.slug)
    form = SupporterForm(request.GET or None)
    matches = None
    if form.is_valid():
        taken = [initiative.lead_id, *initiative.supporters.values_list("organisation", flat=True)]
        found = Organisation.objects.filter(
            verification_status=VerificationStatus.VERIFIED
        ).exclude(pk__in=taken)
        matches = list(search_queryset(found, form.cleaned_data["q"])[:SUPPORTER_MATCHES])
    return render(
        request,
        "advocacy/supporters.html",
        {
            "initiative": initiative,
            "form": form,
            "matches": matches,
            "supporters": initiative.supporters.select_related("organisation"),
        },
    )


@login_required
@require_POST
def supporter_delete(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    supporter = supporter_for_lead(request.user, slug, pk)
    supporter_remove(supporter=supporter)
    messages.success(
        request,
        _("%(name)s no longer supports the initiative.") % {"name": supporter.organisation.name},
    )
    return redirect("advocacy:supporters", slug=slug)


@login_required
def action_add(request: HttpRequest, slug: str) -> HttpResponse:
    """The lead's and the supporters' admins record what they did, with a document if any."""
    initiative = initiative_for_coalition(request.user, slug)
    organisations = Organisation.objects.filter(pk__in=[o.pk for o in initiative.acting_for])
    form = ActionForm(request.POST or None, request.FILES or None, organisations=organisations)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        upload, title = data.pop("document"), data.pop("document_title")
        action = action_create(initiative=initiative, by=request.user, **data)
        if upload:
            action_document_add(action=action, title=title, upload=upload, by=request.user)
        messages.success(request, _("The action is recorded."))
        return redirect(initiative)
    return _edit_page(request, initiative, form, _("Add an action"))


@login_required
def document_add(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    action = action_for_coalition(request.user, slug, pk)
    form = DocumentForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        action_document_add(
            action=action,
            title=form.cleaned_data["title"],
            upload=form.cleaned_data["file"],
            by=request.user,
        )
        messages.success(request, _("The document is added."))
        return redirect(action.initiative)
    title = _("Add a document to “%(action)s”") % {"action": action.title}
    return _edit_page(request, action.initiative, form, title)


def document_download(request: HttpRequest, pk: int) -> HttpResponse:
    """A coalition-only initiative's document, to those who may see the initiative."""
    document = document_for_viewer(request.user, pk)
    if document.public_file:
        return redirect(document.public_file.url)
    handle = document.private_file.storage.open(document.private_file.name, "rb")
    filename = f"{document.title}.{document.kind.lower()}" if document.kind else document.title
    return FileResponse(handle, as_attachment=True, filename=filename)


@login_required
def submission_add(request: HttpRequest, slug: str) -> HttpResponse:
    initiative = initiative_for_lead(request.user, slug)
    form = SubmissionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        submission_create(initiative=initiative, by=request.user, **form.cleaned_data)
        messages.success(request, _("The submission is recorded."))
        return redirect(initiative)
    return _edit_page(request, initiative, form, _("Add a submission"))


@login_required
def submission_response(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    submission = submission_for_lead(request.user, slug, pk)
    form = ResponseForm(request.POST or None, instance=submission)
    if request.method == "POST" and form.is_valid():
        submission_answer(submission=submission, **form.cleaned_data)
        messages.success(request, _("The body's response is recorded."))
        return redirect(submission.initiative)
    title = _("The response to “%(what)s”") % {"what": submission.what}
    return _edit_page(request, submission.initiative, form, title)


def _edit_page(request: HttpRequest, initiative, form, title: str) -> HttpResponse:
    return render(
        request, "advocacy/edit.html", {"initiative": initiative, "form": form, "title": title}
    )
