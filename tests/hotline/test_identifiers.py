"""Callers are found again by the blind index of their identifier: two writings of one
number are one caller, and the contacts with an identifier are read through the gate."""

from django.db import connection

from ctis.core.identifiers import IdentifierKind, normalise
from ctis.hotline import selectors
from ctis.hotline.models import CallerIdentifier


def test_two_writings_of_one_number_are_one_caller(hotline_operator, record):
    first = record(hotline_operator, identifier="050 123 45 67")
    second = record(hotline_operator, identifier="+994 (50) 123-45-67")
    assert first.caller_id is not None
    assert first.caller_id == second.caller_id
    assert CallerIdentifier.objects.count() == 1


def test_the_number_is_sealed_and_indexed(hotline_operator, record):
    record(hotline_operator, identifier="050 123 45 67")
    row = CallerIdentifier.objects.with_sealed().get()
    assert row.value == "+994501234567"
    assert row.index == normalise(IdentifierKind.PHONE, "0501234567").index
    raw = CallerIdentifier.objects.values_list("value", flat=True).query

    with connection.cursor() as cursor:
        cursor.execute(str(raw).replace("hotline_calleridentifier.value", "value"))
        stored = cursor.fetchone()[0]
    assert "501234567" not in stored


def test_contacts_with_identifier_through_the_gate(hotline_operator, investigator, analyst, record):
    mine = record(hotline_operator, identifier="@Recruiter_Baku")
    record(hotline_operator, identifier="055 765 43 21")
    index = normalise(IdentifierKind.HANDLE, "recruiter_baku").index
    assert list(selectors.contacts_with_identifier(hotline_operator, [index])) == [mine]
    # the police unit's investigators read their agency's contacts
    assert list(selectors.contacts_with_identifier(investigator, [index])) == [mine]
    assert list(selectors.contacts_with_identifier(analyst, [index])) == []
    assert list(selectors.contacts_with_identifier(hotline_operator, [])) == []
