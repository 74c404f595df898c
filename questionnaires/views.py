from __future__ import annotations

import io

from django.contrib import messages
from django.db.models import Prefetch
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from hub import spreadsheets
from organisations.models import Organisation

from . import selectors, services
from .forms import AnswerForm
from .models import Question, Section


def _invitation(token: str):
    invitation = services.invitation_for_token(token)
    if invitation is None:
        raise Http404
    return invitation


def answer(request: HttpRequest, token: str) -> HttpResponse:
    """The personal link: the questionnaire with the earlier answers, if any; no account needed.
    Answering again replaces the earlier answers until the closing date."""
    invitation = _invitation(token)
    questionnaire = invitation.sending.questionnaire
    sections = Section.objects.filter(questionnaire=questionnaire).prefetch_related(
        Prefetch("questions", queryset=Question.objects.prefetch_related("choices"))
    )
    response = services.response_for_invitation(invitation=invitation)
    closed = invitation.sending.closes_at <= timezone.now()
    form = AnswerForm(
        request.POST if request.method == "POST" and not closed else None,
        sections=sections,
        response=response,
        closed=closed,
    )
    if request.method == "POST" and not closed and form.is_valid():
        try:
            services.response_save(invitation=invitation, answers=form.answers())
        except services.QuestionnaireClosed:
            messages.error(
                request, _("This questionnaire is closed: answers can no longer change.")
            )
        else:
            messages.success(
                request,
                _("Thank you: your answers are saved. You can change them here until it closes."),
            )
        return redirect("questionnaires:answer", token=token)
    return render(
        request,
        "questionnaires/answer.html",
        {
            "invitation": invitation,
            "questionnaire": questionnaire,
            "form": form,
            "response": response,
            "closed": closed,
            "token": token,
        },
    )


def answer_delete(request: HttpRequest, token: str) -> HttpResponse:
    """The person deletes the answers given through their link (asked to confirm first)."""
    invitation = _invitation(token)
    if request.method == "POST":
        services.response_delete(invitation=invitation)
        messages.success(request, _("Your answers are deleted."))
        return redirect("questionnaires:answer", token=token)
    return render(
        request,
        "questionnaires/answer_delete.html",
        {
            "invitation": invitation,
            "questionnaire": invitation.sending.questionnaire,
            "token": token,
        },
    )


def results(request: HttpRequest, pk: int) -> HttpResponse:
    """Staff with the permission: counts and distributions, per questionnaire or per sending
    (an event), with bar charts; a paired questionnaire also shows each respondent's change."""
    questionnaire = selectors.questionnaire_for_staff(request.user, pk)
    sending = None
    if request.GET.get("sending"):
        sending = get_object_or_404(questionnaire.sendings, pk=_int(request.GET["sending"]))
    found = selectors.questionnaire_results(questionnaire=questionnaire, sending=sending)
    changes, improved = selectors.pair_changes(questionnaire=questionnaire)
    return render(
        request,
        "questionnaires/results.html",
        {
            "questionnaire": questionnaire,
            "results": found,
            "sending": sending,
            "changes": changes,
            "improved": improved,
            "small_group": selectors.SMALL_GROUP,
            "may_export": request.user.has_perm("questionnaires.export_answers"),
        },
    )


def _int(value: str) -> int:
    try:
        return int(value)
    except ValueError as error:
        raise Http404 from error


def export(request: HttpRequest, pk: int, fmt: str) -> HttpResponse:
    """The answers without names: pseudonymous ids only, as CSV or XLSX."""
    if fmt not in ("csv", "xlsx"):
        raise Http404
    questionnaire = selectors.questionnaire_for_staff(request.user, pk, permission="export_answers")
    headers, rows = selectors.export_table(questionnaire=questionnaire)
    filename = f"questionnaire-{questionnaire.pk}-answers.{fmt}"
    if fmt == "csv":
        output = io.StringIO()
        writer = spreadsheets.CsvWriter(output)
        writer.writerow(headers)
        for row in rows:
            writer.writerow(row)
        response = HttpResponse(output.getvalue(), content_type="text/csv; charset=utf-8")
    else:
        from openpyxl import Workbook

        workbook = Workbook()
        workbook.remove(workbook.active)
        sheet = spreadsheets.sheet(workbook, _("Answers"))
        sheet.append(headers)
        for row in rows:
            sheet.append(row)
        output = io.BytesIO()
        workbook.save(output)
        response = HttpResponse(
            output.getvalue(),
            content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        )
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def organisation_scores(request: HttpRequest, slug: str) -> HttpResponse:
    """Staff with the permission: an organisation's assessment scores over time."""
    selectors.questionnaire_permission(request.user)
    organisation = get_object_or_404(Organisation, slug=slug)
    return render(
        request,
        "questionnaires/organisation_scores.html",
        {
            "organisation": organisation,
            "scores": selectors.organisation_scores(organisation=organisation),
        },
    )
