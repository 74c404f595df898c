import pytest
from django.core.management import call_command

import hub.demo
import organisations.demo
import partnerships.demo
from organisations.models import Sector
from partnerships.models import Meeting, Outcome, Partnership
from partnerships.selectors import cross_sector_ids

pytestmark = pytest.mark.django_db


def _load(story: str) -> None:
    hub.demo.load(hub=story)
    organisations.demo.load(hub=story)
    partnerships.demo.load(hub=story)


def test_goriska_has_the_postojna_pilot_and_the_25_partner_consortium(anonymous):
    _load("goriska")
    pilot = Partnership.objects.get(slug="postojna-pomoc-starejsim-na-domu")
    consortium = Partnership.objects.get(slug="informacijska-pisarna-nova-gorica")
    assert pilot.pk in cross_sector_ids()
    assert consortium.partners.count() == 25
    assert consortium.outcomes.count() == 8
    assert [c.stage for c in pilot.stage_changes.all()] == [
        "getting_to_know",
        "building_trust",
        "joint_action",
    ]
    counts = (Partnership.objects.count(), Meeting.objects.count(), Outcome.objects.count())
    partnerships.demo.load(hub="goriska")  # loading again adds nothing
    assert (Partnership.objects.count(), Meeting.objects.count(), Outcome.objects.count()) == counts
    page = anonymous.get("/sl/partnerships/")
    assert page.status_code == 200
    assert "Postojna" in page.content.decode()
    assert anonymous.get(pilot.get_absolute_url()).status_code == 200


def test_ruse_has_eight_meetings_and_sixteen_project_ideas():
    _load("ruse")
    partnership = Partnership.objects.get()
    assert partnership.meetings.count() == 8
    assert partnership.outcomes.filter(kind="project_idea").count() == 16
    assert partnership.partners.filter(organisation__sector=Sector.PUBLIC).count() == 8


def test_gdansk_has_a_common_budget_with_in_kind_contributions():
    _load("gdansk")
    partnership = Partnership.objects.get()
    assert partnership.form == "common_budget"
    assert sum(p.in_kind_value for p in partnership.partners.all()) > 0


def test_load_demo_includes_the_partnerships():
    call_command("load_demo", "--hub", "ruse", verbosity=0)
    assert Partnership.objects.count() == 1
