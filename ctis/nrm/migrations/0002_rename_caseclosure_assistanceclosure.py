"""“Case” is the criminal case: an agency's closing of its assistance to a person is an
AssistanceClosure. The table is renamed, its rows kept; reversible."""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("cases", "0006_name_index_one_person_index"),
        ("nrm", "0001_initial"),
    ]

    operations = [
        migrations.RenameModel(old_name="CaseClosure", new_name="AssistanceClosure"),
        migrations.AlterModelOptions(
            name="assistanceclosure",
            options={
                "ordering": ["-closed_on", "-created_at"],
                "verbose_name": "assistance closure",
                "verbose_name_plural": "assistance closures",
            },
        ),
        migrations.AlterField(
            model_name="assistanceclosure",
            name="person",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.CASCADE,
                related_name="assistance_closures",
                to="cases.person",
                verbose_name="person",
            ),
        ),
    ]
