"""The private storage of generated documents, separate from the public media (logos)."""

from __future__ import annotations

from django.core.files.storage import Storage, storages
from django.core.signals import setting_changed
from django.dispatch import receiver
from django.utils.functional import LazyObject, empty


class DocumentStorage(LazyObject):
    """``storages["documents"]``, looked up when first used, so tests can swap it."""

    def _setup(self) -> None:
        self._wrapped = storages["documents"]


document_storage = DocumentStorage()


def get_document_storage() -> Storage:
    """The FileField's storage; a callable, so migrations name it instead of freezing a path."""
    return document_storage


@receiver(setting_changed)
def _storages_changed(*, setting: str, **kwargs) -> None:
    if setting == "STORAGES":
        document_storage._wrapped = empty
