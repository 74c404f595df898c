"""Model fields kept in every interface language (django-modeltranslation: a column per language,
read in the active language with a fallback, so querysets and templates stay as they are)."""

from modeltranslation.translator import TranslationOptions, register

from .models import (
    FieldOfActivity,
    FunderLogo,
    FunderTemplate,
    HubProfile,
    Operation,
    TemplateIndicator,
)


@register(FieldOfActivity)
class FieldOfActivityTranslation(TranslationOptions):
    fields = ("name",)


@register(HubProfile)
class HubProfileTranslation(TranslationOptions):
    fields = ("introduction",)
    # A reader without an introduction in their language gets the portal's translated general
    # one rather than the hub's text in a language they may not read.
    fallback_languages = {"default": ()}


@register(Operation)
class OperationTranslation(TranslationOptions):
    fields = ("publicity_text",)


@register(FunderLogo)
class FunderLogoTranslation(TranslationOptions):
    # The logo's alternative text in the PDFs, in the document's language.
    fields = ("description",)


@register(FunderTemplate)
class FunderTemplateTranslation(TranslationOptions):
    fields = ("name",)


@register(TemplateIndicator)
class TemplateIndicatorTranslation(TranslationOptions):
    fields = ("label", "definition")
