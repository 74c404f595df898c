"""Demo events: a year of each demo hub's trainings, workshops and working meetings, and the
months ahead, in the hub's language, with registrations and attendance. Loaded by ``manage.py load_demo`` after the places,
fields and organisations."""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from django.db.models import Q
from django.utils import timezone

import hub.demo as hub_demo
from hub.entry import (
    REFUSED,
    SPECIAL_ENTRY_ITEMS,
    AgeBand,
    Education,
    Employment,
    EntryItem,
    Gender,
    Household,
)
from hub.models import FieldOfActivity, FunderTemplate, Municipality
from hub.selectors import hub_cache_clear, operation_on
from hub.text import ascii_slug
from organisations.models import Organisation, Sector

from .models import (
    Event,
    EventKind,
    LeavingSituation,
    OrganisationLink,
    Participant,
    Programme,
    Registration,
    SpecialCategoryEntry,
)
from .services.leaving import is_leaving_session, leaving_asked
from .services.participants import participant_for

TRAINING, WORKSHOP, MEETING, CONFERENCE, INFO_DAY, NETWORKING = (
    EventKind.TRAINING,
    EventKind.WORKSHOP,
    EventKind.WORKING_MEETING,
    EventKind.CONFERENCE,
    EventKind.INFO_DAY,
    EventKind.NETWORKING,
)

