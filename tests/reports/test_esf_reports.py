"""The ESF templates report by the Annexes' own codes: one participant with known characteristics
lands in exactly the lines the Annex says, each by gender; a record lacking or refusing a
non-sensitive item counts as the template's completeness rule says; the situation on leaving,
told through the personal link, makes the result lines, while a stored report keeps its figures.
"""

from __future__ import annotations

import re
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.conf import settings
from django.core.management import call_command
from django.utils import timezone, translation

from events.models import EventKind, LeavingSituation, Registration, SpecialCategoryEntry
from events.services.leaving import leaving_invitations_send
from hub.entry import Completeness
from hub.indicators import Period
from hub.models import PROJECT_PROPERTIES, FunderTemplate, Operation, OutboxEmail
from reports.figures import figures_gather
from reports.services import funder_report_figures, funder_report_request
from tests.factories import EventFactory, OperationFactory, RegistrationFactory, UserFactory

pytestmark = pytest.mark.django_db

HUB = ZoneInfo("Europe/Ljubljana")
YEAR = timezone.localdate().year - 1
PERIOD = Period.year(YEAR)
ESF_PLUS = "esf-plus-2021-2027"
ESF_2014 = "esf-2014-2020"


def _operation(code: str, **changes) -> Operation:
    template = FunderTemplate.objects.get(code=code)
    for name, value in changes.items():
        setattr(template, name, value)
    template.save()
    return OperationFactory(template=template, start=PERIOD.start, end=PERIOD.end)


def _training(**kwargs):
    start = datetime(YEAR, 3, 10, 9, tzinfo=HUB)
    return EventFactory(
        kind=kwargs.pop("kind", EventKind.TRAINING),
        start=start,
        end=start + timedelta(hours=4),
        **kwargs,
    )


def _person(event, *, special=None, leaving=None, **entry) -> Registration:
    registration = RegistrationFactory(event=event, attended=True, **entry)
    if special:
        SpecialCategoryEntry.objects.create(
            registration=registration, items=list(special), consent=True, **special
        )
    if leaving:
        LeavingSituation.objects.create(
            registration=registration, left_on=event.local_day, **leaving
        )
    return registration


def _counted(operation) -> dict[str, dict]:
    """The funder's lines (not the hub's own) that count someone, with their gender table."""
    gathered = figures_gather(operation=operation, period=PERIOD)
    return {
        item["code"]: item["figure"]
        for item in gathered["indicators"]
        if not item["hub_own"] and item["figure"]["value"]
    }


