"""Questionnaires as data: staff write them in the admin in every interface language, send them
to the people who attended an event or completed a programme, or to the admins of chosen
organisations, and read the answers as counts, charts and indicators.

A questionnaire is frozen once answered: its questions are what the answers mean. Changing it
means a new version (``questionnaire_new_version``), which copies it with its question codes, so
answers to both versions still meet in the before/after comparison.
"""

from __future__ import annotations

import uuid

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class Subject(models.TextChoices):
    PERSON = "person", _("A person (feedback, knowledge)")
    ORGANISATION = "organisation", _("An organisation (needs and capacity assessment)")


class Moment(models.TextChoices):
    SINGLE = "single", _("Once")
    BEFORE = "before", _("Before")
    AFTER = "after", _("After")


class Questionnaire(models.Model):
    title = models.CharField(_("title"), max_length=200)
    introduction = models.TextField(_("introduction"), blank=True)
    subject = models.CharField(
        _("about"), max_length=20, choices=Subject.choices, default=Subject.PERSON
    )
    version = models.PositiveSmallIntegerField(_("version"), default=1, editable=False)
    previous_version = models.ForeignKey(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        editable=False,
        related_name="next_versions",
        verbose_name=_("previous version"),
    )
    moment = models.CharField(
        _("moment"), max_length=10, choices=Moment.choices, default=Moment.SINGLE
    )
    pair = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="paired_after",
        verbose_name=_("paired 'before' questionnaire"),
        help_text=_(
            "For an 'after' questionnaire: the 'before' one with the same questions; answers are "
            "compared question by question (by code)."
        ),
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("questionnaire")
        verbose_name_plural = _("questionnaires")
        ordering = ["-created_at", "pk"]
        permissions = [
            ("view_results", _("Can see questionnaire results")),
            ("export_answers", _("Can export questionnaire answers (pseudonymous)")),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(pair__isnull=True) | Q(moment="after"),
                name="questionnaire_only_after_is_paired",
                violation_error_message=_("Only an 'after' questionnaire has a 'before' pair."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.title} (v{self.version})" if self.version > 1 else self.title

    @property
    def is_frozen(self) -> bool:
        return self.responses.exists()


class Section(models.Model):
    questionnaire = models.ForeignKey(
        Questionnaire, on_delete=models.CASCADE, related_name="sections"
    )
    title = models.CharField(_("title"), max_length=200)
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    class Meta:
        verbose_name = _("section")
        verbose_name_plural = _("sections")
        ordering = ["position", "pk"]

    def __str__(self) -> str:
        return self.title


class Kind(models.TextChoices):
    SINGLE = "single", _("Single choice")
    MULTIPLE = "multiple", _("Several choices")
    SCALE = "scale", _("Scale 1–5")
    NUMBER = "number", _("Number")
    SHORT_TEXT = "short_text", _("Short text")
    LONG_TEXT = "long_text", _("Long text")


class Measure(models.TextChoices):
    """What a question measures for the indicators (on a 1–5 scale)."""

    NONE = "", _("Nothing for the indicators")
    KNOWLEDGE = "knowledge", _("Knowledge (compared before and after)")
    HELPED = "helped", _("Did it help (4 or 5 counts as increased knowledge)")
    CAPACITY = "capacity", _("Capacity (compared before and after)")
    SATISFACTION = "satisfaction", _("Satisfaction")


class Question(models.Model):
    section = models.ForeignKey(Section, on_delete=models.CASCADE, related_name="questions")
    code = models.SlugField(
        _("code"),
        max_length=50,
        help_text=_("Names the question across versions and before/after pairs."),
    )
    text = models.CharField(_("question"), max_length=300)
    help_text = models.CharField(_("help text"), max_length=300, blank=True)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices, default=Kind.SCALE)
    required = models.BooleanField(_("required"), default=True)
    measure = models.CharField(
        _("measures"), max_length=20, choices=Measure.choices, default="", blank=True
    )
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    class Meta:
        verbose_name = _("question")
        verbose_name_plural = _("questions")
        ordering = ["section__position", "position", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(measure="") | Q(kind="scale"),
                name="question_measure_only_on_scale",
                violation_error_message=_("Only a 1–5 scale question can measure something."),
            ),
        ]

    def __str__(self) -> str:
        return self.text

    @property
    def has_choices(self) -> bool:
        return self.kind in (Kind.SINGLE, Kind.MULTIPLE)


class Choice(models.Model):
    question = models.ForeignKey(Question, on_delete=models.CASCADE, related_name="choices")
    label = models.CharField(_("label"), max_length=200)
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    class Meta:
        verbose_name = _("choice")
        verbose_name_plural = _("choices")
        ordering = ["position", "pk"]

    def __str__(self) -> str:
        return self.label


class Audience(models.TextChoices):
    ATTENDED = "attended", _("People checked in at the event")
    COMPLETED = "completed", _("People who completed the programme")
    ORGANISATIONS = "organisations", _("Admins of the chosen organisations")
    POTENTIAL = "potential", _("Admins of all NGOs with potential")
    PARTNERS = "partners", _("Admins of the partnership's partners")