# (title, kind, municipality, days from today, start hour, hours, capacity, fields, description)
SLOVENE_EVENTS = [
    (
        "Pisanje projektnih prijav za nevladne organizacije",
        TRAINING,
        "Nova Gorica",
        -340,
        9,
        6,
        20,
        ["education-and-lifelong-learning"],
        "Od branja razpisa do oddane prijave: cilji, kazalniki, časovnica in proračun projekta.",
    ),
    (
        "Finančno poslovanje in poročanje društev",
        TRAINING,
        "Ajdovščina",
        -310,
        9,
        4,
        18,
        ["other"],
        "Letno poročilo, davčne obveznosti, blagajna in dokumentiranje stroškov projektov.",
    ),
    (
        "Regionalna konferenca nevladnih organizacij Goriške",
        CONFERENCE,
        "Nova Gorica",
        -290,
        9,
        7,
        80,
        ["local-development"],
        "Pregled leta, primeri dobrih praks in pogovor z župani o sodelovanju z NVO.",
    ),
    (
        "Prostovoljstvo: kako pridobiti in obdržati prostovoljce",
        TRAINING,
        "Tolmin",
        -260,
        16,
        3,
        25,
        ["social-care", "youth"],
        "Organizirano prostovoljstvo, dogovor s prostovoljcem, mentorstvo in priznanja.",
    ),
    (
        "Delavnica: načrtujemo lokalno partnerstvo",
        WORKSHOP,
        "Idrija",
        -230,
        10,
        4,
        16,
        ["local-development", "spatial-planning"],
        "Občina, podjetja in društva skupaj izberejo en lokalni problem in razdelijo vloge.",
    ),
    (
        "Komuniciranje z javnostmi in družbena omrežja",
        TRAINING,
        "Ajdovščina",
        -200,
        9,
        5,
        20,
        ["culture", "youth"],
        "Sporočilo, ciljne skupine, fotografija in kratko video poročilo z mobilnim telefonom.",
    ),
    (
        "Mreženje nevladnih organizacij in podjetij",
        NETWORKING,
        "Vipava",
        -180,
        17,
        3,
        50,
        ["local-development", "employment"],
        "Hitri zmenki med društvi in podjetji: donacije, prostovoljstvo zaposlenih, skupni projekti.",
    ),
    (
        "Zakonodaja za nevladne organizacije",
        TRAINING,
        "Tolmin",
        -150,
        9,
        4,
        20,
        ["human-rights"],
        "Zakon o nevladnih organizacijah, status v javnem interesu in spremembe temeljnih aktov.",
    ),
    (
        "Delavnica: vključevanje mladih v lokalno skupnost",
        WORKSHOP,
        "Kanal ob Soči",
        -120,
        15,
        3,
        18,
        ["youth"],
        "Kako mlade povabiti k sodelovanju in jim prepustiti odločanje.",
    ),
    (
        "Varstvo osebnih podatkov v društvu",
        TRAINING,
        "Šempeter-Vrtojba",
        -95,
        17,
        3,
        25,
        ["other"],
        "Evidence članov, soglasja, fotografije z dogodkov in hramba podatkov.",
    ),
    (
        "Zagovorništvo na lokalni ravni",
        TRAINING,
        "Idrija",
        -70,
        9,
        5,
        20,
        ["human-rights", "local-development"],
        "Kako pripraviti predlog občinskemu svetu in ga zagovarjati na seji odbora.",
    ),
    (
        "Delavnica: proračun projekta brez skrivnosti",
        WORKSHOP,
        "Brda",
        -45,
        9,
        4,
        15,
        ["other"],
        "Upravičeni stroški, sofinanciranje, delo prostovoljcev kot vložek in predplačila.",
    ),
    (
        "Zbiranje sredstev in donacij",
        TRAINING,
        "Cerkno",
        -20,
        16,
        3,
        25,
        ["social-care", "culture"],
        "Dohodnina, donatorski dogodki, spletno zbiranje sredstev in zahvala donatorjem.",
    ),
    # The months ahead
    (
        "Učinkovito vodenje društva",
        TRAINING,
        "Nova Gorica",
        6,
        9,
        5,
        12,
        ["education-and-lifelong-learning"],
        "Vloge v upravnem odboru, seje in zapisniki, načrt dela in vključevanje članov.",
    ),
    (
        "Informativni dan: javni razpis za nevladne organizacije 2027",
        INFO_DAY,
        "Nova Gorica",
        14,
        10,
        2,
        60,
        ["local-development"],
        "Predstavitev razpisa, pogoji za prijavitelje, pogosta vprašanja in posvet po predstavitvi.",
    ),
    (
        "Delavnica: merjenje učinkov projektov",
        WORKSHOP,
        "Ajdovščina",
        24,
        9,
        4,
        16,
        ["education-and-lifelong-learning"],
        "Kazalniki, ki jih financerji zahtevajo, in kako jih zbirati sproti, ne na koncu.",
    ),
    (
        "Spletno usposabljanje: digitalna orodja za društva",
        TRAINING,
        None,
        35,
        17,
        2,
        40,
        ["education-and-lifelong-learning"],
        "Skupni dokumenti, spletne seje, evidenca članov in obveščanje po e-pošti.",
    ),
    (
        "Delavnica: prostovoljci v socialnem varstvu",
        WORKSHOP,
        "Tolmin",
        48,
        15,
        3,
        20,
        ["social-care", "health"],
        "Usposabljanje in supervizija prostovoljcev v delu s starejšimi in ranljivimi skupinami.",
    ),
    (
        "Mreženje: nevladne organizacije in občine Goriške",
        NETWORKING,
        "Kobarid",
        63,
        17,
        3,
        45,
        ["local-development"],
        "Srečanje z župani in direktorji občinskih uprav: kako se lotiti skupnih projektov.",
    ),
    (
        "Regionalna konferenca: lokalna partnerstva za skupnost",
        CONFERENCE,
        "Nova Gorica",
        80,
        9,
        7,
        90,
        ["local-development", "social-care"],
        "Partnerstva javnega, zasebnega in nevladnega sektorja iz regije in od drugod.",
    ),
]

