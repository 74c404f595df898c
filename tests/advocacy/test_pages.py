"""The initiatives' and consultations' lists and pages: what they show, to whom, in how many
queries; the status history; documents kept in the storage their visibility calls for."""

import datetime

import pytest
from django.core.files.storage import storages
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from advocacy.models import ActionDocument, Initiative, InitiativeStatus
from advocacy.services import (
    action_create,
    action_document_add,
    initiative_change_status,
    initiative_create,
    initiative_update,
    submission_create,
)
from tests.factories import (
    ActionFactory,
    ConsultationFactory,
    FieldOfActivityFactory,
    InitiativeFactory,
    MembershipFactory,
    MunicipalityFactory,
    OrganisationFactory,
    RepresentationFactory,
    SubmissionFactory,
    SupporterFactory,
)

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
LIST = "/en/advocacy/"
CONSULTATIONS = "/en/advocacy/consultations/"


def titles(response, name="initiatives") -> list[str]:
    return [item.title for item in response.context[name]]


def test_the_status_history_is_kept_with_its_dates(ngo_admin, organisation_a):
    today = timezone.localdate()
    initiative = initiative_create(
        lead=organisation_a,
        title="Sedeži NVO v organih LAS",
        objective="Dva sedeža za NVO",
        target_body="LAS",
        level="regional",
        by=ngo_admin,
        started=today - datetime.timedelta(days=60),
    )
    submission_create(
        initiative=initiative,
        what="Predlog spremembe statuta",
        to_whom="Skupščina LAS",
        date=today - datetime.timedelta(days=40),
    )
    initiative_change_status(
        initiative=initiative,
        status=InitiativeStatus.NEGOTIATION,
        date=today - datetime.timedelta(days=20),
    )
    initiative_change_status(initiative=initiative, status=InitiativeStatus.ADOPTED, date=today)
    path = list(initiative.status_changes.values_list("status", "date"))
    assert path == [
        ("preparing", today - datetime.timedelta(days=60)),
        ("submitted", today - datetime.timedelta(days=40)),
        ("negotiation", today - datetime.timedelta(days=20)),
        ("adopted", today),
    ]
    initiative.refresh_from_db()
    assert initiative.closed == today
    # Back to negotiation: it is active again, and the path shows both steps.
    initiative_change_status(initiative=initiative, status=InitiativeStatus.NEGOTIATION)
    initiative.refresh_from_db()
    assert initiative.closed is None
    assert initiative.status_changes.count() == 5


def test_a_status_change_shows_on_the_timeline_and_bad_dates_are_refused(
    client_for, ngo_admin, organisation_a
):
    initiative = InitiativeFactory(lead=organisation_a)
    client = client_for(ngo_admin)
    url = f"/en/advocacy/{initiative.slug}/status/"
    too_early = (initiative.started - datetime.timedelta(days=1)).isoformat()
    response = client.post(url, {"status": "submitted", "date": too_early})
    assert "A status cannot change before the initiative started." in response.content.decode()
    future = (timezone.localdate() + datetime.timedelta(days=3)).isoformat()
    response = client.post(url, {"status": "submitted", "date": future})
    assert "This date is in the future" in response.content.decode()
    assert Initiative.objects.get().status == "preparing"
    client.post(url, {"status": "negotiation", "date": timezone.localdate().isoformat()})
    page = client.get(initiative.get_absolute_url()).content.decode()
    assert "Status: Under negotiation" in page


def test_a_response_before_the_submission_is_refused(client_for, ngo_admin, organisation_a):
    submission = SubmissionFactory(initiative=InitiativeFactory(lead=organisation_a))
    url = f"/en/advocacy/{submission.initiative.slug}/submissions/{submission.pk}/"
    early = (submission.date - datetime.timedelta(days=1)).isoformat()
    response = client_for(ngo_admin).post(url, {"response": "accepted", "response_date": early})
    assert "A body cannot answer before the submission was made." in response.content.decode()
    submission.refresh_from_db()
    assert submission.response == "awaiting"


def test_a_document_that_is_not_a_document_is_refused(client_for, ngo_admin, organisation_a):
    action = ActionFactory(initiative=InitiativeFactory(lead=organisation_a))
    url = f"/en/advocacy/{action.initiative.slug}/actions/{action.pk}/documents/add/"
    upload = SimpleUploadedFile("pripombe.pdf", b"MZ\x90\x00 not a pdf")
    response = client_for(ngo_admin).post(url, {"title": "Pripombe", "file": upload})
    assert "A document must be a PDF, Word (DOCX)" in response.content.decode()
    assert not ActionDocument.objects.exists()


