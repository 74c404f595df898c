"""Demo organisations: the NGOs, municipalities and companies of each demo hub's region, and the
hub's support to some of them. Loaded by ``manage.py load_demo`` after the places and fields."""

from __future__ import annotations

import random
from datetime import date, timedelta
from decimal import Decimal

from allauth.account.models import EmailAddress
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission
from django.utils import timezone
from stdnum.bg import vat as bg_vat
from stdnum.pl import nip as pl_nip
from stdnum.pl import regon as pl_regon
from stdnum.si import ddv as si_ddv
from stdnum.si import maticna as si_maticna

from hub.models import Country, FieldOfActivity, Municipality

from .models import (
    LegalForm,
    Membership,
    Organisation,
    Role,
    Sector,
    SizeClass,
    SupportKind,
    SupportRecord,
    VerificationStatus,
)
from .services import organisation_unique_slug

ASSOC, INST, FOUND, PUBLIC, COMPANY, OTHER = (
    LegalForm.ASSOCIATION,
    LegalForm.PRIVATE_INSTITUTE,
    LegalForm.FOUNDATION,
    LegalForm.PUBLIC_BODY,
    LegalForm.COMPANY,
    LegalForm.OTHER,
)

# (name, short name, sector, legal form, seat, fields (slugs), description), per demo hub
ORGANISATIONS = {
    "goriska": [
        # Goriška
        (
            "Društvo za življenje brez nasilja Nova Gorica",
            "DŽBN",
            Sector.CIVIL,
            ASSOC,
            "Nova Gorica",
            ["social-care", "human-rights"],
            "Svetovanje in zatočišče za žrtve nasilja v družini; skupine za samopomoč.",
        ),
        (
            "Mladinski center Ajdovščina",
            "MCA",
            Sector.CIVIL,
            INST,
            "Ajdovščina",
            ["youth", "education-and-lifelong-learning"],
            "Prostor za mlade: delavnice, izmenjave in prostovoljstvo.",
        ),
        (
            "Planinsko društvo Tolmin",
            "PD Tolmin",
            Sector.CIVIL,
            ASSOC,
            "Tolmin",
            ["sport", "environment-and-nature"],
            "Skrb za planinske poti in koče v Julijskih Alpah, vodeni izleti.",
        ),
        (
            "Društvo upokojencev Šempeter",
            "",
            Sector.CIVIL,
            ASSOC,
            "Šempeter-Vrtojba",
            ["social-care"],
            "Druženje, rekreacija in pomoč starejšim na domu.",
        ),
        (
            "Zavod za kulturo Brda",
            "",
            Sector.CIVIL,
            INST,
            "Brda",
            ["culture", "local-development"],
            "Festivali, razstave in kulturna dediščina Goriških brd.",
        ),
        (
            "Društvo prijateljev mladine Idrija",
            "DPM Idrija",
            Sector.CIVIL,
            ASSOC,
            "Idrija",
            ["youth", "social-care"],
            "Počitniške kolonije, otroški parlament in pomoč družinam.",
        ),
        (
            "Ekološko društvo Soča",
            "",
            Sector.CIVIL,
            ASSOC,
            "Kobarid",
            ["environment-and-nature"],
            "Čiščenje rečnih bregov, varstvo soške postrvi in izobraževanje o vodah.",
        ),
        (
            "Zveza prostovoljcev Vipava",
            "",
            Sector.CIVIL,
            ASSOC,
            "Vipava",
            ["social-care", "local-development"],
            "Povezuje prostovoljce in organizacije v Vipavski dolini.",
        ),
        (
            "Fundacija Žarek upanja",
            "",
            Sector.CIVIL,
            FOUND,
            "Nova Gorica",
            ["health", "social-care"],
            "Štipendije in podpora otrokom s kroničnimi boleznimi.",
        ),
        (
            "Kulturno društvo Cerkno",
            "KD Cerkno",
            Sector.CIVIL,
            ASSOC,
            "Cerkno",
            ["culture"],
            "Laufarija, pevski zbor in gledališka skupina.",
        ),
        (
            "Društvo gluhih in naglušnih Severne Primorske",
            "",
            Sector.CIVIL,
            ASSOC,
            "Nova Gorica",
            ["social-care", "human-rights"],
            "Tolmačenje v znakovni jezik in dostopnost za gluhe.",
        ),
        (
            "Športno društvo Kanal",
            "",
            Sector.CIVIL,
            ASSOC,
            "Kanal ob Soči",
            ["sport", "youth"],
            "Skoki z mostu, kajak in rekreacija za vse generacije.",
        ),
        (
            "Občina Nova Gorica",
            "",
            Sector.PUBLIC,
            PUBLIC,
            "Nova Gorica",
            ["local-development", "spatial-planning"],
            "Mestna občina, partner lokalnih partnerstev.",
        ),
        (
            "Zdravstveni dom Ajdovščina",
            "ZD Ajdovščina",
            Sector.PUBLIC,
            PUBLIC,
            "Ajdovščina",
            ["health"],
            "Osnovno zdravstvo in preventivni programi v skupnosti.",
        ),
        (
            "Osnovna šola Miren",
            "OŠ Miren",
            Sector.PUBLIC,
            PUBLIC,
            "Miren-Kostanjevica",
            ["education-and-lifelong-learning"],
            "Osnovna šola z dejavnostmi za lokalno skupnost.",
        ),
        (
            "Hiša vin Brda d.o.o.",
            "",
            Sector.PRIVATE,
            COMPANY,
            "Brda",
            ["local-development"],
            "Vinska klet, ki podpira lokalne kulturne dogodke.",
        ),
        (
            "Soške elektrarne Tolmin d.o.o.",
            "",
            Sector.PRIVATE,
            COMPANY,
            "Tolmin",
            ["environment-and-nature"],
            "Podjetje, ki sofinancira okoljske projekte ob Soči.",
        ),
        # Gorenjska
        (
            "Društvo za razvoj podeželja Škofja Loka",
            "",
            Sector.CIVIL,
            ASSOC,
            "Škofja Loka",
            ["local-development", "spatial-planning"],
            "Razvoj podeželja, lokalna hrana in tržnice.",
        ),
        (
            "Mladinski svet Kranj",
            "MSK",
            Sector.CIVIL,
            ASSOC,
            "Kranj",
            ["youth", "human-rights"],
            "Krovna mladinska organizacija mestne občine Kranj.",
        ),
        (
            "Društvo Šola zdravja Jesenice",
            "",
            Sector.CIVIL,
            ASSOC,
            "Jesenice",
            ["health", "sport"],
            "Jutranja telovadba na prostem za starejše.",
        ),
        (
            "Zavod Čebelarski center Gorenjske",
            "",
            Sector.CIVIL,
            INST,
            "Radovljica",
            ["environment-and-nature", "education-and-lifelong-learning"],
            "Čebelarstvo, opraševalci in izobraževanje otrok.",
        ),
        (
            "Gorska reševalna služba Bohinj",
            "GRS Bohinj",
            Sector.CIVIL,
            ASSOC,
            "Bohinj",
            ["health", "sport"],
            "Reševanje v gorah in preventiva.",
        ),
        (
            "Društvo žena in deklet Žiri",
            "",
            Sector.CIVIL,
            ASSOC,
            "Žiri",
            ["culture", "social-care"],
            "Klekljanje čipk, tečaji in pomoč sosedom.",
        ),
        (
            "Turistično društvo Kranjska Gora",
            "",
            Sector.CIVIL,
            ASSOC,
            "Kranjska Gora",
            ["local-development", "culture"],
            "Prireditve in urejanje kraja.",
        ),
        (
            "Zavod Ključ Tržič",
            "",
            Sector.CIVIL,
            INST,
            "Tržič",
            ["employment", "education-and-lifelong-learning"],
            "Zaposlitveni programi in usposabljanje brezposelnih.",
        ),
        (
            "Fundacija Živa Bled",
            "",
            Sector.CIVIL,
            FOUND,
            "Bled",
            ["environment-and-nature"],
            "Varstvo Blejskega jezera in okolice.",
        ),
        (
            "Društvo invalidov Železniki",
            "",
            Sector.CIVIL,
            ASSOC,
            "Železniki",
            ["social-care", "human-rights"],
            "Dostopnost, rekreacija in pravice invalidov.",
        ),
        (
            "Prostovoljno gasilsko društvo Šenčur",
            "PGD Šenčur",
            Sector.CIVIL,
            ASSOC,
            "Šenčur",
            ["other"],
            "Zaščita in reševanje, mladinski gasilci.",
        ),
        (
            "Ljudska univerza Škofja Loka",
            "",
            Sector.PUBLIC,
            PUBLIC,
            "Škofja Loka",
            ["education-and-lifelong-learning"],
            "Izobraževanje odraslih in medgeneracijsko učenje.",
        ),
        (
            "Občina Radovljica",
            "",
            Sector.PUBLIC,
            PUBLIC,
            "Radovljica",
            ["local-development"],
            "Občina, sofinancerka nevladnih programov.",
        ),
        (
            "Center za socialno delo Gorenjska",
            "CSD Gorenjska",
            Sector.PUBLIC,
            PUBLIC,
            "Kranj",
            ["social-care"],
            "Socialno varstvo, pomoč družinam in posameznikom.",
        ),
        (
            "Sava Turizem d.d.",
            "",
            Sector.PRIVATE,
            COMPANY,
            "Bled",
            ["local-development"],
            "Turistično podjetje s programi družbene odgovornosti.",
        ),
        (
            "Domel d.o.o.",
            "",
            Sector.PRIVATE,
            COMPANY,
            "Železniki",
            ["employment"],
            "Industrijsko podjetje, partner pri zaposlovanju mladih.",
        ),
        # Primorsko-notranjska
        (
            "Društvo Center za pomoč Postojna",
            "",
            Sector.CIVIL,
            ASSOC,
            "Postojna",
            ["social-care"],
            "Socialna pomoč, razdeljevanje hrane in svetovanje.",
        ),
        (
            "Notranjski ekološki center Cerknica",
            "NEC",
            Sector.CIVIL,
            ASSOC,
            "Cerknica",
            ["environment-and-nature", "education-and-lifelong-learning"],
            "Cerkniško jezero, naravovarstvo in doživljajski turizem.",
        ),
        (
            "Mladinsko društvo Pivka",
            "",
            Sector.CIVIL,
            ASSOC,
            "Pivka",
            ["youth"],
            "Mladinski klub, koncerti in neformalno izobraževanje.",
        ),
        (
            "Kulturno društvo Ilirska Bistrica",
            "",
            Sector.CIVIL,
            ASSOC,
            "Ilirska Bistrica",
            ["culture"],
            "Pustne šege, folklora in pevski zbori.",
        ),
        (
            "Zavod Znanje Postojna",
            "",
            Sector.CIVIL,
            INST,
            "Postojna",
            ["education-and-lifelong-learning", "culture"],
            "Kulturni dom, knjižnični programi in tečaji.",
        ),
        (
            "Društvo kmečkih žena Loška dolina",
            "",
            Sector.CIVIL,
            ASSOC,
            "Loška dolina",
            ["local-development", "culture"],
            "Lokalna hrana, rokodelstvo in kmečke tržnice.",
        ),
        (
            "Športno društvo Bloke",
            "",
            Sector.CIVIL,
            ASSOC,
            "Bloke",
            ["sport"],
            "Bloški smučarji in tekaški tečaji.",
        ),
        (
            "Občina Postojna",
            "",
            Sector.PUBLIC,
            PUBLIC,
            "Postojna",
            ["local-development", "spatial-planning"],
            "Občina, pobudnica lokalnega partnerstva za starejše.",
        ),
        (
            "Javni zavod Park Škocjanske jame",
            "",
            Sector.PUBLIC,
            PUBLIC,
            "Pivka",
            ["environment-and-nature", "culture"],
            "Upravljanje zavarovanega območja.",
        ),
        (
            "Postojnska jama d.d.",
            "",
            Sector.PRIVATE,
            COMPANY,
            "Postojna",
            ["local-development"],
            "Turistično podjetje, partner v lokalnih partnerstvih.",
        ),
        # More Slovene NGOs across the regions
        (
            "Društvo Ključ za boljši jutri",
            "",
            Sector.CIVIL,
            ASSOC,
            "Renče-Vogrsko",
            ["social-care", "youth"],
            "Učna pomoč otrokom in počitniško varstvo.",
        ),
        (
            "Zavod Škrlatica za trajnostni turizem",
            "",
            Sector.CIVIL,
            INST,
            "Gorje",
            ["environment-and-nature", "local-development"],
            "Trajnostna mobilnost in turizem v Julijskih Alpah.",
        ),
        (
            "Društvo Šmarnica za duševno zdravje",
            "",
            Sector.CIVIL,
            ASSOC,
            "Bovec",
            ["health", "social-care"],
            "Skupine za podporo in destigmatizacija duševnih motenj.",
        ),
        (
            "Medgeneracijsko društvo Žirovnica",
            "",
            Sector.CIVIL,
            ASSOC,
            "Žirovnica",
            ["social-care", "education-and-lifelong-learning"],
            "Medgeneracijska druženja, bralni krožki in računalniški tečaji.",
        ),
        (
            "Društvo za razvojno sodelovanje Naklo",
            "",
            Sector.CIVIL,
            ASSOC,
            "Naklo",
            ["development-cooperation"],
            "Partnerstva s skupnostmi v Zahodni Afriki.",
        ),
        (
            "Zavod za pravično družbo Preddvor",
            "",
            Sector.CIVIL,
            INST,
            "Preddvor",
            ["human-rights"],
            "Brezplačna pravna pomoč in zagovorništvo.",
        ),
    ],
    "ruse": [
        # Ruse district, Bulgaria
        (
            "Клуб „Отворено общество“ – Русе",
            "КОО Русе",
            Sector.CIVIL,
            ASSOC,
            "Русе",
            ["human-rights", "local-development"],
            "Гражданско участие, прозрачност и местни партньорства.",
        ),
        (
            "Сдружение „Младежки алианс Русе“",
            "",
            Sector.CIVIL,
            ASSOC,
            "Русе",
            ["youth", "education-and-lifelong-learning"],
            "Младежки обмени и доброволчество.",
        ),
        (
            "Фондация „Живот за всички“",
            "",
            Sector.CIVIL,
            FOUND,
            "Русе",
            ["health", "social-care"],
            "Подкрепа за хора с увреждания и техните семейства.",
        ),
        (
            "Читалище „Зора – 1870“",
            "",
            Sector.CIVIL,
            OTHER,
            "Бяла",
            ["culture", "education-and-lifelong-learning"],
            "Библиотека, самодейни състави и курсове.",
        ),
        (
            "Сдружение „Зелен Дунав“",
            "",
            Sector.CIVIL,
            ASSOC,
            "Русе",
            ["environment-and-nature"],
            "Опазване на природата по поречието на Дунав.",
        ),
        (
            "Асоциация на жените от Борово",
            "",
            Sector.CIVIL,
            ASSOC,
            "Борово",
            ["social-care", "employment"],
            "Заетост и обучение на жени в селските райони.",
        ),
        (
            "Читалище „Просвета“ – Ветово",
            "",
            Sector.CIVIL,
            OTHER,
            "Ветово",
            ["culture"],
            "Танцови състави и празници.",
        ),
        (
            "Спортен клуб „Дунав“ – Сливо поле",
            "",
            Sector.CIVIL,
            ASSOC,
            "Сливо поле",
            ["sport", "youth"],
            "Футбол и лека атлетика за деца.",
        ),
        (
            "Община Русе",
            "",
            Sector.PUBLIC,
            PUBLIC,
            "Русе",
            ["local-development", "spatial-planning"],
            "Общинска администрация.",
        ),
        (
            "Регионална здравна инспекция Русе",
            "РЗИ Русе",
            Sector.PUBLIC,
            PUBLIC,
            "Русе",
            ["health"],
            "Профилактика и обществено здраве.",
        ),
        (
            "Русенски университет „Ангел Кънчев“",
            "",
            Sector.PUBLIC,
            PUBLIC,
            "Русе",
            ["education-and-lifelong-learning"],
            "Университет, партньор в проекти за развитие.",
        ),
        (
            "Дунав Мост ЕООД",
            "",
            Sector.PRIVATE,
            COMPANY,
            "Русе",
            ["local-development"],
            "Логистична фирма, спонсор на местни каузи.",
        ),
    ],
    "gdansk": [
        (
            "Gdańska Fundacja Innowacji Społecznej",
            "GFIS",
            Sector.CIVIL,
            FOUND,
            "Gdańsk",
            ["local-development", "employment"],
            "Inkubator organizacji pozarządowych, ekonomii społecznej i partnerstw lokalnych.",
        ),
        (
            "Stowarzyszenie Sąsiedzi z Oruni",
            "",
            Sector.CIVIL,
            ASSOC,
            "Gdańsk",
            ["local-development", "social-care"],
            "Świetlica sąsiedzka, rada dzielnicy i festyny na Oruni.",
        ),
        (
            "Fundacja Zielona Motława",
            "",
            Sector.CIVIL,
            FOUND,
            "Pruszcz Gdański",
            ["environment-and-nature", "education-and-lifelong-learning"],
            "Sprzątanie brzegów rzek, edukacja ekologiczna i ogrody społeczne.",
        ),
        (
            "Stowarzyszenie Wolontariuszy Gdynia",
            "",
            Sector.CIVIL,
            ASSOC,
            "Gdynia",
            ["social-care", "youth"],
            "Wolontariat młodzieży i seniorów w szpitalach, szkołach i hospicjach.",
        ),
        (
            "Klub Sportowy Zatoka Sopot",
            "KS Zatoka",
            Sector.CIVIL,
            ASSOC,
            "Sopot",
            ["sport", "youth"],
            "Żeglarstwo i siatkówka plażowa dla dzieci z sopockich szkół.",
        ),
        (
            "Stowarzyszenie Kobiet Kaszubskich",
            "",
            Sector.CIVIL,
            ASSOC,
            "Kartuzy",
            ["culture", "local-development"],
            "Haft kaszubski, język kaszubski i lokalne tradycje kulinarne.",
        ),
        (
            "Fundacja Pomorska Pomoc Seniorom",
            "",
            Sector.CIVIL,
            FOUND,
            "Tczew",
            ["social-care", "health"],
            "Telefon zaufania, wolontariusze u seniorów i zajęcia ruchowe.",
        ),
        (
            "Towarzystwo Przyjaciół Dzieci Wejherowo",
            "TPD Wejherowo",
            Sector.CIVIL,
            ASSOC,
            "Wejherowo",
            ["youth", "social-care"],
            "Świetlice środowiskowe i kolonie letnie dla dzieci.",
        ),
        (
            "Stowarzyszenie Prawa Człowieka Pomorze",
            "",
            Sector.CIVIL,
            ASSOC,
            "Gdańsk",
            ["human-rights"],
            "Bezpłatne porady prawne i rzecznictwo w sprawach lokatorskich.",
        ),
        (
            "Urząd Miejski w Gdańsku",
            "",
            Sector.PUBLIC,
            PUBLIC,
            "Gdańsk",
            ["local-development", "spatial-planning"],
            "Samorząd miasta, partner programu współpracy z organizacjami pozarządowymi.",
        ),
        (
            "Miejski Ośrodek Pomocy Społecznej w Sopocie",
            "MOPS Sopot",
            Sector.PUBLIC,
            PUBLIC,
            "Sopot",
            ["social-care"],
            "Pomoc społeczna i wsparcie rodzin, partner projektów sąsiedzkich.",
        ),
        (
            "Bałtycka Logistyka sp. z o.o.",
            "",
            Sector.PRIVATE,
            COMPANY,
            "Gdynia",
            ["local-development"],
            "Firma logistyczna wspierająca wolontariat pracowniczy.",
        ),
    ],
}