# Working meetings of the Goriška hub's NGOs with their municipalities (the regional plan).
GORISKA_MEETINGS = [("Tolmin", -300), ("Ajdovščina", -250), ("Idrija", -160), ("Bovec", -60)]
SLOVENE_EVENTS += [
    (
        f"Delovno srečanje: nevladne organizacije in Občina {place}",
        MEETING,
        place,
        days,
        16,
        2,
        25,
        ["local-development"],
        "Lokalne potrebe, skupni programi za regionalni izvedbeni načrt in naslednji koraki.",
    )
    for place, days in GORISKA_MEETINGS
]

# The Ruse working meetings: one with each municipality of the district, in Bulgarian.
RUSE_MUNICIPALITIES = [
    ("Русе", -330),
    ("Бяла", -280),
    ("Две могили", -235),
    ("Иваново", -190),
    ("Ветово", -140),
    ("Сливо поле", -90),
    ("Борово", 12),
    ("Ценово", 40),
]
BULGARIAN_EVENTS = [
    (
        f"Работна среща: неправителствените организации и община {place}",
        MEETING,
        place,
        days,
        10,
        3,
        25,
        ["local-development"],
        "Работна среща на неправителствените организации с общинската администрация: "
        "местни нужди, общи проектни идеи и подготовка за Областния съвет за развитие.",
    )
    for place, days in RUSE_MUNICIPALITIES
] + [
    (
        "Обучение: управление на проекти за неправителствени организации",
        TRAINING,
        "Русе",
        -300,
        9,
        6,
        35,
        ["education-and-lifelong-learning"],
        "Цели, дейности, бюджет и отчитане на проект; практически упражнения по реални покани.",
    ),
    (
        "Обучение: междусекторни партньорства",
        TRAINING,
        "Русе",
        -260,
        9,
        6,
        35,
        ["local-development"],
        "Как общини, фирми и неправителствени организации работят заедно по един местен проблем.",
    ),
]

POLISH_EVENTS = [
    (
        "Szkolenie: wniosek o dotację krok po kroku",
        TRAINING,
        "Gdańsk",
        -280,
        9,
        6,
        20,
        ["education-and-lifelong-learning"],
        "Od ogłoszenia konkursu do złożonego wniosku: cele, wskaźniki, harmonogram i budżet.",
    ),
    (
        "Warsztat: partnerstwo lokalne od pomysłu do umowy",
        WORKSHOP,
        "Sopot",
        -210,
        10,
        4,
        16,
        ["local-development"],
        "Samorząd, firmy i organizacje wybierają jeden lokalny problem i dzielą się rolami.",
    ),
    (
        "Spotkanie robocze: organizacje pozarządowe i Gmina Pruszcz Gdański",
        MEETING,
        "Pruszcz Gdański",
        -150,
        16,
        2,
        25,
        ["local-development"],
        "Potrzeby mieszkańców, roczny program współpracy i wspólne projekty.",
    ),
    (
        "Szkolenie: RODO w stowarzyszeniu",
        TRAINING,
        "Gdynia",
        -90,
        17,
        3,
        25,
        ["other"],
        "Rejestr członków, zgody, zdjęcia z wydarzeń i przechowywanie danych.",
    ),
    (
        "Konferencja: Gdańskie partnerstwa lokalne",
        CONFERENCE,
        "Gdańsk",
        -30,
        9,
        7,
        80,
        ["local-development", "social-care"],
        "Partnerstwa samorządu, biznesu i organizacji z Pomorza i z innych krajów.",
    ),
    (
        "Dzień informacyjny: konkurs dotacyjny dla organizacji 2027",
        INFO_DAY,
        "Gdańsk",
        10,
        10,
        2,
        60,
        ["local-development"],
        "Zasady konkursu, kto może złożyć wniosek i najczęstsze pytania.",
    ),
    (
        "Szkolenie online: narzędzia cyfrowe dla organizacji",
        TRAINING,
        None,
        30,
        17,
        2,
        12,
        ["education-and-lifelong-learning"],
        "Wspólne dokumenty, spotkania online, baza członków i newsletter.",
    ),
    (
        "Sieciowanie: organizacje i przedsiębiorcy Trójmiasta",
        NETWORKING,
        "Gdynia",
        55,
        17,
        3,
        45,
        ["local-development", "employment"],
        "Szybkie randki organizacji z firmami: darowizny, wolontariat pracowniczy, wspólne projekty.",
    ),
]

