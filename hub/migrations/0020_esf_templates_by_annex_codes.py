"""The two ESF templates report by the Annexes' own codes and meanings.

ESF+ 2021–2027 (Regulation 2021/1057, Annex I): EECO01–EECO19 and the immediate results
EECR01–EECR04. ESF 2014–2020 (Regulation 1304/2013, Annex I): the total, CO01–CO16, CO18, CO19,
CO22, CO23 and CR01–CR04. Each participant line is counted by gender. The hub's own indicators keep
the hub's own codes, marked as the hub's and reported apart. Rows whose code stays keep their
targets; reports already stored keep the figures and labels they were sent with (they hold them).
"""

from django.db import migrations

LANGUAGES = ("sl", "en", "bg", "pl")
UNEMPLOYED = ["unemployed", "long_term_unemployed"]
INACTIVE = ["inactive", "inactive_education"]
YES = ["yes"]

# code, rule, params, labels (sl, en, bg, pl)
ESF_PLUS = [
    (
        "EECO01",
        "esf_participants",
        {},
        (
            "Skupno število udeležencev",
            "Total number of participants",
            "Общ брой участници",
            "Całkowita liczba uczestników",
        ),
    ),
    (
        "EECO02",
        "esf_participants",
        {"where": {"employment": UNEMPLOYED}},
        (
            "Brezposelni, vključno z dolgotrajno brezposelnimi",
            "Unemployed, including long-term unemployed",
            "Безработни, включително продължително безработни",
            "Bezrobotni, w tym długotrwale bezrobotni",
        ),
    ),
    (
        "EECO03",
        "esf_participants",
        {"where": {"employment": ["long_term_unemployed"]}},
        (
            "Dolgotrajno brezposelni",
            "Long-term unemployed",
            "Продължително безработни",
            "Długotrwale bezrobotni",
        ),
    ),
    (
        "EECO04",
        "esf_participants",
        {"where": {"employment": INACTIVE}},
        ("Neaktivni", "Inactive", "Неактивни", "Bierni zawodowo"),
    ),
    (
        "EECO05",
        "esf_participants",
        {"where": {"employment": ["employed"]}},
        (
            "Zaposleni, vključno s samozaposlenimi",
            "Employed, including self-employed",
            "Заети, включително самостоятелно заети",
            "Pracujący, w tym prowadzący działalność na własny rachunek",
        ),
    ),
    (
        "EECO06",
        "esf_participants",
        {"where": {"age": ["under_18"]}},
        (
            "Otroci, mlajši od 18 let",
            "Children below 18 years of age",
            "Деца под 18 години",
            "Dzieci poniżej 18 lat",
        ),
    ),
    (
        "EECO07",
        "esf_participants",
        {"where": {"age": ["18_24", "25_29", "18_29"]}},
        (
            "Mladi, stari od 18 do 29 let",
            "Young people between 18 and 29 years of age",
            "Младежи на възраст от 18 до 29 години",
            "Młodzi ludzie w wieku 18–29 lat",
        ),
    ),
    (
        "EECO08",
        "esf_participants",
        {"where": {"age": ["55_plus"]}},
        (
            "Udeleženci, stari 55 let ali več",
            "Participants 55 years of age and above",
            "Участници на 55 и повече години",
            "Uczestnicy w wieku 55 lat i więcej",
        ),
    ),
    (
        "EECO09",
        "esf_participants",
        {"where": {"education": ["isced_0_2"]}},
        (
            "Z največ nižjo sekundarno izobrazbo (ISCED 0–2)",
            "With lower secondary education or less (ISCED 0–2)",
            "С прогимназиално или по-ниско образование (ISCED 0–2)",
            "Z wykształceniem co najwyżej gimnazjalnym (ISCED 0–2)",
        ),
    ),
    (
        "EECO10",
        "esf_participants",
        {"where": {"education": ["isced_3_4"]}},
        (
            "Z višjo sekundarno ali posekundarno izobrazbo (ISCED 3–4)",
            "With upper secondary or post-secondary education (ISCED 3–4)",
            "Със средно или следсредно образование (ISCED 3–4)",
            "Z wykształceniem ponadgimnazjalnym lub policealnym (ISCED 3–4)",
        ),
    ),
    (
        "EECO11",
        "esf_participants",
        {"where": {"education": ["isced_5_8"]}},
        (
            "S terciarno izobrazbo (ISCED 5–8)",
            "With tertiary education (ISCED 5–8)",
            "С висше образование (ISCED 5–8)",
            "Z wykształceniem wyższym (ISCED 5–8)",
        ),
    ),
    (
        "EECO12",
        "esf_participants",
        {"where": {"disability": YES}},
        (
            "Udeleženci z invalidnostjo",
            "Participants with disabilities",
            "Участници с увреждания",
            "Uczestnicy z niepełnosprawnościami",
        ),
    ),
    (
        "EECO13",
        "esf_participants",
        {"where": {"third_country": YES}},
        (
            "Državljani tretjih držav",
            "Third-country nationals",
            "Граждани на трети държави",
            "Obywatele państw trzecich",
        ),
    ),
    (
        "EECO14",
        "esf_participants",
        {"where": {"foreign_background": YES}},
        (
            "Udeleženci tujega porekla",
            "Participants with a foreign background",
            "Участници с чужд произход",
            "Uczestnicy obcego pochodzenia",
        ),
    ),
    (
        "EECO15",
        "esf_participants",
        {"where": {"minority": YES}},
        (
            "Manjšine (vključno z marginaliziranimi skupnostmi, kot so Romi)",
            "Minorities (including marginalised communities such as the Roma)",
            "Малцинства (включително маргинализирани общности, като ромите)",
            "Mniejszości (w tym społeczności marginalizowane, takie jak Romowie)",
        ),
    ),
    (
        "EECO16",
        "esf_participants",
        {"where": {"homeless": YES}},
        (
            "Brezdomci ali osebe, prizadete zaradi izključenosti s trga nastanitev",
            "Homeless or affected by housing exclusion",
            "Бездомни или засегнати от жилищно изключване",
            "Osoby bezdomne lub dotknięte wykluczeniem z dostępu do mieszkań",
        ),
    ),
    (
        "EECO17",
        "esf_participants",
        {"where": {"rural": YES}},
        (
            "Udeleženci s podeželja",
            "Participants from rural areas",
            "Участници от селски райони",
            "Uczestnicy z obszarów wiejskich",
        ),
    ),
    (
        "EECO18",
        "public_bodies_supported",
        {},
        (
            "Število podprtih javnih uprav ali javnih služb na nacionalni, regionalni ali lokalni ravni",
            "Number of public administrations or public services at national, regional or local level supported",
            "Брой подкрепени публични администрации или публични служби на национално, регионално или местно равнище",
            "Liczba wspartych administracji publicznych lub służb publicznych na szczeblu krajowym, regionalnym lub lokalnym",
        ),
    ),
    (
        "EECO19",
        "smes_supported",
        {},
        (
            "Število podprtih mikro, malih in srednje velikih podjetij",
            "Number of micro, small and medium-sized enterprises supported",
            "Брой подкрепени микро-, малки и средни предприятия",
            "Liczba wspartych mikro-, małych i średnich przedsiębiorstw",
        ),
    ),
    (
        "EECR01",
        "esf_leavers",
        {"situation": "seeking_work"},
        (
            "Udeleženci, ki ob izstopu iščejo zaposlitev",
            "Participants engaged in job searching upon leaving",
            "Участници, търсещи работа при напускане",
            "Uczestnicy poszukujący pracy po opuszczeniu programu",
        ),
    ),
    (
        "EECR02",
        "esf_leavers",
        {"situation": "in_education"},
        (
            "Udeleženci, ki so ob izstopu vključeni v izobraževanje ali usposabljanje",
            "Participants in education or training upon leaving",
            "Участници в образование или обучение при напускане",
            "Uczestnicy kształcący się lub szkolący po opuszczeniu programu",
        ),
    ),
    (
        "EECR03",
        "esf_leavers",
        {"situation": "qualification"},
        (
            "Udeleženci, ki ob izstopu pridobijo kvalifikacijo",
            "Participants gaining a qualification upon leaving",
            "Участници, придобили квалификация при напускане",
            "Uczestnicy, którzy uzyskali kwalifikacje po opuszczeniu programu",
        ),
    ),
    (
        "EECR04",
        "esf_leavers",
        {"situation": "employed"},
        (
            "Udeleženci, ki so ob izstopu zaposleni, vključno s samozaposlenimi",
            "Participants in employment, including self-employment, upon leaving",
            "Участници със заетост, включително самостоятелна заетост, при напускане",
            "Uczestnicy pracujący, łącznie z prowadzącymi działalność na własny rachunek, po opuszczeniu programu",
        ),
    ),
]

