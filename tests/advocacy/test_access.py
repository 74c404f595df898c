"""Who may change what in an initiative, tried by everyone, with the database checked after.

Staff change everything; the lead organisation's admins their initiative; the supporting
organisations' admins add actions and documents; everyone else reads what is public.
"""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from advocacy.models import (
    Action,
    ActionDocument,
    Initiative,
    StatusChange,
    Submission,
    Supporter,
)
from tests.factories import (
    ActionFactory,
    InitiativeFactory,
    MembershipFactory,
    OrganisationFactory,
    SubmissionFactory,
    SupporterFactory,
    UserFactory,
)

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
LEAD_ONLY = ["edit", "status", "supporter_add", "supporter_remove", "submission", "response"]
COALITION = ["action", "document"]
ACTIONS = LEAD_ONLY + COALITION


@pytest.fixture
def supporter_admin(db):
    return UserFactory(email="admin.supporter@example.org")


@pytest.fixture
def world(organisation_a, organisation_b, ngo_admin, other_ngo_admin, supporter_admin):
    """An initiative led by A and supported by S (and T); B's admin belongs to neither."""
    initiative = InitiativeFactory(title="Več denarja za NVO", lead=organisation_a)
    supporting = OrganisationFactory(name="Zavod Podpora", sector="private")
    MembershipFactory(user=supporter_admin, organisation=supporting, role="admin")
    supporter = SupporterFactory(initiative=initiative, organisation=supporting)
    other = SupporterFactory(initiative=initiative, organisation=OrganisationFactory())
    elsewhere = InitiativeFactory(title="Drugje", lead=organisation_b)
    return {
        "initiative": initiative,
        "supporting": supporting,
        "supporter": supporter,
        "other_supporter": other,
        "action": ActionFactory(initiative=initiative),
        "submission": SubmissionFactory(initiative=initiative),
        "elsewhere": elsewhere,
        "elsewhere_action": ActionFactory(initiative=elsewhere),
        "elsewhere_submission": SubmissionFactory(initiative=elsewhere),
        "elsewhere_supporter": SupporterFactory(initiative=elsewhere),
        "newcomer": OrganisationFactory(name="Društvo Novinec"),
    }


def request_for(action: str, world: dict, *, organisation=None) -> tuple[str, dict]:
    base = f"/en/advocacy/{world['initiative'].slug}/"
    today = timezone.localdate().isoformat()
    return {
        "edit": (
            f"{base}edit/",
            {
                "title": "Spremenjen naslov",
                "objective": "Nov cilj",
                "policy": "Proračun",
                "target_body": "Občinski svet",
                "level": "municipal",
                "is_public": "on",
            },
        ),
        "status": (f"{base}status/", {"status": "negotiation", "date": today, "note": ""}),
        "supporter_add": (f"{base}supporters/", {"organisation": world["newcomer"].pk}),
        "supporter_remove": (f"{base}supporters/{world['other_supporter'].pk}/remove/", {}),
        "submission": (
            f"{base}submissions/add/",
            {"what": "Amandma", "to_whom": "Župan", "date": today, "reference": "1/2026"},
        ),
        "response": (
            f"{base}submissions/{world['submission'].pk}/",
            {"response": "accepted", "response_date": today, "response_note": "Sprejeto"},
        ),
        "action": (
            f"{base}actions/add/",
            {
                "kind": "media",
                "date": today,
                "title": "Izjava za medije",
                "description": "",
                "organisation": (organisation or world["initiative"].lead).pk,
            },
        ),
        "document": (
            f"{base}actions/{world['action'].pk}/documents/add/",
            {"title": "Pripombe", "file": SimpleUploadedFile("pripombe.pdf", PDF)},
        ),
    }[action]


def snapshot(world: dict) -> tuple:
    return (
        sorted(Initiative.objects.values_list("pk", "title", "status", "objective")),
        sorted(Supporter.objects.values_list("pk", "initiative_id", "organisation_id")),
        sorted(Submission.objects.values_list("pk", "what", "response")),
        Action.objects.count(),
        ActionDocument.objects.count(),
        StatusChange.objects.count(),
    )


def _post(client, action, world, **kwargs):
    url, data = request_for(action, world, **kwargs)
    return client.post(url, data)


@pytest.mark.parametrize("action", ACTIONS)
def test_anonymous_visitors_are_sent_to_sign_in_and_change_nothing(anonymous, world, action):
    before = snapshot(world)
    response = _post(anonymous, action, world)
    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]
    assert snapshot(world) == before


@pytest.mark.parametrize("action", ACTIONS)
def test_the_admin_of_an_organisation_outside_the_coalition_gets_404_and_changes_nothing(
    client_for, other_ngo_admin, world, action
):
    before = snapshot(world)
    url, _data = request_for(action, world)
    assert client_for(other_ngo_admin).get(url).status_code in (404, 405)
    assert _post(client_for(other_ngo_admin), action, world).status_code == 404
    assert snapshot(world) == before