SLOVENE_NAMES = (
    "Ana Maja Nina Eva Sara Tina Petra Katja Mojca Urška Barbara Nataša Jure Luka Marko Matej "
    "Tomaž Gregor Rok Andrej Boštjan Primož Aleš Miha".split(),
    "Novak Horvat Kovačič Krajnc Zupančič Potočnik Kovač Mlakar Kos Vidmar Golob Turk Božič "
    "Kralj Zupan Bizjak Hribar Kavčič Rozman Černe Kobal Lapajne Bratina Mavrič".split(),
)
# Bulgarian surnames agree with the person: Иванов, Иванова.
_BULGARIAN_WOMEN = "Мария Елена Йорданка Десислава Петя Светла Галина Радка".split()
_BULGARIAN_MEN = "Николай Георги Иван Димитър Христо Стоян Пламен Васил".split()
_BULGARIAN_SURNAMES = (
    "Иванов Петров Георгиев Димитров Николов Стоянов Христов Колев Попов Маринов".split()
)
BULGARIAN_NAMES = (
    [*_BULGARIAN_WOMEN, *_BULGARIAN_MEN],
    {
        **{first: [f"{surname}а" for surname in _BULGARIAN_SURNAMES] for first in _BULGARIAN_WOMEN},
        **{first: _BULGARIAN_SURNAMES for first in _BULGARIAN_MEN},
    },
)

# Polish surnames in -ski agree with the person: Kowalski, Kowalska.
_POLISH_WOMEN = "Anna Katarzyna Magdalena Agnieszka Joanna Monika Ewa Małgorzata".split()
_POLISH_MEN = "Piotr Tomasz Paweł Michał Krzysztof Marcin Jakub Łukasz".split()
_POLISH_SURNAMES = (
    "Kowalski Wiśniewski Kamiński Lewandowski Zieliński Szymański Kaszubowski".split()
)
_POLISH_SHARED = "Nowak Wójcik Formela".split()
POLISH_NAMES = (
    [*_POLISH_WOMEN, *_POLISH_MEN],
    {
        **{
            first: [s[:-1] + "a" for s in _POLISH_SURNAMES] + _POLISH_SHARED
            for first in _POLISH_WOMEN
        },
        **{first: _POLISH_SURNAMES + _POLISH_SHARED for first in _POLISH_MEN},
    },
)


# A training given over three sessions a week apart, the last one six weeks ago:
# (programme title, description, municipality, session titles)
SLOVENE_PROGRAMME = (
    "Šola za vodenje nevladnih organizacij",
    "Tri srečanja: strateški načrt, finance in ljudje. Program zaključi, kdor se udeleži vseh treh.",
    "Nova Gorica",
    [
        "Šola za vodenje NVO, 1. srečanje: strateški načrt",
        "Šola za vodenje NVO, 2. srečanje: finance in poročanje",
        "Šola za vodenje NVO, 3. srečanje: ljudje, prostovoljci in upravni odbor",
    ],
)
BULGARIAN_PROGRAMME = (
    "Школа за управление на неправителствени организации",
    "Три срещи: стратегически план, финанси и хора. Завършва я, който присъства и на трите.",
    "Русе",
    [
        "Школа за управление, среща 1: стратегически план",
        "Школа за управление, среща 2: финанси и отчитане",
        "Школа за управление, среща 3: хора, доброволци и управителен съвет",
    ],
)
POLISH_PROGRAMME = (
    "Szkoła zarządzania organizacją pozarządową",
    "Trzy spotkania: plan strategiczny, finanse i ludzie. Ukończy ją, kto weźmie udział we wszystkich.",
    "Gdańsk",
    [
        "Szkoła zarządzania, spotkanie 1: plan strategiczny",
        "Szkoła zarządzania, spotkanie 2: finanse i sprawozdawczość",
        "Szkoła zarządzania, spotkanie 3: ludzie, wolontariusze i zarząd",
    ],
)