ESF_2014 = [
    (
        "TOTAL",
        "esf_participants",
        {},
        (
            "Skupno število udeležencev",
            "Total number of participants",
            "Общ брой участници",
            "Całkowita liczba uczestników",
        ),
    ),
    ("CO01", "esf_participants", {"where": {"employment": UNEMPLOYED}}, ESF_PLUS[1][3]),
    (
        "CO02",
        "esf_participants",
        {"where": {"employment": ["long_term_unemployed"]}},
        ESF_PLUS[2][3],
    ),
    ("CO03", "esf_participants", {"where": {"employment": INACTIVE}}, ESF_PLUS[3][3]),
    (
        "CO04",
        "esf_participants",
        {"where": {"employment": ["inactive"]}},
        (
            "Neaktivni, ki niso vključeni v izobraževanje ali usposabljanje",
            "Inactive, not in education or training",
            "Неактивни, които не са в образование или обучение",
            "Bierni zawodowo, nieuczestniczący w kształceniu lub szkoleniu",
        ),
    ),
    ("CO05", "esf_participants", {"where": {"employment": ["employed"]}}, ESF_PLUS[4][3]),
    (
        "CO06",
        "esf_participants",
        {"where": {"age": ["under_18", "18_24"]}},
        ("Mlajši od 25 let", "Below 25 years of age", "Под 25 години", "Poniżej 25 lat"),
    ),
    (
        "CO07",
        "esf_participants",
        {"where": {"age": ["55_plus"]}},
        ("Starejši od 54 let", "Above 54 years of age", "Над 54 години", "Powyżej 54 lat"),
    ),
    (
        "CO08",
        "esf_participants",
        {
            "where": {
                "age": ["55_plus"],
                "employment": ["unemployed", "long_term_unemployed", "inactive"],
            }
        },
        (
            "Starejši od 54 let, ki so brezposelni, vključno z dolgotrajno brezposelnimi, ali neaktivni in "
            "niso vključeni v izobraževanje ali usposabljanje",
            "Above 54 years of age who are unemployed, including long-term unemployed, or inactive not in "
            "education or training",
            "Над 54 години, които са безработни, включително продължително безработни, или неактивни и не са "
            "в образование или обучение",
            "Powyżej 54 lat, bezrobotni, w tym długotrwale bezrobotni, lub bierni zawodowo "
            "nieuczestniczący w kształceniu lub szkoleniu",
        ),
    ),
    (
        "CO09",
        "esf_participants",
        {"where": {"education": ["isced_0_2"]}},
        (
            "Z osnovnošolsko ali nižjo sekundarno izobrazbo (ISCED 1–2)",
            "With primary or lower secondary education (ISCED 1–2)",
            "С основно или прогимназиално образование (ISCED 1–2)",
            "Z wykształceniem podstawowym lub gimnazjalnym (ISCED 1–2)",
        ),
    ),
    ("CO10", "esf_participants", {"where": {"education": ["isced_3_4"]}}, ESF_PLUS[9][3]),
    ("CO11", "esf_participants", {"where": {"education": ["isced_5_8"]}}, ESF_PLUS[10][3]),
    (
        "CO12",
        "esf_participants",
        {"where": {"household": ["jobless", "jobless_children", "single_jobless_children"]}},
        (
            "Udeleženci, ki živijo v gospodinjstvih brez zaposlenih",
            "Participants who live in jobless households",
            "Участници, живеещи в домакинства без работещи",
            "Uczestnicy żyjący w gospodarstwach domowych bez osób pracujących",
        ),
    ),
    (
        "CO13",
        "esf_participants",
        {"where": {"household": ["jobless_children", "single_jobless_children"]}},
        (
            "Udeleženci, ki živijo v gospodinjstvih brez zaposlenih z vzdrževanimi otroki",
            "Participants who live in jobless households with dependent children",
            "Участници, живеещи в домакинства без работещи с деца на издръжка",
            "Uczestnicy żyjący w gospodarstwach domowych bez osób pracujących, z dziećmi pozostającymi na utrzymaniu",
        ),
    ),
    (
        "CO14",
        "esf_participants",
        {"where": {"household": ["single_children", "single_jobless_children"]}},
        (
            "Udeleženci, ki živijo v gospodinjstvu z enim odraslim z vzdrževanimi otroki",
            "Participants who live in a single adult household with dependent children",
            "Участници, живеещи в домакинство с един възрастен с деца на издръжка",
            "Uczestnicy żyjący w gospodarstwie domowym składającym się z jednej osoby dorosłej i dzieci pozostających na utrzymaniu",
        ),
    ),
    (
        "CO15",
        "esf_participants",
        {"any_of": [{"third_country": YES}, {"foreign_background": YES}, {"minority": YES}]},
        (
            "Migranti, udeleženci tujega porekla, manjšine (vključno z marginaliziranimi skupnostmi, kot so Romi)",
            "Migrants, participants with a foreign background, minorities (including marginalised communities such as the Roma)",
            "Мигранти, участници с чужд произход, малцинства (включително маргинализирани общности, като ромите)",
            "Migranci, uczestnicy obcego pochodzenia, mniejszości (w tym społeczności marginalizowane, takie jak Romowie)",
        ),
    ),
    ("CO16", "esf_participants", {"where": {"disability": YES}}, ESF_PLUS[11][3]),
    ("CO18", "esf_participants", {"where": {"homeless": YES}}, ESF_PLUS[15][3]),
    ("CO19", "esf_participants", {"where": {"rural": YES}}, ESF_PLUS[16][3]),
    (
        "CO22",
        "public_bodies_supported",
        {},
        (
            "Število projektov, namenjenih javnim upravam ali javnim službam na nacionalni, regionalni ali lokalni ravni",
            "Number of projects targeting public administrations or public services at national, regional or local level",
            "Брой проекти, насочени към публичните администрации или публичните служби на национално, регионално или местно равнище",
            "Liczba projektów ukierunkowanych na administrację publiczną lub służby publiczne na szczeblu krajowym, regionalnym lub lokalnym",
        ),
    ),
    (
        "CO23",
        "smes_supported",
        {},
        (
            "Število podprtih mikro, malih in srednje velikih podjetij",
            "Number of supported micro, small and medium-sized enterprises",
            "Брой подкрепени микро-, малки и средни предприятия",
            "Liczba wspartych mikro-, małych i średnich przedsiębiorstw",
        ),
    ),
    (
        "CR01",
        "esf_leavers",
        {"situation": "seeking_work", "where": {"employment": INACTIVE}},
        (
            "Neaktivni udeleženci, ki ob izstopu iščejo zaposlitev",
            "Inactive participants engaged in job searching upon leaving",
            "Неактивни участници, търсещи работа при напускане",
            "Osoby bierne zawodowo, które po opuszczeniu programu poszukują pracy",
        ),
    ),
    ("CR02", "esf_leavers", {"situation": "in_education"}, ESF_PLUS[20][3]),
    ("CR03", "esf_leavers", {"situation": "qualification"}, ESF_PLUS[21][3]),
    ("CR04", "esf_leavers", {"situation": "employed"}, ESF_PLUS[22][3]),
]

