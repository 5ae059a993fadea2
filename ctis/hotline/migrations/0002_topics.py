"""The topics the annual report counts hotline calls by (seed 000_fba52810b2b56237.txt);
administrators add more on the topics page."""

from django.db import migrations

TOPICS = [
    ("work_abroad", "Xaricdə iş", "Работа за рубежом", "Work abroad"),
    ("study_abroad", "Xaricdə təhsil", "Учёба за рубежом", "Study abroad"),
    (
        "marriage_foreigners",
        "Əcnəbilərlə nikah",
        "Брак с иностранцами",
        "Marriage with foreigners",
    ),
    ("domestic_violence", "Məişət zorakılığı", "Бытовое насилие", "Domestic violence"),
    (
        "migrant_registration",
        "Miqrantların müvəqqəti qeydiyyatı",
        "Временная регистрация мигрантов",
        "Temporary registration of migrants",
    ),
    ("adoption", "Övladlığa götürmə", "Усыновление", "Adoption"),
    ("other", "Digər", "Другое", "Other"),
]


def seed(apps, schema_editor):
    Topic = apps.get_model("hotline", "Topic")
    for position, (code, az, ru, en) in enumerate(TOPICS, start=1):
        Topic.objects.update_or_create(
            code=code,
            defaults={"name_az": az, "name_ru": ru, "name_en": en, "position": position * 10},
        )


class Migration(migrations.Migration):
    dependencies = [("hotline", "0001_initial")]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