# Goriška's ESF-funded years (2015–2019): a few trainings of the time, on their own dates.
# (title, kind, municipality, day, start hour, hours, capacity, fields, description)
SLOVENE_ARCHIVE = [
    (
        "Krepitev zagovorniških zmogljivosti NVO",
        TRAINING,
        "Nova Gorica",
        date(2016, 10, 12),
        9,
        6,
        20,
        ["human-rights"],
        "Dvodnevno usposabljanje o zagovorništvu: cilji, zavezniki, sporočila in lobiranje.",
    ),
    (
        "Izvajanje javnih storitev v nevladnih organizacijah",
        TRAINING,
        "Ajdovščina",
        date(2017, 5, 17),
        9,
        5,
        20,
        ["social-care"],
        "Kako NVO prevzame izvajanje javne storitve: pogodba z občino, standardi, poročanje.",
    ),
    (
        "Regionalni posvet NVO in občin Goriške",
        CONFERENCE,
        "Tolmin",
        date(2018, 3, 8),
        9,
        5,
        60,
        ["local-development"],
        "Posvet o sodelovanju nevladnih organizacij z občinami v regiji.",
    ),
    (
        "Finančno vodenje projektov ESS",
        TRAINING,
        "Nova Gorica",
        date(2019, 2, 20),
        9,
        4,
        20,
        ["other"],
        "Upravičeni stroški, dokazila in poročanje za projekte Evropskega socialnega sklada.",
    ),
]


@dataclass(frozen=True)
class Story:
    events: list[tuple]
    names: tuple
    domain: str
    people: int
    venue: str
    on_ones_own: str  # what a person without an organisation writes in its place
    programme: tuple = ()
    archive: list[tuple] = field(default_factory=list)


STORIES = {
    "goriska": Story(
        SLOVENE_EVENTS,
        SLOVENE_NAMES,
        "si",
        140,
        "Sejna soba stičišča",
        "Samostojno",
        SLOVENE_PROGRAMME,
        SLOVENE_ARCHIVE,
    ),
    "ruse": Story(
        BULGARIAN_EVENTS,
        BULGARIAN_NAMES,
        "bg",
        60,
        "Заседателна зала на общината",
        "Лично",
        BULGARIAN_PROGRAMME,
    ),
    "gdansk": Story(
        POLISH_EVENTS,
        POLISH_NAMES,
        "pl",
        80,
        "Sala konferencyjna centrum",
        "Prywatnie",
        POLISH_PROGRAMME,
    ),
}


def load(hub: str = "goriska") -> None:
    story = STORIES[hub]
    demo_hub = hub_demo.story(hub)
    zone = demo_hub.time_zone
    rng = random.Random(2027)
    today = timezone.localdate()
    municipalities = {m.name: m for m in Municipality.objects.all()}
    fields = {f.slug: f for f in FieldOfActivity.objects.all()}
    organisations = list(
        Organisation.objects.public()
        .filter(sector__in=[Sector.CIVIL, Sector.PUBLIC])
        .order_by("sector", "pk")
    )
    civil = [o for o in organisations if o.sector == Sector.CIVIL]
    people = _people(rng, story.names, organisations, story.domain, story.people)
    hub_cache_clear()  # the operations the demo hub just got decide the entry data asked

    dated = [(*event[:3], today + timedelta(days=event[3]), *event[4:]) for event in story.events]
    for title, kind, place, day, hour, hours, capacity, field_slugs, text in [
        *story.archive,
        *dated,
    ]:
        event = _event(
            title=title,
            kind=kind,
            municipality=municipalities.get(place) if place else None,
            start=_at(day, hour, zone),
            hours=hours,
            capacity=capacity,
            description=text,
            language=demo_hub.language,
            time_zone=zone,
            online=place is None,
            venue="" if place is None else story.venue,
            organiser=civil[len(title) % len(civil)] if kind == WORKSHOP and civil else None,
        )
        if event is None:
            continue
        event.fields.set([fields[s] for s in field_slugs if s in fields])
        _registrations(rng, event, people, on_ones_own=story.on_ones_own)
    if story.programme:
        _programme(rng, story, people, municipalities, fields, demo_hub, today)
    _leavings(hub)


