"""Entries name their hash scheme: those already written are plain SHA-256 ("sha256"),
new ones HMAC-SHA256 under the audit key. The head gains the entry count and its seal
(filled by 0005)."""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("audit", "0003_object_indexes")]

    operations = [
        migrations.AddField(
            model_name="auditchainhead",
            name="count",
            field=models.PositiveBigIntegerField(default=0),
        ),
        migrations.AddField(
            model_name="auditchainhead",
            name="seal",
            field=models.CharField(blank=True, default="", max_length=64),
        ),
        # Every entry already written was hashed with plain SHA-256.
        migrations.AddField(
            model_name="auditentry",
            name="scheme",
            field=models.CharField(default="sha256", max_length=16),
        ),
        migrations.AlterField(
            model_name="auditentry",
            name="scheme",
            field=models.CharField(default="hmac-sha256", max_length=16),
        ),
    ]