PENDING = {
    "goriska": [
        ("Društvo ljubiteljev narave Jezersko", Sector.CIVIL, ASSOC, "Jezersko"),
        ("Kolesarsko društvo Cerklje", Sector.CIVIL, ASSOC, "Cerklje na Gorenjskem"),
        ("Zavod Mreža znanja Gorenja vas", Sector.CIVIL, INST, "Gorenja vas-Poljane"),
        ("Društvo Soški ribiči Kobarid", Sector.CIVIL, ASSOC, "Kobarid"),
    ],
    "ruse": [
        ("Сдружение „Бъдеще за Иваново“", Sector.CIVIL, ASSOC, "Иваново"),
        ("Сдружение „Две могили – природа“", Sector.CIVIL, ASSOC, "Две могили"),
    ],
    "gdansk": [
        ("Stowarzyszenie Rowerowe Żukowo", Sector.CIVIL, ASSOC, "Żukowo"),
        ("Fundacja Morze Możliwości Puck", Sector.CIVIL, FOUND, "Puck"),
    ],
}

SUPPORT_TOPICS = {
    "goriska": [
        (SupportKind.MENTORING, "Priprava prijave na javni razpis"),
        (SupportKind.COUNSELLING, "Pravno svetovanje: sprememba statuta"),
        (SupportKind.ADVICE, "Računovodstvo za društva"),
        (SupportKind.MENTORING, "Strateški načrt organizacije"),
        (SupportKind.COUNSELLING, "Pridobitev statusa v javnem interesu"),
        (SupportKind.ADVICE, "Komuniciranje z javnostmi in družbena omrežja"),
        (SupportKind.MENTORING, "Vodenje prostovoljcev"),
    ],
    "ruse": [
        (SupportKind.MENTORING, "Подготовка на проектно предложение"),
        (SupportKind.COUNSELLING, "Правна консултация: промени в устава"),
        (SupportKind.ADVICE, "Счетоводство на сдруженията"),
        (SupportKind.MENTORING, "Стратегически план на организацията"),
        (SupportKind.ADVICE, "Работа с доброволци"),
    ],
    "gdansk": [
        (SupportKind.MENTORING, "Przygotowanie wniosku o dotację"),
        (SupportKind.COUNSELLING, "Porada prawna: zmiana statutu"),
        (SupportKind.ADVICE, "Księgowość stowarzyszeń"),
        (SupportKind.MENTORING, "Plan strategiczny organizacji"),
        (SupportKind.COUNSELLING, "Status organizacji pożytku publicznego"),
        (SupportKind.ADVICE, "Współpraca z wolontariuszami"),
    ],
}

