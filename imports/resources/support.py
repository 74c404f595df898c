"""Support records: matched by the organisation, the day, the kind and the normalised topic."""

from __future__ import annotations

from typing import ClassVar

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy

from hub.text import search_normalise
from organisations.models import SupportKind, SupportRecord

from ..columns import (
    ChoiceWidget,
    DateWidget,
    DecimalNumberWidget,
    OrganisationWidget,
    TextWidget,
    UserWidget,
)
from ..models import ImportKind
from .base import ImportResource, column


class SupportRecordResource(ImportResource):
    kind = ImportKind.SUPPORT_RECORDS
    named_by = ("organisation",)
    required = ("organisation", "kind_", "date", "hours", "topic")
    notes: ClassVar[dict] = {
        "organisation": gettext_lazy(
            "Registration number, tax number or name of an organisation in the directory."
        ),
        "date": gettext_lazy("A date: 2025-03-31."),
        "hours": gettext_lazy("A number of hours, such as 1.5."),
        "given_by": gettext_lazy("The e-mail address of a staff member's account."),
    }

    organisation = column(
        "organisation", gettext_lazy("organisation"), OrganisationWidget(required=True)
    )
    kind_ = column(
        "kind",
        gettext_lazy("kind"),
        ChoiceWidget(SupportKind.choices, required=True),
    )
    date = column("date", gettext_lazy("date"), DateWidget())
    hours = column("hours", gettext_lazy("hours"), DecimalNumberWidget())
    topic = column("topic", gettext_lazy("topic"), TextWidget(required=True, max_length=200))
    given_by = column("given_by", gettext_lazy("given by"), UserWidget())
    notes_ = column("notes", gettext_lazy("notes"), TextWidget())

    class Meta(ImportResource.Meta):
        model = SupportRecord
        fields = ("organisation", "kind_", "date", "hours", "topic", "given_by", "notes_")

    def before_import_row(self, row, **kwargs):
        errors: dict = {}
        organisation = self.value("organisation", row, errors)
        kind = self.value("kind_", row, errors)
        day = self.value("date", row, errors)
        topic = self.value("topic", row, errors, default="")
        if errors:
            raise ValidationError(errors)
        self.current = {
            "organisation": organisation,
            "kind": kind,
            "date": day,
            "topic_key": search_normalise(topic),
        }
        self.check_duplicate(
            [("support", organisation.pk, day, kind, self.current["topic_key"])],
            self.line(kwargs),
        )

    def get_instance(self, instance_loader, row):
        current = self.current
        for record in SupportRecord.objects.filter(
            organisation=current["organisation"], date=current["date"], kind=current["kind"]
        ).order_by("pk"):
            if search_normalise(record.topic) == current["topic_key"]:
                return record
        return None

    def export_queryset(self):
        return SupportRecord.objects.select_related("organisation", "given_by").order_by(
            "date", "pk"
        )