BASE = {"gender": "woman", "age_band": "30_54", "education": "isced_3_4", "employment": "employed"}
# One person, their characteristics, and the Annex lines they land in (and no others).
ANNEX_LINES = [
    (
        ESF_PLUS,
        {
            "employment": "long_term_unemployed",
            "age_band": "25_29",
            "rural": "yes",
            "special": {"disability": "yes"},
        },
        {"EECO01", "EECO02", "EECO03", "EECO07", "EECO10", "EECO12", "EECO17"},
    ),
    (
        ESF_PLUS,
        {
            "gender": "man",
            "employment": "inactive_education",
            "age_band": "under_18",
            "education": "isced_0_2",
            "third_country": "yes",
            "homeless": "yes",
        },
        {"EECO01", "EECO04", "EECO06", "EECO09", "EECO13", "EECO16"},
    ),
    (
        ESF_PLUS,
        {
            "gender": "non_binary",
            "age_band": "55_plus",
            "education": "isced_5_8",
            "special": {"foreign_background": "yes", "minority": "yes"},
            "leaving": {"employed": "yes", "qualification": "yes"},
        },
        {"EECO01", "EECO05", "EECO08", "EECO11", "EECO14", "EECO15", "EECR03", "EECR04"},
    ),
    (
        ESF_PLUS,
        {"employment": "unemployed", "leaving": {"seeking_work": "yes", "in_education": "yes"}},
        {"EECO01", "EECO02", "EECO10", "EECR01", "EECR02"},
    ),
    (
        ESF_2014,
        {
            "employment": "long_term_unemployed",
            "age_band": "18_24",
            "household": "jobless_children",
            "special": {"disability": "yes"},
        },
        {"TOTAL", "CO01", "CO02", "CO06", "CO10", "CO12", "CO13", "CO16"},
    ),
    (
        ESF_2014,
        {
            "gender": "man",
            "employment": "inactive",
            "age_band": "55_plus",
            "education": "isced_0_2",
            "household": "single_children",
            "rural": "yes",
            "special": {"minority": "yes"},
            "leaving": {"seeking_work": "yes"},
        },
        {"TOTAL", "CO03", "CO04", "CO07", "CO08", "CO09", "CO14", "CO15", "CO19", "CR01", "CR05"},
    ),
    (
        ESF_2014,
        {
            "education": "isced_5_8",
            "household": "none",
            "third_country": "yes",
            "homeless": "yes",
            "leaving": {"in_education": "yes", "employed": "yes"},
        },
        {"TOTAL", "CO05", "CO11", "CO15", "CO18", "CR02", "CR04", "CR05"},
    ),
    (
        ESF_2014,
        {"employment": "inactive_education", "household": "single_jobless_children"},
        {"TOTAL", "CO03", "CO10", "CO12", "CO13", "CO14"},
    ),
    # CO17 other disadvantaged, and CR05: a disadvantaged participant in one of the four
    # situations on leaving. Each pair differs in exactly the property the line counts.
    (
        ESF_2014,
        {"special": {"other_disadvantage": "yes"}, "leaving": {"employed": "yes"}},
        {"TOTAL", "CO05", "CO10", "CO17", "CR04", "CR05"},
    ),
    (
        ESF_2014,
        {"special": {"other_disadvantage": "no"}, "leaving": {"employed": "yes"}},
        {"TOTAL", "CO05", "CO10", "CR04"},
    ),
    (
        ESF_2014,
        {"special": {"disability": "yes"}, "leaving": {"in_education": "yes"}},
        {"TOTAL", "CO05", "CO10", "CO16", "CR02", "CR05"},
    ),
    (
        ESF_2014,
        {"special": {"disability": "yes"}, "leaving": {"in_education": "no"}},
        {"TOTAL", "CO05", "CO10", "CO16"},
    ),
]


@pytest.mark.parametrize(("code", "person", "lines"), ANNEX_LINES)
def test_one_participant_lands_in_exactly_the_lines_the_annex_says(
    code, person, lines, funder_templates
):
    operation = _operation(code)
    person = {**BASE, "household": "none" if code == ESF_2014 else "", **person}
    _person(_training(), **person)

    counted = _counted(operation)

    assert set(counted) == lines
    # Each line by gender: the person is in their own gender's cell.
    for figure in counted.values():
        tables = {t["key"]: t["value"] for t in figure["breakdowns"]}
        cells = {c["key"]: c["value"] for c in tables["gender"]}
        assert cells[person["gender"]] == 1


@pytest.mark.parametrize(("code", "lines"), [(ESF_PLUS, 23), (ESF_2014, 29)])
def test_every_participant_line_is_by_gender_and_the_hubs_own_are_apart(
    code, lines, funder_templates
):
    operation = _operation(code)
    gathered = figures_gather(operation=operation, period=PERIOD)
    funder = [i for i in gathered["indicators"] if not i["hub_own"]]
    assert len(funder) == lines
    for item in funder:
        if item["rule"].startswith("esf_"):
            assert item["breakdowns"] == ["gender"]
            table = item["figure"]["breakdowns"][0]
            assert table["key"] == "gender"
            assert [c["key"] for c in table["value"]][:3] == ["woman", "man", "non_binary"]
    # The hub's own indicators follow the funder's, under the hub's own codes.
    own = [i["code"] for i in gathered["indicators"] if i["hub_own"]]
    assert own and not {c for c in own if c.startswith(("EECO", "EECR", "CO", "CR"))}
    assert gathered["template"]["participants"]


