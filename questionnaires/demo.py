"""Demo questionnaires: feedback after the hub's past trainings, and a needs and capacity
assessment of the hub's NGOs before and after its support (Ruse: before the two trainings and
again after them; Goriška: its NGOs with potential), with one indicator from the answers in the
current operation's funder template."""

from __future__ import annotations

import random
from datetime import datetime, timedelta

from django.db import transaction
from django.utils import timezone

from events.models import Event, EventKind, Registration
from hub.models import Operation, TemplateIndicator
from organisations.models import Organisation, Sector

from .models import (
    Answer,
    Audience,
    Choice,
    Invitation,
    Kind,
    Measure,
    Moment,
    Question,
    Questionnaire,
    Response,
    Section,
    Sending,
    Subject,
    organisation_pid,
)

LANGUAGES = ("sl", "en", "bg", "pl")


def _texts(sl: str, en: str, bg: str, pl: str, field: str) -> dict[str, str]:
    return {
        field: en,
        **{f"{field}_{code}": text for code, text in zip(LANGUAGES, (sl, en, bg, pl), strict=True)},
    }


FEEDBACK = {
    "title": (
        "Povratna informacija o usposabljanju",
        "Feedback on the training",
        "Обратна връзка за обучението",
        "Opinia o szkoleniu",
    ),
    "section": ("Usposabljanje", "The training", "Обучението", "Szkolenie"),
    "questions": [
        (
            "satisfaction",
            Kind.SCALE,
            Measure.SATISFACTION,
            (
                "Kako ste bili zadovoljni z usposabljanjem?",
                "How satisfied were you with the training?",
                "Доколко сте доволни от обучението?",
                "Jak bardzo jesteś zadowolony ze szkolenia?",
            ),
            (),
        ),
        (
            "helped",
            Kind.SCALE,
            Measure.HELPED,
            (
                "Ali vam je usposabljanje pomagalo pri delu?",
                "Did the training help you in your work?",
                "Помогна ли ви обучението в работата?",
                "Czy szkolenie pomogło ci w pracy?",
            ),
            (),
        ),
        (
            "format",
            Kind.SINGLE,
            "",
            (
                "Katera oblika vam najbolj ustreza?",
                "Which format suits you best?",
                "Кой формат ви е най-удобен?",
                "Która forma najbardziej ci odpowiada?",
            ),
            (
                ("V živo", "In person", "Присъствено", "Na żywo"),
                ("Na spletu", "Online", "Онлайн", "Online"),
            ),
        ),
        (
            "comment",
            Kind.LONG_TEXT,
            "",
            (
                "Kaj bi izboljšali?",
                "What would you improve?",
                "Какво бихте подобрили?",
                "Co byś poprawił?",
            ),
            (),
        ),
    ],
}
ASSESSMENT = {
    "title": (
        "Ocena potreb in zmogljivosti NVO",
        "NGO needs and capacity assessment",
        "Оценка на нуждите и капацитета на НПО",
        "Ocena potrzeb i potencjału NGO",
    ),
    "section": (
        "Zmogljivost organizacije",
        "The organisation's capacity",
        "Капацитет на организацията",
        "Potencjał organizacji",
    ),
    "questions": [
        (
            "planning",
            Kind.SCALE,
            Measure.CAPACITY,
            (
                "Strateško načrtovanje",
                "Strategic planning",
                "Стратегическо планиране",
                "Planowanie strategiczne",
            ),
            (),
        ),
        (
            "projects",
            Kind.SCALE,
            Measure.CAPACITY,
            (
                "Priprava projektov",
                "Writing project applications",
                "Разработване на проекти",
                "Pisanie wniosków projektowych",
            ),
            (),
        ),
        (
            "finance",
            Kind.SCALE,
            Measure.CAPACITY,
            (
                "Finančno upravljanje",
                "Financial management",
                "Финансово управление",
                "Zarządzanie finansami",
            ),
            (),
        ),
        (
            "advocacy",
            Kind.SCALE,
            Measure.CAPACITY,
            ("Zagovorništvo", "Advocacy", "Застъпничество", "Rzecznictwo"),
            (),
        ),
        (
            "needs",
            Kind.MULTIPLE,
            "",
            (
                "Kje potrebujete največ podpore?",
                "Where do you need most support?",
                "Къде се нуждаете от най-много подкрепа?",
                "Gdzie potrzebujesz najwięcej wsparcia?",
            ),
            (
                ("Financiranje", "Funding", "Финансиране", "Finansowanie"),
                ("Prostovoljci", "Volunteers", "Доброволци", "Wolontariusze"),
                ("Komuniciranje", "Communication", "Комуникация", "Komunikacja"),
            ),
        ),
        (
            "staff",
            Kind.NUMBER,
            "",
            (
                "Koliko ljudi redno dela v organizaciji?",
                "How many people work in the organisation regularly?",
                "Колко души работят редовно в организацията?",
                "Ile osób regularnie pracuje w organizacji?",
            ),
            (),
        ),
    ],
}


