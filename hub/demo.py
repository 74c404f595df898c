"""Demo hubs: each is one hub as it would run the portal — its profile, language, home region
first, the places it needs and its funded operations. ``load_demo`` loads one of them (Goriška by
default); organisations and events follow the same story in their apps' ``demo.py``."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path

from django.contrib.staticfiles import finders
from django.core.files.base import ContentFile
from django.utils import timezone

from .models import (
    PROJECT_PROPERTIES,
    Country,
    Currency,
    FieldOfActivity,
    FunderLogo,
    FunderTemplate,
    HubProfile,
    IndicatorTarget,
    Municipality,
    Operation,
    Region,
)
from .text import ascii_slug

# The design's fields of activity: slug, then the name in Slovene, English, Bulgarian, Polish.
FIELDS = [
    ("social-care", "Socialno varstvo", "Social care", "Социални грижи", "Pomoc społeczna"),
    ("health", "Zdravje", "Health", "Здраве", "Zdrowie"),
    ("youth", "Mladina", "Youth", "Младежи", "Młodzież"),
    (
        "education-and-lifelong-learning",
        "Izobraževanje in vseživljenjsko učenje",
        "Education and lifelong learning",
        "Образование и учене през целия живот",
        "Edukacja i uczenie się przez całe życie",
    ),
    ("employment", "Zaposlovanje", "Employment", "Заетост", "Zatrudnienie"),
    (
        "environment-and-nature",
        "Okolje in narava",
        "Environment and nature",
        "Околна среда и природа",
        "Środowisko i przyroda",
    ),
    (
        "spatial-planning",
        "Prostorsko načrtovanje",
        "Spatial planning",
        "Пространствено планиране",
        "Planowanie przestrzenne",
    ),
    ("culture", "Kultura", "Culture", "Култура", "Kultura"),
    ("sport", "Šport", "Sport", "Спорт", "Sport"),
    ("human-rights", "Človekove pravice", "Human rights", "Права на човека", "Prawa człowieka"),
    (
        "development-cooperation",
        "Razvojno sodelovanje",
        "Development cooperation",
        "Сътрудничество за развитие",
        "Współpraca rozwojowa",
    ),
    (
        "local-development",
        "Lokalni razvoj",
        "Local development",
        "Местно развитие",
        "Rozwój lokalny",
    ),
    ("other", "Drugo", "Other", "Друго", "Inne"),
]

LANGUAGES = ("sl", "en", "bg", "pl")


@dataclass(frozen=True)
class DemoOperation:
    name: str
    funder: str
    programme: str
    start: date
    end: date
    value: Decimal
    publicity_text: dict[str, str]
    priority_axis: str = ""
    investment_priority: str = ""
    specific_objective: str = ""
    logos: tuple[tuple[str, str], ...] = ()  # (static path, description)
    current: bool = False  # kept running on whatever day the demo is loaded
    template: str = ""  # the code of its funder template (seeded by a migration)
    # Indicator code -> the target for the whole operation; and for this year, on current ones.
    targets: dict[str, int] = field(default_factory=dict)
    year_targets: dict[str, int] = field(default_factory=dict)
    # The funder's retention date for the evidence (participants' data of its events).
    evidence_kept_until: date | None = None
    # What it is as a project (the ``PROJECT_PROPERTIES`` it has; ESF 2014–2020 CO20–CO22).
    project: tuple[str, ...] = ()


@dataclass(frozen=True)
class DemoHub:
    name: str
    language: str
    country: str
    time_zone: str
    currency: str
    address: str
    email: str
    phone: str
    website: str
    introduction: dict[str, str]
    # The home region first; only the places the hub's story needs.
    regions: dict[tuple[str, str], list[str]]
    operations: list[DemoOperation] = field(default_factory=list)


GORISKA = DemoHub(
    name="Stičišče NVO Goriška",
    language="sl",
    country=Country.SLOVENIA,
    time_zone="Europe/Ljubljana",
    currency=Currency.EUR,
    address="Delpinova ulica 18b, 5000 Nova Gorica",
    email="info@sticisce-goriska.localhost",
    phone="+386 5 000 00 00",
    website="https://sticisce-goriska.example.org",
    introduction={
        "sl": "Stičišče NVO Goriška krepi nevladne organizacije trinajstih goriških občin: vodi "
        "njihov imenik, jih usposablja in jim svetuje, obvešča jih o razpisih ter povezuje "
        "društva, občine, javne zavode in podjetja v lokalna partnerstva.",
        "en": "The Goriška NGO Hub strengthens the non-governmental organisations of the thirteen "
        "municipalities of Goriška: it keeps their directory, trains and advises them, tells "
        "them about funding calls and brings associations, municipalities, public institutions "
        "and companies together in local partnerships.",
        "bg": "Центърът за НПО в Горишка подкрепя неправителствените организации от тринадесетте "
        "общини на региона: поддържа техния регистър, обучава ги и ги консултира, информира ги "
        "за конкурси и свързва сдружения, общини, публични институции и фирми в местни "
        "партньорства.",
        "pl": "Centrum Organizacji Pozarządowych Goriška wspiera organizacje trzynastu gmin "
        "regionu: prowadzi ich katalog, szkoli je i doradza im, informuje o konkursach i łączy "
        "stowarzyszenia, gminy, instytucje publiczne i firmy w partnerstwa lokalne.",
    },
    regions={
        ("Goriška", Country.SLOVENIA): [
            "Ajdovščina",
            "Bovec",
            "Brda",
            "Cerkno",
            "Idrija",
            "Kanal ob Soči",
            "Kobarid",
            "Miren-Kostanjevica",
            "Nova Gorica",
            "Renče-Vogrsko",
            "Šempeter-Vrtojba",
            "Tolmin",
            "Vipava",
        ],
        ("Gorenjska", Country.SLOVENIA): [
            "Bled",
            "Bohinj",
            "Cerklje na Gorenjskem",
            "Gorenja vas-Poljane",
            "Gorje",
            "Jesenice",
            "Jezersko",
            "Kranj",
            "Kranjska Gora",
            "Naklo",
            "Preddvor",
            "Radovljica",
            "Šenčur",
            "Škofja Loka",
            "Tržič",
            "Železniki",
            "Žiri",
            "Žirovnica",
        ],
        ("Primorsko-notranjska", Country.SLOVENIA): [
            "Bloke",
            "Cerknica",
            "Ilirska Bistrica",
            "Loška dolina",
            "Pivka",
            "Postojna",
        ],
    },
    operations=[
        DemoOperation(
            name="Regionalno stičišče NVO Goriška 2015–2019",
            funder="Evropski socialni sklad in Republika Slovenija",
            programme="Operativni program za izvajanje evropske kohezijske politike 2014–2020",
            priority_axis="11",
            investment_priority="11.4",
            specific_objective="Krepitev zmogljivosti NVO za zagovorništvo in izvajanje javnih "
            "storitev",
            start=date(2015, 11, 1),
            end=date(2019, 9, 30),
            value=Decimal("320000.00"),
            # ESF 2014–2020: documents kept until the end of 2028, three years after the
            # programme's accounts are closed.
            evidence_kept_until=date(2028, 12, 31),
            publicity_text={
                "sl": "Operacijo sofinancirata Republika Slovenija in Evropska unija iz "
                "Evropskega socialnega sklada.",
                "en": "The operation is co-funded by the Republic of Slovenia and the European "
                "Union from the European Social Fund.",
                "bg": "Операцията се съфинансира от Република Словения и Европейския съюз чрез "
                "Европейския социален фонд.",
                "pl": "Operacja jest współfinansowana przez Republikę Słowenii i Unię Europejską "
                "ze środków Europejskiego Funduszu Społecznego.",
            },
            logos=(("img/eu-esf.svg", "Evropska unija, Evropski socialni sklad"),),
            template="esf-2014-2020",
            # Run by an NGO hub, for the NGOs that deliver public services with the
            # municipalities: CO20 and CO22, not CO21.
            project=("by_social_partners_or_ngos", "for_public_administrations"),
            targets={
                "NVO-1": 120,
                "NVO-2": 25,
                "NVO-3": 750,
                "NVO-4": 22,
                "CO-P": 400,
                "CO-N": 400,
                "NVO-5": 600,
                "NVO-6": 4,
                "NVO-7": 2,
            },
        ),
        DemoOperation(
            name="Regionalno stičišče NVO Goriška 2023–2027",
            funder="Sklad za razvoj nevladnih organizacij, Ministrstvo za javno upravo",
            programme="Razvoj podpornega okolja za nevladne organizacije 2023–2027",
            start=date(2023, 10, 1),
            end=date(2027, 12, 31),
            value=Decimal("420000.00"),
            publicity_text={
                "sl": "Projekt sofinancira Ministrstvo za javno upravo iz Sklada za razvoj "
                "nevladnih organizacij.",
                "en": "The project is co-funded by the Slovene Ministry of Public Administration "
                "from the Fund for the Development of Non-Governmental Organisations.",
                "bg": "Проектът се съфинансира от Министерството на публичната администрация на "
                "Словения от Фонда за развитие на неправителствените организации.",
                "pl": "Projekt jest współfinansowany przez słoweńskie Ministerstwo Administracji "
                "Publicznej ze środków Funduszu Rozwoju Organizacji Pozarządowych.",
            },
            current=True,
            template="si-ngo-fund-2023-2027",
            targets={
                "K1": 80,
                "K2": 20,
                "K3": 10,
                "K4": 600,
                "K5": 40,
                "K6": 500,
                "K8": 13,
                "K9": 6,
                "K10": 3,
                "K12": 8,
                "K13": 10,
                "K14": 60,
            },
            year_targets={"K1": 30, "K4": 150, "K5": 10, "K6": 120, "K14": 15},
        ),
    ],
)

RUSE = DemoHub(
    name="Клуб „Отворено общество“ – Русе",
    language="bg",
    country=Country.BULGARIA,
    time_zone="Europe/Sofia",
    # The euro since 1 January 2026; the demo's amounts dated before it stay in lev.
    currency=Currency.EUR,
    address="ул. „Александровска“ 1, 7000 Русе",
    email="info@ruse-hub.localhost",
    phone="+359 82 000 000",
    website="https://ruse-hub.example.org",
    introduction={
        "bg": "Клуб „Отворено общество“ – Русе подкрепя неправителствените организации от "
        "осемте общини на Област Русе: обучава ги, провежда работни срещи с общинските "
        "администрации и представя общи проектни идеи пред Областния съвет за развитие.",
        "en": "Club “Open Society” Ruse supports the non-governmental organisations of the eight "
        "municipalities of the Ruse district: it trains them, holds working meetings with the "
        "municipal administrations and presents joint project ideas to the District Development "
        "Council.",
        "sl": "Klub „Odprta družba“ Ruse podpira nevladne organizacije osmih občin okrožja Ruse: "
        "usposablja jih, pripravlja delovna srečanja z občinskimi upravami in predstavlja "
        "skupne projektne zamisli okrožnemu svetu za razvoj.",
        "pl": "Klub „Społeczeństwo Otwarte” Ruse wspiera organizacje pozarządowe ośmiu gmin "
        "obwodu Ruse: szkoli je, organizuje spotkania robocze z urzędami gmin i przedstawia "
        "wspólne pomysły projektowe Obwodowej Radzie Rozwoju.",
    },
    regions={
        ("Област Русе", Country.BULGARIA): [
            "Русе",
            "Борово",
            "Бяла",
            "Ценово",
            "Две могили",
            "Иваново",
            "Ветово",
            "Сливо поле",
        ],
    },
    operations=[
        DemoOperation(
            name="Партньорства за местно развитие в Област Русе",
            funder="Финансов механизъм на ЕИП и Норвегия",
            programme="Фонд Активни граждани България",
            specific_objective="Укрепен капацитет и устойчивост на гражданското общество",
            start=date(2025, 9, 1),
            end=date(2028, 4, 30),
            value=Decimal("180000.00"),
            publicity_text={
                "bg": "Проектът се осъществява с финансовата подкрепа на Исландия, Лихтенщайн и "
                "Норвегия по линия на Финансовия механизъм на ЕИП, Фонд Активни граждани "
                "България.",
                "en": "The project is carried out with the financial support of Iceland, "
                "Liechtenstein and Norway through the EEA Grants, Active Citizens Fund Bulgaria.",
                "sl": "Projekt se izvaja s finančno podporo Islandije, Lihtenštajna in Norveške "
                "iz Finančnega mehanizma EGP, Sklad za aktivne državljane Bolgarija.",
                "pl": "Projekt jest realizowany dzięki wsparciu finansowemu Islandii, "
                "Liechtensteinu i Norwegii w ramach Funduszy EOG, Fundusz Aktywni Obywatele "
                "Bułgaria.",
            },
            current=True,
            template="eea-active-citizens-fund",
            targets={
                "CIV-007": 60,
                "CIV-039": 15,
                "ACF-1": 35,
                "ACF-2": 8,
                "ACF-3": 120,
                "ACF-4": 4,
                "ACF-5": 2,
                "ACF-6": 6,
                "ACF-7": 8,
            },
            year_targets={"ACF-1": 20, "ACF-2": 4},
        ),
    ],
)

GDANSK = DemoHub(
    name="Gdańskie Centrum Organizacji Pozarządowych",
    language="pl",
    country=Country.POLAND,
    time_zone="Europe/Warsaw",
    currency=Currency.PLN,
    address="ul. Długa 1, 80-827 Gdańsk",
    email="info@gdansk-hub.localhost",
    phone="+48 58 000 00 00",
    website="https://gdansk-hub.example.org",
    introduction={
        "pl": "Gdańskie Centrum Organizacji Pozarządowych wspiera organizacje Gdańska i gmin "
        "Pomorza: szkoli je i doradza im, informuje o konkursach i buduje partnerstwa lokalne "
        "organizacji z samorządami, instytucjami publicznymi i firmami.",
        "en": "The Gdańsk NGO Centre supports the organisations of Gdańsk and the municipalities "
        "of Pomerania: it trains and advises them, tells them about funding calls and builds "
        "local partnerships of NGOs with local governments, public institutions and companies.",
        "sl": "Gdanjski center nevladnih organizacij podpira organizacije Gdanska in občin "
        "Pomorjanske: usposablja jih in jim svetuje, obvešča jih o razpisih ter gradi lokalna "
        "partnerstva z občinami, javnimi zavodi in podjetji.",
        "bg": "Гданският център за неправителствени организации подкрепя организациите от "
        "Гданск и общините в Поморие: обучава ги и ги консултира, информира ги за конкурси и "
        "изгражда местни партньорства с общините, публичните институции и фирмите.",
    },
    regions={
        ("Województwo pomorskie", Country.POLAND): [
            "Gdańsk",
            "Gdynia",
            "Sopot",
            "Pruszcz Gdański",
            "Kolbudy",
            "Żukowo",
            "Kartuzy",
            "Tczew",
            "Wejherowo",
            "Puck",
        ],
    },
    operations=[
        DemoOperation(
            name="Gdańska Sieć Partnerstw Lokalnych 2024–2027",
            funder="Europejski Fundusz Społeczny Plus",
            programme="Fundusze Europejskie dla Pomorza 2021–2027",
            priority_axis="5",
            specific_objective="ESO4.8 – aktywne włączenie społeczne",
            start=date(2024, 3, 1),
            end=date(2027, 12, 31),
            value=Decimal("290000.00"),
            publicity_text={
                "pl": "Projekt współfinansowany przez Unię Europejską ze środków Europejskiego "
                "Funduszu Społecznego Plus w ramach programu Fundusze Europejskie dla Pomorza "
                "2021–2027.",
                "en": "Co-funded by the European Union from the European Social Fund Plus under "
                "the programme European Funds for Pomerania 2021–2027.",
                "sl": "Projekt sofinancira Evropska unija iz Evropskega socialnega sklada plus v "
                "okviru programa Evropska sredstva za Pomorjansko 2021–2027.",
                "bg": "Проектът е съфинансиран от Европейския съюз чрез Европейския социален фонд "
                "плюс по програма „Европейски фондове за Поморие 2021–2027“.",
            },
            logos=(("img/eu-esf.svg", "Dofinansowane przez Unię Europejską"),),
            current=True,
            template="esf-plus-2021-2027",
            targets={
                "EECO01": 450,
                "EECO01-N": 450,
                "EECO12": 40,
                "P-1": 1200,
                "P-2": 36,
                "P-3": 90,
                "P-4": 5,
                "P-5": 3,
                "P-6": 40,
            },
            year_targets={"EECO01-N": 120, "P-2": 10, "P-3": 30},
        ),
    ],
)

HUBS = {"goriska": GORISKA, "ruse": RUSE, "gdansk": GDANSK}
DEFAULT = "goriska"


def story(hub: str = DEFAULT) -> DemoHub:
    return HUBS[hub]


def home_region_slug(hub: str = DEFAULT) -> str:
    (name, _country), *_ = story(hub).regions
    return ascii_slug(name)


# The degree of urbanisation of a few demo municipalities (Eurostat's DEGURBA): a participant
# from one of them is not asked whether they live in a rural area.
URBANISATION = {
    "Nova Gorica": "towns",
    "Brda": "rural",
    "Kanal ob Soči": "rural",
    "Tolmin": "rural",
    "Kobarid": "rural",
    "Bovec": "rural",
    "Gdańsk": "cities",
    "Sopot": "cities",
    "Gdynia": "cities",
    "Русе": "cities",
}


def load(hub: str = DEFAULT) -> None:
    demo = story(hub)
    regions, places = [], []
    there = set(Municipality.objects.values_list("region__slug", "name"))
    for (region_name, country), municipalities in demo.regions.items():
        region, _ = Region.objects.get_or_create(
            slug=ascii_slug(region_name),
            defaults={"name": region_name, "country": country},
        )
        regions.append(region)
        places += [
            Municipality(
                region=region,
                name=name,
                slug=ascii_slug(name),
                country=country,
                urbanisation=URBANISATION.get(name, ""),
            )
            for name in municipalities
            if (region.slug, name) not in there
        ]
    Municipality.objects.bulk_create(places)
    names = [f"name_{language}" for language in LANGUAGES]
    FieldOfActivity.objects.bulk_create(
        [
            FieldOfActivity(
                slug=slug,
                name=translated[0],
                **dict(zip(names, translated, strict=True)),
                position=1 if slug == "other" else 0,
            )
            for slug, *translated in FIELDS
        ],
        update_conflicts=True,
        unique_fields=["slug"],
        update_fields=["name", *names, "position"],
    )
    _profile(demo, home=regions[0])
    for operation in demo.operations:
        _operation(operation)


def _profile(demo: DemoHub, *, home: Region) -> None:
    profile = HubProfile.objects.order_by("pk").first() or HubProfile()
    profile.name = demo.name
    profile.language = demo.language
    profile.country = demo.country
    profile.time_zone = demo.time_zone
    profile.currency = demo.currency
    profile.region = home
    profile.address = demo.address
    profile.email = demo.email
    profile.phone = demo.phone
    profile.website = demo.website
    for language in LANGUAGES:
        setattr(profile, f"introduction_{language}", demo.introduction.get(language, ""))
    profile.save()
    # The first-run operation made from the settings is not part of the story.
    Operation.objects.exclude(name__in=[o.name for o in demo.operations]).filter(funder="").delete()


def _operation(demo: DemoOperation) -> None:
    start, end = demo.start, demo.end
    if demo.current:
        # The demo's events are around today, whenever it is loaded; so is its current operation.
        today = timezone.localdate()
        start, end = min(start, today - timedelta(days=400)), max(end, today + timedelta(days=365))
    operation, created = Operation.objects.get_or_create(
        name=demo.name,
        defaults={
            "funder": demo.funder,
            "programme": demo.programme,
            "priority_axis": demo.priority_axis,
            "investment_priority": demo.investment_priority,
            "specific_objective": demo.specific_objective,
            "start": start,
            "end": end,
            "value": demo.value,
            "evidence_kept_until": demo.evidence_kept_until,
            **{name: name in demo.project for name in PROJECT_PROPERTIES},
            **{
                f"publicity_text_{language}": text for language, text in demo.publicity_text.items()
            },
        },
    )
    if not created:
        return
    _targets(operation, demo)
    for position, (path, description) in enumerate(demo.logos):
        found = finders.find(path)
        if found:
            logo = FunderLogo(operation=operation, description=description, position=position)
            logo.image.save(Path(found).name, ContentFile(Path(found).read_bytes()), save=True)


def _targets(operation: Operation, demo: DemoOperation) -> None:
    """The operation's funder template and what it promised, per indicator."""
    template = FunderTemplate.objects.filter(code=demo.template).first()
    if template is None:
        return
    operation.template = template
    operation.save(update_fields=["template"])
    indicators = {indicator.code: indicator for indicator in template.indicators.all()}
    year = timezone.localdate().year
    IndicatorTarget.objects.bulk_create(
        [
            IndicatorTarget(operation=operation, indicator=indicators[code], value=value)
            for code, value in demo.targets.items()
            if code in indicators
        ]
        + [
            IndicatorTarget(operation=operation, indicator=indicators[code], year=year, value=value)
            for code, value in demo.year_targets.items()
            if code in indicators
        ]
    )
