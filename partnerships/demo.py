"""Demo partnerships: the hubs' own stories, each in its own hub's demo.

Goriška: Postojna's three-sector pilot and the 25-partner consortium for a joint social and
health information office in Nova Gorica. Ruse: eight working meetings, one with each
municipality of the district, and 16 joint project ideas for the District Development Council.
Gdańsk: a partnership with a common budget and counted in-kind contributions.
"""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

from django.contrib.auth import get_user_model

from hub.models import FieldOfActivity, Municipality
from organisations.models import LegalForm, Organisation, Sector, VerificationStatus
from organisations.services import organisation_unique_slug

from .models import (
    CommitmentStatus,
    CooperationForm,
    OutcomeKind,
    OutcomeResult,
    Partner,
    PartnerRole,
    Partnership,
    Stage,
)
from .services import commitment_create, meeting_create, outcome_create, stage_change_record


def load(hub: str = "goriska") -> None:
    {"goriska": _goriska, "ruse": _ruse, "gdansk": _gdansk}[hub]()


def _today() -> date:
    return date.today()  # noqa: DTZ011 - the demo's dates need no time zone


def _organisation(name: str, sector: str, form: str, seat: str) -> Organisation:
    """An organisation the story needs, verified; the one from the directory if it is there."""
    place = Municipality.objects.get(name=seat)
    organisation, _ = Organisation.objects.get_or_create(
        name=name,
        defaults={
            "slug": organisation_unique_slug(name),
            "sector": sector,
            "legal_form": form,
            "country": place.country,
            "seat": place,
            "verification_status": VerificationStatus.VERIFIED,
        },
    )
    return organisation


def _partnership(slug: str, **values) -> Partnership | None:
    """The partnership, made once: loading the demo again changes nothing."""
    if Partnership.objects.filter(slug=slug).exists():
        return None
    places = values.pop("municipalities", [])
    fields = values.pop("fields", [])
    path = values.pop("path", [])
    values.setdefault("facilitator", get_user_model().objects.filter(is_staff=True).first())
    partnership = Partnership.objects.create(slug=slug, stage=path[-1][0], **values)
    partnership.municipalities.set(Municipality.objects.filter(name__in=places))
    partnership.fields.set(FieldOfActivity.objects.filter(slug__in=fields))
    for stage, days_ago in path:
        stage_change_record(
            partnership=partnership, stage=stage, date=_today() - timedelta(days=days_ago)
        )
    return partnership


def _partner(partnership: Partnership, organisation: Organisation, **values) -> Partner:
    values.setdefault("joined", partnership.started)
    return Partner.objects.create(partnership=partnership, organisation=organisation, **values)


def _goriska() -> None:
    _postojna_pilot()
    _nova_gorica_consortium()


def _postojna_pilot() -> None:
    today = _today()
    pilot = _partnership(
        "postojna-pomoc-starejsim-na-domu",
        title="Postojna: pomoč starejšim na domu",
        problem="Starejši v vaseh okoli Postojne ostajajo doma sami; prevozov do zdravnika in "
        "trgovine ni, prostovoljci pa ne vedo drug za drugega.",
        goal="Skupna mreža prostovoljnih prevozov in obiskov na domu, ki jo vodi društvo, "
        "občina pa zanjo zagotovi prostor in usklajevanje.",
        municipalities=["Postojna"],
        fields=["social-care", "health"],
        form=CooperationForm.JOINT_PROJECT,
        started=today - timedelta(days=300),
        path=[(Stage.GETTING_TO_KNOW, 300), (Stage.BUILDING_TRUST, 200), (Stage.JOINT_ACTION, 60)],
    )
    if pilot is None:
        return
    ngo = _organisation(
        "Društvo upokojencev Postojna", Sector.CIVIL, LegalForm.ASSOCIATION, "Postojna"
    )
    municipality = _organisation(
        "Občina Postojna", Sector.PUBLIC, LegalForm.PUBLIC_BODY, "Postojna"
    )
    company = _organisation(
        "Avtoprevozi Kras d.o.o.", Sector.PRIVATE, LegalForm.COMPANY, "Postojna"
    )
    lead = _partner(
        pilot,
        ngo,
        role=PartnerRole.LEAD,
        responsibilities="Vodi mrežo prostovoljcev in dežurni telefon.",
        in_kind_description="120 ur prostovoljnega dela na mesec",
        in_kind_value=Decimal("1200.00"),
    )
    public = _partner(
        pilot,
        municipality,
        responsibilities="Zagotovi prostor in sofinancira gorivo.",
        financial_contribution=Decimal("6000.00"),
        in_kind_description="Pisarna v stavbi občine",
        in_kind_value=Decimal("2400.00"),
    )
    private = _partner(
        pilot,
        company,
        role=PartnerRole.SUPPORTER,
        responsibilities="Posodi kombi ob koncih tedna.",
        in_kind_description="Kombi z voznikom dvakrat na mesec",
        in_kind_value=Decimal("1800.00"),
    )
    meeting_create(
        partnership=pilot,
        date=today - timedelta(days=290),
        place="Občina Postojna, sejna soba",
        summary="Partnerji so opisali, kaj starejši v vaseh najbolj pogrešajo.",
        decisions="Društvo pripravi pregled potreb.\nObčina preveri, kje je prostor za pisarno.",
        minutes="Navzoči: predsednica društva, podžupan, direktor podjetja.",
        present=[lead, public, private],
    )
    meeting_create(
        partnership=pilot,
        date=today - timedelta(days=60),
        place="Dom krajanov Hrenovice",
        summary="Mreža prevozov začne delovati s prvim mesecem.",
        decisions="Dežurni telefon bo odprt vsak delavnik od 8. do 12. ure.",
        present=[lead, public],
    )
    commitment_create(
        partnership=pilot,
        partner=lead,
        what="Pregled potreb v vaseh",
        due=today - timedelta(days=200),
        status=CommitmentStatus.DONE,
    )
    commitment_create(
        partnership=pilot,
        partner=public,
        what="Urejena pisarna za dežurni telefon",
        due=today + timedelta(days=30),
        status=CommitmentStatus.IN_PROGRESS,
    )
    commitment_create(
        partnership=pilot, partner=private, what="Kombi za sobotne prevoze", due=today
    )
    outcome_create(
        partnership=pilot,
        kind=OutcomeKind.JOINT_SERVICE,
        title="Prostovoljni prevozi za starejše",
        submitted_to="Občinski svet Občine Postojna",
        submitted_on=today - timedelta(days=45),
        result=OutcomeResult.ACCEPTED,
    )


