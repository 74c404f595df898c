"""The two file storages: ``default`` (public media: logos, call documents) and ``documents``
(private: generated documents), folders on one machine or S3 buckets shared by many."""

from __future__ import annotations

import logging
import os
from collections.abc import Iterator
from contextlib import contextmanager
from functools import lru_cache
from pathlib import Path

from botocore.exceptions import BotoCoreError, ClientError
from django.core.files.storage import Storage, storages
from django.core.signals import setting_changed
from django.dispatch import receiver
from django.utils.functional import LazyObject, empty
from django.utils.translation import gettext

logger = logging.getLogger(__name__)

# What a store that cannot be reached raises: a folder (disk full, gone, not writable), an S3
# endpoint that does not answer (EndpointConnectionError and the other BotoCoreErrors) or answers
# with an error (ClientError).
STORAGE_ERRORS = (OSError, BotoCoreError, ClientError)


class StorageUnavailable(Exception):
    """The file store did not take or give a file; ``str()`` says so in the reader's language."""

    def __init__(self, message: str = "") -> None:
        super().__init__(message or storage_unavailable_message())


def storage_unavailable_message() -> str:
    return gettext(
        "The file store cannot be reached just now, so nothing was saved. Please try again in "
        "a few minutes."
    )


@contextmanager
def storage_guard() -> Iterator[None]:
    """Turn a store's connection or disk error into ``StorageUnavailable``, logged once."""
    try:
        yield
    except STORAGE_ERRORS as error:
        logger.warning("The file store did not answer: %s: %s", type(error).__name__, error)
        raise StorageUnavailable from error


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


# What the download view and /healthz need to know of a storage, whatever its backend.


def storage_signs_urls(storage: Storage) -> bool:
    """True for an S3 bucket whose URLs carry a signature that expires (the documents bucket)."""
    return bool(getattr(storage, "querystring_auth", False)) and hasattr(storage, "bucket_name")


def storage_answers(storage: Storage, *, timeout: float) -> bool:
    """One small request to the storage: HEAD of an S3 bucket, a look at a folder on disk.

    An S3 bucket is asked through a client of its own that gives up after ``timeout`` seconds
    and does not retry, so a store that does not answer cannot hold the caller long.
    """
    if hasattr(storage, "bucket_name"):
        return _bucket_answers(storage, timeout=timeout)
    location = getattr(storage, "location", None)
    if location is None:  # kept in memory (tests)
        return True
    # Django makes the folder on the first save; until then its nearest parent must be writable.
    folder = Path(location)
    while not folder.exists() and folder != folder.parent:
        folder = folder.parent
    return folder.is_dir() and os.access(folder, os.W_OK)


def _bucket_answers(storage: Storage, *, timeout: float) -> bool:
    client = _health_client(
        endpoint_url=storage.endpoint_url,
        region_name=storage.region_name,
        access_key=storage.access_key,
        secret_key=storage.secret_key,
        client_config=storage.client_config,
        timeout=timeout,
    )
    try:
        client.head_bucket(Bucket=storage.bucket_name)
    except (BotoCoreError, ClientError) as error:
        logger.warning(
            "Health check: the bucket %s does not answer: %s", storage.bucket_name, error
        )
        return False
    return True


@lru_cache(maxsize=8)
def _health_client(
    *, endpoint_url, region_name, access_key, secret_key, client_config, timeout: float
):
    """A client that gives up after ``timeout`` seconds and never retries; made once per
    process (making one costs more than the request), and safe to share between threads."""
    import boto3
    from botocore.config import Config as BotoConfig

    return boto3.session.Session().client(
        "s3",
        endpoint_url=endpoint_url,
        region_name=region_name,
        aws_access_key_id=access_key,
        aws_secret_access_key=secret_key,
        config=client_config.merge(
            BotoConfig(
                connect_timeout=timeout,
                read_timeout=timeout,
                retries={"max_attempts": 1, "mode": "standard"},
            )
        ),
    )
