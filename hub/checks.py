"""System checks for what a deployment must never get wrong."""

from __future__ import annotations

from pathlib import Path

from django.core.checks import Error, register
from django.core.files.storage import FileSystemStorage, storages


@register()
def documents_outside_media(app_configs, **kwargs) -> list[Error]:
    """Generated documents hold personal data: on disk, their folder must not be under the
    folder of the public media, which the proxy serves to everyone."""
    public, private = storages["default"], storages["documents"]
    if not (isinstance(public, FileSystemStorage) and isinstance(private, FileSystemStorage)):
        return []
    private_path, public_path = Path(private.location).resolve(), Path(public.location).resolve()
    if private_path == public_path or public_path in private_path.parents:
        return [
            Error(
                f"The documents storage ({private_path}) is inside the public media folder "
                f"({public_path}), which is served to everyone.",
                hint="Set PRIVATE_ROOT to a folder outside the public media folder.",
                id="hub.E001",
            )
        ]
    return []
