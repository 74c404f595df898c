"""The four funder templates the hubs report to, and the coordinators' permission.

Staff edit the templates in the admin afterwards; this only seeds what is not there yet (by
template code), so running it against a database where staff changed a template changes nothing.
"""

from django.db import migrations

LANGUAGES = ("sl", "en", "bg", "pl")

# What each counting rule counts, in the four languages: label, then definition.
RULES = {
    "participants_cumulative": (
        {
            "sl": "Udeleženci, kumulativno",
            "en": "Participants, cumulative",
            "bg": "Участници, кумулативно",
            "pl": "Uczestnicy, narastająco",
        },
        {
            "sl": "Različne osebe, ki so se od začetka operacije do konca obdobja udeležile vsaj "
            "enega srečanja; vsaka šteje enkrat, z značilnostmi ob vstopu. Zapis brez "
            "obveznega podatka šteje le v skupno število.",
            "en": "Distinct people who attended at least one session from the operation's start "
            "to the end of the period; each counts once, with their characteristics at entry. "
            "A record missing an item counts in the grand total only.",
            "bg": "Отделни лица, присъствали на поне една сесия от началото на операцията до края "
            "на периода; всяко се брои веднъж, с данните при влизане. Запис без задължителен "
            "елемент се брои само в общия брой.",
            "pl": "Różne osoby, które od początku operacji do końca okresu uczestniczyły w co "
            "najmniej jednym spotkaniu; każda liczona raz, z danymi z chwili przystąpienia. "
            "Rekord bez wymaganej danej liczy się tylko w ogólnej liczbie.",
        },
    ),
    "participants_new": (
        {
            "sl": "Novi udeleženci",
            "en": "New participants",
            "bg": "Нови участници",
            "pl": "Nowi uczestnicy",
        },
        {
            "sl": "Različne osebe, katerih prvo obiskano srečanje je v obdobju (časovni pas "
            "stičišča). Prijava brez udeležbe ne šteje.",
            "en": "Distinct people whose first attended session falls in the period (the hub's "
            "time zone). A registration without attendance never counts.",
            "bg": "Отделни лица, чиято първа посетена сесия е в периода (часовата зона на "
            "центъра). Регистрация без присъствие не се брои.",
            "pl": "Różne osoby, których pierwsze spotkanie z obecnością przypada w okresie "
            "(strefa czasowa centrum). Zgłoszenie bez obecności się nie liczy.",
        },
    ),
    "participations": (
        {
            "sl": "Udeležbe",
            "en": "Participations",
            "bg": "Участия",
            "pl": "Udziały",
        },
        {
            "sl": "Pari oseba × srečanje z zabeleženo udeležbo v obdobju.",
            "en": "Person × session pairs with recorded attendance in the period.",
            "bg": "Двойки лице × сесия с отбелязано присъствие в периода.",
            "pl": "Pary osoba × spotkanie z odnotowaną obecnością w okresie.",
        },
    ),
    "trainings_held": (
        {
            "sl": "Izvedena usposabljanja",
            "en": "Trainings held",
            "bg": "Проведени обучения",
            "pl": "Przeprowadzone szkolenia",
        },
        {
            "sl": "Objavljena usposabljanja, ki so se začela v obdobju.",
            "en": "Published trainings that started in the period.",
            "bg": "Публикувани обучения, започнали в периода.",
            "pl": "Opublikowane szkolenia, które rozpoczęły się w okresie.",
        },
    ),
    "training_participants": (
        {
            "sl": "Udeleženci usposabljanj",
            "en": "Training participants",
            "bg": "Участници в обучения",
            "pl": "Uczestnicy szkoleń",
        },
        {
            "sl": "Različne osebe z zabeleženo udeležbo na usposabljanju v obdobju.",
            "en": "Distinct people with recorded attendance at a training in the period.",
            "bg": "Отделни лица с отбелязано присъствие на обучение в периода.",
            "pl": "Różne osoby z odnotowaną obecnością na szkoleniu w okresie.",
        },
    ),
    "training_participations": (
        {
            "sl": "Udeležbe na usposabljanjih",
            "en": "Training participations",
            "bg": "Участия в обучения",
            "pl": "Udziały w szkoleniach",
        },
        {
            "sl": "Udeležbe na usposabljanjih: oseba na treh usposabljanjih so tri udeležbe.",
            "en": "Attendances at trainings: one person at three trainings is three.",
            "bg": "Присъствия на обучения: едно лице на три обучения са три участия.",
            "pl": "Obecności na szkoleniach: jedna osoba na trzech szkoleniach to trzy udziały.",
        },
    ),
    "people_completed_training": (
        {
            "sl": "Osebe, ki so v celoti zaključile usposabljanje",
            "en": "People who fully completed a training",
            "bg": "Лица, завършили изцяло обучение",
            "pl": "Osoby, które w pełni ukończyły szkolenie",
        },
        {
            "sl": "Osebe, ki so se udeležile vseh obveznih srečanj večdnevnega usposabljanja, ki "
            "ga vodi NVO, z zadnjim srečanjem v obdobju; vsaka šteje enkrat. Vir: listine "
            "prisotnosti.",
            "en": "People who attended every required session of a CSO-led training lasting more "
            "than one day, whose last session is in the period; each counts once. Source: "
            "attendance sheets.",
            "bg": "Лица, присъствали на всички задължителни сесии на многодневно обучение, "
            "водено от НПО, с последна сесия в периода; всяко се брои веднъж. Източник: "
            "присъствени списъци.",
            "pl": "Osoby obecne na wszystkich wymaganych spotkaniach wielodniowego szkolenia "
            "prowadzonego przez organizację, z ostatnim spotkaniem w okresie; każda liczona raz. "
            "Źródło: listy obecności.",
        },
    ),
    "events_by_kind": (
        {
            "sl": "Dogodki po vrstah",
            "en": "Events by kind",
            "bg": "Събития по вид",
            "pl": "Wydarzenia według rodzaju",
        },
        {
            "sl": "Objavljeni dogodki, ki so se začeli v obdobju, po vrstah.",
            "en": "Published events that started in the period, by kind.",
            "bg": "Публикувани събития, започнали в периода, по вид.",
            "pl": "Opublikowane wydarzenia, które rozpoczęły się w okresie, według rodzaju.",
        },
    ),
    "municipalities_reached": (
        {
            "sl": "Zajete občine",
            "en": "Municipalities reached",
            "bg": "Обхванати общини",
            "pl": "Objęte gminy",
        },
        {
            "sl": "Občine, v katerih je bil v obdobju vsaj en dogodek.",
            "en": "Municipalities where at least one event was held in the period.",
            "bg": "Общини, в които е проведено поне едно събитие в периода.",
            "pl": "Gminy, w których w okresie odbyło się co najmniej jedno wydarzenie.",
        },
    ),
    "ngos_supported": (
        {
            "sl": "Podprte NVO",
            "en": "NGOs supported",
            "bg": "Подкрепени НПО",
            "pl": "Wsparte organizacje pozarządowe",
        },
        {
            "sl": "Različne organizacije civilnega sektorja z zapisom o podpori (mentorstvo, "
            "svetovanje) ali z osebo, ki se je v obdobju udeležila usposabljanja. Šteje le "
            "povezava prek članstva ali jo potrdi osebje, nikoli prosto vpisano ime.",
            "en": "Distinct civil-sector organisations with a support record (mentoring, "
            "counselling, advice) or with a person who attended a training in the period. Only "
            "a link made by membership or confirmed by staff counts, never a freely typed name.",
            "bg": "Отделни организации от гражданския сектор със запис за подкрепа "
            "(наставничество, консултация) или с лице, присъствало на обучение в периода. "
            "Брои се само връзка чрез членство или потвърдена от екипа, никога свободно "
            "въведено име.",
            "pl": "Różne organizacje sektora obywatelskiego z zapisem wsparcia (mentoring, "
            "doradztwo) lub z osobą obecną na szkoleniu w okresie. Liczy się tylko powiązanie "
            "przez członkostwo lub potwierdzone przez zespół, nigdy wpisana nazwa.",
        },
    ),
    "ngos_with_potential_supported": (
        {
            "sl": "Podprte NVO s potencialom",
            "en": "NGOs with potential supported",
            "bg": "Подкрепени НПО с потенциал",
            "pl": "Wsparte organizacje z potencjałem",
        },
        {
            "sl": "Podprte NVO (kot zgoraj), ki jih je stičišče označilo kot NVO s potencialom.",
            "en": "NGOs supported (as above) that the hub marked as NGOs with potential.",
            "bg": "Подкрепени НПО (както по-горе), отбелязани от центъра като НПО с потенциал.",
            "pl": "Wsparte organizacje (jak wyżej) oznaczone przez centrum jako organizacje z "
            "potencjałem.",
        },
    ),
    "ngos_with_potential_hours": (
        {
            "sl": "NVO s potencialom z intenzivnim mentorstvom",
            "en": "NGOs with potential in intensive mentoring",
            "bg": "НПО с потенциал с интензивно наставничество",
            "pl": "Organizacje z potencjałem objęte intensywnym mentoringiem",
        },
        {
            "sl": "NVO s potencialom, ki so od začetka operacije do konca obdobja prejele vsaj "
            "predpisano število ur mentorstva; vsaka šteje enkrat.",
            "en": "NGOs with potential that received at least the template's number of mentoring "
            "hours from the operation's start to the end of the period; each counts once.",
            "bg": "НПО с потенциал, получили поне определения брой часове наставничество от "
            "началото на операцията до края на периода; всяка се брои веднъж.",
            "pl": "Organizacje z potencjałem, które od początku operacji do końca okresu "
            "otrzymały co najmniej wymaganą liczbę godzin mentoringu; każda liczona raz.",
        },
    ),
    "organisations_completed_programme": (
        {
            "sl": "Organizacije, ki so zaključile program krepitve zmogljivosti",
            "en": "Organisations that completed a capacity programme",
            "bg": "Организации, завършили програма за укрепване на капацитета",
            "pl": "Organizacje, które ukończyły program wzmacniania potencjału",
        },
        {
            "sl": "Organizacije civilne družbe, katerih oseba je v obdobju zaključila program "
            "usposabljanja ali ki so v obdobju dosegle predpisane ure mentorstva; vsaka šteje "
            "enkrat.",
            "en": "Civil-society organisations whose person completed a training programme in the "
            "period, or that reached the template's mentoring hours in it; each counts once.",
            "bg": "Организации на гражданското общество, чието лице е завършило програма за "
            "обучение в периода или които са достигнали определените часове наставничество; "
            "всяка се брои веднъж.",
            "pl": "Organizacje społeczeństwa obywatelskiego, których przedstawiciel ukończył w "
            "okresie program szkoleniowy lub które osiągnęły w nim wymaganą liczbę godzin "
            "mentoringu; każda liczona raz.",
        },
    ),
    "support_hours": (
        {
            "sl": "Ure mentorstva in svetovanja",
            "en": "Mentoring and consultation hours",
            "bg": "Часове наставничество и консултации",
            "pl": "Godziny mentoringu i doradztwa",
        },
        {
            "sl": "Seštevek zabeleženih ur podpore organizacijam v obdobju, po vrstah podpore.",
            "en": "The sum of the hours of support to organisations logged in the period, by "
            "kind of support.",
            "bg": "Сборът от отбелязаните часове подкрепа за организации в периода, по вид.",
            "pl": "Suma godzin wsparcia organizacji odnotowanych w okresie, według rodzaju.",
        },
    ),
    "public_bodies_supported": (
        {
            "sl": "Neposredno podprti javni organi",
            "en": "Public bodies supported directly",
            "bg": "Пряко подкрепени публични органи",
            "pl": "Bezpośrednio wsparte podmioty publiczne",
        },
        {
            "sl": "Različne organizacije javnega sektorja, ki jim je stičišče v obdobju "
            "svetovalo ali katerih zaposleni so se udeležili usposabljanja.",
            "en": "Distinct public-sector organisations the hub advised in the period, or whose "
            "staff attended a training in it.",
            "bg": "Отделни организации от публичния сектор, консултирани от центъра в периода "
            "или чиито служители са присъствали на обучение.",
            "pl": "Różne organizacje sektora publicznego, którym centrum doradzało w okresie lub "
            "których pracownicy byli na szkoleniu.",
        },
    ),
    "partnerships_set_up": (
        {
            "sl": "Vzpostavljena partnerstva",
            "en": "Partnerships set up",
            "bg": "Създадени партньорства",
            "pl": "Utworzone partnerstwa",
        },
        {
            "sl": "Lokalna partnerstva, ki so se začela v obdobju.",
            "en": "Local partnerships that started in the period.",
            "bg": "Местни партньорства, започнали в периода.",
            "pl": "Partnerstwa lokalne, które rozpoczęły się w okresie.",
        },
    ),
    "cross_sector_partnerships": (
        {
            "sl": "Medsektorska partnerstva",
            "en": "Cross-sector partnerships",
            "bg": "Междусекторни партньорства",
            "pl": "Partnerstwa międzysektorowe",
        },
        {
            "sl": "Partnerstva, dejavna v obdobju, z vsaj enim dejavnim partnerjem iz vsakega "
            "od treh sektorjev ob koncu obdobja.",
            "en": "Partnerships running in the period with at least one active partner from each "
            "of the three sectors at its end.",
            "bg": "Партньорства, действащи в периода, с поне един активен партньор от всеки от "
            "трите сектора в края му.",
            "pl": "Partnerstwa działające w okresie z co najmniej jednym aktywnym partnerem z "
            "każdego z trzech sektorów na jego koniec.",
        },
    ),
    "partners_by_sector": (
        {
            "sl": "Partnerske organizacije po sektorjih",
            "en": "Partner organisations by sector",
            "bg": "Партньорски организации по сектори",
            "pl": "Organizacje partnerskie według sektora",
        },
        {
            "sl": "Različne organizacije, ki so v obdobju sodelovale v partnerstvih, po sektorjih.",
            "en": "Distinct organisations taking part in partnerships in the period, by sector.",
            "bg": "Отделни организации, участвали в партньорства в периода, по сектори.",
            "pl": "Różne organizacje uczestniczące w partnerstwach w okresie, według sektora.",
        },
    ),
    "outcomes_by_kind": (
        {
            "sl": "Rezultati partnerstev po vrstah",
            "en": "Partnership outcomes by kind",
            "bg": "Резултати от партньорствата по вид",
            "pl": "Rezultaty partnerstw według rodzaju",
        },
        {
            "sl": "Projektne zamisli, predlogi politik, skupne storitve in prijave, predložene v "
            "obdobju.",
            "en": "Project ideas, policy proposals, joint services and applications submitted in "
            "the period.",
            "bg": "Проектни идеи, предложения за политики, общи услуги и кандидатури, подадени "
            "в периода.",
            "pl": "Pomysły projektowe, propozycje polityk, wspólne usługi i wnioski złożone w "
            "okresie.",
        },
    ),
    "calls_published": (
        {
            "sl": "Objavljeni razpisi",
            "en": "Funding calls published",
            "bg": "Публикувани конкурси",
            "pl": "Opublikowane konkursy",
        },
        {
            "sl": "Razpisi, ki jih je stičišče objavilo na portalu v obdobju, po vrstah "
            "financerjev.",
            "en": "Funding calls the hub published on the portal in the period, by kind of funder.",
            "bg": "Конкурси, публикувани от центъра на портала в периода, по вид финансиращ.",
            "pl": "Konkursy opublikowane przez centrum w portalu w okresie, według rodzaju "
            "grantodawcy.",
        },
    ),
    "alerts_delivered": (
        {
            "sl": "Poslana obvestila o razpisih",
            "en": "Call alerts delivered",
            "bg": "Изпратени известия за конкурси",
            "pl": "Wysłane powiadomienia o konkursach",
        },
        {
            "sl": "Obvestila o novih razpisih in rokih, ki jih je poštni strežnik sprejel v "
            "obdobju.",
            "en": "Alerts about new calls and deadlines that the mail server accepted in the "
            "period.",
            "bg": "Известия за нови конкурси и срокове, приети от пощенския сървър в периода.",
            "pl": "Powiadomienia o nowych konkursach i terminach przyjęte przez serwer poczty w "
            "okresie.",
        },
    ),
}

