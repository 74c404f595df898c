"""News and the hub's people in every interface language (django-modeltranslation, as in
hub.translation)."""

from modeltranslation.translator import TranslationOptions, register

from .models import HostOrganisation, NewsItem, NewsletterIssue, StaffMember


@register(NewsItem)
class NewsItemTranslation(TranslationOptions):
    fields = ("title", "summary", "body", "image_alt")


@register(NewsletterIssue)
class NewsletterIssueTranslation(TranslationOptions):
    fields = ("introduction",)


@register(StaffMember)
class StaffMemberTranslation(TranslationOptions):
    fields = ("role", "ask_about")


@register(HostOrganisation)
class HostOrganisationTranslation(TranslationOptions):
    fields = ("contribution",)
