"""The ESF 2014–2020 template gets the last lines of Regulation 1304/2013 Annex I, in the Annex's
order: CO17 "Other disadvantaged" (asked as a special-category item, so the template's entry
items include it), CO20 and CO21 (projects: the operation itself, by the properties staff give
it), CR05 "Disadvantaged participants … upon leaving"; CO22 now counts projects targeting public
administrations or public services (the operation itself), as the Annex says, instead of the
public bodies supported. Rows keep their targets; reports already stored keep the figures and
labels they were sent with.
"""

from django.db import migrations

LANGUAGES = ("sl", "en", "bg", "pl")
TEMPLATE = "esf-2014-2020"
YES = ["yes"]
# Disadvantaged participants (CR05): those counted in CO15 (migrants, foreign background,
# minorities), CO16 (disabilities) or CO17 (other disadvantaged), the three lines the Annex
# marks as special-category data together with CR05.
DISADVANTAGED = [
    {"third_country": YES},
    {"foreign_background": YES},
    {"minority": YES},
    {"disability": YES},
    {"other_disadvantage": YES},
]
SITUATIONS = ["seeking_work", "in_education", "qualification", "employed"]

PARTICIPANTS = {
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
}


def projects(sl, en, bg, pl):
    """What a project line counts, with the property in each language."""
    return {
        "sl": f"Operacija sama, šteta kot en projekt, če jo je osebje stičišča označilo kot {sl} "
        "in se je začela do konca obdobja: 0 ali 1 za eno operacijo.",
        "en": f"The operation itself, counted as one project when the hub's staff marked it as "
        f"{en} and it started by the end of the period: 0 or 1 for one operation.",
        "bg": f"Самата операция, отчетена като един проект, когато служителите на центъра са я "
        f"отбелязали като {bg} и е започнала до края на периода: 0 или 1 за една операция.",
        "pl": f"Sama operacja, liczona jako jeden projekt, gdy pracownicy centrum oznaczyli ją "
        f"jako {pl} i rozpoczęła się do końca okresu: 0 lub 1 dla jednej operacji.",
    }


CR05_DEFINITION = {
    "sl": "Prikrajšani udeleženci (kot zgoraj; šteti v CO15, CO16 ali CO17: migranti, udeleženci "
    "tujega porekla, manjšine, invalidi ali drugi prikrajšani), ki so v obdobju od začetka "
    "operacije izstopili iz usposabljanja in v štirih tednih po izstopu povedali, da iščejo "
    "zaposlitev, se izobražujejo ali usposabljajo, so pridobili kvalifikacijo ali so zaposleni, "
    "vključno s samozaposlenimi; potrdilo portala o usposabljanju, ki vodi do kvalifikacije, "
    "šteje kot pridobljena kvalifikacija. Vsaka oseba enkrat, po spolu.",
    "en": "Disadvantaged participants (as above; counted in CO15, CO16 or CO17: migrants, "
    "participants with a foreign background, minorities, participants with disabilities or "
    "other disadvantaged) who left a training from the operation's start to the end of the "
    "period and said within four weeks of leaving that they were job searching, in education "
    "or training, had gained a qualification or were in employment, including "
    "self-employment; a certificate the portal issued for a training that leads to a "
    "qualification counts as gaining one. Each person once, by gender.",
    "bg": "Участници в неравностойно положение (както по-горе; отчетени в CO15, CO16 или CO17: "
    "мигранти, участници с чужд произход, малцинства, участници с увреждания или други в "
    "неравностойно положение), напуснали обучение от началото на операцията до края на "
    "периода, които в рамките на четири седмици след напускането са посочили, че търсят "
    "работа, участват в образование или обучение, са придобили квалификация или са заети, "
    "включително самостоятелно заети; удостоверение от портала за обучение, водещо до "
    "квалификация, се брои като придобита квалификация. Всяко лице веднъж, по пол.",
    "pl": "Uczestnicy w niekorzystnej sytuacji (jak wyżej; liczeni w CO15, CO16 lub CO17: "
    "migranci, osoby obcego pochodzenia, mniejszości, osoby z niepełnosprawnościami lub inne "
    "osoby w niekorzystnej sytuacji), którzy opuścili szkolenie od początku operacji do końca "
    "okresu i w ciągu czterech tygodni od jego opuszczenia podali, że poszukują pracy, "
    "kształcą się lub szkolą, uzyskali kwalifikacje lub pracują, łącznie z prowadzącymi "
    "działalność na własny rachunek; zaświadczenie wydane przez portal za szkolenie "
    "prowadzące do kwalifikacji liczy się jako uzyskanie kwalifikacji. Każda osoba raz, "
    "według płci.",
}