ALL_ITEMS = ["age", "gender", "education", "employment"]
SPECIAL = ["disability", "minority", "foreign_background"]

# code, names (sl, en, bg, pl), entry items, threshold, indicators (code, rule, breakdowns, params)
TEMPLATES = [
    (
        "esf-2014-2020",
        (
            "ESS 2014–2020 (Uredba 1304/2013)",
            "ESF 2014–2020 (Regulation 1304/2013)",
            "ЕСФ 2014–2020 (Регламент 1304/2013)",
            "EFS 2014–2020 (rozporządzenie 1304/2013)",
        ),
        ALL_ITEMS + SPECIAL,
        5,
        [
            ("NVO-1", "ngos_supported", [], {}),
            ("NVO-2", "ngos_with_potential_hours", [], {"hours": 25}),
            ("NVO-3", "support_hours", [], {}),
            ("NVO-4", "trainings_held", [], {}),
            ("CO-P", "participants_cumulative", ALL_ITEMS + SPECIAL, {}),
            ("CO-N", "participants_new", ["gender", "age", "employment"], {}),
            ("NVO-5", "training_participations", [], {}),
            ("NVO-6", "partnerships_set_up", [], {}),
            ("NVO-7", "cross_sector_partnerships", [], {}),
        ],
    ),
    (
        "esf-plus-2021-2027",
        (
            "ESS+ 2021–2027 (Uredba 2021/1057)",
            "ESF+ 2021–2027 (Regulation 2021/1057)",
            "ЕСФ+ 2021–2027 (Регламент 2021/1057)",
            "EFS+ 2021–2027 (rozporządzenie 2021/1057)",
        ),
        ALL_ITEMS + SPECIAL,
        5,
        [
            ("EECO01", "participants_cumulative", ALL_ITEMS, {}),
            ("EECO01-N", "participants_new", ALL_ITEMS, {}),
            ("EECO12", "participants_cumulative", SPECIAL, {}),
            ("P-1", "participations", [], {}),
            ("P-2", "trainings_held", [], {}),
            ("P-3", "ngos_supported", [], {}),
            ("P-4", "partnerships_set_up", [], {}),
            ("P-5", "cross_sector_partnerships", [], {}),
            ("P-6", "partners_by_sector", [], {}),
        ],
    ),
    (
        "si-ngo-fund-2023-2027",
        (
            "Sklad za razvoj NVO (MJU) 2023–2027",
            "Slovene NGO Development Fund (MJU) 2023–2027",
            "Фонд за развитие на НПО на Словения (МПА) 2023–2027",
            "Fundusz Rozwoju Organizacji Pozarządowych Słowenii (MJU) 2023–2027",
        ),
        [],
        5,
        [
            ("K1", "ngos_supported", [], {}),
            ("K2", "ngos_with_potential_supported", [], {}),
            ("K3", "ngos_with_potential_hours", [], {"hours": 24}),
            ("K4", "support_hours", [], {}),
            ("K5", "trainings_held", [], {}),
            ("K6", "training_participants", [], {}),
            ("K7", "events_by_kind", [], {}),
            ("K8", "municipalities_reached", [], {}),
            ("K9", "partnerships_set_up", [], {}),
            ("K10", "cross_sector_partnerships", [], {}),
            ("K11", "partners_by_sector", [], {}),
            ("K12", "outcomes_by_kind", [], {}),
            ("K13", "public_bodies_supported", [], {}),
            ("K14", "calls_published", [], {}),
            ("K15", "alerts_delivered", [], {}),
        ],
    ),
    (
        "eea-active-citizens-fund",
        (
            "Sklad za aktivne državljane (EGP in Norveška)",
            "Active Citizens Fund (EEA and Norway Grants)",
            "Фонд Активни граждани (ЕИП и Норвегия)",
            "Fundusz Aktywni Obywatele (EOG i Norwegia)",
        ),
        ["gender"],
        5,
        [
            ("CIV-007", "people_completed_training", ["gender"], {"min_days": 2}),
            ("CIV-039", "organisations_completed_programme", [], {"mentoring_hours": 25}),
            ("ACF-1", "ngos_supported", [], {}),
            ("ACF-2", "trainings_held", [], {}),
            ("ACF-3", "training_participants", ["gender"], {}),
            ("ACF-4", "partnerships_set_up", [], {}),
            ("ACF-5", "cross_sector_partnerships", [], {}),
            ("ACF-6", "outcomes_by_kind", [], {}),
            ("ACF-7", "municipalities_reached", [], {}),
        ],
    ),
]

