"""Staff write questionnaires here in every language. An answered questionnaire is frozen: the
admin refuses changes to it and its questions with a message, and "Make a new version" copies
it to change."""

from __future__ import annotations

from operator import attrgetter

from django.contrib import admin, messages
from django.http import HttpResponseRedirect
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from modeltranslation.admin import TranslationAdmin, TranslationTabularInline

from .models import Choice, Question, Questionnaire, Section, Sending
from .services import questionnaire_new_version

FROZEN = _(
    "This questionnaire has answers, so its questions are frozen. Use “Make a new version” "
    "to change them."
)


class _RefusesFrozen:
    """Refuses saving a change to an answered questionnaire, its sections or its questions.
    ``questionnaire_path`` leads from the admin's object to its questionnaire ("" for itself)."""

    questionnaire_path = ""

    def questionnaire_of(self, obj):
        return attrgetter(self.questionnaire_path)(obj) if self.questionnaire_path else obj

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        if request.method == "POST" and object_id:
            obj = self.get_object(request, object_id)
            if obj is not None and self.questionnaire_of(obj).is_frozen:
                self.message_user(request, FROZEN, messages.ERROR)
                return HttpResponseRedirect(request.path)
        return super().changeform_view(request, object_id, form_url, extra_context)

    def has_delete_permission(self, request, obj=None):
        if obj is not None and self.questionnaire_of(obj).is_frozen:
            return False
        return super().has_delete_permission(request, obj)


class SectionInline(TranslationTabularInline):
    model = Section
    extra = 0
    fields = ("title", "position", "questions_link")
    readonly_fields = ("questions_link",)

    @admin.display(description=_("questions"))
    def questions_link(self, section):
        if not section.pk:
            return ""
        url = reverse("admin:questionnaires_section_change", args=[section.pk])
        return format_html('<a href="{}">{}</a>', url, gettext("Edit the questions"))


@admin.register(Questionnaire)
class QuestionnaireAdmin(_RefusesFrozen, TranslationAdmin):
    list_display = ("__str__", "subject", "moment", "version", "created_at", "results_link")
    list_filter = ("subject", "moment")
    search_fields = ("title",)
    inlines = [SectionInline]
    actions = ["make_new_version"]
    autocomplete_fields = ("pair",)

    @admin.display(description=_("results"))
    def results_link(self, questionnaire):
        url = reverse("questionnaires:results", args=[questionnaire.pk])
        return format_html('<a href="{}">{}</a>', url, gettext("Results"))

    @admin.action(description=_("Make a new version"))
    def make_new_version(self, request, queryset):
        for questionnaire in queryset:
            copy = questionnaire_new_version(questionnaire=questionnaire)
            self.message_user(
                request,
                gettext("Version %(version)s of “%(title)s” made.")
                % {"version": copy.version, "title": copy.title},
                messages.SUCCESS,
            )


class QuestionInline(TranslationTabularInline):
    model = Question
    extra = 0
    fields = (
        "code",
        "text",
        "help_text",
        "kind",
        "required",
        "measure",
        "position",
        "choices_link",
    )
    readonly_fields = ("choices_link",)

    @admin.display(description=_("choices"))
    def choices_link(self, question):
        if not question.pk or not question.has_choices:
            return ""
        url = reverse("admin:questionnaires_question_change", args=[question.pk])
        return format_html('<a href="{}">{}</a>', url, gettext("Edit the choices"))


@admin.register(Section)
class SectionAdmin(_RefusesFrozen, TranslationAdmin):
    list_display = ("title", "questionnaire", "position")
    inlines = [QuestionInline]

    questionnaire_path = "questionnaire"

    def has_module_permission(self, request):
        return False


class ChoiceInline(TranslationTabularInline):
    model = Choice
    extra = 0


@admin.register(Question)
class QuestionAdmin(_RefusesFrozen, TranslationAdmin):
    list_display = ("text", "code", "kind", "section")
    inlines = [ChoiceInline]

    questionnaire_path = "section.questionnaire"

    def has_module_permission(self, request):
        return False


@admin.register(Sending)
class SendingAdmin(admin.ModelAdmin):
    list_display = (
        "__str__",
        "audience",
        "send_at",
        "remind_at",
        "closes_at",
        "sent_at",
        "results_link",
    )
    list_filter = ("audience",)
    autocomplete_fields = ("questionnaire", "event", "partnership", "organisations")
    readonly_fields = ("sent_at", "reminded_at")
    fields = (
        "questionnaire",
        "audience",
        "event",
        "programme",
        "partnership",
        "organisations",
        "send_at",
        "remind_at",
        "closes_at",
        "sent_at",
        "reminded_at",
    )

    @admin.display(description=_("results"))
    def results_link(self, sending):
        url = reverse("questionnaires:results", args=[sending.questionnaire_id])
        return format_html('<a href="{}?sending={}">{}</a>', url, sending.pk, gettext("Results"))
