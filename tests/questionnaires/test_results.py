"""What staff see: counts and charts in four languages, small groups protected, an export
without names, and each organisation's change before and after."""

from __future__ import annotations

import csv
import io
from datetime import timedelta

import pytest
from django.contrib.auth.models import Permission
from django.utils import timezone
from openpyxl import load_workbook

from questionnaires.models import Audience, Choice, Invitation, Question
from questionnaires.services import response_save, sendings_run
from tests.factories import (
    EventFactory,
    MembershipFactory,
    OrganisationFactory,
    RegistrationFactory,
    SendingFactory,
    UserFactory,
)
from tests.factories.questionnaires import assessment_pair, feedback_questionnaire

pytestmark = pytest.mark.django_db


@pytest.fixture
def analyst(db):
    """Hub staff who may see results and export the answers."""
    user = UserFactory(email="analyst@sticisce.test", is_staff=True)
    user.user_permissions.add(
        *Permission.objects.filter(codename__in=["view_results", "export_answers"])
    )
    return user


def _answered(count: int, *, questionnaire=None):
    questionnaire = questionnaire or feedback_questionnaire()
    event = EventFactory(start=timezone.now() - timedelta(days=1))
    for n in range(count):
        RegistrationFactory(
            event=event, name=f"Person Number{n}", email=f"person{n}@example.org", attended=True
        )
    sending = SendingFactory(questionnaire=questionnaire, event=event)
    sendings_run()
    questions = {q.code: q for q in Question.objects.filter(section__questionnaire=questionnaire)}
    online = Choice.objects.get(question=questions["format"], label_en="Online")
    for n, invitation in enumerate(Invitation.objects.filter(sending=sending)):
        response_save(
            invitation=invitation,
            answers={
                questions["satisfaction"].pk: str(4 + n % 2),
                questions["helped"].pk: "5",
                questions["format"].pk: str(online.pk),
                questions["topics"].pk: [str(online.pk)] if n % 2 else [],
                questions["comment"].pk: f"Comment number {n}",
            },
        )
    return questionnaire, sending


@pytest.mark.parametrize(
    ("language", "title", "question", "choice"),
    [
        ("sl", "Povratna informacija", "Zadovoljstvo", "Splet"),
        ("en", "Feedback", "How satisfied were you?", "Online"),
        ("bg", "Обратна връзка", "Доволни ли сте?", "Онлайн"),
        ("pl", "Opinia", "Zadowolenie?", "Online"),
    ],
)
def test_answers_are_summarised_in_four_languages_with_a_chart(
    client_for, analyst, language, title, question, choice
):
    questionnaire, _sending = _answered(6)

    page = client_for(analyst).get(f"/{language}/questionnaires/{questionnaire.pk}/results/")

    text = page.content.decode()
    assert page.status_code == 200
    assert title in text and question in text and choice in text
    assert '<svg class="bar-chart"' in text
    # Six said "online": the bar is full, and its table says so.
    assert ">6</td><td data-label=" in text and ">100 %</td>" in text
    assert "Comment number 3" in text


def test_results_per_sending_count_only_that_sending(client_for, analyst):
    questionnaire, sending = _answered(6)
    other = EventFactory(start=timezone.now() - timedelta(days=1))
    second = SendingFactory(questionnaire=questionnaire, event=other)

    page = client_for(analyst).get(
        f"/en/questionnaires/{questionnaire.pk}/results/?sending={second.pk}"
    )

    assert "0 respondents." in page.content.decode()
    page = client_for(analyst).get(
        f"/en/questionnaires/{questionnaire.pk}/results/?sending={sending.pk}"
    )
    assert "6 respondents." in page.content.decode()


def test_a_small_group_shows_its_count_only(client_for, analyst):
    questionnaire, _sending = _answered(3)

    text = client_for(analyst).get(f"/en/questionnaires/{questionnaire.pk}/results/")
    text = text.content.decode()

    assert "3 respondents." in text
    assert "Fewer than 5 people answered" in text
    assert "Comment number" not in text
    assert '<svg class="bar-chart"' not in text


