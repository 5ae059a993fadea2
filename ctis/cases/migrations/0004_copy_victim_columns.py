"""Fill the person's copies of the victim profile's columns (data only)."""

import itertools

from django.db import migrations

FORM_BITS = {  # ctis.cases.choices.FORM_BITS as of this migration
    "SexualExploitation": 1 << 0,
    "ForcedLabour": 1 << 1,
    "ForcedBegging": 1 << 2,
    "ForcedMarriage": 1 << 3,
    "OrganRemoval": 1 << 4,
    "ForcedCriminalActivity": 1 << 5,
    "Servitude": 1 << 6,
    "Other": 1 << 7,
}


def copy_victim_columns(apps, schema_editor):
    """Each victim's status, identification date and forms onto the person, in one
    statement (a loop over a million persons would take an hour)."""
    bits = " ".join(f"WHEN '{form}' THEN {bit}" for form, bit in FORM_BITS.items())
    schema_editor.execute(f"""
        UPDATE cases_person SET
            victim_status = (SELECT v.status FROM cases_victimprofile v
                             WHERE v.person_id = cases_person.id),
            identified_on = (SELECT v.identified_on FROM cases_victimprofile v
                             WHERE v.person_id = cases_person.id),
            forms_mask = COALESCE((SELECT SUM(CASE e.form {bits} ELSE 0 END)
                                   FROM cases_victimexploitation e
                                   WHERE e.victim_id = cases_person.id), 0)
        WHERE id IN (SELECT person_id FROM cases_victimprofile)
    """)


def restore_exploitation_rows(apps, schema_editor):
    VictimProfile = apps.get_model("cases", "VictimProfile")
    VictimExploitation = apps.get_model("cases", "VictimExploitation")
    VictimExploitation.objects.all().delete()  # rebuilt whole from the profiles' forms
    rows = (
        VictimExploitation(victim_id=person_id, form=form)
        for person_id, forms in VictimProfile.objects.values_list("person_id", "forms").iterator()
        for form in sorted(set(forms))
    )
    while batch := list(itertools.islice(rows, 5000)):
        VictimExploitation.objects.bulk_create(batch)


class Migration(migrations.Migration):
    dependencies = [
        ("cases", "0003_person_victim_columns"),
    ]

    operations = [
        migrations.RunPython(copy_victim_columns, restore_exploitation_rows),
    ]
