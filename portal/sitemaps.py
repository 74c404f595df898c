"""The public pages for search engines, in every language with its alternates (hreflang)."""

from __future__ import annotations

from django.contrib.sitemaps import Sitemap
from django.urls import reverse

from advocacy.models import Consultation, Initiative
from calls.models import Call
from events.models import Event
from news.models import NewsItem
from organisations.models import Organisation
from partnerships.models import Partnership


class PortalSitemap(Sitemap):
    i18n = True
    alternates = True
    x_default = True


class PagesSitemap(PortalSitemap):
    """The lists and the pages about the hub."""

    changefreq = "daily"

    def items(self) -> list[str]:
        return [
            "home",
            "about",
            "organisations:list",
            "organisations:open_data",
            "events:list",
            "calls:list",
            "partnerships:list",
            "partnerships:network",
            "advocacy:list",
            "advocacy:consultations",
            "privacy",
            "news:list",
            "news:archive",
        ]

    def location(self, item: str) -> str:
        return reverse(item)


class OrganisationSitemap(PortalSitemap):
    changefreq = "monthly"

    def items(self):
        return Organisation.objects.public().order_by("pk")

    def lastmod(self, item: Organisation):
        return item.updated_at


class EventSitemap(PortalSitemap):
    changefreq = "weekly"

    def items(self):
        return Event.objects.published().order_by("pk")

    def lastmod(self, item: Event):
        return item.updated_at


class CallSitemap(PortalSitemap):
    changefreq = "weekly"

    def items(self):
        return Call.objects.published().order_by("pk")

    def lastmod(self, item: Call):
        return item.updated_at


class PartnershipSitemap(PortalSitemap):
    changefreq = "monthly"

    def items(self):
        return Partnership.objects.public().order_by("pk")

    def lastmod(self, item: Partnership):
        return item.updated_at


class NewsSitemap(PortalSitemap):
    changefreq = "monthly"

    def items(self):
        return NewsItem.objects.published().order_by("pk")

    def lastmod(self, item: NewsItem):
        return item.updated_at


class InitiativeSitemap(PortalSitemap):
    changefreq = "weekly"

    def items(self):
        return Initiative.objects.public().order_by("pk")

    def lastmod(self, item: Initiative):
        return item.updated_at


class ConsultationSitemap(PortalSitemap):
    changefreq = "weekly"

    def items(self):
        return Consultation.objects.order_by("pk")

    def lastmod(self, item: Consultation):
        return item.updated_at


SITEMAPS = {
    "pages": PagesSitemap,
    "organisations": OrganisationSitemap,
    "events": EventSitemap,
    "calls": CallSitemap,
    "partnerships": PartnershipSitemap,
    "initiatives": InitiativeSitemap,
    "consultations": ConsultationSitemap,
    "news": NewsSitemap,
}
