from __future__ import annotations

from datetime import timedelta

import factory
from django.utils import timezone

from questionnaires.models import (
    Audience,
    Choice,
    Kind,
    Measure,
    Question,
    Questionnaire,
    Section,
    Sending,
    Subject,
)


class QuestionnaireFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Questionnaire

    title = factory.Sequence(lambda n: f"Feedback {n}")
    title_en = factory.LazyAttribute(lambda o: o.title)
    subject = Subject.PERSON


class SectionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Section

    questionnaire = factory.SubFactory(QuestionnaireFactory)
    title = "The training"
    title_en = "The training"


class QuestionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Question

    section = factory.SubFactory(SectionFactory)
    code = factory.Sequence(lambda n: f"q{n}")
    text = factory.Sequence(lambda n: f"Question {n}")
    text_en = factory.LazyAttribute(lambda o: o.text)
    kind = Kind.SCALE


class SendingFactory(factory.django.DjangoModelFactory):
    """Due now: sent an hour ago, reminded in two days, closing in two weeks."""

    class Meta:
        model = Sending

    questionnaire = factory.SubFactory(QuestionnaireFactory)
    audience = Audience.ATTENDED
    send_at = factory.LazyFunction(lambda: timezone.now() - timedelta(hours=1))
    remind_at = factory.LazyAttribute(lambda o: o.send_at + timedelta(days=2))
    closes_at = factory.LazyAttribute(lambda o: o.send_at + timedelta(days=14))


def feedback_questionnaire(**kwargs) -> Questionnaire:
    """A person questionnaire with one question of every kind, translated into four languages."""
    questionnaire = QuestionnaireFactory(
        title="Povratna informacija",
        title_sl="Povratna informacija",
        title_en="Feedback",
        title_bg="Обратна връзка",
        title_pl="Opinia",
        **kwargs,
    )
    section = SectionFactory(
        questionnaire=questionnaire,
        title="Usposabljanje",
        title_sl="Usposabljanje",
        title_en="The training",
        title_bg="Обучението",
        title_pl="Szkolenie",
    )
    texts = {
        "satisfaction": (
            "Zadovoljstvo",
            "How satisfied were you?",
            "Доволни ли сте?",
            "Zadowolenie?",
        ),
        "helped": ("Je pomagalo?", "Did it help?", "Помогна ли?", "Czy pomogło?"),
        "format": ("Oblika", "Which format suits you?", "Формат", "Forma"),
        "topics": ("Teme", "Which topics?", "Теми", "Tematy"),
        "hours": ("Ure", "How many hours?", "Часове", "Godziny"),
        "comment": ("Komentar", "Anything else?", "Коментар", "Komentarz"),
    }
    kinds = {
        "satisfaction": (Kind.SCALE, Measure.SATISFACTION),
        "helped": (Kind.SCALE, Measure.HELPED),
        "format": (Kind.SINGLE, ""),
        "topics": (Kind.MULTIPLE, ""),
        "hours": (Kind.NUMBER, ""),
        "comment": (Kind.LONG_TEXT, ""),
    }
    for position, (code, (sl, en, bg, pl)) in enumerate(texts.items()):
        kind, measure = kinds[code]
        question = QuestionFactory(
            section=section,
            code=code,
            text=sl,
            text_sl=sl,
            text_en=en,
            text_bg=bg,
            text_pl=pl,
            kind=kind,
            measure=measure,
            required=code in ("satisfaction", "helped"),
            position=position,
        )
        if kind in (Kind.SINGLE, Kind.MULTIPLE):
            for n, (csl, cen, cbg, cpl) in enumerate(
                [
                    ("V živo", "In person", "Присъствено", "Na żywo"),
                    ("Splet", "Online", "Онлайн", "Online"),
                ]
            ):
                Choice.objects.create(
                    question=question,
                    label=csl,
                    label_sl=csl,
                    label_en=cen,
                    label_bg=cbg,
                    label_pl=cpl,
                    position=n,
                )
    return questionnaire


def assessment_pair() -> tuple[Questionnaire, Questionnaire]:
    """A capacity assessment of organisations, before and after, with two capacity questions."""
    before = QuestionnaireFactory(
        title="Ocena zmogljivosti",
        title_en="Capacity assessment",
        subject=Subject.ORGANISATION,
        moment="before",
    )
    after = QuestionnaireFactory(
        title="Ocena zmogljivosti – po",
        title_en="Capacity assessment – after",
        subject=Subject.ORGANISATION,
        moment="after",
        pair=before,
    )
    for questionnaire in (before, after):
        section = SectionFactory(
            questionnaire=questionnaire, title="Zmogljivost", title_en="Capacity"
        )
        for code in ("planning", "finance"):
            QuestionFactory(
                section=section,
                code=code,
                text=code,
                text_en=code.title(),
                measure=Measure.CAPACITY,
            )
    return before, after
