"""Two copies on the person for the statistics, written from now on by the services:
what the citizenships say (``citizen``, ``foreigner`` or empty) and where the victim was
exploited (bit 1: inside the country, bit 2: abroad). Filled here for the persons already
stored, then carried by the index on status and identification date, so that a year's
victims are counted from that index alone (``0015``: on PostgreSQL an index cannot be
built in the transaction that updated the table's rows, whose deferred foreign-key checks
are still pending)."""

from django.db import migrations, models
from django.db.models import Case, Exists, OuterRef, Q, Value, When

HOME_COUNTRY = "AZ"  # ctis.cases.choices, as it was when this was written


def forwards(apps, schema_editor):
    Person = apps.get_model("cases", "Person")
    Event = apps.get_model("cases", "TraffickingEvent")
    Citizenship = Person.citizenships.through
    held = Citizenship.objects.filter(person_id=OuterRef("pk"))
    Person.objects.filter(Exists(held)).update(
        citizenship_class=Case(
            When(Exists(held.filter(country_id=HOME_COUNTRY)), then=Value("citizen")),
            default=Value("foreigner"),
        )
    )
    exploited = Event.objects.filter(victim_id=OuterRef("pk"), kind="Exploitation")
    here = Q(Exists(exploited.filter(country_id=HOME_COUNTRY)))
    away = Q(Exists(exploited.exclude(country_id=HOME_COUNTRY)))
    Person.objects.filter(Exists(exploited)).update(
        exploited_mask=Case(
            When(here & away, then=Value(3)),
            When(here, then=Value(1)),
            default=Value(2),
        )
    )


class Migration(migrations.Migration):
    dependencies = [("cases", "0013_crimes_groups_wanted_data")]

    operations = [
        migrations.RemoveIndex(model_name="person", name="person_victim_status"),
        migrations.AddField(
            model_name="person",
            name="citizenship_class",
            field=models.CharField(
                blank=True, default="", db_default="", editable=False, max_length=10
            ),
        ),
        migrations.AddField(
            model_name="person",
            name="exploited_mask",
            field=models.PositiveSmallIntegerField(default=0, db_default=0, editable=False),
        ),
        migrations.RunPython(forwards, migrations.RunPython.noop, elidable=True),
    ]