def test_documents_follow_the_initiatives_visibility(
    client_for, anonymous, ngo_admin, organisation_a, django_capture_on_commit_callbacks
):
    initiative = InitiativeFactory(lead=organisation_a, is_public=False)
    action = action_create(
        initiative=initiative, kind="comments", date=timezone.localdate(), title="Pripombe"
    )
    document = action_document_add(
        action=action, title="Pripombe", upload=SimpleUploadedFile("p.pdf", PDF)
    )
    assert document.private_file and not document.public_file
    assert storages["documents"].exists(document.private_file.name)
    assert anonymous.get(document.url).status_code == 404
    response = client_for(ngo_admin).get(document.url)
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == PDF
    # Made public: the file moves to the public storage and is linked directly.
    old = document.private_file.name
    with django_capture_on_commit_callbacks(execute=True):
        initiative_update(initiative=initiative, is_public=True)
    document.refresh_from_db()
    assert document.public_file and not document.private_file
    assert storages["default"].exists(document.public_file.name)
    assert not storages["documents"].exists(old)


def test_the_list_shows_public_initiatives_and_filters_and_searches(anonymous):
    civil = InitiativeFactory(title="Proračun za mlade", status="submitted", level="municipal")
    regional = InitiativeFactory(
        title="Osem programov v regionalnem načrtu", status="adopted", level="regional"
    )
    SupporterFactory(initiative=regional, organisation=OrganisationFactory(sector="private"))
    InitiativeFactory(title="Skrita pobuda", is_public=False)
    assert titles(anonymous.get(LIST)) == [regional.title, civil.title] or set(
        titles(anonymous.get(LIST))
    ) == {regional.title, civil.title}
    assert titles(anonymous.get(LIST, {"status": "adopted"})) == [regional.title]
    assert titles(anonymous.get(LIST, {"level": "municipal"})) == [civil.title]
    assert titles(anonymous.get(LIST, {"sector": "private"})) == [regional.title]
    assert titles(anonymous.get(LIST, {"q": "NACRTU"})) == [regional.title]
    empty = anonymous.get(LIST, {"q": "nič takega"}).content.decode()
    assert "No initiative matches your search." in empty


def test_the_empty_lists_say_so(anonymous):
    assert "No advocacy initiative is listed yet." in anonymous.get(LIST).content.decode()
    page = anonymous.get(CONSULTATIONS).content.decode()
    assert "No public consultation is listed yet." in page


def test_a_coalition_only_initiative_is_shown_to_the_coalition_and_staff(
    anonymous, client_for, ngo_admin, other_ngo_admin, organisation_a, staff
):
    supporter = OrganisationFactory()
    supporter_member = MembershipFactory(organisation=supporter, role="editor").user
    private = InitiativeFactory(title="Zaupno", is_public=False, lead=organisation_a)
    SupporterFactory(initiative=private, organisation=supporter)
    url = private.get_absolute_url()
    assert anonymous.get(url).status_code == 404
    assert client_for(other_ngo_admin).get(url).status_code == 404
    for person in (ngo_admin, supporter_member, staff):
        assert client_for(person).get(url).status_code == 200
        assert titles(client_for(person).get(LIST)) == ["Zaupno"]
    assert titles(client_for(other_ngo_admin).get(LIST)) == []


def test_the_detail_shows_coalition_submissions_and_a_timeline(english, anonymous):
    consultation = ConsultationFactory(title="Osnutek proračuna 2027")
    initiative = InitiativeFactory(title="Pripombe", consultation=consultation)
    SupporterFactory(initiative=initiative, organisation=OrganisationFactory(name="Zavod Most"))
    ActionFactory(initiative=initiative, title="Okrogla miza", kind="event")
    SubmissionFactory(
        initiative=initiative,
        what="Pripombe k proračunu",
        to_whom="Občinski svet",
        response="partly_accepted",
    )
    page = anonymous.get(initiative.get_absolute_url()).content.decode()
    for text in [
        "Zavod Most",
        "Public event: Okrogla miza",
        "Pripombe k proračunu",
        "Partly accepted",
        "Osnutek proračuna 2027",
    ]:
        assert text in page, text


@pytest.mark.parametrize("count", [1, 30])
def test_the_list_takes_a_fixed_number_of_queries(anonymous, django_assert_num_queries, count):
    consultation = ConsultationFactory()
    for _ in range(count):
        initiative = InitiativeFactory(consultation=consultation)
        SupporterFactory(initiative=initiative)
        SupporterFactory(initiative=initiative)
    # 1. count of the initiatives found
    # 2. the initiatives of this page, with their lead and consultation
    # 3. their supporters with their organisations
    with django_assert_num_queries(3):
        response = anonymous.get(LIST)
    assert len(titles(response)) == min(count, 20)


