"""System checks for what a deployment must never get wrong."""

from __future__ import annotations

from pathlib import Path

from django.conf import settings
from django.core.checks import Error, register


@register()
def documents_outside_media(app_configs, **kwargs) -> list[Error]:
    """Generated documents hold personal data: their folder must not be under the public media."""
    location = settings.STORAGES.get("documents", {}).get("OPTIONS", {}).get("location")
    if not location:
        return []
    private, media = Path(location).resolve(), Path(settings.MEDIA_ROOT).resolve()
    if private == media or media in private.parents:
        return [
            Error(
                f"The documents storage ({private}) is inside MEDIA_ROOT ({media}), which is "
                "served to everyone.",
                hint="Set PRIVATE_ROOT to a folder outside MEDIA_ROOT.",
                id="hub.E001",
            )
        ]
    return []