def _leavings(hub: str) -> None:
    """Most people who left a training whose funder counts results on leaving said their
    situation within the four weeks (stored as at leaving)."""
    rng = random.Random(f"leaving-{hub}")
    now = timezone.now()
    sessions = [
        event
        for event in Event.objects.filter(is_published=True, is_cancelled=False, end__lt=now)
        .filter(Q(programme__isnull=False) | Q(kind=EventKind.TRAINING))
        .order_by("start", "pk")
        if is_leaving_session(event) and leaving_asked(event)
    ]
    found = []
    for event in sessions:
        left_on = timezone.localtime(event.end).date()
        for registration in (
            event.registrations.active().attended().filter(leaving__isnull=True).order_by("pk")
        ):
            if rng.random() < 0.15:
                continue  # asked, never answered
            person = random.Random(f"leaving-{registration.email}")
            employed = person.random() < 0.55
            found.append(
                LeavingSituation(
                    registration=registration,
                    left_on=left_on,
                    asked_at=event.end + timedelta(days=1),
                    answered_at=event.end + timedelta(days=rng.randrange(1, 27)),
                    seeking_work="no" if employed else rng.choice(["yes", "yes", "no"]),
                    in_education=rng.choice(["no", "no", "no", "yes"]),
                    qualification=rng.choice(["no", "yes", REFUSED]),
                    employed="yes" if employed else "no",
                )
            )
    LeavingSituation.objects.bulk_create(found)


def _programme(rng, story: Story, people, municipalities, fields, demo_hub, today) -> None:
    """The multi-session training: three sessions a week apart, ended six weeks ago; most of
    its people came to all three, some missed one."""
    title, description, place, session_titles = story.programme
    if Programme.objects.filter(title=title).exists():
        return
    programme = Programme.objects.create(title=title, description=description)
    class_of = rng.sample(people, k=min(16, len(people)))
    missed = {n: rng.randrange(3) for n in range(len(class_of)) if n % 4 == 3}
    for number, session_title in enumerate(session_titles):
        event = _event(
            title=session_title,
            kind=TRAINING,
            municipality=municipalities.get(place),
            start=_at(today - timedelta(days=56 - 7 * number), 9, demo_hub.time_zone),
            hours=6,
            capacity=20,
            description=description,
            language=demo_hub.language,
            time_zone=demo_hub.time_zone,
            venue=story.venue,
        )
        if event is None:
            continue
        event.programme = programme
        event.save(update_fields=["programme"])
        event.fields.set(
            [f for slug, f in fields.items() if slug == "education-and-lifelong-learning"]
        )
        registrations = [
            _registration(
                event,
                person,
                status=Registration.Status.CONFIRMED,
                attended=missed.get(n) != number,
                registered_at=event.start - timedelta(days=20 + 7 * number, minutes=n),
                rng=rng,
                on_ones_own=story.on_ones_own,
            )
            for n, person in enumerate(class_of)
        ]
        _save(registrations, rng)


def _at(day, hour: int, zone: str) -> datetime:
    return datetime(day.year, day.month, day.day, hour, tzinfo=ZoneInfo(zone))


