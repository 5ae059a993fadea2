"""Recompute the blind index of every phone already stored from its E.164 form (data only):
the index used to be computed from the last nine digits as typed, so a search or a
duplicate check that normalises the number (``ctis.cases.keys.phone_key``) would not meet
the older rows. The numbers are decrypted with the keyring, as the services do; the
values themselves are not touched. Reversible: the old index is computed again."""

import re

import phonenumbers
from django.db import migrations

from ctis.core import crypto

BATCH = 1000
REGION = "AZ"  # a number written without its country code, as of this migration


def e164_key(value: str) -> str:
    try:
        number = phonenumbers.parse(value, REGION)
    except phonenumbers.NumberParseException:
        number = None
    if number is not None and phonenumbers.is_valid_number(number):
        return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)
    return re.sub(r"\D", "", value)


def nine_digits_key(value: str) -> str:
    digits = re.sub(r"\D", "", value)
    return digits[-9:] if len(digits) >= 9 else digits


def _reindex(schema_editor, key) -> None:
    """Set every phone's ``value_index`` to the blind index of ``key(number)``, read and
    written with plain SQL in batches."""
    connection = schema_editor.connection
    quote = schema_editor.quote_name
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT {quote('id')}, {quote('value')}, {quote('value_index')} "
            f"FROM {quote('cases_personcontact')} WHERE {quote('kind')} = %s",
            ["Phone"],
        )
        rows = cursor.fetchall()
    updates = []
    for pk, token, index in rows:
        new = crypto.blind_index(key(crypto.decrypt(token)), purpose="person.contact")
        if new != index:
            updates.append((new, pk))
    for start in range(0, len(updates), BATCH):
        with connection.cursor() as cursor:
            cursor.executemany(
                f"UPDATE {quote('cases_personcontact')} SET {quote('value_index')} = %s "
                f"WHERE {quote('id')} = %s",
                updates[start : start + BATCH],
            )


def reindex(apps, schema_editor):
    _reindex(schema_editor, e164_key)


def unindex(apps, schema_editor):
    _reindex(schema_editor, nine_digits_key)


class Migration(migrations.Migration):
    dependencies = [("cases", "0009_identity_access_purpose_choices")]

    operations = [migrations.RunPython(reindex, unindex)]
