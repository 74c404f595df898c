"""A call's conditions in plain words, for its page and its e-mails."""

from __future__ import annotations

from django.utils.formats import number_format
from django.utils.text import get_text_list
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from hub.money import money_text

from .models import Call


def _amount(value, currency: str) -> str:
    return money_text(value, currency, decimals=0)


def eligibility_sentences(call: Call) -> list[str]:
    """Who may apply, where, and for how much; ``call.regions`` should be prefetched."""
    sentences = []
    if call.legal_forms:
        forms = get_text_list([label.lower() for label in call.legal_form_labels], _("or"))
        sentences.append(_("You may apply if your organisation is: %(forms)s.") % {"forms": forms})
    elif call.sectors:
        sectors = get_text_list([label.lower() for label in call.sector_labels], _("or"))
        sentences.append(
            _("Organisations of these sectors may apply: %(sectors)s.") % {"sectors": sectors}
        )
    else:
        sentences.append(_("Any organisation may apply, whatever its legal form."))
    if call.legal_forms and call.sectors:
        sectors = get_text_list([label.lower() for label in call.sector_labels], _("or"))
        sentences.append(_("It must belong to this sector: %(sectors)s.") % {"sectors": sectors})
    regions = [region.name for region in call.regions.all()]
    if regions:
        sentences.append(
            _("Your organisation must work in: %(regions)s.")
            % {"regions": get_text_list(regions, _("or"))}
        )
    else:
        sentences.append(
            _("Organisations from anywhere in %(country)s may apply.")
            % {"country": call.get_country_display()}
        )
    if call.min_grant is not None and call.max_grant is not None:
        sentences.append(
            _("A grant is between %(min)s and %(max)s.")
            % {
                "min": _amount(call.min_grant, call.currency),
                "max": _amount(call.max_grant, call.currency),
            }
        )
    elif call.max_grant is not None:
        sentences.append(
            _("A grant is at most %(max)s.") % {"max": _amount(call.max_grant, call.currency)}
        )
    if call.co_financing is not None:
        rate = number_format(call.co_financing, decimal_pos=0 if call.co_financing % 1 == 0 else 2)
        sentences.append(
            pgettext(
                "funding call",
                "The funder pays up to %(rate)s %% of the project's costs; your organisation "
                "finds the rest.",
            )
            % {"rate": rate}
        )
    return sentences
