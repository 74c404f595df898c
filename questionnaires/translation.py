"""A questionnaire's texts in every interface language (a column per language, read in the
active one with a fallback)."""

from modeltranslation.translator import TranslationOptions, register

from .models import Choice, Question, Questionnaire, Section


@register(Questionnaire)
class QuestionnaireTranslation(TranslationOptions):
    fields = ("title", "introduction")


@register(Section)
class SectionTranslation(TranslationOptions):
    fields = ("title",)


@register(Question)
class QuestionTranslation(TranslationOptions):
    fields = ("text", "help_text")


@register(Choice)
class ChoiceTranslation(TranslationOptions):
    fields = ("label",)