# The password of every demo account; README and ``load_demo``'s last lines name the accounts.
DEMO_PASSWORD = "demo-password"  # noqa: S105 - a demo account, published in the README

# Per hub: the staff member who verifies and supports, an NGO member to try the dashboard with,
# and the coordinator who follows the indicators and asks for funder reports.
PEOPLE = {
    "goriska": (
        ("svetovalka@sticisce.localhost", "Maja", "Kovačič"),
        ("clan@example.org", "Ana", "Žagar"),
        ("koordinator@sticisce.localhost", "Tomaž", "Bizjak"),
    ),
    "ruse": (
        ("konsultant@ruse-hub.localhost", "Десислава", "Петрова"),
        ("chlen@example.org", "Георги", "Колев"),
        ("koordinator@ruse-hub.localhost", "Николай", "Димитров"),
    ),
    "gdansk": (
        ("doradczyni@gdansk-hub.localhost", "Magdalena", "Formela"),
        ("czlonek@example.org", "Piotr", "Wiśniewski"),
        ("koordynator@gdansk-hub.localhost", "Tomasz", "Kowalczyk"),
    ),
}

# The demo's staff group: every permission of the portal's own apps, so the staff account can
# do all that the admin offers; changing accounts stays with a superuser.
STAFF_GROUP = "Hub staff"
STAFF_APPS = [
    "hub",
    "organisations",
    "events",
    "calls",
    "partnerships",
    "advocacy",
    "imports",
    "reports",
]


