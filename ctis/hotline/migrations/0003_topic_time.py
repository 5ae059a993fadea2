"""A contact's topics carry the contact's time, and the contacts' time index carries what
the statistics count them by, so that a year's contacts are counted from indexes alone
(issue 13: 5,000,000 contacts). Existing topic rows get their contact's time."""

from django.db import migrations, models

COPY_TIME = """
    UPDATE hotline_contacttopic SET received_at = (
        SELECT c.received_at FROM hotline_contact c WHERE c.id = hotline_contacttopic.contact_id
    )
"""


class Migration(migrations.Migration):
    dependencies = [("hotline", "0002_topics")]

    operations = [
        migrations.AddField(
            model_name="contacttopic",
            name="received_at",
            field=models.DateTimeField(editable=False, null=True),
        ),
        migrations.RunSQL(COPY_TIME, migrations.RunSQL.noop),
    ]
