"""The hub's own identity — its profile and funded operations — as every page, e-mail and PDF reads it.

Both are read on every request (header, footer), so they are kept in the cache shared by all
processes and dropped from it whenever staff save either (hub.signals).
"""

from __future__ import annotations

import base64
import logging
import mimetypes
import uuid
from contextvars import ContextVar
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from zoneinfo import ZoneInfo

from django.conf import settings
from django.contrib.staticfiles import finders
from django.core.cache import cache
from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import Case, IntegerField, QuerySet, Value, When
from django.utils import timezone

from .models import FunderLogo, HubProfile, Municipality, Operation, Region
from .text import collated

logger = logging.getLogger(__name__)

CACHE_KEY = "hub:identity:v1"
# A new token each time the identity is kept: a process that holds the identity kept under the
# same token uses its own copy, and reads the identity again only when the token changed.
STAMP_KEY = "hub:identity:stamp"
CACHE_SECONDS = 600


@dataclass
class Identity:
    profile: HubProfile
    operations: list[Operation] = field(default_factory=list)


# Within one request the identity is read from the cache once, not by every piece of the page
# that shows it (header, footer, the filters' home region); set while a request runs.
_this_request: ContextVar[dict | None] = ContextVar("hub_identity_this_request", default=None)
# The identity this process read last, with its token: most requests find the token unchanged
# and neither fetch nor unpickle the identity (its profile, operations and logos).
_this_process: tuple[str, Identity] | None = None


def request_began(**kwargs) -> None:
    _this_request.set({})


def request_ended(**kwargs) -> None:
    _this_request.set(None)


def identity_prefetched(stamp: str | None) -> None:
    """The identity's token as the cache answered it for this request, read with other keys in
    one round trip (``hub.cache.request_prefetch``): if this process holds the identity kept
    under it, the request's pages use that."""
    memo = _this_request.get()
    held = _this_process
    if memo is not None and stamp is not None and held is not None and held[0] == stamp:
        memo["identity"] = held[1]


def _identity() -> Identity:
    memo = _this_request.get()
    if memo and "identity" in memo:
        return memo["identity"]
    identity = _identity_shared()
    if memo is not None:
        memo["identity"] = identity
    return identity


def _identity_shared() -> Identity:
    global _this_process
    try:
        found = cache.get_many([CACHE_KEY, STAMP_KEY])
    except Exception:  # a cache that does not answer must not take the pages down with it
        logger.warning("The cache does not answer; reading the hub's profile from the database")
        found = {}
    identity, stamp = found.get(CACHE_KEY), found.get(STAMP_KEY)
    if identity is None or stamp is None:
        identity = Identity(
            profile=hub_profile_ensure(),
            operations=list(Operation.objects.prefetch_related("logos")),
        )
        stamp = uuid.uuid4().hex
        try:
            cache.set_many({CACHE_KEY: identity, STAMP_KEY: stamp}, CACHE_SECONDS)
        except Exception:
            logger.warning("The cache does not answer; the hub's profile is not cached")
            return identity
    _this_process = (stamp, identity)
    return identity


def hub_cache_clear() -> None:
    if _this_request.get() is not None:
        _this_request.set({})
    try:
        cache.delete_many([CACHE_KEY, STAMP_KEY])
    except Exception:
        logger.warning("The cache does not answer; the hub's profile may be stale for a while")


def hub_profile() -> HubProfile:
    return _identity().profile


def hub_zone() -> ZoneInfo:
    """The hub's time zone: days, quarters and deadlines are counted in it."""
    return ZoneInfo(hub_time_zone())


# What new rows default to follows the hub's country (the models name these as defaults).
def hub_time_zone() -> str:
    return hub_profile().time_zone or settings.TIME_ZONE


def hub_country() -> str:
    return hub_profile().country


def hub_currency() -> str:
    return hub_profile().currency


def operation_on(day: date | None = None) -> Operation | None:
    """The operation running on the day (today by default); the latest-starting one if several."""
    day = day or timezone.localdate()
    running = [o for o in _identity().operations if o.start <= day <= o.end]
    return max(running, key=lambda o: (o.start, o.pk), default=None)