def test_the_anonymous_export_contains_no_name_or_email(client_for, analyst):
    questionnaire, _sending = _answered(6)

    csv_file = client_for(analyst).get(f"/en/questionnaires/{questionnaire.pk}/answers.csv")
    xlsx_file = client_for(analyst).get(f"/en/questionnaires/{questionnaire.pk}/answers.xlsx")

    rows = list(csv.reader(io.StringIO(csv_file.content.decode())))
    sheet = load_workbook(io.BytesIO(xlsx_file.content)).worksheets[0]
    cells = [[str(c) for c in row] for row in sheet.iter_rows(values_only=True)]
    assert len(rows) == len(cells) == 7
    assert rows[0][:3] == ["Pseudonymous id", "Event", "Answered"]
    assert "satisfaction" in rows[0]
    everything = repr(rows) + repr(cells)
    for n in range(6):
        assert f"Number{n}" not in everything
        assert f"person{n}@example.org" not in everything
    assert "@" not in everything


def test_a_paired_assessment_shows_each_organisation_s_change_and_the_count_improved(
    client_for, analyst
):
    before, after = assessment_pair()
    scores = {"Društvo Rast": ("2", "4"), "Društvo Mir": ("3", "3"), "Društvo Pad": ("4", "2")}
    organisations = []
    for name in scores:
        organisation = OrganisationFactory(name=name)
        MembershipFactory(user=UserFactory(), organisation=organisation, role="admin")
        organisations.append(organisation)
    for questionnaire in (before, after):
        sending = SendingFactory(questionnaire=questionnaire, audience=Audience.ORGANISATIONS)
        sending.organisations.set(organisations)
    sendings_run()
    invitations = Invitation.objects.select_related("organisation", "sending")
    # The assessment before, then the one after.
    for invitation in sorted(invitations, key=lambda i: i.sending.questionnaire != before):
        index = 0 if invitation.sending.questionnaire == before else 1
        value = scores[invitation.organisation.name][index]
        questions = Question.objects.filter(section__questionnaire=invitation.sending.questionnaire)
        response_save(invitation=invitation, answers={q.pk: value for q in questions})

    text = client_for(analyst).get(f"/en/questionnaires/{after.pk}/results/").content.decode()

    assert "1 of 3 improved." in text
    row = text.split("Društvo Rast")[1].split("</tr>")[0]
    assert '"Before">2.00</td><td data-label="After">4.00</td>' in row and "+2.00" in row
    row = text.split("Društvo Pad")[1].split("</tr>")[0]
    assert "-2.00" in row

    profile = (
        client_for(analyst)
        .get(f"/en/questionnaires/organisation/{organisations[0].slug}/")
        .content.decode()
    )
    table = profile.split("<tbody>")[1].split("</tbody>")[0]
    assert "Capacity assessment" in table
    assert table.index("2.00") < table.index("4.00")


def test_the_results_page_runs_a_fixed_number_of_queries(
    client_for, analyst, django_assert_num_queries
):
    questionnaire, _sending = _answered(6)
    client = client_for(analyst)
    address = f"/en/questionnaires/{questionnaire.pk}/results/"
    # 1 session, 2 user, 3-4 permissions (the user's, the groups'), 5 questionnaire,
    # 6 sections, 7 questions, 8 choices, 9 answers, 10 their choices, 11 sendings.
    with django_assert_num_queries(11):
        client.get(address)
    _answered(8, questionnaire=questionnaire)
    with django_assert_num_queries(11):
        client.get(address)


def test_an_organisation_s_scores_run_a_fixed_number_of_queries(
    client_for, analyst, django_assert_num_queries
):
    before, after = assessment_pair()
    organisation = OrganisationFactory(name="Društvo Rast")
    MembershipFactory(user=UserFactory(), organisation=organisation, role="admin")
    client = client_for(analyst)
    address = f"/en/questionnaires/organisation/{organisation.slug}/"
    for number, questionnaire in enumerate((before, after)):
        sending = SendingFactory(questionnaire=questionnaire, audience=Audience.ORGANISATIONS)
        sending.organisations.set([organisation])
        sendings_run()
        invitation = Invitation.objects.get(sending=sending)
        questions = Question.objects.filter(section__questionnaire=questionnaire)
        response_save(invitation=invitation, answers={q.pk: str(2 + number) for q in questions})
        # 1 session, 2 user, 3-4 permissions (the user's, the groups'), 5 organisation,
        # 6 its responses with their questionnaires, 7 the scores of all of them.
        with django_assert_num_queries(7):
            page = client.get(address)
        assert page.content.decode().count('class="score-bar"') == number + 1
