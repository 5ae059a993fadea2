"""The idempotency keys stop keeping the first answer, which could hold a person's identity
in clear: the keys kept so far are removed with it (a retry after this migration creates
the record again, as a call without a key would), and a key now names the record it made."""

from django.db import migrations, models


def forget_kept_answers(apps, schema_editor):
    apps.get_model("interop", "IdempotencyKey").objects.all().delete()


class Migration(migrations.Migration):
    dependencies = [
        ("interop", "0001_initial"),
    ]

    operations = [
        migrations.RunPython(forget_kept_answers, migrations.RunPython.noop),
        migrations.RemoveField(model_name="idempotencykey", name="response"),
        migrations.RemoveField(model_name="idempotencykey", name="status"),
        migrations.AddField(
            model_name="idempotencykey",
            name="record_type",
            field=models.CharField(default="", max_length=100),
            preserve_default=False,
        ),
        migrations.AddField(
            model_name="idempotencykey",
            name="record_id",
            field=models.CharField(default="", max_length=64),
            preserve_default=False,
        ),
    ]
