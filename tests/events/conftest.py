import pytest

from organisations.models import Membership, Organisation, Role, VerificationStatus


@pytest.fixture
def organisation(db):
    return Organisation.objects.create(
        name="Društvo Soča",
        slug="drustvo-soca",
        sector="civil",
        legal_form="association",
        verification_status=VerificationStatus.VERIFIED,
    )


@pytest.fixture
def ngo_member(organisation):
    from tests.factories import UserFactory

    user = UserFactory(email="member@drustvo-soca.test", first_name="Mojca", last_name="Member")
    Membership.objects.create(user=user, organisation=organisation, role=Role.ADMIN)
    return user
