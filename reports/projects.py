"""The operation itself in the funder's reports: the ESF 2014–2020 Annex counts projects (CO20
by social partners or NGOs, CO21 for women in employment, CO22 for public administrations), and
a hub's operation is one project, with the properties staff give it on the operation."""

from __future__ import annotations

from collections.abc import Mapping

from django.utils.translation import gettext_lazy as _

from hub.indicators import Figure, Period, rule_register
from hub.models import PROJECT_PROPERTIES, Operation


@rule_register(
    code="operation_projects",
    label=_("Projects with a property: the operation itself"),
    definition=_(
        "The operation itself, counted as one project when staff marked it with the indicator's "
        "property (implemented fully or partially by social partners or non-governmental "
        "organisations; dedicated to the sustainable participation and progress of women in "
        "employment; targeting public administrations or public services) and it started by the "
        "end of the period: 0 or 1 for one operation (0 where the indicator names no property)."
    ),
)
def operation_projects(*, period: Period, operation: Operation | None, params: Mapping) -> Figure:
    wanted = params.get("property")
    if wanted is not None and wanted not in PROJECT_PROPERTIES:
        raise ValueError(f"No property of a project {wanted!r}")
    if operation is None or wanted is None:
        return Figure(value=0)
    # Read from the table, not the object in hand: a report counts what is saved.
    counted = Operation.objects.filter(
        pk=operation.pk, start__lte=period.end, **{wanted: True}
    ).exists()
    return Figure(value=int(counted))