class Sending(models.Model):
    """One round of a questionnaire to one audience: invitations go at ``send_at``, one reminder
    at ``remind_at`` to those who have not answered, and answers are taken until ``closes_at``."""

    questionnaire = models.ForeignKey(
        Questionnaire,
        on_delete=models.PROTECT,
        related_name="sendings",
        verbose_name=_("questionnaire"),
    )
    audience = models.CharField(_("to"), max_length=20, choices=Audience.choices)
    event = models.ForeignKey(
        "events.Event",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="questionnaire_sendings",
        verbose_name=_("event"),
    )
    programme = models.ForeignKey(
        "events.Programme",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="questionnaire_sendings",
        verbose_name=_("programme"),
    )
    partnership = models.ForeignKey(
        "partnerships.Partnership",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="questionnaire_sendings",
        verbose_name=_("partnership"),
    )
    organisations = models.ManyToManyField(
        "organisations.Organisation",
        blank=True,
        related_name="questionnaire_sendings",
        verbose_name=_("organisations"),
    )
    send_at = models.DateTimeField(_("send at"))
    remind_at = models.DateTimeField(_("remind at"))
    closes_at = models.DateTimeField(_("closes at"))
    sent_at = models.DateTimeField(_("sent"), null=True, blank=True, editable=False)
    reminded_at = models.DateTimeField(_("reminded"), null=True, blank=True, editable=False)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("sending")
        verbose_name_plural = _("sendings")
        ordering = ["-send_at", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(remind_at__gt=models.F("send_at"))
                & Q(closes_at__gt=models.F("remind_at")),
                name="sending_send_remind_close_in_order",
                violation_error_message=_(
                    "The reminder comes after the sending, and the closing after the reminder."
                ),
            ),
        ]

    def __str__(self) -> str:
        target = self.event or self.programme or self.partnership or self.get_audience_display()
        return f"{self.questionnaire} – {target}"

    def clean(self) -> None:
        needed = {
            Audience.ATTENDED: ("event", _("Choose the event whose participants are asked.")),
            Audience.COMPLETED: ("programme", _("Choose the programme.")),
            Audience.PARTNERS: ("partnership", _("Choose the partnership.")),
        }.get(self.audience)
        if needed and not getattr(self, f"{needed[0]}_id"):
            raise ValidationError({needed[0]: needed[1]})
        questionnaire = getattr(self, "questionnaire", None) if self.questionnaire_id else None
        if questionnaire is not None:
            about_people = self.audience in (Audience.ATTENDED, Audience.COMPLETED)
            if about_people != (questionnaire.subject == Subject.PERSON):
                raise ValidationError(
                    {
                        "audience": _(
                            "A questionnaire about a person goes to participants; one about an "
                            "organisation goes to organisations' admins."
                        )
                    }
                )


class Invitation(models.Model):
    """One person asked to answer: a participant (by their registration) or an organisation's
    admin (answering for the organisation). Their link is a signed token naming this row."""

    sending = models.ForeignKey(Sending, on_delete=models.CASCADE, related_name="invitations")
    email = models.EmailField(_("e-mail address"))
    name = models.CharField(_("name"), max_length=200, blank=True)
    language = models.CharField(_("language"), max_length=10, blank=True)
    registration = models.ForeignKey(
        "events.Registration",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="questionnaire_invitations",
    )
    organisation = models.ForeignKey(
        "organisations.Organisation",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="questionnaire_invitations",
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="questionnaire_invitations",
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("invitation")
        verbose_name_plural = _("invitations")
        ordering = ["pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["sending", "registration"],
                condition=Q(registration__isnull=False),
                name="invitation_one_per_registration",
            ),
            models.UniqueConstraint(
                fields=["sending", "organisation", "user"],
                condition=Q(organisation__isnull=False),
                name="invitation_one_per_organisation_admin",
            ),
        ]

    def __str__(self) -> str:
        return self.email


class Response(models.Model):
    """The answers of one participant, or of one organisation (any of its admins), to one
    sending; answering again edits them. ``pid`` is the pseudonymous id the answers are reported
    by: the participant's, or the organisation's own (``organisation_pid``)."""

    invitation = models.ForeignKey(
        Invitation,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="responses",
    )
    questionnaire = models.ForeignKey(
        Questionnaire, on_delete=models.PROTECT, related_name="responses"
    )
    sending = models.ForeignKey(Sending, on_delete=models.PROTECT, related_name="responses")
    pid = models.UUIDField(_("pseudonymous id"), default=uuid.uuid4, db_index=True)
    organisation = models.ForeignKey(
        "organisations.Organisation",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="questionnaire_responses",
        verbose_name=_("organisation"),
    )
    submitted_at = models.DateTimeField(_("answered"))
    updated_at = models.DateTimeField(_("changed"), auto_now=True)

    class Meta:
        verbose_name = _("response")
        verbose_name_plural = _("responses")
        ordering = ["submitted_at", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["sending", "pid"], name="response_one_per_sending"),
        ]

    def __str__(self) -> str:
        return str(self.pid)


ORGANISATION_NAMESPACE = uuid.UUID("6f1d6f43-3b2a-4c59-9a57-5d7d2f0e8b11")


def organisation_pid(organisation_id: int) -> uuid.UUID:
    """An organisation's pseudonymous id in answers: the same in every questionnaire, so its
    before and after meet, and not its database id."""
    return uuid.uuid5(ORGANISATION_NAMESPACE, f"organisation:{organisation_id}")


class Answer(models.Model):
    response = models.ForeignKey(Response, on_delete=models.CASCADE, related_name="answers")
    question = models.ForeignKey(Question, on_delete=models.PROTECT, related_name="answers")
    number = models.DecimalField(
        _("number"), max_digits=12, decimal_places=2, null=True, blank=True
    )
    text = models.TextField(_("text"), blank=True)
    choices = models.ManyToManyField(Choice, blank=True, related_name="answers")

    class Meta:
        verbose_name = _("answer")
        verbose_name_plural = _("answers")
        constraints = [
            models.UniqueConstraint(
                fields=["response", "question"], name="answer_one_per_question"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.question.code}"