def test_esf_plus_lists_every_annex_code(funder_templates):
    template = FunderTemplate.objects.get(code=ESF_PLUS)
    codes = [i.code for i in template.indicators.filter(hub_own=False)]
    assert codes == [f"EECO{n:02}" for n in range(1, 20)] + [f"EECR{n:02}" for n in range(1, 5)]


def test_esf_2014_lists_every_annex_code_in_the_annexs_order(funder_templates):
    template = FunderTemplate.objects.get(code=ESF_2014)
    codes = [i.code for i in template.indicators.filter(hub_own=False)]
    assert codes == ["TOTAL"] + [f"CO{n:02}" for n in range(1, 24)] + [
        f"CR{n:02}" for n in range(1, 6)
    ]
    assert "other_disadvantage" in template.entry_items


@pytest.mark.parametrize(
    ("code", "property"),
    [
        ("CO20", "by_social_partners_or_ngos"),
        ("CO21", "for_women_in_employment"),
        ("CO22", "for_public_administrations"),
    ],
)
@pytest.mark.parametrize("has_it", [True, False])
def test_co20_to_co22_count_the_operation_as_one_project_with_its_property(
    code, property, has_it, funder_templates
):
    operation = _operation(ESF_2014)
    # Every other property set, so that only the one under test differs between the cases.
    Operation.objects.filter(pk=operation.pk).update(
        **{name: name != property or has_it for name in PROJECT_PROPERTIES}
    )
    _person(_training(), **{**BASE, "household": "none"})

    gathered = figures_gather(operation=operation, period=PERIOD)
    figures = {i["code"]: i for i in gathered["indicators"]}

    assert figures[code]["figure"]["value"] == (1 if has_it else 0)
    assert figures[code]["rule"] == "operation_projects"
    others = {"CO20", "CO21", "CO22"} - {code}
    assert all(figures[other]["figure"]["value"] == 1 for other in others)


def test_cr05_and_co17_are_special_category_lines_and_name_people_only_with_that_permission(
    client_for, coordinator, funder_templates
):
    from django.contrib.auth.models import Permission

    operation = _operation(ESF_2014)
    _person(
        _training(),
        special={"other_disadvantage": "yes"},
        leaving={"seeking_work": "yes"},
        **{**BASE, "name": "Marjeta Kos", "household": "none"},
    )
    items = {i["code"]: i for i in figures_gather(operation=operation, period=PERIOD)["indicators"]}
    assert items["CO17"]["special_line"] and items["CR05"]["special_line"]
    assert not items["CR01"]["special_line"]

    people = UserFactory(email="people@sticisce.test")
    people.user_permissions.add(
        Permission.objects.get(codename="view_reports"),
        Permission.objects.get(codename="view_people_behind_figures"),
    )
    special = UserFactory(email="special@sticisce.test")
    special.user_permissions.add(
        *people.user_permissions.all(), Permission.objects.get(codename="view_special_category")
    )

    def page(user, code):
        indicator = operation.template.indicators.get(code=code)
        return (
            client_for(user)
            .get(
                f"/en/reports/indicators/{indicator.pk}/?operation={operation.pk}"
                f"&start={PERIOD.start}&end={PERIOD.end}"
            )
            .content.decode()
        )

    # Naming who is in CR05 would tell their special-category answer: not without the permission.
    assert "Marjeta Kos" not in page(people, "CR05")
    assert "Marjeta Kos" in page(special, "CR05")
    # An ordinary line names its people with the people permission alone.
    assert "Marjeta Kos" in page(people, "TOTAL")


def test_a_refused_non_sensitive_item_makes_an_esf_2014_record_count_only_in_the_total(
    funder_templates,
):
    operation = _operation(ESF_2014)
    event = _training()
    _person(event, **{**BASE, "employment": "unemployed", "household": "refused"})
    _person(event, **{**BASE, "employment": "unemployed", "household": "none"})

    counted = _counted(operation)

    assert counted["TOTAL"]["value"] == 2
    assert counted["CO01"]["value"] == 1
    tables = {
        t["key"]: {c["key"]: c["value"] for c in t["value"]} for t in counted["TOTAL"]["breakdowns"]
    }
    assert tables["record"] == {"complete": 1, "lacking": 1}
    assert next(iter(tables["lacking"].items())) == ("household", 1)