# What each rule counts, in the four languages, by template (the completeness rule differs).
PARTICIPANTS = {
    "esf-plus-2021-2027": {
        "sl": "Udeleženci (osebe, ki so se od začetka operacije do konca obdobja udeležile "
        "usposabljanja ali delavnice; vsaka enkrat, s podatki ob vstopu) v tej vrstici Priloge I "
        "k Uredbi 2021/1057, po spolu. Zapis brez tega podatka ali z zavrnjenim odgovorom v tej "
        "vrstici ne šteje.",
        "en": "Participants (people who attended a training or workshop from the operation's "
        "start to the end of the period; each once, with their data at entry) in this line of "
        "Annex I to Regulation 2021/1057, by gender. A record lacking or refusing the item is "
        "left out of this line.",
        "bg": "Участници (лица, посетили обучение или уъркшоп от началото на операцията до края "
        "на периода; всяко веднъж, с данните при влизане) по този ред от приложение I към "
        "Регламент 2021/1057, по пол. Запис без този елемент или с отказан отговор не се брои "
        "в този ред.",
        "pl": "Uczestnicy (osoby obecne na szkoleniu lub warsztacie od początku operacji do końca "
        "okresu; każda raz, z danymi z chwili przystąpienia) w tym wierszu załącznika I do "
        "rozporządzenia 2021/1057, według płci. Rekord bez tej danej lub z odmową odpowiedzi "
        "nie jest liczony w tym wierszu.",
    },
    "esf-2014-2020": {
        "sl": "Udeleženci (osebe, ki so se od začetka operacije do konca obdobja udeležile "
        "usposabljanja; vsaka enkrat, s podatki ob vstopu) v tej vrstici Priloge I k Uredbi "
        "1304/2013, po spolu. Zapis brez spola, zaposlitvenega statusa, starosti, izobrazbe ali "
        "položaja gospodinjstva (ali z zavrnjenim odgovorom) šteje le v skupno število.",
        "en": "Participants (people who attended a training from the operation's start to the "
        "end of the period; each once, with their data at entry) in this line of Annex I to "
        "Regulation 1304/2013, by gender. A record lacking or refusing gender, employment "
        "status, age, education or household situation counts only in the total.",
        "bg": "Участници (лица, посетили обучение от началото на операцията до края на периода; "
        "всяко веднъж, с данните при влизане) по този ред от приложение I към Регламент "
        "1304/2013, по пол. Запис без пол, статус на заетост, възраст, образование или "
        "положение на домакинството (или с отказан отговор) се брои само в общия брой.",
        "pl": "Uczestnicy (osoby obecne na szkoleniu od początku operacji do końca okresu; każda "
        "raz, z danymi z chwili przystąpienia) w tym wierszu załącznika I do rozporządzenia "
        "1304/2013, według płci. Rekord bez płci, statusu na rynku pracy, wieku, wykształcenia "
        "lub sytuacji gospodarstwa domowego (lub z odmową odpowiedzi) liczy się tylko w ogólnej "
        "liczbie.",
    },
}
LEAVERS = {
    "sl": "Udeleženci (kot zgoraj), ki so v obdobju od začetka operacije izstopili iz "
    "usposabljanja in v štirih tednih po izstopu povedali, da so v tem položaju; potrdilo "
    "portala o usposabljanju, ki vodi do kvalifikacije, šteje kot pridobljena kvalifikacija. "
    "Po spolu.",
    "en": "Participants (as above) who left a training from the operation's start to the end of "
    "the period and said within four weeks of leaving that they were in this situation; a "
    "certificate the portal issued for a training that leads to a qualification counts as "
    "gaining one. By gender.",
    "bg": "Участници (както по-горе), напуснали обучение от началото на операцията до края на "
    "периода, които в рамките на четири седмици след напускането са посочили, че са в това "
    "положение; удостоверение от портала за обучение, водещо до квалификация, се брои като "
    "придобита квалификация. По пол.",
    "pl": "Uczestnicy (jak wyżej), którzy opuścili szkolenie od początku operacji do końca "
    "okresu i w ciągu czterech tygodni od jego opuszczenia podali, że są w tej sytuacji; "
    "zaświadczenie wydane przez portal za szkolenie prowadzące do kwalifikacji liczy się jako "
    "uzyskanie kwalifikacji. Według płci.",
}
ENTITIES = {
    "public_bodies_supported": {
        "sl": "Različne organizacije javnega sektorja, ki jim je stičišče v obdobju svetovalo ali "
        "katerih zaposleni so se udeležili usposabljanja.",
        "en": "Distinct public-sector organisations the hub advised in the period, or whose "
        "staff attended a training in it.",
        "bg": "Отделни организации от публичния сектор, които центърът е консултирал през "
        "периода или чиито служители са посетили обучение в него.",
        "pl": "Różne organizacje sektora publicznego, którym centrum doradzało w okresie lub "
        "których pracownicy uczestniczyli w szkoleniu.",
    },
    "smes_supported": {
        "sl": "Različne organizacije, ki jih je osebje stičišča označilo kot mikro, mala ali "
        "srednje velika podjetja, z evidenco podpore v obdobju ali z osebo, ki se je v njem "
        "udeležila usposabljanja.",
        "en": "Distinct organisations the hub's staff marked as micro, small or medium-sized "
        "enterprises, with a support record in the period or with a person who attended a "
        "training in it.",
        "bg": "Отделни организации, отбелязани от служителите на центъра като микро-, малки "
        "или средни предприятия, с запис за подкрепа през периода или с лице, посетило "
        "обучение в него.",
        "pl": "Różne organizacje oznaczone przez pracowników centrum jako mikro-, małe lub "
        "średnie przedsiębiorstwa, z wpisem o wsparciu w okresie lub z osobą, która "
        "uczestniczyła w szkoleniu.",
    },
}

