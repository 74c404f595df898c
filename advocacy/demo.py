"""Demo advocacy: the hubs' own stories, each in its own hub's demo.

Goriška: Planota's eight joint programmes put into the regional implementation plan for social
care (adopted), the NGO seats in the local action group's bodies, a coalition's comments on a
municipal draft budget (partly adopted) and a draft budget open for comment now. Ruse: the 16
joint project ideas presented to the District Development Council. Gdańsk: the consultation of
the city's yearly cooperation programme with NGOs.
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

from django.utils import timezone

from hub.models import FieldOfActivity, Municipality
from organisations.models import LegalForm, Organisation, Sector, VerificationStatus
from organisations.services import organisation_unique_slug
from partnerships.models import OutcomeKind, OutcomeResult, Partnership
from partnerships.services import outcome_create

from .models import Consultation, Initiative, InitiativeStatus, Level, Representation
from .services import (
    action_create,
    initiative_change_status,
    initiative_create,
    initiative_from_outcome,
    submission_answer,
    submission_create,
    supporter_add,
)


def load(hub: str = "goriska") -> None:
    {"goriska": _goriska, "ruse": _ruse, "gdansk": _gdansk}[hub]()


def _today() -> date:
    return date.today()  # noqa: DTZ011 - the demo's dates need no time zone


def _at(days: int) -> datetime:
    """Noon, ``days`` from today, in the hub's time zone."""
    day = _today() + timedelta(days=days)
    return datetime.combine(day, time(12), tzinfo=timezone.get_current_timezone())


def _organisation(name: str, sector: str, form: str, seat: str) -> Organisation:
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


def _ngos(**where) -> list[Organisation]:
    return list(
        Organisation.objects.filter(
            verification_status=VerificationStatus.VERIFIED, sector=Sector.CIVIL, **where
        ).order_by("pk")[:5]
    )


def _consultation(slug: str, *, places=(), fields=(), **values) -> Consultation:
    consultation, created = Consultation.objects.get_or_create(slug=slug, defaults=values)
    if created:
        consultation.municipalities.set(Municipality.objects.filter(name__in=places))
        consultation.fields.set(FieldOfActivity.objects.filter(slug__in=fields))
    return consultation


def _path(initiative: Initiative, steps: list[tuple[str, int]]) -> None:
    for status, days_ago in steps:
        initiative_change_status(
            initiative=initiative, status=status, date=_today() - timedelta(days=days_ago)
        )


def _representation(person: str, body: str, level: str, organisations, **values) -> None:
    if Representation.objects.filter(person=person, body=body).exists():
        return
    representation = Representation.objects.create(person=person, body=body, level=level, **values)
    representation.organisations.set(organisations)