def test_under_the_stricter_rule_an_incomplete_record_is_no_participant_at_all(funder_templates):
    operation = _operation(ESF_2014, completeness=Completeness.EXCLUDED)
    event = _training()
    _person(event, **{**BASE, "household": ""})
    _person(event, **{**BASE, "household": "none"})

    assert _counted(operation)["TOTAL"]["value"] == 1


def test_only_the_events_the_template_names_make_participants(funder_templates):
    operation = _operation(ESF_PLUS)
    _person(_training(kind=EventKind.CONFERENCE), **BASE)
    assert "EECO01" not in _counted(operation)

    FunderTemplate.objects.filter(code=ESF_PLUS).update(participant_kinds=",conference,")
    operation.refresh_from_db()
    assert _counted(operation)["EECO01"]["value"] == 1


def test_a_leaver_answers_through_the_personal_link_and_a_stored_report_keeps_its_figures(
    client, funder_templates, coordinator
):
    today = timezone.localdate()
    operation = OperationFactory(
        template=FunderTemplate.objects.get(code=ESF_PLUS),
        start=today - timedelta(days=200),
        end=today + timedelta(days=200),
    )
    start = timezone.now() - timedelta(days=3)
    event = EventFactory(kind=EventKind.TRAINING, start=start, end=start + timedelta(hours=3))
    registration = _person(event, **BASE)
    period = Period(operation.start, today)
    report = funder_report_request(
        operation=operation, period=period, kind="progress", language="en", by=coordinator
    )
    # Its figures are kept when it is first made (as its PDF is, for sending).
    funder_report_figures(report)
    report.refresh_from_db()
    sent = report.figures

    # Asked once, by e-mail, with the personal link.
    assert leaving_invitations_send() == 1
    assert leaving_invitations_send() == 0
    email = OutboxEmail.objects.get(key=f"leaving:{registration.pk}")
    assert registration.token in str(email.message)

    url = f"/en/events/{event.slug}/registration/{registration.token}/leaving/"
    assert client.get(url).status_code == 200
    answer = client.post(url, {"employed": "yes", "seeking_work": "no"})
    assert answer.status_code == 302

    leaving = LeavingSituation.objects.get(registration=registration)
    assert (leaving.employed, leaving.seeking_work, leaving.qualification) == ("yes", "no", "")
    assert leaving.left_on == timezone.localtime(event.end).date()
    assert leaving.asked_at and leaving.answered_at
    figures = {
        i["code"]: i["figure"]["value"]
        for i in figures_gather(operation=operation, period=period)["indicators"]
    }
    assert figures["EECR04"] == 1
    assert figures["EECR01"] == 0
    report.refresh_from_db()
    assert report.figures == sent
    assert {i["code"]: i["figure"]["value"] for i in sent["indicators"]}["EECR04"] == 0


def test_after_four_weeks_the_link_no_longer_takes_answers(client, funder_templates):
    today = timezone.localdate()
    OperationFactory(
        template=FunderTemplate.objects.get(code=ESF_PLUS),
        start=today - timedelta(days=200),
        end=today + timedelta(days=200),
    )
    start = timezone.now() - timedelta(days=40)
    event = EventFactory(kind=EventKind.TRAINING, start=start, end=start + timedelta(hours=3))
    registration = _person(event, **BASE)
    url = f"/en/events/{event.slug}/registration/{registration.token}/leaving/"

    assert client.post(url, {"employed": "yes"}).status_code == 302
    assert not LeavingSituation.objects.exists()


