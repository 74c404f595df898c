"""Reads that pages share, and who may see and change an initiative (one helper per resource)."""

from __future__ import annotations

from datetime import datetime

from django.db.models import Min, Prefetch, Q, QuerySet
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils import timezone

from hub.feeds import earliest
from hub.text import collated
from organisations.models import Membership, Organisation, Role, VerificationStatus
from partnerships.models import Outcome, OutcomeKind

from .models import (
    Action,
    ActionDocument,
    Consultation,
    Initiative,
    Representation,
    Submission,
    Supporter,
)


def open_consultations_change_at(now=None) -> datetime | None:
    """When the open consultations next change by themselves: as the next one opens or closes
    (None while none is to)."""
    now = now or timezone.now()
    found = Consultation.objects.aggregate(
        opens=Min("opens", filter=Q(opens__gt=now)),
        closes=Min("deadline", filter=Q(deadline__gt=now)),
    )
    return earliest(found["opens"], found["closes"])


def consultation_list() -> QuerySet[Consultation]:
    """Open first, nearest deadline first; then those opening soon; then the closed ones, the
    latest first."""
    from django.db.models import Case, IntegerField, Value, When

    now = timezone.now()
    return (
        Consultation.objects.select_related("body")
        .prefetch_related("municipalities", "fields")
        .annotate(
            rank=Case(
                When(opens__lte=now, deadline__gt=now, then=Value(0)),
                When(opens__gt=now, then=Value(1)),
                default=Value(2),
                output_field=IntegerField(),
            )
        )
        .order_by("rank", "deadline", "pk")
    )


def consultation_detail(slug: str) -> Consultation:
    return get_object_or_404(
        Consultation.objects.select_related("body").prefetch_related(
            "municipalities", "fields", "documents"
        ),
        slug=slug,
    )


def _supporters_prefetch() -> Prefetch:
    return Prefetch(
        "supporters",
        queryset=Supporter.objects.select_related("organisation").order_by(
            collated("organisation__name"), "pk"
        ),
    )


def initiative_list(*, user) -> QuerySet[Initiative]:
    """What a list card shows (lead, supporters, consultation) in a fixed number of queries."""
    return (
        Initiative.objects.visible_to(user)
        .select_related("lead", "consultation")
        .prefetch_related(_supporters_prefetch())
        .order_by("-started", "-pk")
    )


def _memberships(user) -> dict[int, str]:
    if not user.is_authenticated:
        return {}
    return dict(Membership.objects.filter(user=user).values_list("organisation_id", "role"))


def _viewer(initiative: Initiative, user, supporters: list[Supporter]) -> Initiative:
    """Who the person is to this initiative; 404 for a coalition-only one they may not see."""
    roles = _memberships(user)
    is_staff = user.is_authenticated and user.is_staff
    supporter_orgs = {s.organisation_id for s in supporters}
    in_coalition = initiative.lead_id in roles or bool(supporter_orgs & set(roles))
    if not initiative.is_public and not (is_staff or in_coalition):
        raise Http404
    initiative.viewer_is_staff = is_staff
    initiative.viewer_is_lead = is_staff or roles.get(initiative.lead_id) == Role.ADMIN
    initiative.viewer_organisations = [
        s.organisation for s in supporters if roles.get(s.organisation_id) == Role.ADMIN
    ]
    initiative.viewer_may_add = initiative.viewer_is_lead or bool(initiative.viewer_organisations)
    return initiative


def initiative_for_viewer(user, slug: str) -> Initiative:
    """The initiative with everything its page shows, if the person may see it, else 404."""
    initiative = get_object_or_404(
        Initiative.objects.select_related(
            "lead", "consultation__body", "partnership", "outcome"
        ).prefetch_related(
            _supporters_prefetch(),
            "status_changes",
            Prefetch(
                "actions",
                queryset=Action.objects.select_related("organisation").prefetch_related(
                    Prefetch("documents", queryset=ActionDocument.objects.order_by("pk"))
                ),
            ),
            "submissions",
        ),
        slug=slug,
    )
    return _viewer(initiative, user, list(initiative.supporters.all()))


def initiative_for_lead(user, slug: str) -> Initiative:
    """The initiative if the person may change it: staff and the lead organisation's admins.
    404 otherwise, so nobody learns of coalition-only initiatives."""
    if not user.is_authenticated:
        raise Http404
    initiative = get_object_or_404(Initiative.objects.select_related("lead"), slug=slug)
    if user.is_staff:
        return initiative
    if not Membership.objects.filter(
        user=user, organisation_id=initiative.lead_id, role=Role.ADMIN
    ).exists():
        raise Http404
    return initiative