# code, rule, params, labels (sl, en, bg, pl), definitions by language
LINES = {
    "CO17": (
        "esf_participants",
        {"where": {"other_disadvantage": YES}},
        (
            "Drugi prikrajšani",
            "Other disadvantaged",
            "Други лица в неравностойно положение",
            "Inne osoby w niekorzystnej sytuacji społecznej",
        ),
        PARTICIPANTS,
    ),
    "CO20": (
        "operation_projects",
        {"property": "by_social_partners_or_ngos"},
        (
            "Število projektov, ki jih v celoti ali delno izvajajo socialni partnerji ali "
            "nevladne organizacije",
            "Number of projects fully or partially implemented by social partners or "
            "non-governmental organisations",
            "Брой проекти, изцяло или частично изпълнени от социалните партньори или "
            "неправителствени организации",
            "Liczba projektów w pełni lub częściowo realizowanych przez partnerów społecznych "
            "lub organizacje pozarządowe",
        ),
        projects(
            "operacijo, ki jo v celoti ali delno izvajajo socialni partnerji ali nevladne "
            "organizacije,",
            "fully or partially implemented by social partners or non-governmental "
            "organisations",
            "изцяло или частично изпълнявана от социалните партньори или неправителствени "
            "организации,",
            "realizowaną w pełni lub częściowo przez partnerów społecznych lub organizacje "
            "pozarządowe,",
        ),
    ),
    "CO21": (
        "operation_projects",
        {"property": "for_women_in_employment"},
        (
            "Število projektov, namenjenih trajnostnemu sodelovanju in napredovanju žensk na "
            "področju zaposlovanja",
            "Number of projects dedicated at sustainable participation and progress of women "
            "in employment",
            "Брой проекти, насочени към трайното участие и напредък на жените в заетостта",
            "Liczba projektów ukierunkowanych na trwały udział kobiet w zatrudnieniu i rozwój "
            "ich kariery zawodowej",
        ),
        projects(
            "operacijo, namenjeno trajnostnemu sodelovanju in napredovanju žensk na področju "
            "zaposlovanja,",
            "dedicated to the sustainable participation and progress of women in employment",
            "насочена към трайното участие и напредък на жените в заетостта,",
            "ukierunkowaną na trwały udział kobiet w zatrudnieniu i rozwój ich kariery "
            "zawodowej,",
        ),
    ),
    "CO22": (
        "operation_projects",
        {"property": "for_public_administrations"},
        (
            "Število projektov, namenjenih javnim upravam ali javnim službam na nacionalni, "
            "regionalni ali lokalni ravni",
            "Number of projects targeting public administrations or public services at "
            "national, regional or local level",
            "Брой проекти, насочени към публичните администрации или публичните служби на "
            "национално, регионално или местно равнище",
            "Liczba projektów ukierunkowanych na administrację publiczną lub służby publiczne "
            "na szczeblu krajowym, regionalnym lub lokalnym",
        ),
        projects(
            "operacijo, namenjeno javnim upravam ali javnim službam na nacionalni, regionalni "
            "ali lokalni ravni,",
            "targeting public administrations or public services at national, regional or "
            "local level",
            "насочена към публичните администрации или публичните служби на национално, "
            "регионално или местно равнище,",
            "ukierunkowaną na administrację publiczną lub służby publiczne na szczeblu "
            "krajowym, regionalnym lub lokalnym,",
        ),
    ),
    "CR05": (
        "esf_leavers",
        {"situations": SITUATIONS, "any_of": DISADVANTAGED},
        (
            "Prikrajšani udeleženci, ki ob izstopu iščejo zaposlitev, so vključeni v "
            "izobraževanje/usposabljanje, pridobijo kvalifikacijo ali so zaposleni, vključno s "
            "samozaposlenimi",
            "Disadvantaged participants engaged in job searching, education/training, gaining "
            "a qualification, employment, including self-employment, upon leaving",
            "Участници в неравностойно положение, които търсят работа, участват в "
            "образование/обучение, придобиват квалификация или са заети, включително "
            "самостоятелно заети, при напускане",
            "Osoby w niekorzystnej sytuacji społecznej, które po opuszczeniu programu "
            "poszukują pracy, uczestniczą w kształceniu lub szkoleniu, uzyskują kwalifikacje "
            "lub pracują, łącznie z prowadzącymi działalność na własny rachunek",
        ),
        CR05_DEFINITION,
    ),
}
ANNEX_ORDER = [
    "TOTAL",
    *(f"CO{n:02}" for n in range(1, 24)),
    *(f"CR{n:02}" for n in range(1, 6)),
]


def annex_lines(apps, schema_editor):
    FunderTemplate = apps.get_model("hub", "FunderTemplate")
    TemplateIndicator = apps.get_model("hub", "TemplateIndicator")
    template = FunderTemplate.objects.filter(code=TEMPLATE).first()
    if template is None:
        return
    items = list(template.entry_items)
    if "other_disadvantage" not in items:
        template.entry_items = [*items, "other_disadvantage"]
        template.save(update_fields=["entry_items"])
    existing = {row.code: row for row in TemplateIndicator.objects.filter(template=template)}
    for code, (rule, params, labels, definitions) in LINES.items():
        fields = {
            "rule": rule,
            "params": params,
            "breakdowns": ["gender"] if rule.startswith("esf_") else [],
            "hub_own": False,
            "label": labels[1],
            "definition": definitions["en"],
            **{f"label_{lang}": label for lang, label in zip(LANGUAGES, labels, strict=True)},
            **{f"definition_{lang}": definitions[lang] for lang in LANGUAGES},
        }
        row = existing.get(code)
        if row is None:
            existing[code] = TemplateIndicator.objects.create(
                template=template, code=code, position=0, **fields
            )
        else:
            for name, value in fields.items():
                setattr(row, name, value)
            row.save()
    # The Annex's lines in its order, then the hub's own as they were.
    annex = [existing[code] for code in ANNEX_ORDER if code in existing]
    own = sorted(
        (row for code, row in existing.items() if code not in ANNEX_ORDER),
        key=lambda row: (row.position, row.pk),
    )
    for position, row in enumerate([*annex, *own]):
        if row.position != position:
            row.position = position
            row.save(update_fields=["position"])


class Migration(migrations.Migration):
    dependencies = [("hub", "0022_operation_project_properties_and_other_disadvantage")]

    operations = [migrations.RunPython(annex_lines, migrations.RunPython.noop)]
