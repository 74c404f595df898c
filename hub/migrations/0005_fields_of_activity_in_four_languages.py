from django.db import migrations

# The fields of activity of the design, by slug: Slovene, English, Bulgarian, Polish.
NAMES = {
    "social-care": ("Socialno varstvo", "Social care", "Социални грижи", "Pomoc społeczna"),
    "health": ("Zdravje", "Health", "Здраве", "Zdrowie"),
    "youth": ("Mladina", "Youth", "Младежи", "Młodzież"),
    "education-and-lifelong-learning": (
        "Izobraževanje in vseživljenjsko učenje",
        "Education and lifelong learning",
        "Образование и учене през целия живот",
        "Edukacja i uczenie się przez całe życie",
    ),
    "employment": ("Zaposlovanje", "Employment", "Заетост", "Zatrudnienie"),
    "environment-and-nature": (
        "Okolje in narava",
        "Environment and nature",
        "Околна среда и природа",
        "Środowisko i przyroda",
    ),
    "spatial-planning": (
        "Prostorsko načrtovanje",
        "Spatial planning",
        "Пространствено планиране",
        "Planowanie przestrzenne",
    ),
    "culture": ("Kultura", "Culture", "Култура", "Kultura"),
    "sport": ("Šport", "Sport", "Спорт", "Sport"),
    "human-rights": ("Človekove pravice", "Human rights", "Права на човека", "Prawa człowieka"),
    "development-cooperation": (
        "Razvojno sodelovanje",
        "Development cooperation",
        "Сътрудничество за развитие",
        "Współpraca rozwojowa",
    ),
    "local-development": ("Lokalni razvoj", "Local development", "Местно развитие", "Rozwój lokalny"),
    "other": ("Drugo", "Other", "Друго", "Inne"),
}


def fill_names(apps, schema_editor):
    """Every existing field keeps its name as the Slovene one; the design's fields get all four,
    and are listed alphabetically in the reader's language, with "Other" last."""
    FieldOfActivity = apps.get_model("hub", "FieldOfActivity")
    for field in FieldOfActivity.objects.all():
        field.name_sl = field.name_sl or field.name
        if field.slug in NAMES:
            field.name_sl, field.name_en, field.name_bg, field.name_pl = NAMES[field.slug]
            field.name = field.name_sl
            field.position = 1 if field.slug == "other" else 0
        field.save()


class Migration(migrations.Migration):
    dependencies = [("hub", "0004_hub_profile_operations_translated_fields")]

    operations = [migrations.RunPython(fill_names, migrations.RunPython.noop)]