def test_the_check_out_is_for_staff_only(client, client_for, staff, funder_templates):
    today = timezone.localdate()
    OperationFactory(
        template=FunderTemplate.objects.get(code=ESF_PLUS),
        start=today - timedelta(days=200),
        end=today + timedelta(days=200),
    )
    start = timezone.now() - timedelta(hours=5)
    event = EventFactory(kind=EventKind.TRAINING, start=start, end=start + timedelta(hours=3))
    registration = _person(event, **BASE)
    url = f"/en/events/{event.slug}/manage/check-in/{registration.pk}/leaving/"

    assert client.post(url, {"employed": "yes"}).status_code == 302  # to log in
    member = UserFactory()
    assert client_for(member).post(url, {"employed": "yes"}).status_code in (403, 404)
    assert not LeavingSituation.objects.exists()

    page = client_for(staff).get(f"/en/events/{event.slug}/manage/check-in/")
    assert url in page.content.decode()
    assert client_for(staff).post(url, {"employed": "yes"}).status_code == 302
    assert LeavingSituation.objects.get(registration=registration).employed == "yes"


def test_gdansk_reports_by_the_esf_plus_codes_and_eeco12_is_who_declared_a_disability(
    funder_templates,
):
    call_command("load_demo", "--hub", "gdansk", verbosity=0)
    operation = Operation.objects.get(template__code=ESF_PLUS)
    period = Period(operation.start, min(operation.end, timezone.localdate()))
    gathered = figures_gather(operation=operation, period=period)
    items = {i["code"]: i for i in gathered["indicators"]}
    codes = [f"EECO{n:02}" for n in range(1, 20)] + [f"EECR{n:02}" for n in range(1, 5)]
    assert [c for c in items if c in codes] == codes
    for code in codes[:17] + codes[19:]:
        assert items[code]["figure"]["breakdowns"][0]["key"] == "gender"

    # EECO12 by an independent count: participants (trainings and workshops since the
    # operation began, first entry) who said yes to the disability question.
    first: dict = {}
    rows = (
        Registration.objects.filter(
            attended=True,
            pid__isnull=False,
            event__is_published=True,
            event__is_cancelled=False,
            event__kind__in=["training", "workshop"],
            event__start__gte=period.start_at,
            event__start__lt=period.end_before,
            event__start__lte=timezone.now(),
        )
        .exclude(status="cancelled")
        .order_by("event__start", "pk")
        .values("pid", "special_category__disability")
    )
    for row in rows:
        first.setdefault(row["pid"], row)
    declared = sum(r["special_category__disability"] == "yes" for r in first.values())
    assert declared > 0
    assert items["EECO12"]["figure"]["value"] == declared
    assert items["EECO01"]["figure"]["value"] == len(first)
    assert items["EECO12"]["special_line"]
    for code in ("EECO17", "EECO18", "EECO19", "EECR04"):
        assert items[code]["figure"]["value"] > 0, code


def test_staff_set_the_templates_participants_and_completeness_in_the_admin(
    client_for, staff, funder_templates
):
    template = FunderTemplate.objects.get(code=ESF_2014)
    page = client_for(staff).get(f"/admin/hub/fundertemplate/{template.pk}/change/")
    assert page.status_code == 200
    text = page.content.decode()
    assert 'name="participant_kinds"' in text and 'name="completeness"' in text


def test_the_leaving_page_takes_a_fixed_number_of_queries(
    client, funder_templates, django_assert_num_queries
):
    today = timezone.localdate()
    OperationFactory(
        template=FunderTemplate.objects.get(code=ESF_PLUS),
        start=today - timedelta(days=200),
        end=today + timedelta(days=200),
    )
    start = timezone.now() - timedelta(days=2)
    event = EventFactory(kind=EventKind.TRAINING, start=start, end=start + timedelta(hours=3))
    registration = _person(event, **BASE)
    url = f"/en/events/{event.slug}/registration/{registration.token}/leaving/"
    client.get(url)  # the hub's identity is read once, as a running site has it cached
    # 1 the registration by its token, 2 its event, 3 whether the operation's template asks
    # on leaving, 4 the answers given so far (plus the session's and the messages' own).
    with django_assert_num_queries(4) as queries:
        assert client.get(url).status_code == 200
    first = len(queries)
    LeavingSituation.objects.create(registration=registration, left_on=today, employed="yes")
    with django_assert_num_queries(first):
        assert client.get(url).status_code == 200