def demo_accounts(hub: str) -> list[tuple[str, str, str]]:
    """(who, e-mail address, the URL name of where they start) for ``load_demo`` to print."""
    staff, member, coordinator = PEOPLE[hub]
    return [
        ("staff", staff[0], "admin:index"),
        ("coordinator", coordinator[0], "reports:dashboard"),
        ("NGO member", member[0], "organisations:dashboard"),
    ]


PHONES = {
    Country.SLOVENIA: "+386 5 330 00 {:02d}",
    Country.BULGARIA: "+359 82 800 {:03d}",
    Country.POLAND: "+48 58 300 00 {:02d}",
}


def _si_numbers(rng: random.Random) -> tuple[str, str]:
    while True:
        base = f"{rng.randrange(100000, 999999)}"
        check = si_maticna.calc_check_digit(base)
        if check != "invalid":
            break
    while True:
        tax = f"{rng.randrange(1000000, 9999999)}"
        tax += si_ddv.calc_check_digit(tax)
        if si_ddv.is_valid(tax):
            break
    return base + check, tax  # the compact form every number is stored in


def _bg_number(rng: random.Random) -> str:
    base = f"{rng.randrange(10000000, 99999999)}"
    return base + bg_vat.calc_check_digit_legal(base)


NIP_WEIGHTS = (6, 5, 7, 2, 3, 4, 5, 6, 7)


