"""Seal the free text already stored beside identities (data only; 0007 changed the
columns): events' places and descriptions, child links' notes, criminal cases' summaries,
break-glass reasons. Reversible: unsealing writes the plain text back."""

from django.db import migrations

from ctis.core import crypto

# (table, primary key, sealed columns) as of this migration.
SEALED = [
    ("cases_traffickingevent", "id", ["place", "description"]),
    ("cases_childofvictim", "id", ["note"]),
    ("cases_criminalcase", "id", ["summary"]),
    ("cases_breakglassgrant", "id", ["reason"]),
]
BATCH = 1000


def _is_token(value: str) -> bool:
    try:
        crypto.decrypt(value)
    except crypto.CryptoError:
        return False
    return True


def _convert(schema_editor, change) -> None:
    """Rewrite every non-NULL value of the columns with ``change(value)`` (None: leave it),
    read and written with plain SQL: the historical fields would try to open plain text."""
    connection = schema_editor.connection
    quote = schema_editor.quote_name
    for table, pk, columns in SEALED:
        for column in columns:
            with connection.cursor() as cursor:
                cursor.execute(
                    f"SELECT {quote(pk)}, {quote(column)} FROM {quote(table)} "
                    f"WHERE {quote(column)} IS NOT NULL"
                )
                rows = cursor.fetchall()
            updates = [(new, key) for key, value in rows if (new := change(value)) is not None]
            for start in range(0, len(updates), BATCH):
                with connection.cursor() as cursor:
                    cursor.executemany(
                        f"UPDATE {quote(table)} SET {quote(column)} = %s WHERE {quote(pk)} = %s",
                        updates[start : start + BATCH],
                    )


def seal(apps, schema_editor):
    _convert(schema_editor, lambda value: None if _is_token(value) else crypto.encrypt(value))


def unseal(apps, schema_editor):
    _convert(schema_editor, lambda value: crypto.decrypt(value) if _is_token(value) else None)


class Migration(migrations.Migration):
    dependencies = [("cases", "0007_sealed_free_text")]

    operations = [migrations.RunPython(seal, unseal)]
