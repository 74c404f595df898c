"""What a participant tells beyond the registration: special-category answers at entry (kept
apart, with consent) and the situation on leaving."""

from __future__ import annotations

from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from hub.cache import SEATS
from hub.entry import REFUSED, EntryItem, YesNo
from hub.fields import ChoiceListField

from .registrations import Registration, entry_answer


class SpecialAnswer(models.TextChoices):
    YES = "yes", _("Yes")
    NO = "no", _("No")
    REFUSED = REFUSED, _("Prefer not to answer")


# The special-category answers, each named as its entry item.
SPECIAL_ANSWER_FIELDS = ("disability", "minority", "foreign_background", "other_disadvantage")


class SpecialCategoryEntry(models.Model):
    """Special-category data asked at entry, kept apart from the registration: that it was asked
    (the funder wants the attempt on record), the consent, and the answers. Read only with the
    "view special-category data" permission, and only ever counted, never shown per person."""

    # Public pages show it only as seats left (hub.cache.SEATS).
    cache_domain = SEATS

    registration = models.OneToOneField(
        Registration,
        on_delete=models.CASCADE,
        related_name="special_category",
        verbose_name=_("registration"),
    )
    items = ChoiceListField(_("items asked"), max_length=200, choices=EntryItem.choices)
    asked_at = models.DateTimeField(_("asked"), default=timezone.now)
    consent = models.BooleanField(_("explicit consent given"), default=False)
    disability = models.CharField(
        _("disability"), max_length=8, choices=SpecialAnswer.choices, blank=True
    )
    minority = models.CharField(
        _("minority, including Roma"), max_length=8, choices=SpecialAnswer.choices, blank=True
    )
    foreign_background = models.CharField(
        _("foreign background or third-country national"),
        max_length=8,
        choices=SpecialAnswer.choices,
        blank=True,
    )
    # ESF 2014–2020 CO17: disadvantaged in another way the programme defines (leaving prison,
    # recovering from addiction, living in poverty…); a national definition, asked as yes or no.
    other_disadvantage = models.CharField(
        _("other disadvantage"), max_length=8, choices=SpecialAnswer.choices, blank=True
    )

    class Meta:
        verbose_name = _("special-category entry data")
        verbose_name_plural = _("special-category entry data")
        default_permissions = ()
        permissions = [("view_special_category", _("Can view special-category entry data"))]
        constraints = [
            models.CheckConstraint(
                condition=Q(consent=True)
                | (
                    ~Q(disability__in=["yes", "no"])
                    & ~Q(minority__in=["yes", "no"])
                    & ~Q(foreign_background__in=["yes", "no"])
                    & ~Q(other_disadvantage__in=["yes", "no"])
                ),
                name="special_category_answers_need_consent",
                violation_error_message=_(
                    "Special-category answers are kept only with explicit consent."
                ),
            ),
        ]

    def __str__(self) -> str:
        return str(_("Special-category entry data"))


class LeavingItem(models.TextChoices):
    """The immediate results asked of a participant on leaving (ESF+ EECR01–04, ESF CR01–04)."""

    SEEKING_WORK = "seeking_work", _("Seeking work")
    IN_EDUCATION = "in_education", _("In education or training")
    QUALIFICATION = "qualification", _("Gained a qualification")
    EMPLOYED = "employed", _("In employment, including self-employment")


class LeavingSituation(models.Model):
    """A participant's situation on leaving a training (the last session of a programme, or a
    training on its own), as they said it within four weeks of leaving: stored as at leaving,
    beside the entry data, under the same privacy rules (copied with the person's data, erased
    with them). One per person per leaving: on the registration of the last session."""

    # Public pages show it only as seats left (hub.cache.SEATS).
    cache_domain = SEATS

    registration = models.OneToOneField(
        Registration,
        on_delete=models.CASCADE,
        related_name="leaving",
        verbose_name=_("registration"),
    )
    left_on = models.DateField(_("left on"))
    asked_at = models.DateTimeField(_("asked"), null=True, blank=True)
    answered_at = models.DateTimeField(_("answered"), null=True, blank=True)
    seeking_work = entry_answer(_("seeking work"), YesNo.choices)
    in_education = entry_answer(_("in education or training"), YesNo.choices)
    qualification = entry_answer(_("gained a qualification"), YesNo.choices)
    employed = entry_answer(_("in employment, including self-employment"), YesNo.choices)

    class Meta:
        verbose_name = _("situation on leaving")
        verbose_name_plural = _("situations on leaving")

    def __str__(self) -> str:
        return str(_("Situation on leaving"))