def funder_logos(operation: Operation | None) -> list[FunderLogo]:
    return list(operation.logos.all()) if operation else []


def storage_data_uri(file) -> str:
    """A stored file as a ``data:`` URI, read through its storage, for WeasyPrint to embed."""
    mime_type = mimetypes.guess_type(file.name)[0] or "application/octet-stream"
    with file.storage.open(file.name, "rb") as handle:
        encoded = base64.b64encode(handle.read()).decode()
    return f"data:{mime_type};base64,{encoded}"


def pdf_identity(*, on: date | None = None) -> dict:
    """What every PDF prints of the hub: its name, and the operation running on the document's
    date with its publicity text (in the active language) and logos as embeddable data with
    their descriptions (the alternative text, in the active language)."""
    operation = operation_on(on)
    logos = []
    for logo in funder_logos(operation):
        try:
            logos.append({"src": storage_data_uri(logo.image), "alt": logo.description})
        except OSError:
            logger.exception("Funder logo %s cannot be read; the PDF is made without it", logo.pk)
    return {
        "hub_name": hub_profile().name,
        "publicity_text": operation.publicity_text if operation else "",
        "funder_logos": logos,
    }


def _home_first(*, home: When, country: When) -> Case:
    return Case(home, country, default=Value(2), output_field=IntegerField())


def regions_home_first() -> QuerySet[Region]:
    """Regions with the hub's own first, then the rest of its country, then other countries."""
    profile = hub_profile()
    country = profile.region.country if profile.region_id else ""
    order = _home_first(
        home=When(pk=profile.region_id or 0, then=Value(0)),
        country=When(country=country, then=Value(1)),
    )
    return Region.objects.order_by(order, collated("name"))


def municipalities_home_first() -> QuerySet[Municipality]:
    """Municipalities of the hub's own region first, then its country's, then other countries'."""
    profile = hub_profile()
    country = profile.region.country if profile.region_id else ""
    order = _home_first(
        home=When(region_id=profile.region_id or 0, then=Value(0)),
        country=When(country=country, then=Value(1)),
    )
    return Municipality.objects.select_related("region").order_by(
        order, collated("region__name"), "region_id", collated("name")
    )


def hub_profile_ensure() -> HubProfile:
    """The hub's profile; on a first run, made from the HUB_* and FUNDER_* settings, with the
    operation the publicity line belongs to. Reading it is one query (every request reads it
    when the cache does not answer); only making it is a transaction."""
    profile = HubProfile.objects.select_related("region").order_by("pk").first()
    if profile is not None:
        return profile
    return _hub_profile_create()


@transaction.atomic
def _hub_profile_create() -> HubProfile:
    # The settings' texts are in the hub's language, the site's default.
    language = settings.LANGUAGE_CODE
    profile = HubProfile.objects.create(
        name=settings.HUB_NAME,
        language=language,
        address=settings.HUB_ADDRESS,
        email=settings.HUB_EMAIL,
        phone=settings.HUB_PHONE,
        **{f"introduction_{language}": settings.HUB_INTRO},
    )
    if settings.FUNDER_PUBLICITY_TEXT and not Operation.objects.exists():
        today = timezone.localdate()
        operation = Operation.objects.create(
            name=settings.HUB_NAME,
            funder="",
            # A period staff are expected to correct; wide enough to cover the documents at hand.
            start=today.replace(year=today.year - 5, month=1, day=1),
            end=today.replace(year=today.year + 5, month=12, day=31),
            **{f"publicity_text_{language}": settings.FUNDER_PUBLICITY_TEXT},
        )
        for position, path in enumerate(settings.FUNDER_LOGOS):
            found = finders.find(path)
            if not found:
                continue
            name = Path(found).name
            logo = FunderLogo(operation=operation, description=Path(name).stem, position=position)
            # A static file of the project, copied into the storage uploads live in.
            logo.image.save(name, ContentFile(Path(found).read_bytes()), save=True)
    return profile
