"""Amounts of money as people of the hub's country read them: in the currency of the day the
amount is dated, with the number format of the reader's language (Babel, from the CLDR).

Rows that carry their own currency (a call's, as its funder announced it) are shown in it. The
others (partners' contributions, an operation's value) are in the hub's currency *as it was on
the amount's date*: a country that took up the euro keeps its former currency for amounts dated
before the change, so a Bulgarian contribution of 2025 stays in lev. Deriving it from the date
and the country keeps every row right without a currency column to fill on each of them (or to
get wrong in an import).
"""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal

from babel.core import Locale
from babel.numbers import format_currency, get_currency_symbol
from django.utils.translation import get_language, to_locale

from .models import Country, Currency
from .selectors import hub_profile, hub_zone

# The day a country's own currency gave way to the euro, and that currency.
EURO_CHANGEOVERS: dict[str, tuple[date, str]] = {
    Country.BULGARIA: (date(2026, 1, 1), Currency.BGN),
}


def currency_on(day: date | datetime | None = None) -> str:
    """The hub's currency on a day (today when none is given)."""
    profile = hub_profile()
    if isinstance(day, datetime):
        day = day.astimezone(hub_zone()).date()
    changeover = EURO_CHANGEOVERS.get(profile.country)
    if profile.currency == Currency.EUR and changeover and day is not None and day < changeover[0]:
        return changeover[1]
    return profile.currency


def _locale() -> Locale:
    return Locale.parse(to_locale(get_language() or hub_profile().language))


def money_text(amount: Decimal | float | int | None, currency: str, *, decimals: int = 2) -> str:
    """``420 000,00 €`` in Slovene, ``420 000,00 zł`` in Polish, ``€420,000.00`` in English."""
    if amount is None:
        return ""
    pattern = None
    if decimals == 0:
        pattern = _locale().currency_formats["standard"].pattern.replace(".00", "")
    return format_currency(
        amount, currency, format=pattern, locale=_locale(), currency_digits=decimals != 0
    )


def xlsx_money_format(currency: str) -> str:
    """A spreadsheet's number format for amounts in ``currency``: the reader's language puts the
    symbol before or after the number; the separators are the spreadsheet program's own."""
    locale = _locale()
    symbol = get_currency_symbol(currency, locale=locale).replace('"', "")
    pattern = locale.currency_formats["standard"].pattern.split(";")[0]
    return pattern.replace("\xa0", " ").replace("¤", f'"{symbol}"')