def _event(
    *,
    title: str,
    kind: str,
    municipality: Municipality | None,
    start: datetime,
    hours: int,
    capacity: int,
    description: str,
    language: str,
    time_zone: str,
    online: bool = False,
    venue: str = "",
    organiser: Organisation | None = None,
) -> Event | None:
    """The event, created once; None when it is already there."""
    event, created = Event.objects.get_or_create(
        slug=_slug(title, start),
        defaults={
            "title": title,
            "kind": kind,
            "description": description,
            "start": start,
            "end": start + timedelta(hours=hours),
            "time_zone": time_zone,
            "language": language,
            "venue": venue,
            "municipality": municipality,
            "online_url": "https://meet.example.org/sticisce" if online else "",
            "capacity": capacity,
            "registration_opens": start - timedelta(days=40),
            "organiser": organiser,
            "is_published": True,
        },
    )
    return event if created else None


def _slug(title: str, start: datetime) -> str:
    return f"{ascii_slug(title)[:90].rstrip('-')}-{start:%Y-%m}"


def _people(rng: random.Random, names, organisations, domain: str, count: int) -> list[tuple]:
    """A region's regulars: the same people come to several events, as they do."""
    first_names, surnames = names
    people, seen = [], set()
    while len(people) < count:
        first = rng.choice(first_names)
        family = surnames[first] if isinstance(surnames, dict) else surnames
        name = f"{first} {rng.choice(family)}"
        if name in seen:
            continue
        seen.add(name)
        email = f"{ascii_slug(name).replace('-', '.')}@example.{domain}"
        organisation = rng.choice(organisations) if organisations and rng.random() < 0.75 else None
        people.append((name, email, organisation, organisation is not None and rng.random() < 0.6))
    return people


def _registrations(
    rng: random.Random, event: Event, people: list[tuple], *, on_ones_own: str
) -> None:
    """People for the event: past ones mostly full, with who came; upcoming ones filling up."""
    now = timezone.now()
    past = event.end < now
    if event.registration_opens and event.registration_opens > now:
        return
    if past:
        wanted = int(event.capacity * rng.uniform(0.6, 1.0))
    elif event.capacity <= 12:
        wanted = event.capacity + 3  # full, with a waiting list, to show how that looks
    else:
        wanted = int(event.capacity * rng.uniform(0.2, 0.6))
    registrations = []
    confirmed = 0
    for n, person in enumerate(rng.sample(people, k=min(wanted, len(people)))):
        status = Registration.Status.CONFIRMED
        if not past and confirmed >= event.capacity:
            status = Registration.Status.WAITING
        elif past and rng.random() < 0.06:
            status = Registration.Status.CANCELLED
        confirmed += status == Registration.Status.CONFIRMED
        attended = past and status == Registration.Status.CONFIRMED and rng.random() < 0.85
        registered_at = min(event.start - timedelta(days=rng.randrange(2, 35), minutes=n), now)
        registrations.append(
            _registration(
                event,
                person,
                status=status,
                attended=attended,
                registered_at=registered_at,
                rng=rng,
                on_ones_own=on_ones_own,
            )
        )
    _save(registrations, rng)


def _registration(
    event: Event, person: tuple, *, status, attended, registered_at, rng, on_ones_own
) -> Registration:
    name, email, organisation, member = person
    registration = Registration(
        event=event,
        name=name,
        email=email,
        organisation=organisation,
        # Members link their organisation by their membership; others typed its name.
        organisation_link=(OrganisationLink.MEMBERSHIP if member else OrganisationLink.NAME)
        if organisation
        else "",
        organisation_name="" if organisation else rng.choice(["", "", on_ones_own]),
        status=status,
        consent=True,
        attended=attended,
        checked_in_at=event.start - timedelta(minutes=rng.randrange(1, 20)) if attended else None,
        language=event.language,
        registered_at=registered_at,
        cancelled_at=registered_at + timedelta(days=1)
        if status == Registration.Status.CANCELLED
        else None,
    )
    _entry(registration, rng)
    return registration


