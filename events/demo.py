"""Demo events: a year of the hub's trainings, workshops and working meetings, and the months
ahead, with registrations and attendance. Loaded by ``manage.py load_demo`` after the places,
fields and organisations."""

from __future__ import annotations

import random
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from django.utils import timezone

from hub.models import Country, FieldOfActivity, Municipality
from hub.text import ascii_slug
from organisations.models import Organisation, Sector

from .models import Event, EventKind, Registration

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
        "Postojna",
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
        "Kranj",
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
        "Cerknica",
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
        "Škofja Loka",
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
        "Jesenice",
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
        "Škofja Loka",
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
        "Pivka",
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
        "Radovljica",
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
        "Postojna",
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
        "Kranj",
        48,
        15,
        3,
        20,
        ["social-care", "health"],
        "Usposabljanje in supervizija prostovoljcev v delu s starejšimi in ranljivimi skupinami.",
    ),
    (
        "Mreženje: nevladne organizacije in občine Gorenjske",
        NETWORKING,
        "Radovljica",
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

SOFIA = "Europe/Sofia"


def load() -> None:
    rng = random.Random(2027)
    today = timezone.localdate()
    municipalities = {m.name: m for m in Municipality.objects.all()}
    fields = {f.slug: f for f in FieldOfActivity.objects.all()}
    civil = list(Organisation.objects.public().filter(sector=Sector.CIVIL).order_by("pk"))
    slovene_orgs = [o for o in civil if o.country == Country.SLOVENIA]
    bulgarian_orgs = [o for o in civil if o.country == Country.BULGARIA]
    public_bulgarian = list(
        Organisation.objects.public()
        .filter(sector=Sector.PUBLIC, country=Country.BULGARIA)
        .order_by("pk")
    )

    slovenes = _people(rng, SLOVENE_NAMES, slovene_orgs, "si", 140)
    bulgarians = _people(rng, BULGARIAN_NAMES, bulgarian_orgs + public_bulgarian, "bg", 40)

    for title, kind, place, days, hour, hours, capacity, field_slugs, text in SLOVENE_EVENTS:
        event = _event(
            title=title,
            kind=kind,
            municipality=municipalities.get(place) if place else None,
            start=_at(today + timedelta(days=days), hour, "Europe/Ljubljana"),
            hours=hours,
            capacity=capacity,
            description=text,
            language="sl",
            time_zone="Europe/Ljubljana",
            online=place is None,
            organiser=slovene_orgs[len(title) % len(slovene_orgs)]
            if kind == WORKSHOP and slovene_orgs
            else None,
        )
        if event is None:
            continue
        event.fields.set([fields[s] for s in field_slugs if s in fields])
        _registrations(rng, event, slovenes)

    for place, days in RUSE_MUNICIPALITIES:
        event = _event(
            title=f"Работна среща: неправителствените организации и община {place}",
            kind=MEETING,
            municipality=municipalities.get(place),
            start=_at(today + timedelta(days=days), 10, SOFIA),
            hours=3,
            capacity=25,
            description=(
                "Работна среща на неправителствените организации с общинската администрация: "
                "местни нужди, общи проектни идеи и подготовка за Областния съвет за развитие."
            ),
            language="bg",
            time_zone=SOFIA,
            venue="Заседателна зала на общината",
        )
        if event is None:
            continue
        event.fields.set([f for s, f in fields.items() if s == "local-development"])
        _registrations(rng, event, bulgarians)


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
            "venue": venue or ("" if online else "Sejna soba stičišča"),
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
        people.append((name, email, organisation))
    return people


def _registrations(rng: random.Random, event: Event, people: list[tuple]) -> None:
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
    for n, (name, email, organisation) in enumerate(rng.sample(people, k=min(wanted, len(people)))):
        status = Registration.Status.CONFIRMED
        if not past and confirmed >= event.capacity:
            status = Registration.Status.WAITING
        elif past and rng.random() < 0.06:
            status = Registration.Status.CANCELLED
        confirmed += status == Registration.Status.CONFIRMED
        attended = past and status == Registration.Status.CONFIRMED and rng.random() < 0.85
        registered_at = min(event.start - timedelta(days=rng.randrange(2, 35), minutes=n), now)
        registrations.append(
            Registration(
                event=event,
                name=name,
                email=email,
                organisation=organisation,
                organisation_name="" if organisation else rng.choice(["", "", "Samostojno"]),
                status=status,
                consent=True,
                attended=attended,
                checked_in_at=event.start - timedelta(minutes=rng.randrange(1, 20))
                if attended
                else None,
                language=event.language,
                registered_at=registered_at,
                cancelled_at=registered_at + timedelta(days=1)
                if status == Registration.Status.CANCELLED
                else None,
            )
        )
    Registration.objects.bulk_create(registrations)