def _questionnaire(
    spec: dict, *, subject: str, moment: str = Moment.SINGLE, pair=None
) -> Questionnaire:
    title = spec["title"]
    existing = Questionnaire.objects.filter(title_en=title[1], moment=moment).first()
    if existing is not None:
        return existing
    questionnaire = Questionnaire.objects.create(
        subject=subject, moment=moment, pair=pair, **_texts(*title, "title")
    )
    if moment == Moment.AFTER:
        for code in LANGUAGES:
            setattr(
                questionnaire, f"title_{code}", getattr(questionnaire, f"title_{code}") + " (2)"
            )
        questionnaire.title = questionnaire.title_en
        questionnaire.save()
    section = Section.objects.create(
        questionnaire=questionnaire, **_texts(*spec["section"], "title")
    )
    questions = Question.objects.bulk_create(
        [
            Question(
                section=section,
                code=code,
                kind=kind,
                measure=measure,
                required=kind == Kind.SCALE,
                position=position,
                **_texts(*texts, "text"),
            )
            for position, (code, kind, measure, texts, _choices) in enumerate(spec["questions"])
        ]
    )
    Choice.objects.bulk_create(
        [
            Choice(question=question, position=n, **_texts(*labels, "label"))
            for question, (*_question, choices) in zip(questions, spec["questions"], strict=True)
            for n, labels in enumerate(choices)
        ]
    )
    return questionnaire


def _sending(questionnaire, *, audience, at: datetime, event=None, organisations=()) -> Sending:
    sending = Sending.objects.create(
        questionnaire=questionnaire,
        audience=audience,
        event=event,
        send_at=at,
        remind_at=at + timedelta(days=5),
        closes_at=at + timedelta(days=14),
        sent_at=at,
        reminded_at=at + timedelta(days=5),
    )
    if organisations:
        sending.organisations.set(organisations)
    return sending


def _answer(
    rng: random.Random, response: Response, questions: list[Question], level: float
) -> list[tuple[Answer, list[Choice]]]:
    """The answers one response gives, with the choices picked; written by ``_answers_save``."""
    answers = []
    for question in questions:
        if question.kind == Kind.SCALE:
            value = max(1, min(5, round(rng.gauss(level, 0.7))))
            answers.append((Answer(response=response, question=question, number=value), []))
        elif question.kind == Kind.NUMBER:
            answer = Answer(response=response, question=question, number=rng.randint(1, 12))
            answers.append((answer, []))
        elif question.kind in (Kind.SINGLE, Kind.MULTIPLE):
            choices = list(question.choices.all())
            picked = rng.sample(choices, 1 if question.kind == Kind.SINGLE else rng.randint(1, 2))
            answers.append((Answer(response=response, question=question), picked))
        elif rng.random() < 0.3:
            answer = Answer(response=response, question=question, text=rng.choice(COMMENTS))
            answers.append((answer, []))
    return answers


def _answers_save(answers: list[tuple[Answer, list[Choice]]]) -> None:
    """The answers at once, after their responses; then the choices they picked."""
    Answer.objects.bulk_create([answer for answer, _picked in answers])
    through = Answer.choices.through
    through.objects.bulk_create(
        [through(answer=answer, choice=choice) for answer, picked in answers for choice in picked]
    )


def _questions(questionnaire: Questionnaire) -> list[Question]:
    return list(
        Question.objects.filter(section__questionnaire=questionnaire).prefetch_related("choices")
    )


COMMENTS = [
    "Več praktičnih primerov, prosim.",
    "More time for questions.",
    "Повече примери от практиката.",
    "Więcej czasu na ćwiczenia.",
]