def _pl_numbers(rng: random.Random) -> tuple[str, str]:
    while True:
        regon = f"{rng.randrange(10000000, 99999999)}"
        regon += pl_regon.calc_check_digit(regon)
        nip = f"{rng.randrange(100000000, 999999999)}"
        check = str(sum(w * int(d) for w, d in zip(NIP_WEIGHTS, nip, strict=True)) % 11)
        if pl_regon.is_valid(regon) and pl_nip.is_valid(nip + check):
            return regon, nip + check


def _numbers(rng: random.Random, country: str) -> tuple[str, str]:
    if country == Country.BULGARIA:
        return _bg_number(rng), ""
    if country == Country.POLAND:
        return _pl_numbers(rng)
    return _si_numbers(rng)


def load(hub: str = "goriska") -> None:
    rng = random.Random(2026)
    now = timezone.now()
    municipalities = {m.name: m for m in Municipality.objects.select_related("region")}
    fields = {f.slug: f for f in FieldOfActivity.objects.all()}
    (staff_email, *staff_name), (member_email, *member_name), coordinator = PEOPLE[hub]
    staff = _user(staff_email, *staff_name, is_staff=True)
    staff_group, _created = Group.objects.get_or_create(name=STAFF_GROUP)
    staff_group.permissions.add(
        *Permission.objects.filter(content_type__app_label__in=STAFF_APPS).exclude(
            # Accounts are seen (and picked, e.g. a partnership's facilitator), not changed.
            content_type__app_label="hub",
            codename__in=["add_user", "change_user", "delete_user"],
        )
    )
    staff.groups.add(staff_group)
    coordinators, _created = Group.objects.get_or_create(name="Coordinators")
    coordinators.permissions.add(
        Permission.objects.get(content_type__app_label="reports", codename="view_reports")
    )
    _user(*coordinator).groups.add(coordinators)

    created: list[Organisation] = []
    for index, (name, short, sector, form, seat_name, field_slugs, description) in enumerate(
        ORGANISATIONS[hub]
    ):
        seat = municipalities[seat_name]
        registration_number, tax_number = _numbers(rng, seat.country)
        organisation, was_created = Organisation.objects.get_or_create(
            name=name,
            defaults={
                "short_name": short,
                "slug": organisation_unique_slug(name),
                "sector": sector,
                "legal_form": form,
                "country": seat.country,
                "registration_number": registration_number,
                "tax_number": tax_number,
                "seat": seat,
                "description": description,
                "website": f"https://example.org/{index + 1}",
                "email": f"info{index + 1}@example.org",
                "phone": PHONES[seat.country].format(index),
                "members": rng.randrange(8, 400) if sector == Sector.CIVIL else None,
                "employees": rng.randrange(0, 25),
                "volunteers": rng.randrange(0, 120) if sector == Sector.CIVIL else None,
                "founded_year": rng.randrange(1950, 2022),
                "public_interest": sector == Sector.CIVIL and rng.random() < 0.4,
                "verification_status": VerificationStatus.VERIFIED,
                "verified_by": staff,
                "verified_at": now - timedelta(days=rng.randrange(10, 700)),
                "has_potential": sector == Sector.CIVIL and rng.random() < 0.25,
                "last_confirmed_at": now - timedelta(days=rng.randrange(1, 500)),
            },
        )
        if not was_created:
            continue
        organisation.fields.set([fields[slug] for slug in field_slugs if slug in fields])
        neighbours = [m for m in municipalities.values() if m.region_id == seat.region_id]
        organisation.municipalities_served.set(
            [seat, *rng.sample(neighbours, k=min(2, len(neighbours)))]
        )
        created.append(organisation)

    for name, sector, form, seat_name in PENDING[hub]:
        seat = municipalities[seat_name]
        organisation, was_created = Organisation.objects.get_or_create(
            name=name,
            defaults={
                "slug": organisation_unique_slug(name),
                "sector": sector,
                "legal_form": form,
                "country": seat.country,
                "registration_number": _numbers(rng, seat.country)[0],
                "seat": seat,
                "description": "",
            },
        )
        if was_created:
            registrant = _user(f"{organisation.slug[:30]}@example.org", "", "")
            Membership.objects.get_or_create(
                user=registrant, organisation=organisation, defaults={"role": Role.ADMIN}
            )

    # A demo NGO member who keeps two profiles, to try the dashboard with.
    if created:
        member = _user(member_email, *member_name)
        Membership.objects.get_or_create(
            user=member, organisation=created[0], defaults={"role": Role.ADMIN}
        )
        Membership.objects.get_or_create(
            user=member, organisation=created[1], defaults={"role": Role.EDITOR}
        )

    civil = [o for o in created if o.sector == Sector.CIVIL]
    today = date.today()  # noqa: DTZ011 - the demo's dates need no time zone
    for organisation in rng.sample(civil, k=min(25, len(civil))):
        for _ in range(rng.randrange(1, 4)):
            kind, topic = rng.choice(SUPPORT_TOPICS[hub])
            SupportRecord.objects.create(
                organisation=organisation,
                kind=kind,
                topic=topic,
                date=today - timedelta(days=rng.randrange(1, 540)),
                hours=Decimal(rng.choice(["1.0", "1.5", "2.0", "3.0", "4.0"])),
                given_by=staff,
            )
    # Intensive mentoring of a few NGOs with potential: the 24 or 25 hours the hubs promise their
    # funders, in monthly sessions over the last year (and one NGO still on its way there).
    with_potential = [o for o in civil if o.has_potential][:4] if created else []
    mentoring = next(topic for kind, topic in SUPPORT_TOPICS[hub] if kind == SupportKind.MENTORING)
    if hub == "goriska" and created:
        # The ESF operation of 2015–2019: its mentoring and advice, as evidence of that period.
        for number, organisation in enumerate(rng.sample(civil, k=min(30, len(civil)))):
            for _visit in range(8 if number < 6 else 2):
                kind, topic = rng.choice(SUPPORT_TOPICS[hub])
                SupportRecord.objects.create(
                    organisation=organisation,
                    kind=SupportKind.MENTORING if number < 6 else kind,
                    topic=topic,
                    date=date(2016, 3, 1) + timedelta(days=rng.randrange(1200)),
                    hours=Decimal("3.5") if number < 6 else Decimal("2.0"),
                    given_by=staff,
                )
    for number, organisation in enumerate(with_potential):
        for month in range(8 if number < 3 else 4):
            SupportRecord.objects.create(
                organisation=organisation,
                kind=SupportKind.MENTORING,
                topic=mentoring,
                date=today - timedelta(days=30 * month + 3),
                hours=Decimal("3.5"),
                given_by=staff,
            )

    _entities(hub, created, staff)


