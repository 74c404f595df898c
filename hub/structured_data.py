"""schema.org descriptions of the public detail pages, embedded in them as JSON-LD.

Search engines and calendars read them; the values are the ones the page shows. Each builder
takes the object and ``absolute``, which turns a path into a full address.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import Any

from django.utils.html import strip_tags
from django.utils.text import Truncator

Absolute = Callable[[str], str]
CONTEXT = "https://schema.org"


def iso(moment: datetime, zone=None) -> str:
    """To the second: schema.org readers, like HTML's ``<time>``, stumble over microseconds."""
    if zone is not None:
        moment = moment.astimezone(zone)
    return moment.replace(microsecond=0).isoformat()


def summary(text: str, words: int = 60) -> str:
    return Truncator(strip_tags(text).strip()).words(words)


def _compact(data: dict[str, Any]) -> dict[str, Any]:
    """Without the empty values: a missing property says less than an empty one."""
    return {key: value for key, value in data.items() if value not in (None, "", [], {})}


def _address(*, street: str = "", municipality=None) -> dict | None:
    if not (street or municipality):
        return None
    return _compact(
        {
            "@type": "PostalAddress",
            "streetAddress": street,
            "addressLocality": municipality.name if municipality else "",
            "addressCountry": municipality.country if municipality else "",
        }
    )


# schema.org's type for an organisation of each sector (organisations.models.Sector).
SECTOR_TYPES = {
    "civil": "NGO",
    "public": "GovernmentOrganization",
    "private": "Corporation",
}


def organisation_type(organisation) -> str:
    return SECTOR_TYPES.get(organisation.sector, "Organization")


def organisation_reference(organisation, absolute: Absolute) -> dict:
    return _compact(
        {
            "@type": organisation_type(organisation),
            "name": organisation.name,
            "url": absolute(organisation.get_absolute_url()) if organisation.is_public else "",
        }
    )


def organisation_data(organisation, absolute: Absolute) -> dict:
    page = absolute(organisation.get_absolute_url())
    return _compact(
        {
            "@context": CONTEXT,
            "@type": organisation_type(organisation),
            "@id": page,
            "mainEntityOfPage": page,
            "name": organisation.name,
            "alternateName": organisation.short_name,
            "description": summary(organisation.description),
            "url": organisation.website or page,
            "email": organisation.email,
            "telephone": organisation.phone,
            "logo": absolute(organisation.logo.url) if organisation.logo else "",
            "address": _address(municipality=organisation.seat),
            "foundingDate": str(organisation.founded_year) if organisation.founded_year else "",
            "taxID": organisation.tax_number,
            "identifier": organisation.registration_number,
            "knowsAbout": [field.name for field in organisation.fields.all()],
        }
    )


def event_data(event, absolute: Absolute, *, hub_name: str) -> dict:
    """An Event: when, where (a place, an online link or both) and whether it takes place."""
    place = None
    if event.venue or event.address or event.municipality_id:
        place = _compact(
            {
                "@type": "Place",
                "name": event.venue or (event.municipality.name if event.municipality else ""),
                "address": _address(street=event.address, municipality=event.municipality),
            }
        )
    online = {"@type": "VirtualLocation", "url": event.online_url} if event.online_url else None
    if place and online:
        mode, location = "MixedEventAttendanceMode", [place, online]
    elif online:
        mode, location = "OnlineEventAttendanceMode", online
    else:
        mode, location = "OfflineEventAttendanceMode", place
    organiser = (
        organisation_reference(event.organiser, absolute)
        if event.organiser
        else {"@type": "Organization", "name": hub_name, "url": absolute("/")}
    )
    return _compact(
        {
            "@context": CONTEXT,
            "@type": "Event",
            "@id": absolute(event.get_absolute_url()),
            "url": absolute(event.get_absolute_url()),
            "name": event.title,
            "description": summary(event.description),
            "inLanguage": event.language,
            "startDate": iso(event.start, event.zone),
            "endDate": iso(event.end, event.zone),
            "eventStatus": "https://schema.org/"
            + ("EventCancelled" if event.is_cancelled else "EventScheduled"),
            "eventAttendanceMode": f"https://schema.org/{mode}",
            "location": location,
            "organizer": organiser,
            "about": [field.name for field in event.fields.all()],
        }
    )


def call_data(call, absolute: Absolute) -> dict:
    """A funding call as a MonetaryGrant: who gives it, how much, until when one may apply."""
    amount = None
    if call.min_grant is not None or call.max_grant is not None:
        amount = _compact(
            {
                "@type": "MonetaryAmount",
                "currency": call.currency,
                "minValue": float(call.min_grant) if call.min_grant is not None else None,
                "maxValue": float(call.max_grant) if call.max_grant is not None else None,
            }
        )
    page = absolute(call.get_absolute_url())
    return _compact(
        {
            "@context": CONTEXT,
            "@type": "MonetaryGrant",
            "@id": page,
            "url": page,
            "name": call.title,
            "description": summary(call.summary),
            "funder": {"@type": "Organization", "name": call.funder.name},
            "amount": amount,
            "sameAs": call.official_url,
            "about": [field.name for field in call.fields.all()],
            "potentialAction": _compact(
                {
                    "@type": "ApplyAction",
                    "name": call.title,
                    "target": call.official_url or page,
                    "startTime": iso(call.opens, call.zone),
                    "endTime": iso(call.deadline, call.zone),
                }
            ),
        }
    )


