from __future__ import annotations

import pytest
from django.contrib.auth.models import Permission
from django.utils import translation

from tests.factories import MunicipalityFactory, UserFactory


@pytest.fixture(autouse=True)
def english():
    """Column names and messages in English, as an English-speaking staff member sees them."""
    with translation.override("en"):
        yield


@pytest.fixture
def nova_gorica(db):
    return MunicipalityFactory(name="Nova Gorica", slug="nova-gorica")


@pytest.fixture
def importer(db):
    """A staff member with the import permission (not a superuser)."""
    user = UserFactory(email="importer@sticisce.test", is_staff=True)
    user.user_permissions.add(Permission.objects.get(codename="import_data"))
    return user