def _entities(hub: str, created: list[Organisation], staff) -> None:
    """Enterprises sized by the hub's staff (the SMEs the ESF counts) and advice to some of them
    and to public bodies: the entities the ESF templates report, in the ESF operation's years
    for Goriška and in the last year and a half for every hub."""
    rng = random.Random(f"entities-{hub}")
    today = date.today()  # noqa: DTZ011 - the demo's dates need no time zone
    sizes = [SizeClass.SMALL, SizeClass.MICRO, SizeClass.MEDIUM, SizeClass.LARGE]
    companies = [o for o in created if o.sector == Sector.PRIVATE]
    for organisation, size in zip(companies, sizes, strict=False):
        organisation.size_class = size
        organisation.save(update_fields=["size_class"])
    public = [o for o in created if o.sector == Sector.PUBLIC]
    advice = [topic for kind, topic in SUPPORT_TOPICS[hub] if kind == SupportKind.ADVICE]
    for organisation in [*companies[:3], *public[:3]]:
        days = [today - timedelta(days=rng.randrange(1, 500))]
        if hub == "goriska":
            days.append(date(2016, 3, 1) + timedelta(days=rng.randrange(1200)))
        for day in days:
            SupportRecord.objects.create(
                organisation=organisation,
                kind=SupportKind.ADVICE,
                topic=rng.choice(advice),
                date=day,
                hours=Decimal("2.0"),
                given_by=staff,
            )


def _user(email: str, first_name: str, last_name: str, *, is_staff: bool = False):
    user, created = get_user_model().objects.get_or_create(
        email=email,
        defaults={"first_name": first_name, "last_name": last_name, "is_staff": is_staff},
    )
    if created:
        user.set_password(DEMO_PASSWORD)
        user.save(update_fields=["password"])
        EmailAddress.objects.get_or_create(
            user=user, email=email, defaults={"verified": True, "primary": True}
        )
    return user