def _entry_items(event: Event) -> list[str]:
    """What the registration form asked: the items of the funder template of the operation
    running on the event's day (the four ordinary ones while no template is chosen)."""
    if not hasattr(event, "demo_entry_items"):
        operation = operation_on(event.local_day)
        template = (
            FunderTemplate.objects.filter(pk=operation.template_id).first()
            if operation is not None and operation.template_id
            else None
        )
        event.demo_entry_items = (
            list(template.entry_items)
            if template is not None
            else [EntryItem.AGE, EntryItem.GENDER, EntryItem.EDUCATION, EntryItem.EMPLOYMENT]
        )
    return event.demo_entry_items


def _entry(registration: Registration, rng: random.Random) -> None:
    """Entry data as people give it: most answer everything, some skip an item (their record
    counts in the grand total only), some prefer not to say."""
    items = _entry_items(registration.event)
    registration.entry_items = [i for i in items if i not in SPECIAL_ENTRY_ITEMS]
    # The same person answers alike each time: their answers follow from their e-mail address.
    person = random.Random(registration.email)
    answers = {
        EntryItem.AGE: (
            "age_band",
            # Below 18, 18–24, 25–29, (18–29 as kept before the split: none), 30–54, 55+.
            person.choices(AgeBand.values, weights=[1, 3, 3, 0, 12, 5])[0],
        ),
        EntryItem.GENDER: ("gender", person.choices(Gender.values, weights=[12, 7, 1])[0]),
        EntryItem.EDUCATION: ("education", person.choices(Education.values, weights=[1, 6, 10])[0]),
        EntryItem.EMPLOYMENT: (
            "employment",
            person.choices(Employment.values, weights=[14, 2, 1, 2, 1])[0],
        ),
    }
    skipped = rng.choice(list(answers)) if rng.random() < 0.12 else None
    for item, (name, value) in answers.items():
        if item not in items or item == skipped:
            continue
        setattr(registration, name, REFUSED if rng.random() < 0.04 else value)
    # The items only the ESF templates ask, as the same person answers them each time; a few
    # leave one out or prefer not to say (records incomplete of each kind).
    more = {
        EntryItem.THIRD_COUNTRY: ("third_country", "yes" if person.random() < 0.05 else "no"),
        EntryItem.HOUSEHOLD: (
            "household",
            person.choices(Household.values, weights=[20, 2, 1, 2, 1])[0],
        ),
        EntryItem.HOMELESS: ("homeless", "yes" if person.random() < 0.03 else "no"),
        EntryItem.RURAL: ("rural", "yes" if person.random() < 0.3 else "no"),
    }
    for item, (name, value) in more.items():
        if item not in items:
            continue
        gap = person.random()
        setattr(registration, name, "" if gap < 0.04 else REFUSED if gap < 0.07 else value)
    registration.special_items = [i for i in items if i in SPECIAL_ENTRY_ITEMS]


def _save(registrations: list[Registration], rng: random.Random) -> None:
    """Each person is one participant (by their address); their special-category answers, where
    the template asked, go to their own table."""
    participants: dict[str, Participant] = {}
    for registration in registrations:
        key = registration.email.lower()
        if key not in participants:
            participants[key] = participant_for(email=registration.email)
        registration.participant = participants[key]
        registration.pid = participants[key].pid
    Registration.objects.bulk_create(registrations)
    special = []
    for registration in registrations:
        if not registration.special_items:
            continue
        consent = rng.random() < 0.8
        answers = {}
        for item in registration.special_items:
            if consent:
                answers[item] = rng.choices(["no", "yes", REFUSED], weights=[16, 2, 2])[0]
            else:
                answers[item] = rng.choice([REFUSED, ""])
        special.append(
            SpecialCategoryEntry(
                registration=registration,
                items=registration.special_items,
                asked_at=registration.registered_at,
                consent=consent,
                **answers,
            )
        )
    SpecialCategoryEntry.objects.bulk_create(special)
