"""The hubs' advocacy stories load, once, and show on the pages."""

import pytest

import advocacy.demo
import hub.demo
import organisations.demo
import partnerships.demo
from advocacy.models import Consultation, Initiative, Representation, Submission

pytestmark = pytest.mark.django_db


def _load(story: str) -> None:
    hub.demo.load(hub=story)
    organisations.demo.load(hub=story)
    partnerships.demo.load(hub=story)
    advocacy.demo.load(hub=story)


def _counts() -> tuple:
    return (
        Consultation.objects.count(),
        Initiative.objects.count(),
        Submission.objects.count(),
        Representation.objects.count(),
    )


def test_goriska_has_the_eight_programmes_the_lag_seats_and_the_budget_comments(anonymous):
    _load("goriska")
    plan = Initiative.objects.get(title__startswith="Osem skupnih programov")
    assert plan.status == "adopted" and plan.outcome is not None
    assert plan.partnership.slug == "informacijska-pisarna-nova-gorica"
    assert [c.status for c in plan.status_changes.all()] == [
        "preparing",
        "submitted",
        "negotiation",
        "adopted",
    ]
    budget = Initiative.objects.get(title__startswith="Pripombe koalicije")
    assert budget.status == "partly_adopted" and budget.consultation is not None
    assert Representation.objects.filter(body__contains="lokalne akcijske skupine").count() == 2
    assert Consultation.objects.open().exists()
    counts = _counts()
    advocacy.demo.load(hub="goriska")  # loading again adds nothing
    assert _counts() == counts
    for url in ["/sl/advocacy/", "/sl/advocacy/consultations/", plan.get_absolute_url()]:
        assert anonymous.get(url).status_code == 200, url
    page = anonymous.get(plan.partnership.get_absolute_url()).content.decode()
    assert plan.get_absolute_url() in page


def test_ruse_presents_16_project_ideas_to_the_district_development_council():
    _load("ruse")
    ideas = Initiative.objects.get(title__startswith="16 ")
    assert ideas.target_body == "Областен съвет за развитие – Русе"
    assert ideas.submissions.get().what.startswith("16 ")
    assert ideas.partnership is not None


def test_gdansk_consults_the_yearly_cooperation_programme():
    _load("gdansk")
    programme = Consultation.objects.get(slug="roczny-program-wspolpracy-gdansk")
    assert programme.body.name == "Miasto Gdańsk" and programme.is_open
    assert programme.initiatives.exists()
