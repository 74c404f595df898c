"""The partnership agreement: a kind of document in hub's one document mechanism."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.db.models import Prefetch
from django.utils import timezone

from hub.documents import DocumentKind, document_kind_register, document_request
from hub.models import Document
from hub.pdf import render_pdf
from hub.text import collated
from organisations.models import Membership

from .models import Commitment, Partner, Partnership

AGREEMENT = "partnerships.agreement"


def render_agreement(partnership: Partnership, *, language: str) -> bytes:
    """The agreement the partners sign: who they are, their roles, responsibilities and
    contributions, their commitments, and a signature block for each active partner."""
    partners = list(
        partnership.partners.active()
        .select_related("organisation")
        .prefetch_related(Prefetch("commitments", queryset=Commitment.objects.all()))
        .order_by("role", collated("organisation__name", language), "pk")
    )
    return render_pdf(
        "pdf/partnerships/agreement.html",
        {
            "partnership": partnership,
            "partners": partners,
            "document_date": timezone.localdate(),
        },
        language=language,
    )


def _may_have(user: Any, document: Document, context: Mapping[str, str]) -> bool:
    """Hub staff and the people of the partner organisations."""
    if not user.is_authenticated:
        return False
    if user.is_staff:
        return True
    partners = Partner.objects.filter(partnership_id=document.subject_id)
    return Membership.objects.filter(
        user=user, organisation__in=partners.values("organisation_id")
    ).exists()


document_kind_register(
    DocumentKind(
        name=AGREEMENT,
        render=lambda document: render_agreement(
            Partnership.objects.get(pk=document.subject_id), language=document.language
        ),
        filename=lambda document: "partnership-agreement.pdf",
        can_download=_may_have,
    )
)


def agreement_request(*, partnership: Partnership, language: str, by=None) -> Document:
    """Queue the agreement with the partners as they are now."""
    return document_request(kind=AGREEMENT, subject=partnership, language=language, by=by)
