from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from .models import Kind, Question, Response

SCALE_CHOICES = [(str(value), str(value)) for value in range(1, 6)]


def _field(question: Question) -> forms.Field:
    common: dict[str, Any] = {
        "label": question.text,
        "help_text": question.help_text,
        "required": question.required,
    }
    choices = [(str(choice.pk), choice.label) for choice in question.choices.all()]
    if question.kind == Kind.SINGLE:
        return forms.ChoiceField(choices=choices, widget=forms.RadioSelect, **common)
    if question.kind == Kind.MULTIPLE:
        return forms.MultipleChoiceField(
            choices=choices, widget=forms.CheckboxSelectMultiple, **common
        )
    if question.kind == Kind.SCALE:
        common["help_text"] = question.help_text or _("1 = not at all, 5 = very much")
        return forms.ChoiceField(choices=SCALE_CHOICES, widget=forms.RadioSelect, **common)
    if question.kind == Kind.NUMBER:
        return forms.DecimalField(max_digits=12, decimal_places=2, **common)
    if question.kind == Kind.SHORT_TEXT:
        return forms.CharField(max_length=300, **common)
    return forms.CharField(max_length=5000, widget=forms.Textarea(attrs={"rows": 4}), **common)


class AnswerForm(forms.Form):
    """One field per question, named by its pk, filled with the earlier answers if any."""

    def __init__(
        self, *args, sections, response: Response | None = None, closed: bool = False, **kwargs
    ):
        super().__init__(*args, **kwargs)
        self.sections = []
        earlier = {a.question_id: a for a in response.answers.all()} if response else {}
        for section in sections:
            names = []
            for question in section.questions.all():
                name = f"q{question.pk}"
                self.fields[name] = _field(question)
                # Once closed, the answers are shown as given and can no longer change.
                self.fields[name].disabled = closed
                answer = earlier.get(question.pk)
                if answer is not None and not self.is_bound:
                    self.initial[name] = _initial(question, answer)
                names.append(name)
            self.sections.append((section, names))

    def grouped(self):
        return [(section, [self[name] for name in names]) for section, names in self.sections]

    def answers(self) -> dict[int, Any]:
        return {int(name[1:]): value for name, value in self.cleaned_data.items()}


def _initial(question: Question, answer) -> Any:
    if question.kind == Kind.SINGLE:
        chosen = [str(c.pk) for c in answer.choices.all()]
        return chosen[0] if chosen else None
    if question.kind == Kind.MULTIPLE:
        return [str(c.pk) for c in answer.choices.all()]
    if question.kind == Kind.SCALE:
        return str(int(answer.number))
    if question.kind == Kind.NUMBER:
        return answer.number
    return answer.text
