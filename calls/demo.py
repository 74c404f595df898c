"""Demo calls: about twenty calls of each demo hub's country, in its language, from the funders
NGOs there really apply to — open, upcoming and closed, each with its call document. Loaded by
``manage.py load_demo`` after the places, organisations and events; the hub's info day is linked
to the call it presents."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, time, timedelta
from decimal import Decimal
from zoneinfo import ZoneInfo

from django.core.files.base import ContentFile
from django.utils import timezone

import hub.demo as hub_demo
from events.models import Event, EventKind
from hub.models import FieldOfActivity, Region
from hub.text import ascii_slug

from .models import Call, CallDocument, Funder, FunderKind

EU, EEA, MINISTRY, MUNICIPALITY, FOUNDATION, COMPANY = (
    FunderKind.EU_FUND,
    FunderKind.EEA_NORWAY,
    FunderKind.MINISTRY,
    FunderKind.MUNICIPALITY,
    FunderKind.FOUNDATION,
    FunderKind.COMPANY,
)
NGO = ["civil"]
ASSOCIATIONS = ["association", "private_institute", "foundation"]


@dataclass(frozen=True)
class DemoCall:
    title: str
    funder: int  # index into the story's funders
    programme: str
    fields: list[str]
    opens: int  # days from today
    deadline: int
    max_grant: int
    min_grant: int = 0
    co_financing: int = 80
    home_region: bool = False  # only the hub's region, or the whole country
    legal_forms: tuple[str, ...] = ()


@dataclass(frozen=True)
class DemoCalls:
    currency: str
    funders: list[tuple[str, str, str]]  # name, kind, website
    summary: str  # "{funder}" and "{programme}" are filled in
    text: str
    document: str
    contact: str
    calls: list[DemoCall]


SLOVENIAN = DemoCalls(
    currency="EUR",
    funders=[
        ("Evropski socialni sklad plus", EU, "https://evropskasredstva.si"),
        (
            "Aktivni državljani – Sklad za NVO (EGP in Norveška)",
            EEA,
            "https://aktivni-drzavljani.si",
        ),
        (
            "Ministrstvo za javno upravo",
            MINISTRY,
            "https://www.gov.si/drzavni-organi/ministrstva/ministrstvo-za-javno-upravo/",
        ),
        (
            "Ministrstvo za delo, družino, socialne zadeve in enake možnosti",
            MINISTRY,
            "https://www.gov.si",
        ),
        ("Mestna občina Nova Gorica", MUNICIPALITY, "https://www.nova-gorica.si"),
        ("Občina Tolmin", MUNICIPALITY, "https://www.tolmin.si"),
        ("Občina Ajdovščina", MUNICIPALITY, "https://www.ajdovscina.si"),
        (
            "Fundacija za financiranje invalidskih in humanitarnih organizacij",
            FOUNDATION,
            "https://www.fiho.si",
        ),
        ("Fundacija za šport", FOUNDATION, "https://www.fundacijazasport.org"),
    ],
    summary="{funder} v programu »{programme}« sofinancira projekte nevladnih organizacij.",
    text=(
        "Prijavitelji oddajo prijavo v elektronski obliki z vsemi prilogami. Upravičeni stroški "
        "so stroški dela, storitev, materiala in potni stroški, nastali v obdobju izvajanja "
        "projekta. Prijave, prispele po roku, ne bodo obravnavane."
    ),
    document="Razpisna dokumentacija",
    contact="Vprašanja pošljite po e-pošti najpozneje 5 dni pred rokom.",
    calls=[
        DemoCall(
            "Krepitev zmogljivosti nevladnih organizacij 2027",
            0,
            "Razvoj NVO",
            ["other"],
            -20,
            4,
            60000,
            20000,
            85,
            legal_forms=ASSOCIATIONS,
        ),
        DemoCall(
            "Socialna vključenost ranljivih skupin",
            0,
            "Socialna vključenost",
            ["social-care"],
            -40,
            25,
            150000,
            50000,
            85,
        ),
        DemoCall(
            "Mladi na trgu dela",
            0,
            "Zaposljivost mladih",
            ["youth", "employment"],
            10,
            60,
            120000,
            30000,
            85,
        ),
        DemoCall(
            "Aktivni državljani: demokracija in participacija",
            1,
            "Demokracija, aktivno državljanstvo",
            ["human-rights"],
            -30,
            6,
            50000,
            10000,
            90,
            legal_forms=ASSOCIATIONS,
        ),
        DemoCall(
            "Aktivni državljani: zagovorništvo za okolje",
            1,
            "Okolje in podnebne spremembe",
            ["environment-and-nature"],
            -10,
            45,
            40000,
            10000,
            90,
        ),
        DemoCall(
            "Mali projekti za enakost spolov",
            1,
            "Enakost in vključevanje",
            ["human-rights", "social-care"],
            -200,
            -90,
            20000,
            5000,
            90,
        ),
        DemoCall(
            "Sofinanciranje delovanja nevladnih organizacij 2027",
            2,
            "Razvoj nevladnih organizacij",
            ["other"],
            -15,
            20,
            30000,
            5000,
            70,
        ),
        DemoCall(
            "Prostovoljske organizacije 2027",
            2,
            "Prostovoljstvo",
            ["social-care", "youth"],
            20,
            70,
            8000,
            1000,
            80,
        ),
        DemoCall(
            "Programi socialnega varstva 2027–2028",
            3,
            "Socialno varstvo",
            ["social-care"],
            -25,
            15,
            90000,
            10000,
            80,
        ),
        DemoCall(
            "Preprečevanje nasilja v družini",
            3,
            "Socialno varstvo",
            ["social-care", "human-rights"],
            -300,
            -240,
            40000,
            5000,
            80,
        ),
        DemoCall(
            "Javni razpis za društva na področju kulture 2027",
            4,
            "Kultura",
            ["culture"],
            -12,
            2,
            15000,
            500,
            70,
            home_region=True,
        ),
        DemoCall(
            "Javni razpis za šport v Mestni občini Nova Gorica 2027",
            4,
            "Šport",
            ["sport"],
            -5,
            30,
            20000,
            500,
            70,
            home_region=True,
        ),
        DemoCall(
            "Mladinski projekti Nove Gorice",
            4,
            "Mladina",
            ["youth"],
            15,
            50,
            6000,
            500,
            70,
            home_region=True,
        ),
        DemoCall(
            "Turistična in razvojna društva Občine Tolmin",
            5,
            "Lokalni razvoj",
            ["local-development"],
            -20,
            12,
            8000,
            300,
            60,
            home_region=True,
        ),
        DemoCall(
            "Humanitarni programi v Občini Tolmin",
            5,
            "Socialno varstvo",
            ["social-care"],
            -150,
            -100,
            5000,
            300,
            60,
            home_region=True,
        ),
        DemoCall(
            "Programi društev upokojencev v Občini Ajdovščina",
            6,
            "Socialno varstvo",
            ["social-care", "health"],
            -8,
            40,
            4000,
            200,
            60,
            home_region=True,
        ),
        DemoCall(
            "Okoljski projekti v Vipavski dolini",
            6,
            "Okolje",
            ["environment-and-nature"],
            30,
            90,
            10000,
            1000,
            70,
            home_region=True,
        ),
        DemoCall(
            "Programi invalidskih organizacij 2027",
            7,
            "Invalidske organizacije",
            ["social-care", "health"],
            -35,
            9,
            60000,
            5000,
            100,
        ),
        DemoCall(
            "Humanitarne organizacije 2027",
            7,
            "Humanitarne organizacije",
            ["social-care"],
            -400,
            -330,
            50000,
            5000,
            100,
        ),
        DemoCall(
            "Šport za vse 2027",
            8,
            "Športna rekreacija",
            ["sport", "health"],
            -18,
            22,
            12000,
            1000,
            50,
        ),
    ],
)

BULGARIAN = DemoCalls(
    currency="EUR",
    funders=[
        ("Европейски социален фонд плюс", EU, "https://www.eufunds.bg"),
        ("Фонд „Активни граждани България“ (ЕИП и Норвегия)", EEA, "https://activecitizensfund.bg"),
        ("Министерство на труда и социалната политика", MINISTRY, "https://www.mlsp.government.bg"),
        ("Министерство на младежта и спорта", MINISTRY, "https://mpes.government.bg"),
        ("Община Русе", MUNICIPALITY, "https://www.ruse-bg.eu"),
        ("Община Бяла", MUNICIPALITY, "https://byala.bg"),
        ("Фондация „Работилница за граждански инициативи“", FOUNDATION, "https://wcif-bg.org"),
        ("Фондация „Америка за България“", FOUNDATION, "https://us4bg.org"),
    ],
    summary="{funder} по програма „{programme}“ финансира проекти на неправителствени организации.",
    text=(
        "Кандидатите подават проектното предложение електронно, с всички приложения. Допустими "
        "са разходите за персонал, услуги, материали и пътувания по време на изпълнението на "
        "проекта. Предложения, получени след крайния срок, не се разглеждат."
    ),
    document="Насоки за кандидатстване",
    contact="Въпроси се изпращат по имейл до 5 дни преди крайния срок.",
    calls=[
        DemoCall(
            "Укрепване на капацитета на гражданските организации",
            0,
            "Развитие на човешките ресурси",
            ["other"],
            -20,
            4,
            100000,
            25000,
            90,
            legal_forms=ASSOCIATIONS,
        ),
        DemoCall(
            "Социално включване на уязвими групи",
            0,
            "Развитие на човешките ресурси",
            ["social-care"],
            -40,
            25,
            200000,
            50000,
            90,
        ),
        DemoCall(
            "Младежка заетост",
            0,
            "Развитие на човешките ресурси",
            ["youth", "employment"],
            10,
            60,
            150000,
            30000,
            90,
        ),
        DemoCall(
            "Гражданско участие и демокрация",
            1,
            "Активни граждани",
            ["human-rights"],
            -30,
            6,
            60000,
            10000,
            90,
            legal_forms=ASSOCIATIONS,
        ),
        DemoCall(
            "Защита на околната среда чрез гражданско действие",
            1,
            "Активни граждани",
            ["environment-and-nature"],
            -10,
            45,
            50000,
            10000,
            90,
        ),
        DemoCall(
            "Малки грантове за равнопоставеност",
            1,
            "Активни граждани",
            ["human-rights", "social-care"],
            -200,
            -90,
            20000,
            5000,
            90,
        ),
        DemoCall(
            "Социални услуги в общността",
            2,
            "Социално подпомагане",
            ["social-care"],
            -15,
            20,
            40000,
            5000,
            80,
        ),
        DemoCall(
            "Доброволчество в социалната сфера",
            2,
            "Социално подпомагане",
            ["social-care", "youth"],
            20,
            70,
            10000,
            1000,
            80,
        ),
        DemoCall(
            "Национална програма за младежта 2027",
            3,
            "Младежки дейности",
            ["youth"],
            -25,
            15,
            25000,
            5000,
            80,
        ),
        DemoCall(
            "Спорт за деца в риск",
            3,
            "Спорт за всички",
            ["sport", "youth"],
            -300,
            -240,
            15000,
            2000,
            80,
        ),
        DemoCall(
            "Програма за култура на Община Русе 2027",
            4,
            "Култура",
            ["culture"],
            -12,
            2,
            10000,
            500,
            70,
            home_region=True,
        ),
        DemoCall(
            "Младежки инициативи на Община Русе",
            4,
            "Младежи",
            ["youth"],
            -5,
            30,
            5000,
            500,
            70,
            home_region=True,
        ),
        DemoCall(
            "Зелен Русе: граждански проекти",
            4,
            "Околна среда",
            ["environment-and-nature"],
            15,
            50,
            8000,
            500,
            70,
            home_region=True,
        ),
        DemoCall(
            "Местно развитие на Община Бяла",
            5,
            "Местно развитие",
            ["local-development"],
            -20,
            12,
            6000,
            300,
            60,
            home_region=True,
        ),
        DemoCall(
            "Социални дейности в Община Бяла",
            5,
            "Социални дейности",
            ["social-care"],
            -150,
            -100,
            4000,
            300,
            60,
            home_region=True,
        ),
        DemoCall(
            "Общностни фондации и местна филантропия",
            6,
            "Развитие на общности",
            ["local-development"],
            -8,
            40,
            15000,
            2000,
            90,
        ),
        DemoCall(
            "Читалищата като центрове на общността",
            6,
            "Развитие на общности",
            ["culture", "education-and-lifelong-learning"],
            30,
            90,
            10000,
            1000,
            90,
        ),
        DemoCall(
            "Образование за всяко дете",
            7,
            "Образование",
            ["education-and-lifelong-learning"],
            -35,
            9,
            80000,
            10000,
            100,
        ),
        DemoCall(
            "Гражданско общество и медии",
            7,
            "Гражданско общество",
            ["human-rights"],
            -400,
            -330,
            60000,
            10000,
            100,
        ),
        DemoCall(
            "Здравни инициативи в общността", 7, "Здраве", ["health"], -18, 22, 30000, 5000, 100
        ),
    ],
)

POLISH = DemoCalls(
    currency="PLN",
    funders=[
        (
            "Fundusze Europejskie dla Pomorza 2021–2027 (EFS+)",
            EU,
            "https://funduszeue.pomorskie.eu",
        ),
        (
            "Aktywni Obywatele – Fundusz Regionalny (EOG i Norwegia)",
            EEA,
            "https://aktywniobywatele-regionalny.org.pl",
        ),
        ("Narodowy Instytut Wolności – Program NOWEFIO", MINISTRY, "https://niw.gov.pl"),
        (
            "Ministerstwo Rodziny, Pracy i Polityki Społecznej",
            MINISTRY,
            "https://www.gov.pl/web/rodzina",
        ),
        ("Miasto Gdańsk", MUNICIPALITY, "https://www.gdansk.pl"),
        ("Gmina Miasta Gdyni", MUNICIPALITY, "https://www.gdynia.pl"),
        ("Fundacja Batorego", FOUNDATION, "https://www.batory.org.pl"),
        ("Fundacja Orlen", COMPANY, "https://fundacja.orlen.pl"),
    ],
    summary="{funder} w programie „{programme}” dofinansowuje projekty organizacji pozarządowych.",
    text=(
        "Wnioski składa się elektronicznie wraz ze wszystkimi załącznikami. Kosztami "
        "kwalifikowalnymi są koszty personelu, usług, materiałów i podróży poniesione w okresie "
        "realizacji projektu. Wnioski złożone po terminie nie będą rozpatrywane."
    ),
    document="Regulamin konkursu",
    contact="Pytania prosimy przesyłać e-mailem najpóźniej 5 dni przed terminem.",
    calls=[
        DemoCall(
            "Wzmocnienie potencjału organizacji pozarządowych",
            0,
            "Aktywne włączenie",
            ["other"],
            -20,
            4,
            400000,
            100000,
            85,
            legal_forms=ASSOCIATIONS,
        ),
        DemoCall(
            "Usługi społeczne w społecznościach lokalnych",
            0,
            "Usługi społeczne",
            ["social-care"],
            -40,
            25,
            800000,
            200000,
            85,
        ),
        DemoCall(
            "Aktywizacja zawodowa młodzieży",
            0,
            "Rynek pracy",
            ["youth", "employment"],
            10,
            60,
            600000,
            100000,
            85,
        ),
        DemoCall(
            "Zaangażowanie obywatelskie w regionie",
            1,
            "Aktywni Obywatele",
            ["human-rights"],
            -30,
            6,
            200000,
            40000,
            90,
            legal_forms=ASSOCIATIONS,
        ),
        DemoCall(
            "Działania na rzecz klimatu i środowiska",
            1,
            "Aktywni Obywatele",
            ["environment-and-nature"],
            -10,
            45,
            150000,
            40000,
            90,
        ),
        DemoCall(
            "Małe granty na równość",
            1,
            "Aktywni Obywatele",
            ["human-rights", "social-care"],
            -200,
            -90,
            80000,
            20000,
            90,
        ),
        DemoCall(
            "NOWEFIO 2027: inicjatywy obywatelskie",
            2,
            "NOWEFIO",
            ["other"],
            -15,
            20,
            100000,
            20000,
            90,
        ),
        DemoCall(
            "Korpus Solidarności: wolontariat długoterminowy",
            2,
            "Korpus Solidarności",
            ["youth", "social-care"],
            20,
            70,
            60000,
            10000,
            90,
        ),
        DemoCall(
            "Asystent osobisty osoby z niepełnosprawnością",
            3,
            "Program resortowy",
            ["social-care", "health"],
            -25,
            15,
            300000,
            50000,
            100,
        ),
        DemoCall(
            "Senior+ 2026", 3, "Program wieloletni", ["social-care"], -300, -240, 200000, 20000, 80
        ),
        DemoCall(
            "Gdańsk: konkurs na zadania z zakresu kultury 2027",
            4,
            "Kultura",
            ["culture"],
            -12,
            2,
            50000,
            2000,
            80,
            home_region=True,
        ),
        DemoCall(
            "Gdańsk: sport dzieci i młodzieży",
            4,
            "Sport",
            ["sport", "youth"],
            -5,
            30,
            80000,
            2000,
            80,
            home_region=True,
        ),
        DemoCall(
            "Gdańsk: Budżet Obywatelski – projekty miękkie",
            4,
            "Rozwój lokalny",
            ["local-development"],
            15,
            50,
            30000,
            2000,
            90,
            home_region=True,
        ),
        DemoCall(
            "Gdynia: pomoc społeczna i integracja",
            5,
            "Pomoc społeczna",
            ["social-care"],
            -20,
            12,
            60000,
            2000,
            80,
            home_region=True,
        ),
        DemoCall(
            "Gdynia: ekologia i ochrona zwierząt",
            5,
            "Ekologia",
            ["environment-and-nature"],
            -150,
            -100,
            20000,
            1000,
            80,
            home_region=True,
        ),
        DemoCall(
            "Regranting dla lokalnych organizacji",
            6,
            "Demokracja w działaniu",
            ["human-rights"],
            -8,
            40,
            100000,
            20000,
            100,
        ),
        DemoCall(
            "Obywatele dla demokracji lokalnej",
            6,
            "Demokracja w działaniu",
            ["human-rights", "local-development"],
            30,
            90,
            150000,
            20000,
            100,
        ),
        DemoCall(
            "Moje miejsce na Ziemi",
            7,
            "Program grantowy",
            ["local-development", "culture"],
            -35,
            9,
            50000,
            5000,
            100,
        ),
        DemoCall(
            "Zdrowie w społeczności lokalnej",
            7,
            "Program grantowy",
            ["health"],
            -400,
            -330,
            40000,
            5000,
            100,
        ),
        DemoCall(
            "Edukacja przyrodnicza dla szkół",
            7,
            "Program grantowy",
            ["education-and-lifelong-learning", "environment-and-nature"],
            -18,
            22,
            30000,
            5000,
            100,
        ),
    ],
)

STORIES = {"goriska": SLOVENIAN, "ruse": BULGARIAN, "gdansk": POLISH}


def _pdf(title: str) -> bytes:
    """A one-page PDF naming the call, as a call's documentation would open."""
    text = ascii_slug(title).replace("-", " ")[:80]
    stream = f"BT /F1 14 Tf 72 770 Td ({text}) Tj ET".encode()
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R "
        b"/Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Length %d >>\nstream\n" % len(stream) + stream + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objects) + 1,
        xref,
    )
    return bytes(out)