def initiative_for_coalition(user, slug: str) -> Initiative:
    """The initiative if the person may add actions and documents to it: staff, the lead's
    admins and the supporting organisations' admins. Sets ``acting_for``: the organisations
    they may record an action for."""
    if not user.is_authenticated:
        raise Http404
    initiative = get_object_or_404(Initiative.objects.select_related("lead"), slug=slug)
    coalition = [
        initiative.lead_id,
        *initiative.supporters.values_list("organisation_id", flat=True),
    ]
    if user.is_staff:
        initiative.acting_for = list(Organisation.objects.filter(pk__in=coalition))
        return initiative
    theirs = list(
        Organisation.objects.filter(
            pk__in=coalition, memberships__user=user, memberships__role=Role.ADMIN
        )
    )
    if not theirs:
        raise Http404
    initiative.acting_for = theirs
    return initiative


def action_for_coalition(user, slug: str, pk: int) -> Action:
    initiative = initiative_for_coalition(user, slug)
    action = get_object_or_404(Action, pk=pk, initiative=initiative)
    action.initiative = initiative
    return action


def submission_for_lead(user, slug: str, pk: int) -> Submission:
    initiative = initiative_for_lead(user, slug)
    submission = get_object_or_404(Submission, pk=pk, initiative=initiative)
    submission.initiative = initiative
    return submission


def supporter_for_lead(user, slug: str, pk: int) -> Supporter:
    initiative = initiative_for_lead(user, slug)
    return get_object_or_404(
        Supporter.objects.select_related("organisation"), pk=pk, initiative=initiative
    )


def document_for_viewer(user, pk: int) -> ActionDocument:
    """A document, if the person may see its initiative (404 otherwise)."""
    document = get_object_or_404(ActionDocument.objects.select_related("action__initiative"), pk=pk)
    initiative = document.action.initiative
    _viewer(initiative, user, list(initiative.supporters.all()))
    return document


def _verified() -> QuerySet[Organisation]:
    return Organisation.objects.filter(verification_status=VerificationStatus.VERIFIED).order_by(
        collated("name"), "pk"
    )


def organisations_for_starter(user) -> QuerySet[Organisation]:
    """The verified organisations the person administers: any of them may lead an initiative.
    (Staff start one for any organisation in the admin, not from a list of thousands.)"""
    if not user.is_authenticated:
        return Organisation.objects.none()
    return _verified().filter(memberships__user=user, memberships__role=Role.ADMIN)


def outcome_for_starter(user, pk: int) -> tuple[Outcome, QuerySet[Organisation]]:
    """A partnership's policy proposal the person may turn into an initiative, with the
    organisations that may lead it: for the admins of its partners, their own; for staff, any
    partner. 404 otherwise."""
    if not user.is_authenticated:
        raise Http404
    outcome = get_object_or_404(
        Outcome.objects.select_related("partnership"), pk=pk, kind=OutcomeKind.POLICY_PROPOSAL
    )
    partners = _verified().filter(partnerships_joined__partnership=outcome.partnership_id)
    leads = partners if user.is_staff else partners.filter(pk__in=organisations_for_starter(user))
    if not leads.exists():
        raise Http404
    return outcome, leads


# The organisation profile's section, and the partnership page's.


def profile_section(organisation: Organisation, user) -> dict | None:
    """The initiatives an organisation leads or supports, and its representations."""
    initiatives = list(
        initiative_list(user=user)
        .filter(pk__in=_coalition_of(organisation))
        .order_by("-started", "-pk")
    )
    representations = list(
        Representation.objects.filter(organisations=organisation).order_by("-mandate_from", "pk")
    )
    if not initiatives and not representations:
        return None
    return {
        "template": "advocacy/_profile_section.html",
        "initiatives": initiatives,
        "representations": representations,
    }


def _coalition_of(organisation: Organisation):
    from django.db.models import Q

    supported = Supporter.objects.filter(organisation=organisation).values("initiative_id")
    return Initiative.objects.filter(Q(lead=organisation) | Q(pk__in=supported)).values("pk")


def partnership_section(partnership, user) -> dict | None:
    """On a partnership's page: its policy proposals, each with its initiative or, for those
    who may, a button to start one. Asks the database only when there is a proposal."""
    proposals = [o for o in partnership.outcomes.all() if o.kind == OutcomeKind.POLICY_PROPOSAL]
    if not proposals:
        return None
    initiatives = {
        initiative.outcome_id: initiative
        for initiative in Initiative.objects.visible_to(user).filter(outcome__in=proposals)
    }
    may_start = getattr(partnership, "viewer_may_edit", False)
    return {
        "template": "advocacy/_partnership_section.html",
        "proposals": [(outcome, initiatives.get(outcome.pk)) for outcome in proposals],
        "may_start": may_start,
    }
