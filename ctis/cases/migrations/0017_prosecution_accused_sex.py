"""A copy of the accused's sex on each prosecution (issue 13), written from now on by the
services: filled here for the prosecutions already stored, so that charges and convictions
by sex are counted without reading the persons."""

from django.db import migrations, models

COPY_SEX = """
    UPDATE cases_prosecution SET accused_sex = (
        SELECT p.sex FROM cases_person p WHERE p.id = cases_prosecution.accused_id
    )
"""


class Migration(migrations.Migration):

    dependencies = [
        ('cases', '0016_event_victim_kind_index'),
    ]

    operations = [
        migrations.AddField(
            model_name='prosecution',
            name='accused_sex',
            field=models.CharField(choices=[('Feminine', 'Female'), ('Masculine', 'Male'), ('NonSpecifiedUnknown', 'Not known')], db_default='NonSpecifiedUnknown', default='NonSpecifiedUnknown', editable=False, max_length=24),
        ),
        migrations.RunSQL(COPY_SEX, migrations.RunSQL.noop),
    ]