def _nova_gorica_consortium() -> None:
    today = _today()
    consortium = _partnership(
        "informacijska-pisarna-nova-gorica",
        title="Skupna socialna in zdravstvena informacijska pisarna Nova Gorica",
        problem="Ljudje ne vedo, kam po pomoč: socialne in zdravstvene storitve so razpršene "
        "med desetine organizacij in ustanov.",
        goal="Ena informacijska pisarna vseh partnerjev in osem skupnih programov v regionalnem "
        "izvedbenem načrtu.",
        municipalities=["Nova Gorica", "Šempeter-Vrtojba", "Renče-Vogrsko", "Miren-Kostanjevica"],
        fields=["social-care", "health"],
        form=CooperationForm.JOINT_PLANNING,
        started=today - timedelta(days=540),
        path=[
            (Stage.GETTING_TO_KNOW, 540),
            (Stage.BUILDING_TRUST, 420),
            (Stage.JOINT_ACTION, 240),
            (Stage.LASTING, 30),
        ],
    )
    if consortium is None:
        return
    members = list(
        Organisation.objects.filter(
            verification_status=VerificationStatus.VERIFIED,
            seat__region__name="Goriška",
            sector__in=[Sector.CIVIL, Sector.PUBLIC],
        ).order_by("pk")[:25]
    )
    for number in range(len(members), 25):
        members.append(
            _organisation(
                f"Društvo prostovoljcev {number + 1}",
                Sector.CIVIL,
                LegalForm.ASSOCIATION,
                "Nova Gorica",
            )
        )
    partners = [
        _partner(
            consortium,
            organisation,
            role=PartnerRole.LEAD if index == 0 else PartnerRole.PARTNER,
            responsibilities="Dežura v pisarni en dan na mesec.",
            in_kind_description="Dežurstvo svetovalca",
            in_kind_value=Decimal("600.00"),
        )
        for index, organisation in enumerate(members)
    ]
    meeting_create(
        partnership=consortium,
        date=today - timedelta(days=240),
        place="Mestna občina Nova Gorica",
        summary="25 partnerjev je podpisalo dogovor o skupni pisarni.",
        decisions="Pisarna bo odprta od ponedeljka do petka.\n"
        "Osem skupnih programov predlagamo za regionalni izvedbeni načrt.",
        present=partners,
    )
    for number in range(1, 9):
        outcome_create(
            partnership=consortium,
            kind=OutcomeKind.PROJECT_IDEA,
            title=f"Skupni program {number} za regionalni izvedbeni načrt",
            submitted_to="Svet regije Severne Primorske",
            submitted_on=today - timedelta(days=200),
            result=OutcomeResult.ACCEPTED,
        )


