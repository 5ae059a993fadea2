"""The index on status and identification date carries the countries of exploitation
(``0018``) too."""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("cases", "0018_person_exploited_countries")]

    operations = [
        migrations.RemoveIndex(model_name="person", name="person_victim_status"),
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
                    "exploited_countries",
                ),
                name="person_victim_status",
            ),
        ),
    ]
