"""The printed definitions of the counting rules say exactly what the rules count.

A cancelled event is never held; "trainings held" counts trainings with someone present, a
programme once; completion and cross-sector partnerships say how they are decided. The rows of
the four seeded templates that use these rules get the new texts in all four languages.
"""

from django.db import migrations

LANGUAGES = ("sl", "en", "bg", "pl")

DEFINITIONS = {
    "trainings_held": {
        "sl": "Objavljena usposabljanja, ki niso bila odpovedana, so se začela v obdobju in imajo "
        "vsaj eno osebo z zabeleženo prisotnostjo (prijava, ki ni bila preklicana); srečanja "
        "programa, izvedena v obdobju, štejejo skupaj enkrat.",
        "en": "Published trainings, not cancelled, that started in the period with at least one "
        "person marked present (a registration that was not cancelled); the sessions of a "
        "programme held in the period count once together.",
        "bg": "Публикувани обучения, които не са отменени, започнали в периода, с поне едно лице "
        "с отбелязано присъствие (регистрация, която не е оттеглена); сесиите на една програма, "
        "проведени в периода, се броят заедно веднъж.",
        "pl": "Opublikowane szkolenia, które nie zostały odwołane, rozpoczęły się w okresie i "
        "mają co najmniej jedną osobę z odnotowaną obecnością (zgłoszenie, które nie zostało "
        "anulowane); spotkania jednego programu odbyte w okresie liczą się razem raz.",
    },
    "events_by_kind": {
        "sl": "Objavljeni dogodki, ki so se začeli v obdobju in niso bili odpovedani, po vrstah.",
        "en": "Published events that started in the period and were not cancelled, by kind.",
        "bg": "Публикувани събития, започнали в периода и неотменени, по вид.",
        "pl": "Opublikowane wydarzenia, które rozpoczęły się w okresie i nie zostały odwołane, "
        "według rodzaju.",
    },
    "municipalities_reached": {
        "sl": "Občine, v katerih se je v obdobju začel vsaj en objavljen dogodek, ki ni bil "
        "odpovedan; dogodki brez občine (samo na spletu) ne zajamejo nobene.",
        "en": "Municipalities where a published event that was not cancelled started in the "
        "period; events without a municipality (online only) reach none.",
        "bg": "Общини, в които през периода е започнало поне едно публикувано събитие, което не "
        "е отменено; събития без община (само онлайн) не обхващат нито една.",
        "pl": "Gminy, w których w okresie rozpoczęło się co najmniej jedno opublikowane "
        "wydarzenie, które nie zostało odwołane; wydarzenia bez gminy (tylko online) nie "
        "obejmują żadnej.",
    },
    "people_completed_training": {
        "sl": "Osebe, ki so se udeležile vseh obveznih srečanj (vseh srečanj, kjer nobeno ni "
        "označeno kot obvezno) usposabljanja, ki traja vsaj toliko dni, kot določa kazalnik – "
        "srečanj programa ali samostojnega usposabljanja –, z zadnjim srečanjem v obdobju; "
        "vsaka oseba šteje enkrat. Odpovedana srečanja ne štejejo. Vir: listine prisotnosti.",
        "en": "People who attended every required session (every session, where none is marked "
        "required) of a training lasting at least the indicator's number of days — a "
        "programme's sessions, or a training event on its own — whose last session is in the "
        "period; each person counts once. Cancelled sessions do not count. Source: attendance "
        "sheets.",
        "bg": "Лица, присъствали на всички задължителни сесии (на всички сесии, ако никоя не е "
        "отбелязана като задължителна) на обучение с продължителност поне определения в "
        "показателя брой дни – сесиите на програма или самостоятелно обучение – с последна "
        "сесия в периода; всяко лице се брои веднъж. Отменените сесии не се броят. Източник: "
        "присъствени списъци.",
        "pl": "Osoby obecne na wszystkich wymaganych spotkaniach (na wszystkich spotkaniach, "
        "jeśli żadne nie jest oznaczone jako wymagane) szkolenia trwającego co najmniej liczbę "
        "dni określoną we wskaźniku – spotkań programu lub samodzielnego szkolenia – z ostatnim "
        "spotkaniem w okresie; każda osoba liczona raz. Odwołane spotkania się nie liczą. "
        "Źródło: listy obecności.",
    },
    "organisations_completed_programme": {
        "sl": "Organizacije civilne družbe, ki jim je (prek članstva ali s potrditvijo osebja) "
        "pripisana oseba, ki se je udeležila vseh obveznih srečanj programa z zadnjim srečanjem "
        "v obdobju, ali katerih ure mentorstva, štete od začetka operacije, so v obdobju prvič "
        "dosegle predpisano število; vsaka šteje enkrat.",
        "en": "Civil-society organisations credited (by membership or staff's confirmation) with "
        "a person who attended every required session of a programme whose last session is in "
        "the period, or whose mentoring hours, counted from the operation's start, first reached "
        "the template's number in the period; each counts once.",
        "bg": "Организации на гражданското общество, на които (чрез членство или с потвърждение "
        "от екипа) е приписано лице, присъствало на всички задължителни сесии на програма с "
        "последна сесия в периода, или чиито часове наставничество, броени от началото на "
        "операцията, за първи път са достигнали определения брой в периода; всяка се брои "
        "веднъж.",
        "pl": "Organizacje społeczeństwa obywatelskiego, którym (przez członkostwo lub "
        "potwierdzenie zespołu) przypisano osobę obecną na wszystkich wymaganych spotkaniach "
        "programu z ostatnim spotkaniem w okresie, albo których godziny mentoringu liczone od "
        "początku operacji po raz pierwszy osiągnęły w okresie wymaganą liczbę; każda liczona "
        "raz.",
    },
    "cross_sector_partnerships": {
        "sl": "Partnerstva, dejavna v obdobju, z vsaj enim dejavnim partnerjem iz vsakega od "
        "treh sektorjev ob koncu obdobja (ali na dan, ko se je partnerstvo končalo, če je to "
        "prej).",
        "en": "Partnerships running in the period with at least one active partner from each of "
        "the three sectors at its end (or on the day the partnership ended, if earlier).",
        "bg": "Партньорства, действащи в периода, с поне един активен партньор от всеки от "
        "трите сектора в края му (или в деня, в който партньорството е приключило, ако е "
        "по-рано).",
        "pl": "Partnerstwa działające w okresie z co najmniej jednym aktywnym partnerem z "
        "każdego z trzech sektorów na jego koniec (lub w dniu zakończenia partnerstwa, jeśli był "
        "wcześniejszy).",
    },
}

# The seeded templates' indicators that use these rules: (template, indicator code).
SEEDED = {
    "esf-2014-2020": ["NVO-4", "NVO-7"],
    "esf-plus-2021-2027": ["P-2", "P-5"],
    "si-ngo-fund-2023-2027": ["K5", "K7", "K8", "K10"],
    "eea-active-citizens-fund": ["CIV-007", "CIV-039", "ACF-2", "ACF-5", "ACF-7"],
}


def rewrite(apps, schema_editor):
    TemplateIndicator = apps.get_model("hub", "TemplateIndicator")
    for template, codes in SEEDED.items():
        for indicator in TemplateIndicator.objects.filter(
            template__code=template, code__in=codes, rule__in=list(DEFINITIONS)
        ):
            texts = DEFINITIONS[indicator.rule]
            indicator.definition = texts["en"]
            for language in LANGUAGES:
                setattr(indicator, f"definition_{language}", texts[language])
            indicator.save(
                update_fields=["definition", *(f"definition_{lang}" for lang in LANGUAGES)]
            )


class Migration(migrations.Migration):
    dependencies = [("hub", "0014_report_snapshot_and_logo_text")]

    operations = [migrations.RunPython(rewrite, migrations.RunPython.noop)]