def news_data(item, absolute: Absolute, *, hub_name: str) -> dict:
    """A NewsArticle by the hub: headline, dates, image and what it is about."""
    page = absolute(item.get_absolute_url())
    publisher = {"@type": "Organization", "name": hub_name, "url": absolute("/")}
    about = [
        {"@type": kind, "name": str(linked), "url": absolute(linked.get_absolute_url())}
        for kind, linked in (
            ("Event", item.event),
            ("MonetaryGrant", item.call),
            ("Project", item.partnership),
            ("Project", item.initiative),
        )
        if linked is not None
    ]
    return _compact(
        {
            "@context": CONTEXT,
            "@type": "NewsArticle",
            "@id": page,
            "mainEntityOfPage": page,
            "url": page,
            "headline": Truncator(item.title).chars(110),
            "description": summary(item.summary),
            "articleBody": strip_tags(item.body_html).strip(),
            "image": absolute(item.image.url) if item.image else "",
            "datePublished": iso(item.published_at),
            "dateModified": iso(item.updated_at),
            "author": publisher,
            "publisher": publisher,
            "about": about,
        }
    )


def _day(value) -> str:
    return value.isoformat() if value else ""


def partnership_data(partnership, partners, absolute: Absolute) -> dict:
    """A local partnership as a Project (schema.org: "an enterprise … planned to achieve a
    particular aim", an Organization): its partners as members in their role, its territory as
    the area served."""
    page = absolute(partnership.get_absolute_url())
    return _compact(
        {
            "@context": CONTEXT,
            "@type": "Project",
            "@id": page,
            "url": page,
            "name": partnership.title,
            "description": summary(partnership.goal),
            "foundingDate": _day(partnership.started),
            "dissolutionDate": _day(partnership.ended),
            "areaServed": [
                {"@type": "AdministrativeArea", "name": municipality.name}
                for municipality in partnership.municipalities.all()
            ],
            "knowsAbout": [field.name for field in partnership.fields.all()],
            "member": [
                _compact(
                    {
                        "@type": "OrganizationRole",
                        "roleName": partner.get_role_display(),
                        "startDate": _day(partner.joined),
                        "endDate": _day(partner.left),
                        "member": organisation_reference(partner.organisation, absolute),
                    }
                )
                for partner in partners
            ],
        }
    )


def hub_data(hub: dict, people, hosts, absolute: Absolute) -> dict:
    """The hub as an Organization: its people (with contacts only where they agreed) and the
    organisations that co-host or support it."""
    employees = [
        _compact(
            {
                "@type": "Person",
                "name": person.name,
                "jobTitle": person.role,
                "knowsLanguage": [part.strip() for part in person.languages.split(",") if part],
                "image": absolute(person.photo.url) if person.photo else "",
                "email": person.email if person.contacts_public else "",
                "telephone": person.phone if person.contacts_public else "",
            }
        )
        for person in people
    ]
    members = [
        _compact(
            {
                "@type": "OrganizationRole",
                "roleName": host.get_role_display(),
                "member": organisation_reference(host.organisation, absolute),
            }
        )
        for host in hosts
    ]
    return _compact(
        {
            "@context": CONTEXT,
            "@type": "Organization",
            "@id": absolute("/") + "#hub",
            "name": hub["name"],
            "url": absolute("/"),
            "email": hub["email"],
            "telephone": hub["phone"],
            "address": hub["address"],
            "employee": employees,
            "member": members,
        }
    )


def initiative_data(initiative, supporters, absolute: Absolute) -> dict:
    """An advocacy initiative as a Project too: a coalition's planned enterprise for one change,
    led by its lead organisation (the founder), with its supporters as members."""
    page = absolute(initiative.get_absolute_url())
    return _compact(
        {
            "@context": CONTEXT,
            "@type": "Project",
            "@id": page,
            "url": page,
            "name": initiative.title,
            "description": summary(initiative.objective),
            "foundingDate": _day(initiative.started),
            "founder": organisation_reference(initiative.lead, absolute),
            "member": [
                organisation_reference(supporter.organisation, absolute) for supporter in supporters
            ],
        }
    )


def consultation_data(consultation, absolute: Absolute) -> dict:
    """A public consultation as the draft it is about (a CreativeWork published by the public
    body), with the comments it invites as a CommentAction open until the deadline, the way a
    funding call carries its ApplyAction."""
    page = absolute(consultation.get_absolute_url())
    return _compact(
        {
            "@context": CONTEXT,
            "@type": "CreativeWork",
            "@id": page,
            "url": page,
            "name": consultation.title,
            "description": summary(consultation.summary),
            "publisher": organisation_reference(consultation.body, absolute),
            "datePublished": iso(consultation.opens),
            "sameAs": consultation.url,
            "spatialCoverage": [
                {"@type": "AdministrativeArea", "name": municipality.name}
                for municipality in consultation.municipalities.all()
            ],
            "about": [field.name for field in consultation.fields.all()],
            "potentialAction": {
                "@type": "CommentAction",
                "name": consultation.title,
                "target": page,
                "startTime": iso(consultation.opens),
                "endTime": iso(consultation.deadline),
            },
        }
    )
