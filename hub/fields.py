"""Model fields more than one app uses."""

from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError
from django.db import models


class ChoiceListField(models.CharField):
    """A few choices kept in one column as ",a,b," so that "includes b" is a plain
    ``__contains=",b,"`` on PostgreSQL and SQLite alike; empty means "any".

    Without ``choices`` the values are another app's (kinds of events, say): the form that
    edits the field offers and checks them."""

    def from_db_value(self, value, expression, connection):
        return self.to_python(value)

    def to_python(self, value):
        if isinstance(value, list):
            return value
        return [part for part in (value or "").split(",") if part]

    def get_prep_value(self, value):
        values = self.to_python(value)
        return f",{','.join(values)}," if values else ""

    def value_to_string(self, obj):
        return self.get_prep_value(self.value_from_object(obj))

    def validate(self, value, model_instance):
        allowed = {str(key) for key, _label in self.choices or ()}
        for item in value:
            if self.choices is not None and item not in allowed:
                raise ValidationError(
                    self.error_messages["invalid_choice"],
                    code="invalid_choice",
                    params={"value": item},
                )
        if not value and not self.blank:
            raise ValidationError(self.error_messages["blank"], code="blank")

    def formfield(self, **kwargs):
        return forms.TypedMultipleChoiceField(
            choices=self.choices,
            required=not self.blank,
            label=self.verbose_name,
            help_text=self.help_text,
            widget=forms.CheckboxSelectMultiple,
        )

    def get_db_prep_save(self, value, connection):
        return self.get_prep_value(value)

    def run_validators(self, value):
        return None

    def clean(self, value, model_instance):
        value = self.to_python(value)
        self.validate(value, model_instance)
        return value
