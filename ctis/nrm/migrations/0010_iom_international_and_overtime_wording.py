"""Reference data shipped wrong (issue 11), corrected where a database still holds what
was shipped: IOM placed as an NGO instead of an international organisation, and the
Azerbaijani text of the "Excessive overtime" indicator. A value an administrator changed
is left alone. No audit entry: the chain is written by the services, and this only puts
the shipped reference right, as ``ctis setup`` would on a new database."""

from django.db import migrations

OLD_OVERTIME = "Həddindən artıq iş vaxtından artıq iş"
NEW_OVERTIME = "Həddən artıq əlavə iş saatları"


def forwards(apps, schema_editor):
    NrmAgency = apps.get_model("nrm", "NrmAgency")
    Indicator = apps.get_model("nrm", "Indicator")
    NrmAgency.objects.filter(agency__code="iom", function="ngo").update(function="international")
    Indicator.objects.filter(code="excessive-overtime", text_az=OLD_OVERTIME).update(
        text_az=NEW_OVERTIME
    )


def backwards(apps, schema_editor):
    NrmAgency = apps.get_model("nrm", "NrmAgency")
    Indicator = apps.get_model("nrm", "Indicator")
    NrmAgency.objects.filter(agency__code="iom", function="international").update(function="ngo")
    Indicator.objects.filter(code="excessive-overtime", text_az=NEW_OVERTIME).update(
        text_az=OLD_OVERTIME
    )


class Migration(migrations.Migration):
    dependencies = [
        ("nrm", "0009_stay_discharged_to_and_international_function"),
    ]

    operations = [migrations.RunPython(forwards, backwards)]