def test_the_pdf_and_xlsx_state_who_is_a_participant_and_keep_the_hubs_own_apart(
    funder_templates, coordinator
):
    import io

    from openpyxl import load_workbook
    from pypdf import PdfReader

    from reports.documents import render_funder_report, report_xlsx

    operation = _operation(ESF_PLUS)
    Operation.objects.filter(pk=operation.pk).update(value=None)
    _person(_training(), **BASE)
    with translation.override("en"):
        report = funder_report_request(
            operation=operation, period=PERIOD, kind="progress", language="en", by=coordinator
        )
        pdf = render_funder_report(report)
        workbook = report_xlsx(report)
    text = "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)
    assert "Who is a participant" in text and "Training, Workshop" in text
    assert text.index("EECR04") < text.index("The hub's own indicators") < text.index("P-0 ")
    rows = [
        row
        for sheet in load_workbook(io.BytesIO(workbook)).worksheets
        for row in sheet.iter_rows(values_only=True)
    ]
    firsts = [row[0] for row in rows]
    assert "Who is a participant" in firsts
    assert firsts.index("EECR04") < firsts.index("The hub's own indicators") < firsts.index("P-0")


def test_a_certificate_of_a_training_that_leads_to_a_qualification_counts_as_gaining_one(
    funder_templates,
):
    from hub.models import Document, DocumentStatus

    operation = _operation(ESF_PLUS)
    event = _training(leads_to_qualification=True)
    other = _training(title="Without a qualification")
    for training in (event, other):
        registration = _person(training, **{**BASE, "email": f"x-{training.pk}@example.org"})
        Document.objects.create(
            kind="events.certificate", subject=registration, status=DocumentStatus.DONE
        )

    counted = _counted(operation)

    assert counted["EECR03"]["value"] == 1
    assert "EECR04" not in counted


def test_the_situation_on_leaving_is_in_the_persons_copy_and_stays_counted_after_erasure(
    client, funder_templates
):
    from events.privacy import registration_data, registration_erase

    operation = _operation(ESF_PLUS)
    registration = _person(_training(), leaving={"employed": "yes"}, **BASE)

    copy = registration_data(registration=registration)["registrations"][0]
    assert copy["situation_on_leaving"]["employed"] == "yes"
    assert copy["household"] == "" and copy["rural"] == ""

    registration_erase(registration=registration)

    assert _counted(operation)["EECR04"]["value"] == 1
    erased = Registration.objects.get(pk=registration.pk)
    assert erased.anonymised_at and erased.leaving.employed == "yes"


def _readme_codes(row: str) -> set[str]:
    """The Annex codes a README table row names, ranges ("CO01–CO19") spelled out."""
    codes = set(re.findall(r"\b([A-Z]+\d{2})\b", row))
    for prefix, first, last in re.findall(r"\b([A-Z]+)(\d{2})–\1(\d{2})\b", row):
        codes |= {f"{prefix}{n:02}" for n in range(int(first), int(last) + 1)}
    return codes


@pytest.mark.parametrize(
    ("template_code", "row_start"),
    [(ESF_PLUS, "| ESF+ 2021–2027"), (ESF_2014, "| ESF 2014–2020")],
)
def test_the_readmes_reports_table_names_every_annex_code_of_each_esf_template(
    funder_templates, template_code, row_start
):
    readme = (settings.BASE_DIR / "README.md").read_text(encoding="utf-8")
    assert "| template | codes | who is a participant | a record lacking an item |" in readme
    [row] = [line for line in readme.splitlines() if line.startswith(row_start)]
    template = FunderTemplate.objects.get(code=template_code)
    codes = {i.code for i in template.indicators.filter(hub_own=False)} - {"TOTAL"}
    assert codes <= _readme_codes(row), codes - _readme_codes(row)
