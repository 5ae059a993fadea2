"""The statistics' countries of exploitation: each of a year's victims looks up its
exploitation events in an index on (victim, kind) that carries the country, and the event
reaches its person's row directly (``victim_person``, no column of its own). The new index
serves the victim key's lookups too, so the key's own index goes."""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("cases", "0015_person_victim_status_index")]

    operations = [
        migrations.AddIndex(
            model_name="traffickingevent",
            index=models.Index(
                fields=["victim", "kind"], include=("country",), name="event_victim_kind"
            ),
        ),
        migrations.AlterField(
            model_name="traffickingevent",
            name="victim",
            field=models.ForeignKey(
                db_index=False,
                on_delete=django.db.models.deletion.CASCADE,
                related_name="events",
                to="cases.victimprofile",
            ),
        ),
        # No column, so nothing for the database (and SQLite's table rebuild, which undoing
        # an AddField of a ForeignObject would run, cannot handle one).
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.AddField(
                    model_name="traffickingevent",
                    name="victim_person",
                    field=models.ForeignObject(
                        from_fields=["victim"],
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        related_name="+",
                        to="cases.person",
                        to_fields=["id"],
                    ),
                ),
            ],
        ),
    ]