@pytest.mark.parametrize("actions", [1, 40])
def test_the_detail_takes_a_fixed_number_of_queries(anonymous, django_assert_num_queries, actions):
    initiative = InitiativeFactory(consultation=ConsultationFactory())
    for _ in range(3):
        SupporterFactory(initiative=initiative)
    for number in range(actions):
        action = ActionFactory(
            initiative=initiative,
            organisation=initiative.lead,
            date=timezone.localdate() - datetime.timedelta(days=number),
        )
        action_document_add(action=action, title="Dopis", upload=SimpleUploadedFile("d.pdf", PDF))
        SubmissionFactory(initiative=initiative)
    # 1. the initiative with its lead, consultation (and body), partnership and outcome
    # 2. its supporters with their organisations
    # 3. its status changes
    # 4. its actions with their organisations
    # 5. their documents
    # 6. its submissions
    # 7. the published news about it
    with django_assert_num_queries(7):
        response = anonymous.get(initiative.get_absolute_url())
    assert response.status_code == 200
    assert len(response.context["timeline"]) == 2 * actions


@pytest.mark.parametrize("count", [1, 30])
def test_the_consultations_take_a_fixed_number_of_queries(
    anonymous, django_assert_num_queries, count
):
    field, place = FieldOfActivityFactory(), MunicipalityFactory()
    for _ in range(count):
        ConsultationFactory(fields=[field], municipalities=[place])
    # 1. fields of activity for the filter's choices
    # 2. municipalities for the filter's choices
    # 3. count of the consultations found
    # 4. the consultations of this page with their bodies
    # 5. their municipalities
    # 6. their fields
    with django_assert_num_queries(6):
        response = anonymous.get(CONSULTATIONS)
    assert len(titles(response, "consultations")) == min(count, 20)


def test_consultations_open_first_nearest_deadline_first(anonymous):
    now = timezone.now()
    closed = ConsultationFactory(
        title="Zaprto",
        opens=now - datetime.timedelta(days=30),
        deadline=now - datetime.timedelta(days=1),
    )
    later = ConsultationFactory(title="Pozneje", deadline=now + datetime.timedelta(days=20))
    sooner = ConsultationFactory(title="Kmalu", deadline=now + datetime.timedelta(days=2))
    upcoming = ConsultationFactory(
        title="Še ne",
        opens=now + datetime.timedelta(days=1),
        deadline=now + datetime.timedelta(days=9),
    )
    assert titles(anonymous.get(CONSULTATIONS), "consultations") == [
        sooner.title,
        later.title,
        upcoming.title,
        closed.title,
    ]
    assert titles(anonymous.get(CONSULTATIONS, {"status": "closed"}), "consultations") == ["Zaprto"]
    assert titles(anonymous.get(CONSULTATIONS, {"q": "KMALU"}), "consultations") == ["Kmalu"]


def test_a_consultation_page_offers_to_answer_it_to_organisation_admins(
    english, anonymous, client_for, ngo_admin
):
    consultation = ConsultationFactory(title="Program sodelovanja z NVO")
    url = consultation.get_absolute_url()
    assert "Start an initiative answering it" not in anonymous.get(url).content.decode()
    page = client_for(ngo_admin).get(url).content.decode()
    assert f"/en/advocacy/new/?consultation={consultation.slug}" in page


def test_the_organisation_profile_lists_initiatives_and_representations(anonymous, organisation_a):
    led = InitiativeFactory(title="Vodimo", lead=organisation_a)
    supported = InitiativeFactory(title="Podpiramo")
    SupporterFactory(initiative=supported, organisation=organisation_a)
    InitiativeFactory(title="Skrito", lead=organisation_a, is_public=False)
    RepresentationFactory(
        person="Ana Kos", body="Regionalni razvojni svet", organisations=[organisation_a]
    )
    page = anonymous.get(f"/en/organisations/{organisation_a.slug}/").content.decode()
    for text in [led.title, supported.title, "Ana Kos", "Regionalni razvojni svet"]:
        assert text in page, text
    assert "Skrito" not in page


def test_an_unknown_initiative_or_consultation_is_404(anonymous):
    assert anonymous.get("/en/advocacy/nothing/").status_code == 404
    assert anonymous.get("/en/advocacy/consultations/nothing/").status_code == 404
