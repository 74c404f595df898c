"""Staff manage partnerships in the admin, with their partners, meetings and outcomes inline."""

import pytest
from django.core.exceptions import ValidationError

from partnerships.models import Partnership, Stage
from tests.factories import (
    CommitmentFactory,
    MeetingFactory,
    OutcomeFactory,
    PartnerFactory,
    PartnershipFactory,
)

pytestmark = pytest.mark.django_db


def test_every_admin_page_of_a_partnership_opens(client_for, staff):
    partner = PartnerFactory()
    partnership = partner.partnership
    commitment = CommitmentFactory(partner=partner)
    meeting = MeetingFactory(partnership=partnership)
    outcome = OutcomeFactory(partnership=partnership)
    client = client_for(staff)
    for url in [
        "/admin/partnerships/partnership/",
        "/admin/partnerships/partnership/add/",
        f"/admin/partnerships/partnership/{partnership.pk}/change/",
        f"/admin/partnerships/partnership/{partnership.pk}/history/",
        f"/admin/partnerships/partner/{partner.pk}/change/",
        f"/admin/partnerships/commitment/{commitment.pk}/change/",
        f"/admin/partnerships/meeting/{meeting.pk}/change/",
        f"/admin/partnerships/outcome/{outcome.pk}/change/",
        "/admin/partnerships/partnership/?q=partnerstvo",
    ]:
        assert client.get(url).status_code == 200, url


def test_changing_the_stage_in_the_admin_keeps_the_change(client_for, staff):
    partnership = PartnershipFactory()
    data = {
        "title": partnership.title,
        "slug": partnership.slug,
        "problem": partnership.problem,
        "goal": partnership.goal,
        "is_public": "on",
        "stage": Stage.BUILDING_TRUST,
        "form": partnership.form,
        "started": partnership.started.isoformat(),
    }
    for prefix in ["partners", "stage_changes", "meetings", "outcomes"]:
        data |= {f"{prefix}-TOTAL_FORMS": "0", f"{prefix}-INITIAL_FORMS": "0"}
    response = client_for(staff).post(
        f"/admin/partnerships/partnership/{partnership.pk}/change/", data
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    assert list(partnership.stage_changes.values_list("stage", flat=True)) == [Stage.BUILDING_TRUST]


def test_a_slug_cannot_shadow_the_network_page():
    partnership = PartnershipFactory.build(slug="network")
    with pytest.raises(ValidationError) as error:
        partnership.full_clean()
    assert "slug" in error.value.message_dict
    assert not Partnership.objects.exists()
