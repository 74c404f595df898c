"""Funded operations and the funder templates they follow: what a funder counts (the indicators
contract of ``hub.indicators``), what it promised, and the logos it asks for."""

from __future__ import annotations

from datetime import date

from django.core.validators import FileExtensionValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from ..entry import Completeness, EntryItem
from ..fields import ChoiceListField

# An operation follows one template; the rules a template's indicators name are registered in
# code (hub/indicators.py), the templates themselves are data that staff edit. What a template
# asks of participants is the vocabulary of hub/entry.py.


class FunderTemplate(models.Model):
    """How one funder counts: its indicators and the entry data it asks of participants."""

    code = models.SlugField(_("code"), max_length=40, unique=True)
    name = models.CharField(_("name"), max_length=200)
    entry_items = ChoiceListField(
        _("entry items"),
        max_length=200,
        choices=EntryItem.choices,
        blank=True,
        help_text=_("What registration forms ask each participant, every item optional."),
    )
    small_cell_threshold = models.PositiveSmallIntegerField(
        _("small-cell threshold"),
        default=5,
        help_text=_(
            "Special-category breakdown cells below this number are shown as “<N”; totals stay "
            "exact."
        ),
    )
    participant_kinds = ChoiceListField(
        _("events that make participants"),
        max_length=200,
        # The kinds are the events app's: the reports admin offers and checks them.
        blank=True,
        help_text=_(
            "Kinds of events whose attendance makes a person a participant (all kinds when "
            "none is chosen). A conference visitor is a participant only if the operation says so."
        ),
    )
    programmes_only = models.BooleanField(
        _("only programmes make participants"),
        default=False,
        help_text=_("Only the sessions of a programme make participants, whatever their kind."),
    )
    completeness = models.CharField(
        _("incomplete records"),
        max_length=12,
        choices=Completeness.choices,
        default=Completeness.PER_ITEM,
        help_text=_(
            "What a record missing or refusing a non-sensitive item the template asks counts "
            "in: ESF 2014–2020 counts it in the grand total only; Polish practice not at all."
        ),
    )

    class Meta:
        verbose_name = _("funder template")
        verbose_name_plural = _("funder templates")
        ordering = ["name", "pk"]

    def __str__(self) -> str:
        return self.name


