"""The demo hubs' stories: their events, people's names, programmes and archive, in each hub's
language."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from ..models import EventKind

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