@pytest.mark.parametrize("action", LEAD_ONLY)
def test_a_supporters_admin_may_not_change_the_initiative_itself(
    client_for, supporter_admin, world, action
):
    before = snapshot(world)
    assert _post(client_for(supporter_admin), action, world).status_code == 404
    assert snapshot(world) == before


@pytest.mark.parametrize("action", COALITION)
def test_a_supporters_admin_adds_actions_and_documents(client_for, supporter_admin, world, action):
    before = snapshot(world)
    client = client_for(supporter_admin)
    assert client.get(request_for(action, world)[0]).status_code == 200
    response = _post(client, action, world, organisation=world["supporting"])
    assert response.status_code == 302
    assert response["Location"] == world["initiative"].get_absolute_url()
    assert snapshot(world) != before


@pytest.mark.parametrize("person", ["ngo_admin", "staff"])
@pytest.mark.parametrize("action", ACTIONS)
def test_the_leads_admin_and_staff_may_do_each_of_them(request, client_for, world, person, action):
    before = snapshot(world)
    client = client_for(request.getfixturevalue(person))
    url, _data = request_for(action, world)
    if action != "supporter_remove":
        assert client.get(url).status_code == 200
    response = _post(client, action, world)
    assert response.status_code == 302
    assert snapshot(world) != before


@pytest.mark.parametrize("action", ACTIONS)
def test_an_editor_of_the_lead_is_not_its_admin_and_changes_nothing(
    client_for, organisation_a, world, action
):
    editor = UserFactory()
    MembershipFactory(user=editor, organisation=organisation_a, role="editor")
    before = snapshot(world)
    assert _post(client_for(editor), action, world).status_code == 404
    assert snapshot(world) == before


def test_forged_posts_for_another_initiatives_rows_are_refused(client_for, ngo_admin, world):
    before = snapshot(world)
    base = f"/en/advocacy/{world['initiative'].slug}/"
    client = client_for(ngo_admin)
    today = timezone.localdate().isoformat()
    forged = [
        (f"{base}submissions/{world['elsewhere_submission'].pk}/", {"response": "accepted"}),
        (f"{base}supporters/{world['elsewhere_supporter'].pk}/remove/", {}),
        (
            f"{base}actions/{world['elsewhere_action'].pk}/documents/add/",
            {"title": "X", "file": SimpleUploadedFile("x.pdf", PDF)},
        ),
        (f"/en/advocacy/{world['elsewhere'].slug}/status/", {"status": "withdrawn", "date": today}),
        (f"/en/advocacy/{world['elsewhere'].slug}/actions/add/", {"kind": "media", "date": today}),
    ]
    for url, data in forged:
        assert client.post(url, data).status_code == 404, url
    assert snapshot(world) == before


def test_an_action_cannot_be_recorded_for_an_organisation_they_do_not_administer(
    client_for, supporter_admin, organisation_b, world
):
    before = snapshot(world)
    for organisation in (world["initiative"].lead, organisation_b):
        response = _post(client_for(supporter_admin), "action", world, organisation=organisation)
        assert response.status_code == 200
        assert "Select a valid choice" in response.content.decode()
    assert snapshot(world) == before


def test_nobody_starts_an_initiative_led_by_an_organisation_they_do_not_administer(
    client_for, ngo_admin, organisation_b, world
):
    before = snapshot(world)
    data = {
        "lead": organisation_b.pk,
        "title": "Ponarejena pobuda",
        "objective": "X",
        "target_body": "Y",
        "level": "municipal",
    }
    response = client_for(ngo_admin).post("/en/advocacy/new/", data)
    assert response.status_code == 200
    assert "Select a valid choice" in response.content.decode()
    assert snapshot(world) == before


def test_a_person_without_an_organisation_cannot_start_an_initiative(client_for, anonymous, world):
    loner = UserFactory()
    assert client_for(loner).get("/en/advocacy/new/").status_code == 404
    assert anonymous.get("/en/advocacy/new/").status_code == 302


def test_the_lead_cannot_also_be_a_supporter(client_for, ngo_admin, organisation_a, world):
    before = snapshot(world)
    url = f"/en/advocacy/{world['initiative'].slug}/supporters/"
    response = client_for(ngo_admin).post(url, {"organisation": organisation_a.pk}, follow=True)
    assert "The lead organisation cannot also be a supporter." in response.content.decode()
    assert snapshot(world) == before


def test_the_page_offers_each_person_only_what_they_may_do(
    english, client_for, anonymous, ngo_admin, supporter_admin, other_ngo_admin, world
):
    url = world["initiative"].get_absolute_url()
    lead_page = client_for(ngo_admin).get(url).content.decode()
    supporter_page = client_for(supporter_admin).get(url).content.decode()
    for page in (
        anonymous.get(url).content.decode(),
        client_for(other_ngo_admin).get(url).content.decode(),
    ):
        assert "Add an action" not in page and "Add a submission" not in page
    assert "Add an action" in supporter_page and "Add a submission" not in supporter_page
    assert "Add an action" in lead_page and "Add a submission" in lead_page
