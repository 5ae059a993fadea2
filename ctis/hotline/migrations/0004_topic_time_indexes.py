"""The copied time is required, and the two indexes the statistics read (see 0003). Apart
from 0003, so that PostgreSQL alters the table after the copy's transaction."""

import django.utils.timezone
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("hotline", "0003_topic_time")]

    operations = [
        migrations.AlterField(
            model_name="contacttopic",
            name="received_at",
            field=models.DateTimeField(editable=False),
        ),
        migrations.AlterField(
            model_name="contact",
            name="received_at",
            field=models.DateTimeField(default=django.utils.timezone.now, verbose_name="time"),
        ),
        migrations.AddIndex(
            model_name="contact",
            index=models.Index(
                fields=["received_at"],
                include=("nature", "channel", "outcome"),
                name="contact_time",
            ),
        ),
        migrations.AddIndex(
            model_name="contacttopic",
            index=models.Index(fields=["received_at", "topic"], name="contact_topic_by_time"),
        ),
    ]
