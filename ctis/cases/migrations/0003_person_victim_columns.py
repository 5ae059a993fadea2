"""The victim profile's status, identification date and forms as columns of the person,
for the person list (filled by the next migration)."""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("cases", "0002_list_and_search_indexes"),
    ]

    operations = [
        migrations.AddField(
            model_name="person",
            name="forms_mask",
            field=models.PositiveIntegerField(default=0, editable=False),
        ),
        migrations.AddField(
            model_name="person",
            name="identified_on",
            field=models.DateField(
                blank=True, editable=False, null=True, verbose_name="identified on"
            ),
        ),
        migrations.AddField(
            model_name="person",
            name="victim_status",
            field=models.CharField(
                blank=True,
                choices=[
                    ("PossibleVictimOfTrafficking", "Possible victim"),
                    ("ActualVictimOfTrafficking", "Victim of trafficking"),
                    ("NotAVictimOfTrafficking", "Not a victim"),
                ],
                editable=False,
                max_length=32,
                verbose_name="trafficking status",
            ),
        ),
    ]