def _goriska() -> None:
    if Initiative.objects.filter(slug__startswith="osem-skupnih-programov").exists():
        return
    today = _today()
    ngos = _ngos(seat__region__name="Goriška")
    if not ngos:
        return
    nova_gorica = _organisation(
        "Mestna občina Nova Gorica", Sector.PUBLIC, LegalForm.PUBLIC_BODY, "Nova Gorica"
    )
    ajdovscina = _organisation(
        "Občina Ajdovščina", Sector.PUBLIC, LegalForm.PUBLIC_BODY, "Ajdovščina"
    )
    regional_plan = _consultation(
        "regionalni-izvedbeni-nacrt-socialnega-varstva",
        title="Regionalni izvedbeni načrt socialnega varstva Severne Primorske",
        body=nova_gorica,
        level=Level.REGIONAL,
        summary="Osnutek načrta, kako bodo občine regije razvijale socialnovarstvene programe; "
        "občine vabijo nevladne organizacije k predlogom skupnih programov.",
        opens=_at(-260),
        deadline=_at(-230),
        places=["Nova Gorica", "Ajdovščina", "Tolmin", "Idrija"],
        fields=["social-care"],
    )
    budget = _consultation(
        "osnutek-proracuna-obcine-ajdovscina",
        title="Osnutek proračuna Občine Ajdovščina",
        body=ajdovscina,
        level=Level.MUNICIPAL,
        summary="Občina objavlja osnutek proračuna za prihodnje leto in zbira pripombe "
        "občanov in organizacij.",
        opens=_at(-120),
        deadline=_at(-90),
        places=["Ajdovščina"],
        fields=["social-care", "youth"],
    )
    _consultation(
        "osnutek-proracuna-mestne-obcine-nova-gorica",
        title="Osnutek proračuna Mestne občine Nova Gorica za prihodnje leto",
        body=nova_gorica,
        level=Level.MUNICIPAL,
        summary="Javna razprava o osnutku proračuna: razdelki za socialno varstvo, mladino, "
        "kulturo in sofinanciranje programov nevladnih organizacij.",
        url="https://www.nova-gorica.si/",
        opens=_at(-5),
        deadline=_at(12),
        places=["Nova Gorica"],
        fields=["social-care", "youth", "culture"],
    )

    # Planota's eight programmes: the consortium's policy proposal, followed as an initiative.
    consortium = Partnership.objects.filter(slug="informacijska-pisarna-nova-gorica").first()
    if consortium is not None:
        proposal = outcome_create(
            partnership=consortium,
            kind=OutcomeKind.POLICY_PROPOSAL,
            title="Osem skupnih programov NVO v regionalnem izvedbenem načrtu socialnega varstva",
            description="Osem programov, ki jih nevladne organizacije izvajajo skupaj, naj "
            "postane del regionalnega izvedbenega načrta in dobi stalno sofinanciranje.",
            submitted_to="Svet regije Severne Primorske",
            submitted_on=today - timedelta(days=232),
            result=OutcomeResult.ACCEPTED,
        )
        lead = consortium.partners.filter(organisation__sector=Sector.CIVIL).first()
        plan = initiative_from_outcome(
            outcome=proposal, lead=(lead.organisation if lead else ngos[0])
        )
        plan.consultation, plan.level = regional_plan, Level.REGIONAL
        plan.policy = "Regionalni izvedbeni načrt socialnega varstva"
        plan.started = today - timedelta(days=300)
        plan.save()
        plan.status_changes.update(date=plan.started)
    else:
        plan = initiative_create(
            lead=ngos[0],
            title="Osem skupnih programov NVO v regionalnem izvedbenem načrtu socialnega varstva",
            objective="Osem skupnih programov NVO naj postane del regionalnega izvedbenega načrta.",
            policy="Regionalni izvedbeni načrt socialnega varstva",
            target_body="Svet regije Severne Primorske",
            level=Level.REGIONAL,
            consultation=regional_plan,
            started=today - timedelta(days=300),
        )
    action_create(
        initiative=plan,
        kind="meeting",
        date=today - timedelta(days=250),
        title="Delovno srečanje z regionalno razvojno agencijo",
        organisation=plan.lead,
    )
    submission = submission_create(
        initiative=plan,
        what="Predlog osmih skupnih programov za regionalni izvedbeni načrt",
        to_whom="Svet regije Severne Primorske",
        date=today - timedelta(days=232),
        reference="RIN-SV-08",
    )
    submission_answer(
        submission=submission,
        response="accepted",
        response_date=today - timedelta(days=150),
        response_note="Vseh osem programov je vključenih v sprejeti načrt.",
    )
    _path(plan, [(InitiativeStatus.NEGOTIATION, 200), (InitiativeStatus.ADOPTED, 150)])

    # The seats in the local action group's bodies.
    seats = initiative_create(
        lead=ngos[0],
        title="Sedeži nevladnih organizacij v organih lokalne akcijske skupine",
        objective="Nevladne organizacije naj imajo zagotovljena mesta v skupščini in upravnem "
        "odboru LAS ter razpise, prijazne do manjših društev.",
        policy="Statut in strategija lokalnega razvoja LAS",
        target_body="Skupščina lokalne akcijske skupine",
        level=Level.REGIONAL,
        started=today - timedelta(days=420),
        supporters=ngos[1:3],
    )
    submission_create(
        initiative=seats,
        what="Predlog sprememb statuta LAS",
        to_whom="Skupščina LAS",
        date=today - timedelta(days=380),
    )
    _path(seats, [(InitiativeStatus.ADOPTED, 330)])
    _representation(
        "Mojca Bizjak",
        "Skupščina lokalne akcijske skupine",
        Level.REGIONAL,
        ngos[:2],
        mandate_from=today - timedelta(days=320),
        reports_back="Po vsaki seji pošlje povzetek članicam mreže.",
    )
    _representation(
        "Peter Vidmar",
        "Upravni odbor lokalne akcijske skupine",
        Level.REGIONAL,
        ngos[1:3],
        mandate_from=today - timedelta(days=320),
        mandate_to=today + timedelta(days=1140),
        reports_back="Četrtletno poročilo na srečanju Sveta NVO Severne Primorske.",
    )
    _representation(
        "Tina Gregorič",
        "Regionalni razvojni svet Severne Primorske",
        Level.REGIONAL,
        ngos[:1],
        mandate_from=today - timedelta(days=700),
        reports_back="Poroča Svetu NVO Severne Primorske.",
    )

    # A coalition's comments on a municipal draft budget, partly adopted.
    comments = initiative_create(
        lead=ngos[-1],
        title="Pripombe koalicije k osnutku proračuna Občine Ajdovščina",
        objective="Več sredstev za programe za starejše in mlade ter večletno sofinanciranje "
        "programov nevladnih organizacij.",
        policy="Proračun Občine Ajdovščina",
        target_body="Občinski svet Občine Ajdovščina",
        level=Level.MUNICIPAL,
        consultation=budget,
        started=today - timedelta(days=115),
    )
    for organisation in [
        *ngos[1:3],
        _organisation("Lekarna Ajdovščina d.o.o.", Sector.PRIVATE, LegalForm.COMPANY, "Ajdovščina"),
    ]:
        if organisation.pk != comments.lead_id:
            supporter_add(initiative=comments, organisation=organisation)
    action_create(
        initiative=comments,
        kind="event",
        date=today - timedelta(days=105),
        title="Javna tribuna o proračunu",
        organisation=comments.lead,
    )
    action_create(
        initiative=comments,
        kind="comments",
        date=today - timedelta(days=95),
        title="Skupne pisne pripombe",
        organisation=comments.lead,
    )
    budget_comments = submission_create(
        initiative=comments,
        what="Pripombe k osnutku proračuna",
        to_whom="Občinska uprava Občine Ajdovščina",
        date=today - timedelta(days=92),
        reference="410-12/2026",
    )
    submission_answer(
        submission=budget_comments,
        response="partly_accepted",
        response_date=today - timedelta(days=60),
        response_note="Sprejet višji znesek za programe za starejše; večletno sofinanciranje "
        "ni sprejeto.",
    )
    _path(comments, [(InitiativeStatus.PARTLY_ADOPTED, 60)])


