"""The statistics count a period's services by kind and person (and the allowances' sums)
from an index on the delivery date alone."""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("nrm", "0010_iom_international_and_overtime_wording")]

    operations = [
        migrations.AddIndex(
            model_name="servicedelivery",
            index=models.Index(
                fields=["delivered_on", "kind"],
                include=("person", "amount"),
                name="service_delivered",
            ),
        ),
    ]
