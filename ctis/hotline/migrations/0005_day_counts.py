"""Contacts counted by day (issue 13): a day's contacts by nature and channel, and by
topic, kept by ``contact_record``; the contacts already recorded are counted here, by
their day in the server's time zone."""

import zoneinfo

import django.db.models.deletion

import ctis.core.bounds
from django.conf import settings
from django.db import migrations, models
from django.db.models import Count
from django.db.models.functions import TruncDate


def count_recorded(apps, schema_editor):
    Contact = apps.get_model("hotline", "Contact")
    ContactTopic = apps.get_model("hotline", "ContactTopic")
    ContactDay = apps.get_model("hotline", "ContactDay")
    TopicDay = apps.get_model("hotline", "TopicDay")
    zone = zoneinfo.ZoneInfo(settings.TIME_ZONE)
    days = (
        Contact.objects.annotate(day=TruncDate("received_at", tzinfo=zone))
        .values_list("day", "nature", "channel")
        .annotate(n=Count("*"))
        .order_by()
    )
    ContactDay.objects.bulk_create(
        (ContactDay(day=d, nature=nature, channel=channel, contacts=n) for d, nature, channel, n in days),
        batch_size=5000,
    )
    topics = (
        ContactTopic.objects.annotate(day=TruncDate("received_at", tzinfo=zone))
        .values_list("day", "topic_id")
        .annotate(n=Count("*"))
        .order_by()
    )
    TopicDay.objects.bulk_create(
        (TopicDay(day=d, topic_id=topic, contacts=n) for d, topic, n in topics), batch_size=5000
    )


class Migration(migrations.Migration):

    dependencies = [
        ('hotline', '0004_topic_time_indexes'),
    ]

    operations = [
        migrations.CreateModel(
            name='ContactDay',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('day', models.DateField(validators=[ctis.core.bounds.DateBound('past')])),
                ('nature', models.CharField(choices=[('case', 'About a case'), ('information', 'Information request'), ('silent', 'Silent call'), ('hoax', 'Hoax'), ('test', 'Test call')], max_length=12)),
                ('channel', models.CharField(choices=[('phone', 'Phone'), ('whatsapp', 'WhatsApp'), ('telegram', 'Telegram'), ('web_form', 'Web form'), ('walk_in', 'Walk-in'), ('email', 'E-mail')], max_length=10)),
                ('contacts', models.PositiveIntegerField(default=0)),
            ],
            options={
                'constraints': [models.UniqueConstraint(fields=('day', 'nature', 'channel'), name='contact_day_once')],
            },
        ),
        migrations.CreateModel(
            name='TopicDay',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('day', models.DateField(validators=[ctis.core.bounds.DateBound('past')])),
                ('contacts', models.PositiveIntegerField(default=0)),
                ('topic', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to='hotline.topic')),
            ],
            options={
                'constraints': [models.UniqueConstraint(fields=('day', 'topic'), name='topic_day_once')],
            },
        ),
        migrations.RunPython(count_recorded, migrations.RunPython.noop),
    ]