def load(hub: str = "goriska") -> None:
    story = STORIES[hub]
    demo_hub = hub_demo.story(hub)
    zone = ZoneInfo(demo_hub.time_zone)
    home = Region.objects.get(slug=hub_demo.home_region_slug(hub))
    fields = {f.slug: f for f in FieldOfActivity.objects.all()}
    today = timezone.localdate()
    funders = []
    for name, kind, website in story.funders:
        funder, _ = Funder.objects.get_or_create(
            slug=ascii_slug(name)[:120], defaults={"name": name, "kind": kind, "website": website}
        )
        funders.append(funder)
    created = []
    for demo in story.calls:
        funder = funders[demo.funder]
        opens = datetime.combine(today + timedelta(days=demo.opens), time(8), tzinfo=zone)
        deadline = datetime.combine(today + timedelta(days=demo.deadline), time(12), tzinfo=zone)
        call, new = Call.objects.get_or_create(
            slug=ascii_slug(demo.title)[:200],
            defaults={
                "funder": funder,
                "programme": demo.programme,
                "title": demo.title,
                "summary": story.summary.format(funder=funder.name, programme=demo.programme),
                "text": story.text,
                "language": demo_hub.language,
                "sectors": NGO,
                "legal_forms": list(demo.legal_forms),
                "country": home.country,
                "currency": story.currency,
                "total_budget": Decimal(demo.max_grant * 10),
                "min_grant": Decimal(demo.min_grant) if demo.min_grant else None,
                "max_grant": Decimal(demo.max_grant),
                "co_financing": Decimal(demo.co_financing),
                "opens": opens,
                "deadline": deadline,
                "time_zone": demo_hub.time_zone,
                "official_url": funder.website,
                "contact": story.contact,
                "is_published": True,
                "published_at": min(opens, timezone.now()),
            },
        )
        if not new:
            continue
        created.append(call)
        call.fields.set([fields[slug] for slug in demo.fields if slug in fields])
        if demo.home_region:
            call.regions.set([home])
        CallDocument.objects.create(
            call=call,
            title=story.document,
            file=ContentFile(_pdf(demo.title), name=f"{call.slug}.pdf"),
        )
    # The hub's info days present the calls open now.
    open_calls = [c for c in created if c.opens <= timezone.now() < c.deadline]
    info_days = Event.objects.filter(kind=EventKind.INFO_DAY, call__isnull=True).order_by("start")
    for event, call in zip(info_days, open_calls, strict=False):
        Event.objects.filter(pk=event.pk).update(call=call)