def _ruse() -> None:
    today = _today()
    partnership = _partnership(
        "rabotni-sreshti-s-obshtinite-ruse",
        title="Работни срещи с общините от Област Русе",
        problem="Общините и неправителствените организации в областта рядко планират заедно; "
        "добри идеи не стигат до Областния съвет за развитие.",
        goal="Съвместни проектни идеи на общини и организации, представени на Областния съвет "
        "за развитие.",
        municipalities=["Русе", "Борово", "Бяла", "Ценово", "Две могили", "Иваново", "Ветово"],
        fields=["local-development"],
        form=CooperationForm.JOINT_PLANNING,
        started=today - timedelta(days=200),
        path=[(Stage.GETTING_TO_KNOW, 200), (Stage.BUILDING_TRUST, 90)],
    )
    if partnership is None:
        return
    ngos = list(
        Organisation.objects.filter(
            verification_status=VerificationStatus.VERIFIED,
            seat__region__name="Област Русе",
            sector=Sector.CIVIL,
        ).order_by("pk")[:4]
    )
    lead = _partner(partnership, ngos[0], role=PartnerRole.LEAD) if ngos else None
    for organisation in ngos[1:]:
        _partner(partnership, organisation)
    places = ["Русе", "Борово", "Бяла", "Ценово", "Две могили", "Иваново", "Ветово", "Сливо поле"]
    for number, place in enumerate(places):
        municipality = _organisation(f"Община {place}", Sector.PUBLIC, LegalForm.PUBLIC_BODY, place)
        partner = Partner.objects.filter(
            partnership=partnership, organisation=municipality
        ).first() or _partner(partnership, municipality)
        meeting_create(
            partnership=partnership,
            date=today - timedelta(days=180 - number * 14),
            place=f"Община {place}",
            summary=f"Работна среща с община {place}: две съвместни проектни идеи.",
            decisions="Двете идеи се внасят в Областния съвет за развитие.",
            present=[p for p in (lead, partner) if p is not None],
        )
        for idea in (1, 2):
            outcome_create(
                partnership=partnership,
                kind=OutcomeKind.PROJECT_IDEA,
                title=f"Проектна идея {number * 2 + idea}: {place}",
                submitted_to="Областен съвет за развитие – Русе",
                submitted_on=today - timedelta(days=20),
                result=OutcomeResult.PENDING,
            )


def _gdansk() -> None:
    today = _today()
    partnership = _partnership(
        "wspolny-budzet-aktywnosc-seniorow-gdansk",
        title="Wspólny budżet na aktywność seniorów w Gdańsku",
        problem="Zajęcia dla seniorów w dzielnicach są rozproszone i finansowane osobno, więc "
        "każdego roku część z nich znika.",
        goal="Jeden wspólny budżet miasta, organizacji i firm na całoroczne zajęcia w każdej "
        "dzielnicy.",
        municipalities=["Gdańsk", "Sopot"],
        fields=["social-care"],
        form=CooperationForm.COMMON_BUDGET,
        started=today - timedelta(days=400),
        path=[(Stage.GETTING_TO_KNOW, 400), (Stage.BUILDING_TRUST, 300), (Stage.JOINT_ACTION, 150)],
    )
    if partnership is None:
        return
    ngos = list(
        Organisation.objects.filter(
            verification_status=VerificationStatus.VERIFIED,
            seat__name="Gdańsk",
            sector=Sector.CIVIL,
        ).order_by("pk")[:3]
    )
    city = _organisation("Miasto Gdańsk", Sector.PUBLIC, LegalForm.PUBLIC_BODY, "Gdańsk")
    company = _organisation(
        "Stocznia Remontowa Nauta S.A.", Sector.PRIVATE, LegalForm.COMPANY, "Gdańsk"
    )
    public = _partner(
        partnership,
        city,
        role=PartnerRole.LEAD,
        responsibilities="Prowadzi wspólny budżet i rozlicza dotacje.",
        financial_contribution=Decimal("80000.00"),
        in_kind_description="Sale w domach sąsiedzkich",
        in_kind_value=Decimal("24000.00"),
    )
    _partner(
        partnership,
        company,
        role=PartnerRole.SUPPORTER,
        financial_contribution=Decimal("15000.00"),
        in_kind_description="Wolontariat pracowniczy",
        in_kind_value=Decimal("6000.00"),
    )
    for organisation in ngos:
        partner = _partner(
            partnership,
            organisation,
            responsibilities="Prowadzi zajęcia w jednej dzielnicy.",
            in_kind_description="Praca wolontariuszy",
            in_kind_value=Decimal("9000.00"),
        )
        commitment_create(
            partnership=partnership,
            partner=partner,
            what="Całoroczny program zajęć w dzielnicy",
            due=today + timedelta(days=120),
            status=CommitmentStatus.IN_PROGRESS,
        )
    meeting_create(
        partnership=partnership,
        date=today - timedelta(days=150),
        place="Urząd Miejski w Gdańsku",
        summary="Partnerzy przyjęli zasady wspólnego budżetu.",
        decisions="Budżet dzieli komisja z przedstawicielem każdego partnera.",
        present=[public],
    )
    outcome_create(
        partnership=partnership,
        kind=OutcomeKind.JOINT_APPLICATION,
        title="Wniosek do programu „Aktywni seniorzy”",
        submitted_to="Urząd Marszałkowski Województwa Pomorskiego",
        submitted_on=today - timedelta(days=60),
        result=OutcomeResult.PARTLY_ACCEPTED,
    )