def _feedback(rng: random.Random, now: datetime) -> None:
    questionnaire = _questionnaire(FEEDBACK, subject=Subject.PERSON)
    questions = _questions(questionnaire)
    trainings = Event.objects.filter(kind=EventKind.TRAINING, end__lt=now, is_cancelled=False)
    invitations, responses, answers = [], [], []
    for event in trainings.order_by("start"):
        if Sending.objects.filter(questionnaire=questionnaire, event=event).exists():
            continue
        sending = _sending(
            questionnaire, audience=Audience.ATTENDED, at=event.end + timedelta(days=1), event=event
        )
        attended = Registration.objects.active().attended().filter(event=event, pid__isnull=False)
        for registration in attended:
            invitation = Invitation(
                sending=sending,
                registration=registration,
                email=registration.email,
                name=registration.name,
                language=registration.language,
            )
            invitations.append(invitation)
            if rng.random() < 0.7:
                response = Response(
                    invitation=invitation,
                    questionnaire=questionnaire,
                    sending=sending,
                    pid=registration.pid,
                    submitted_at=sending.send_at + timedelta(hours=rng.randint(2, 90)),
                )
                responses.append(response)
                answers += _answer(rng, response, questions, 4.2)
    Invitation.objects.bulk_create(invitations)
    Response.objects.bulk_create(responses)
    _answers_save(answers)


def _assessment(
    rng: random.Random, organisations: list[Organisation], before_at: datetime, after_at: datetime
) -> tuple:
    before = _questionnaire(ASSESSMENT, subject=Subject.ORGANISATION, moment=Moment.BEFORE)
    after = _questionnaire(
        ASSESSMENT, subject=Subject.ORGANISATION, moment=Moment.AFTER, pair=before
    )
    if Sending.objects.filter(questionnaire=before).exists():
        return before, after
    for questionnaire, at, level in ((before, before_at, 2.6), (after, after_at, 3.4)):
        questions = _questions(questionnaire)
        sending = _sending(
            questionnaire, audience=Audience.ORGANISATIONS, at=at, organisations=organisations
        )
        responses, answers = [], []
        for organisation in organisations:
            response = Response(
                questionnaire=questionnaire,
                sending=sending,
                organisation=organisation,
                pid=organisation_pid(organisation.pk),
                submitted_at=at + timedelta(days=rng.randint(1, 10)),
            )
            responses.append(response)
            answers += _answer(rng, response, questions, level + rng.uniform(-0.3, 0.3))
        Response.objects.bulk_create(responses)
        _answers_save(answers)
    return before, after


def _indicator(code: str, rule: str, labels: tuple[str, ...]) -> None:
    """The current operation's template gains the indicator, once."""
    today = timezone.localdate()
    operation = Operation.objects.filter(
        start__lte=today, end__gte=today, template__isnull=False
    ).first()
    if operation is None or operation.template.indicators.filter(rule=rule).exists():
        return
    definition = (
        "Organizacije, ki so na oceni po podpori pokazale večjo zmogljivost kot na oceni pred njo.",
        "Organisations whose assessed capacity after the hub's support is higher than before it.",
        "Организации, чийто оценен капацитет след подкрепата е по-висок от преди нея.",
        "Organizacje, których oceniony potencjał po wsparciu jest wyższy niż przed nim.",
    )
    TemplateIndicator.objects.create(
        template=operation.template,
        code=code,
        rule=rule,
        position=operation.template.indicators.count() + 1,
        **_texts(*labels, "label"),
        **_texts(*definition, "definition"),
    )


@transaction.atomic
def load(hub: str = "goriska") -> None:
    rng = random.Random(2028)
    now = timezone.now()
    _feedback(rng, now)
    civil = Organisation.objects.public().filter(sector=Sector.CIVIL).order_by("pk")
    if hub == "ruse":
        # Before the two trainings, and again after them.
        trainings = list(Event.objects.filter(kind=EventKind.TRAINING).order_by("start"))
        first = trainings[0].start if trainings else now - timedelta(days=120)
        last = trainings[-1].end if trainings else now - timedelta(days=20)
        organisations = list(civil[:12])
        before_at, after_at = first - timedelta(days=30), max(last, first) + timedelta(days=7)
    else:
        # The NGOs with potential, at the start of mentoring and at its end.
        organisations = list(civil.filter(has_potential=True)) or list(civil[:4])
        before_at, after_at = now - timedelta(days=200), now - timedelta(days=20)
    if after_at > now:
        after_at = now - timedelta(days=1)
    _assessment(rng, organisations, before_at, after_at)
    _indicator(
        "Q1",
        "organisations_capacity_rose",
        (
            "Organizacije z večjo ocenjeno zmogljivostjo",
            "Organisations whose assessed capacity rose",
            "Организации с повишен оценен капацитет",
            "Organizacje o wyższym ocenionym potencjale",
        ),
    )
