"""The index on status and identification date carries the person's copies for the
statistics (``0014``), so that a year's victims are counted from the index alone."""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("cases", "0014_person_statistics_copies")]

    operations = [
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
                    "citizenship_class",
                    "exploited_mask",
                ),
                name="person_victim_status",
            ),
        ),
    ]