# The ESF+ special-category indicator has its own name: the rule's label would say "cumulative".
LABELS = {
    ("esf-plus-2021-2027", "EECO12"): {
        "sl": "Udeleženci: posebne vrste osebnih podatkov (invalidnost, manjšina, tuje poreklo)",
        "en": "Participants: special-category data (disability, minority, foreign background)",
        "bg": "Участници: специални категории данни (увреждане, малцинство, чужд произход)",
        "pl": "Uczestnicy: szczególne kategorie danych (niepełnosprawność, mniejszość, "
        "obce pochodzenie)",
    },
    ("esf-plus-2021-2027", "EECO01-N"): {
        "sl": "Novi udeleženci v obdobju",
        "en": "Participants entering in the period",
        "bg": "Участници, влезли в периода",
        "pl": "Uczestnicy przystępujący w okresie",
    },
}


def seed(apps, schema_editor):
    FunderTemplate = apps.get_model("hub", "FunderTemplate")
    TemplateIndicator = apps.get_model("hub", "TemplateIndicator")
    for code, names, items, threshold, indicators in TEMPLATES:
        if FunderTemplate.objects.filter(code=code).exists():
            continue
        template = FunderTemplate.objects.create(
            code=code,
            name=names[1],
            entry_items=items,
            small_cell_threshold=threshold,
            **{f"name_{language}": name for language, name in zip(LANGUAGES, names, strict=True)},
        )
        for position, (indicator_code, rule, breakdowns, params) in enumerate(indicators):
            labels, definitions = RULES[rule]
            labels = LABELS.get((code, indicator_code), labels)
            TemplateIndicator.objects.create(
                template=template,
                code=indicator_code,
                rule=rule,
                breakdowns=breakdowns,
                params=params,
                position=position,
                label=labels["en"],
                definition=definitions["en"],
                **{f"label_{language}": labels[language] for language in LANGUAGES},
                **{f"definition_{language}": definitions[language] for language in LANGUAGES},
            )


def coordinators_may_see_reports(apps, schema_editor):
    """The permission is what counts; the existing group of coordinators gets it."""
    ContentType = apps.get_model("contenttypes", "ContentType")
    Permission = apps.get_model("auth", "Permission")
    Group = apps.get_model("auth", "Group")
    content_type, _ = ContentType.objects.get_or_create(app_label="hub", model="funderreport")
    permission, _ = Permission.objects.get_or_create(
        content_type=content_type,
        codename="view_reports",
        defaults={"name": "Can see the indicators and ask for funder reports"},
    )
    group, _ = Group.objects.get_or_create(name="Coordinators")
    group.permissions.add(permission)


class Migration(migrations.Migration):
    dependencies = [
        ("hub", "0009_funder_reports"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [
        migrations.RunPython(seed, migrations.RunPython.noop),
        migrations.RunPython(coordinators_may_see_reports, migrations.RunPython.noop),
    ]