ORDINARY = ["age", "gender", "education", "employment"]
SPECIAL = ["disability", "minority", "foreign_background"]
TEMPLATES = {
    # code: (indicators, entry items, event kinds that make participants, completeness,
    #        the hub's own indicators by their old code -> new code)
    "esf-plus-2021-2027": (
        ESF_PLUS,
        [*ORDINARY, "third_country", "homeless", "rural", *SPECIAL],
        ["training", "workshop"],
        "per_item",
        {"EECO01-N": "P-0"},
    ),
    "esf-2014-2020": (
        ESF_2014,
        [*ORDINARY, "third_country", "household", "homeless", "rural", *SPECIAL],
        ["training"],
        "grand_total",
        {"CO-P": "TOTAL", "CO-N": "NVO-0"},
    ),
}


def definition(template_code, rule):
    if rule == "esf_participants":
        return PARTICIPANTS[template_code]
    if rule == "esf_leavers":
        return LEAVERS
    return ENTITIES[rule]


def by_annex(apps, schema_editor):
    FunderTemplate = apps.get_model("hub", "FunderTemplate")
    TemplateIndicator = apps.get_model("hub", "TemplateIndicator")
    for code, (lines, items, kinds, completeness, renamed) in TEMPLATES.items():
        template = FunderTemplate.objects.filter(code=code).first()
        if template is None:
            continue
        template.entry_items = items
        template.participant_kinds = kinds
        template.completeness = completeness
        template.save(update_fields=["entry_items", "participant_kinds", "completeness"])
        existing = {row.code: row for row in TemplateIndicator.objects.filter(template=template)}
        for old, new in renamed.items():
            row = existing.pop(old, None)
            if row is not None and new not in existing:
                row.code = new
                row.save(update_fields=["code"])
                existing[new] = row
        annex_codes = {line[0] for line in lines}
        for position, (line_code, rule, params, labels) in enumerate(lines):
            texts = definition(code, rule)
            fields = {
                "rule": rule,
                "params": params,
                "breakdowns": ["gender"] if rule.startswith("esf_") else [],
                "position": position,
                "hub_own": False,
                "label": labels[1],
                "definition": texts["en"],
                **{f"label_{lang}": label for lang, label in zip(LANGUAGES, labels, strict=True)},
                **{f"definition_{lang}": texts[lang] for lang in LANGUAGES},
            }
            row = existing.get(line_code)
            if row is None:
                TemplateIndicator.objects.create(template=template, code=line_code, **fields)
            else:
                for name, value in fields.items():
                    setattr(row, name, value)
                row.save()
        # Whatever else the template counts is the hub's own, after the Annex's lines.
        for offset, row in enumerate(
            sorted(
                (r for c, r in existing.items() if c not in annex_codes),
                key=lambda r: (r.position, r.pk),
            )
        ):
            row.hub_own = True
            row.position = len(lines) + offset
            row.save(update_fields=["hub_own", "position"])


class Migration(migrations.Migration):
    dependencies = [("hub", "0019_template_participants_completeness_urbanisation")]

    operations = [migrations.RunPython(by_annex, migrations.RunPython.noop)]
