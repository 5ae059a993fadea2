"""The person list's covering indexes on the person's own columns; the per-form rows
(VictimExploitation) that the list joined before are no longer needed."""

from django.db import migrations, models


def analyse(apps, schema_editor):
    """Planner statistics for the new columns now, not at the next autovacuum."""
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("ANALYZE cases_person")


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0001_initial"),
        ("cases", "0004_copy_victim_columns"),
        ("core", "0001_initial"),
    ]

    operations = [
        migrations.RemoveIndex(
            model_name="person",
            name="person_recent",
        ),
        migrations.RemoveIndex(
            model_name="person",
            name="person_list_filter",
        ),
        migrations.RemoveIndex(
            model_name="victimprofile",
            name="victim_status_year",
        ),
        migrations.RemoveIndex(
            model_name="victimprofile",
            name="victim_identified",
        ),
        migrations.AddIndex(
            model_name="person",
            index=models.Index(
                fields=["-created_at"],
                include=(
                    "id",
                    "victim_status",
                    "identified_on",
                    "forms_mask",
                    "sex",
                    "birth_year",
                    "owner_agency",
                    "created_by_agency",
                ),
                name="person_recent",
            ),
        ),
        migrations.AddIndex(
            model_name="person",
            index=models.Index(
                fields=["victim_status", "identified_on"],
                include=(
                    "id",
                    "created_at",
                    "forms_mask",
                    "sex",
                    "birth_year",
                    "owner_agency",
                    "created_by_agency",
                ),
                name="person_victim_status",
            ),
        ),
        migrations.AddIndex(
            model_name="person",
            index=models.Index(
                fields=["-identified_on", "-created_at"],
                include=(
                    "id",
                    "victim_status",
                    "forms_mask",
                    "sex",
                    "birth_year",
                    "owner_agency",
                    "created_by_agency",
                ),
                name="person_identified",
            ),
        ),
        migrations.AddIndex(
            model_name="person",
            index=models.Index(
                fields=["forms_mask", "identified_on"],
                include=(
                    "id",
                    "created_at",
                    "victim_status",
                    "sex",
                    "birth_year",
                    "owner_agency",
                    "created_by_agency",
                ),
                name="person_forms",
            ),
        ),
        migrations.AddIndex(
            model_name="person",
            index=models.Index(
                fields=["id"],
                include=(
                    "created_at",
                    "victim_status",
                    "identified_on",
                    "forms_mask",
                    "sex",
                    "birth_year",
                    "owner_agency",
                    "created_by_agency",
                ),
                name="person_list_filter",
            ),
        ),
        migrations.DeleteModel(
            name="VictimExploitation",
        ),
        migrations.RunPython(analyse, migrations.RunPython.noop),
    ]