def _ruse() -> None:
    if Initiative.objects.filter(slug__startswith="16-").exists():
        return
    today = _today()
    ngos = _ngos(seat__region__name="Област Русе")
    if not ngos:
        return
    council = _organisation(
        "Областна администрация Русе", Sector.PUBLIC, LegalForm.PUBLIC_BODY, "Русе"
    )
    _consultation(
        "oblastna-strategiya-za-razvitie-ruse",
        title="Проект на областна стратегия за развитие на социалните услуги – Русе",
        body=council,
        level=Level.REGIONAL,
        summary="Областната администрация публикува проекта за обществено обсъждане и приема "
        "становища от организации и граждани.",
        opens=_at(-3),
        deadline=_at(20),
        places=["Русе", "Бяла", "Две могили"],
        fields=["social-care", "local-development"],
    )
    partnership = Partnership.objects.filter(slug="rabotni-sreshti-s-obshtinite-ruse").first()
    ideas = initiative_create(
        lead=ngos[0],
        title="16 съвместни проектни идеи за Областния съвет за развитие",
        objective="Шестнадесетте проектни идеи от работните срещи с осемте общини да влязат в "
        "плана на Областния съвет за развитие.",
        policy="План за интегрирано развитие на Област Русе",
        target_body="Областен съвет за развитие – Русе",
        level=Level.REGIONAL,
        started=today - timedelta(days=60),
        supporters=ngos[1:4],
    )
    if partnership is not None:
        ideas.partnership = partnership
        ideas.save(update_fields=["partnership"])
    action_create(
        initiative=ideas,
        kind="meeting",
        date=today - timedelta(days=30),
        title="Представяне на идеите пред Областния съвет за развитие",
        organisation=ngos[0],
    )
    submission_create(
        initiative=ideas,
        what="16 съвместни проектни идеи на общини и организации",
        to_whom="Областен съвет за развитие – Русе",
        date=today - timedelta(days=20),
    )
    _representation(
        "Мария Иванова",
        "Областен съвет за развитие – Русе",
        Level.REGIONAL,
        ngos[:2],
        mandate_from=today - timedelta(days=200),
        reports_back="Докладва на мрежата след всяко заседание.",
    )


def _gdansk() -> None:
    if Consultation.objects.filter(slug="roczny-program-wspolpracy-gdansk").exists():
        return
    today = _today()
    city = _organisation("Miasto Gdańsk", Sector.PUBLIC, LegalForm.PUBLIC_BODY, "Gdańsk")
    programme = _consultation(
        "roczny-program-wspolpracy-gdansk",
        title="Projekt rocznego programu współpracy Miasta Gdańska z organizacjami pozarządowymi",
        body=city,
        level=Level.MUNICIPAL,
        summary="Konsultacje projektu programu współpracy na przyszły rok: priorytety, formy "
        "współpracy i wysokość środków na zadania publiczne.",
        url="https://www.gdansk.pl/",
        opens=_at(-10),
        deadline=_at(9),
        places=["Gdańsk"],
        fields=["social-care", "culture"],
    )
    ngos = _ngos(seat__name="Gdańsk")
    if not ngos:
        return
    answer = initiative_create(
        lead=ngos[0],
        title="Uwagi organizacji do rocznego programu współpracy",
        objective="Wieloletnie umowy na zadania publiczne i mały grant dla nowych organizacji.",
        policy="Roczny program współpracy",
        target_body="Rada Miasta Gdańska",
        level=Level.MUNICIPAL,
        consultation=programme,
        started=today - timedelta(days=8),
        supporters=ngos[1:3],
    )
    submission_create(
        initiative=answer,
        what="Uwagi do projektu programu współpracy",
        to_whom="Urząd Miejski w Gdańsku",
        date=today - timedelta(days=2),
    )
    _representation(
        "Anna Nowak",
        "Gdańska Rada Działalności Pożytku Publicznego",
        Level.MUNICIPAL,
        ngos[:1],
        mandate_from=today - timedelta(days=400),
        reports_back="Relacja z posiedzeń na forum organizacji.",
    )
