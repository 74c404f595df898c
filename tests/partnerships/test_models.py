"""The rules a partnership always keeps, held by the database as well as by the services."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone, translation

from partnerships.models import Partner, Stage
from partnerships.services import (
    PartnershipError,
    commitment_create,
    meeting_create,
    partnership_change_stage,
)
from tests.factories import OrganisationFactory, PartnerFactory, PartnershipFactory

pytestmark = pytest.mark.django_db


def test_an_organisation_is_a_partner_once_per_partnership():
    partner = PartnerFactory()
    with pytest.raises(IntegrityError), transaction.atomic():
        Partner.objects.create(partnership=partner.partnership, organisation=partner.organisation)
    # …but may be a partner of another partnership.
    PartnerFactory(organisation=partner.organisation)


def test_a_duplicate_partner_is_explained_in_a_sentence():
    partner = PartnerFactory()
    duplicate = Partner(partnership=partner.partnership, organisation=partner.organisation)
    with translation.override("en"), pytest.raises(ValidationError) as error:
        duplicate.full_clean()
    assert "This organisation is already a partner." in " ".join(error.value.messages)


def test_a_partner_cannot_leave_before_it_joined():
    partner = PartnerFactory()
    partner.left = partner.joined - datetime.timedelta(days=1)
    with pytest.raises(ValidationError):
        partner.full_clean()
    with pytest.raises(IntegrityError), transaction.atomic():
        partner.save()


def test_a_commitment_names_only_a_partner_of_its_own_partnership():
    partner = PartnerFactory()
    stranger = PartnerFactory()
    with pytest.raises(PartnershipError):
        commitment_create(partnership=partner.partnership, partner=stranger, what="Pisarna")
    commitment = commitment_create(partnership=partner.partnership, partner=partner, what="Pisarna")
    # It belongs to the partnership through its partner, so it cannot disagree with it.
    assert commitment.partner.partnership == partner.partnership


def test_only_partners_of_the_partnership_are_recorded_as_present():
    partner = PartnerFactory()
    stranger = PartnerFactory()
    with pytest.raises(PartnershipError):
        meeting_create(
            partnership=partner.partnership,
            date=timezone.localdate(),
            present=[partner, stranger],
        )
    assert not partner.partnership.meetings.exists()


def test_stage_changes_are_kept_with_their_dates(staff):
    partnership = PartnershipFactory()
    earlier = timezone.localdate() - datetime.timedelta(days=100)
    partnership_change_stage(partnership=partnership, stage=Stage.BUILDING_TRUST, date=earlier)
    partnership_change_stage(partnership=partnership, stage=Stage.JOINT_ACTION, by=staff)
    partnership_change_stage(partnership=partnership, stage=Stage.JOINT_ACTION, by=staff)
    path = list(partnership.stage_changes.values_list("stage", "date"))
    assert path == [
        (Stage.BUILDING_TRUST, earlier),
        (Stage.JOINT_ACTION, timezone.localdate()),
    ]
    partnership.refresh_from_db()
    assert partnership.stage == Stage.JOINT_ACTION


def test_changes_are_kept_in_the_history():
    partner = PartnerFactory(organisation=OrganisationFactory())
    partner.responsibilities = "Prostor za srečanja"
    partner.save()
    assert partner.history.count() == 2
    assert partner.partnership.history.count() == 1
