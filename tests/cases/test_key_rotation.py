"""`ctis keys rotate` on the unified database: every identity column re-sealed under the
new primary key, values and blind indexes unchanged, nothing else touched."""

import io

from django.core.management import call_command
from django.db import connection

from ctis.cases import selectors, services
from ctis.cases.models import Person, PersonContact, PersonDocument
from tests.cases.conftest import person_data
from tests.core.test_crypto import K1, K2, use_env_keys


def _tokens(table: str, column: str) -> list[str]:
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {column} FROM {table} WHERE {column} IS NOT NULL")  # noqa: S608
        return [row[0] for row in cursor.fetchall()]


def test_rotation_reseals_every_identity_column(settings, investigator, countries):
    use_env_keys(settings, ("k1", K1))
    person = services.person_create(actor=investigator, data=person_data(countries), prefix="V")
    version = person.version
    use_env_keys(settings, ("k2", K2), ("k1", K1))

    out = io.StringIO()
    call_command("keys", "rotate", stdout=out)

    for table, column in [
        ("cases_person", "given_name"),
        ("cases_person", "family_name"),
        ("cases_person", "birth_date"),
        ("cases_person", "address"),
        ("cases_persondocument", "number"),
        ("cases_personcontact", "value"),
    ]:
        tokens = _tokens(table, column)
        assert tokens and all(t.startswith("v1:k2:") for t in tokens), (table, column)
    person = Person.objects.get(pk=person.pk)
    assert (person.family_name, person.version) == ("Məmmədova", version)
    assert PersonDocument.objects.get().number == "AA 1234567"
    assert PersonContact.objects.get().value == "+994 50 123 45 67"
    assert selectors.search(investigator, "Mamedova").persons == [person]
    use_env_keys(settings, ("k2", K2))  # the old key can now go
    assert Person.objects.get(pk=person.pk).given_name == "Leyla"
