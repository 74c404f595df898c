from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from .models import NewsletterFrequency


class SubscribeForm(forms.Form):
    email = forms.EmailField(label=_("Your e-mail address"), max_length=254)
    frequency = forms.ChoiceField(
        label=_("How often"),
        choices=NewsletterFrequency.choices,
        initial=NewsletterFrequency.MONTHLY,
        widget=forms.RadioSelect,
    )
