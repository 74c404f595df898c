"""The partnership agreement, through the one document mechanism, read back as a PDF."""

import io

import pytest
from django.utils import translation
from pypdf import PdfReader

from hub.documents import document_for
from hub.models import Document, DocumentStatus
from organisations.models import Sector
from partnerships.documents import AGREEMENT, render_agreement
from tests.factories import (
    CommitmentFactory,
    MembershipFactory,
    OrganisationFactory,
    PartnerFactory,
    PartnershipFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db


def text_of(content: bytes) -> tuple[int, str]:
    reader = PdfReader(io.BytesIO(content))
    return len(reader.pages), "\n".join(page.extract_text() for page in reader.pages)


@pytest.fixture
def partnership(organisation_a):
    partnership = PartnershipFactory(title="Pomoč starejšim Postojna")
    lead = PartnerFactory(
        partnership=partnership,
        organisation=organisation_a,
        role="lead",
        responsibilities="Vodi prostovoljce",
        in_kind_description="Prostovoljsko delo",
        in_kind_value=1200,
    )
    PartnerFactory(
        partnership=partnership,
        organisation=OrganisationFactory(name="Občina Postojna", sector=Sector.PUBLIC),
        financial_contribution=6000,
    )
    PartnerFactory(
        partnership=partnership,
        organisation=OrganisationFactory(name="Nekdanji partner d.o.o.", sector=Sector.PRIVATE),
        left=partnership.started,
    )
    CommitmentFactory(partner=lead, what="Pregled potreb v vaseh")
    return partnership


def test_the_agreement_lists_partners_contributions_commitments_and_a_signature_each(
    partnership, organisation_a
):
    pages, text = text_of(render_agreement(partnership, language="en"))
    assert pages >= 1
    for expected in [
        "Partnership agreement",
        "Pomoč starejšim Postojna",
        organisation_a.name,
        "Lead partner",
        "Vodi prostovoljce",
        "Pregled potreb v vaseh",
        "€6,000.00",
        "€1,200.00",
        "Občina Postojna",
    ]:
        assert expected in text, expected
    assert text.count("Name, position, signature and date") == 2
    # A partner who has left signs nothing.
    assert "Nekdanji partner" not in text


def test_the_agreement_is_in_the_chosen_language(partnership):
    _, text = text_of(render_agreement(partnership, language="sl"))
    with translation.override("sl"):
        assert translation.gettext("Partnership agreement") in text


def test_a_partner_asks_for_it_and_downloads_it(
    client_for, ngo_admin, partnership, django_capture_on_commit_callbacks
):
    client = client_for(ngo_admin)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(f"/sl/partnerships/{partnership.slug}/agreement/")
    assert response.status_code == 302
    document = document_for(kind=AGREEMENT, subject=partnership)
    # Tasks run in the process in the tests: once the request has committed, the file is there.
    assert document.status == DocumentStatus.DONE and document.language == "sl"
    page = client.get(partnership.get_absolute_url()).content.decode()
    assert document.get_absolute_url() in page
    download = client.get(document.get_absolute_url())
    assert download.status_code == 200
    assert b"".join(download.streaming_content).startswith(b"%PDF")


def test_only_staff_and_the_partners_people_may_ask_or_download(
    anonymous,
    client_for,
    other_ngo_admin,
    staff,
    partnership,
    organisation_a,
    django_capture_on_commit_callbacks,
):
    url = f"/en/partnerships/{partnership.slug}/agreement/"
    assert client_for(other_ngo_admin).post(url).status_code == 404
    assert anonymous.post(url).status_code == 302
    assert not Document.objects.exists()
    with django_capture_on_commit_callbacks(execute=True):
        assert client_for(staff).post(url).status_code == 302
    document = Document.objects.get()
    editor = UserFactory()
    MembershipFactory(user=editor, organisation=organisation_a, role="editor")
    assert client_for(editor).get(document.get_absolute_url()).status_code == 200
    assert client_for(other_ngo_admin).get(document.get_absolute_url()).status_code in (403, 404)
    assert anonymous.get(document.get_absolute_url()).status_code in (302, 403, 404)
    page = client_for(other_ngo_admin).get(partnership.get_absolute_url()).content.decode()
    assert "Partnership agreement" not in page
