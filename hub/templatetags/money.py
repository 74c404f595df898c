"""``{{ amount|money:currency }}`` or ``{{ amount|money:day }}``: an amount in the reader's
number format with its currency's symbol; given a day instead of a currency, in the hub's
currency of that day (hub.money)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from django import template

from hub.money import currency_on, money_text

register = template.Library()


def _currency(currency_or_day: str | date | None) -> str:
    if isinstance(currency_or_day, str) and currency_or_day:
        return currency_or_day
    return currency_on(currency_or_day or None)


@register.filter
def money(amount, currency_or_day: str | date | None = None) -> str:
    """With cents: ``420 000,00 zł``; a stored report's amount may come as text."""
    if isinstance(amount, str):
        amount = Decimal(amount) if amount else None
    return money_text(amount, _currency(currency_or_day))


@register.filter
def money_whole(amount, currency_or_day: str | date | None = None) -> str:
    """Without cents, for round sums such as a call's budget: ``420 000 zł``."""
    return money_text(amount, _currency(currency_or_day), decimals=0)