class TemplateIndicator(models.Model):
    """One indicator of a funder template: the funder's code and words, and the rule that counts it."""

    template = models.ForeignKey(
        FunderTemplate,
        on_delete=models.CASCADE,
        related_name="indicators",
        verbose_name=_("template"),
    )
    code = models.CharField(_("code"), max_length=40, help_text=_("The funder's own code."))
    label = models.CharField(_("label"), max_length=300)
    definition = models.TextField(_("definition"), help_text=_("Shown beside the figure."))
    rule = models.CharField(
        _("counting rule"),
        max_length=60,
        help_text=_("One of the rules the portal implements; the list is in the indicators help."),
    )
    breakdowns = ChoiceListField(
        _("breakdowns"), max_length=200, choices=EntryItem.choices, blank=True
    )
    params = models.JSONField(
        _("parameters"),
        default=dict,
        blank=True,
        help_text=_('For example {"hours": 25} for the mentoring hours an NGO must reach.'),
    )
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    hub_own = models.BooleanField(
        _("the hub's own indicator"),
        default=False,
        help_text=_(
            "Not one of the funder's codes: reported apart, under the hub's own code, after the "
            "funder's indicators."
        ),
    )

    class Meta:
        verbose_name = _("indicator")
        verbose_name_plural = _("indicators")
        ordering = ["template", "position", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["template", "code"],
                name="template_indicator_code_unique",
                violation_error_message=_("This template already has an indicator with this code."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.code} {self.label}"


class OperationQuerySet(models.QuerySet):
    def running_on(self, day: date) -> OperationQuerySet:
        return self.filter(start__lte=day, end__gte=day)


class Operation(models.Model):
    """A funded project of the hub: who funds it, when, and the line its funder makes it print."""

    name = models.CharField(_("name"), max_length=300)
    funder = models.CharField(
        _("funder"), max_length=200, help_text=_("For example: European Social Fund.")
    )
    programme = models.CharField(_("programme"), max_length=300, blank=True)
    priority_axis = models.CharField(_("priority axis"), max_length=200, blank=True)
    investment_priority = models.CharField(_("investment priority"), max_length=200, blank=True)
    specific_objective = models.CharField(_("specific objective"), max_length=300, blank=True)
    # What the operation is as a project, which the ESF 2014–2020 Annex counts (CO20–CO22).
    by_social_partners_or_ngos = models.BooleanField(
        _("implemented by social partners or NGOs"),
        default=False,
        help_text=_(
            "Fully or partially implemented by social partners or non-governmental "
            "organisations (ESF 2014–2020: CO20)."
        ),
    )
    for_women_in_employment = models.BooleanField(
        _("dedicated to women in employment"),
        default=False,
        help_text=_(
            "Dedicated to the sustainable participation and progress of women in employment "
            "(ESF 2014–2020: CO21)."
        ),
    )
    for_public_administrations = models.BooleanField(
        _("targets public administrations or public services"),
        default=False,
        help_text=_(
            "Targets public administrations or public services at national, regional or local "
            "level (ESF 2014–2020: CO22)."
        ),
    )
    start = models.DateField(_("start"))
    end = models.DateField(_("end"))
    value = models.DecimalField(
        _("value"),
        max_digits=12,
        decimal_places=2,
        null=True,
        blank=True,
        help_text=_("In the hub's currency."),
    )
    template = models.ForeignKey(
        FunderTemplate,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="operations",
        verbose_name=_("funder template"),
        help_text=_(
            "How the funder counts: the indicators, reports and registration forms follow it."
        ),
    )
    evidence_kept_until = models.DateField(
        _("evidence kept until"),
        null=True,
        blank=True,
        help_text=_(
            "The funder's retention date: participants' data of events held during the operation "
            "is kept as evidence until then, and anonymised after."
        ),
    )
    publicity_text = models.TextField(
        _("publicity text"),
        help_text=_(
            "The funder's mandatory sentence, printed in the footer of every page and at the top "
            "of every PDF made while the operation runs."
        ),
    )

    objects = OperationQuerySet.as_manager()

    class Meta:
        verbose_name = _("operation")
        verbose_name_plural = _("operations")
        ordering = ["-start", "pk"]
        # The rows behind a figure that name people (participants, representatives): not for
        # every coordinator or member of staff, who see how many.
        permissions = [("view_people_behind_figures", _("Can see the people behind a figure"))]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(end__gte=models.F("start")),
                name="operation_ends_after_start",
                violation_error_message=_("The operation must end after it starts."),
            ),
        ]

    def __str__(self) -> str:
        return self.name


# The properties of the operation as a project that a template's indicator may count.
PROJECT_PROPERTIES = (
    "by_social_partners_or_ngos",
    "for_women_in_employment",
    "for_public_administrations",
)


class IndicatorTarget(models.Model):
    """What the operation promised for one indicator: for the whole operation, or for one year."""

    operation = models.ForeignKey(
        Operation, on_delete=models.CASCADE, related_name="targets", verbose_name=_("operation")
    )
    indicator = models.ForeignKey(
        TemplateIndicator,
        on_delete=models.CASCADE,
        related_name="targets",
        verbose_name=_("indicator"),
    )
    year = models.PositiveSmallIntegerField(
        _("year"), null=True, blank=True, help_text=_("Empty: the target for the whole operation.")
    )
    value = models.DecimalField(_("target"), max_digits=10, decimal_places=1)

    class Meta:
        verbose_name = _("indicator target")
        verbose_name_plural = _("indicator targets")
        ordering = ["operation", "indicator__position", "year", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["operation", "indicator", "year"],
                nulls_distinct=False,
                name="indicator_target_once",
                violation_error_message=_("This indicator already has a target for this year."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.indicator} {self.year or ''}: {self.value}"


class FunderLogo(models.Model):
    """A logo the funder requires next to the publicity text (the EU emblem, a ministry's)."""

    operation = models.ForeignKey(
        Operation, on_delete=models.CASCADE, related_name="logos", verbose_name=_("operation")
    )
    image = models.FileField(
        _("image"),
        upload_to="funders/",
        validators=[FileExtensionValidator(["png", "jpg", "jpeg", "webp", "svg"])],
        help_text=_("PNG, JPEG, WebP or SVG."),
    )
    description = models.CharField(
        _("description"),
        max_length=200,
        help_text=_("What the logo says, for people who cannot see it."),
    )
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    class Meta:
        verbose_name = _("funder logo")
        verbose_name_plural = _("funder logos")
        ordering = ["position", "pk"]

    def __str__(self) -> str:
        return self.description
