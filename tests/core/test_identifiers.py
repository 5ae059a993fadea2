"""Contact identifiers: one canonical form however they are written, found in free text,
refused with a message when they are no identifier at all."""

import pytest
from django.core.exceptions import ValidationError

from ctis.core.identifiers import IdentifierKind, extract, normalise, recognise


@pytest.mark.parametrize(
    "written",
    ["050 123 45 67", "(050) 123-45-67", "994 50 123 45 67", "+994501234567", "+994 50 123 45 67"],
)
def test_every_writing_of_a_number_is_one_identifier(written):
    assert normalise(IdentifierKind.PHONE, written).key == "+994501234567"
    assert recognise(written).key == "+994501234567"


def test_one_number_has_one_index_whatever_the_writing():
    a = normalise(IdentifierKind.PHONE, "050 123 45 67")
    b = normalise(IdentifierKind.PHONE, "+994 (50) 123-45-67")
    assert a.index == b.index
    assert a.index != normalise(IdentifierKind.PHONE, "050 123 45 68").index


def test_addresses_and_handles_are_lower_cased():
    assert recognise("Aysel.M@Mail.AZ").key == "aysel.m@mail.az"
    assert recognise("@Job_Abroad").key == "@job_abroad"
    assert normalise(IdentifierKind.HANDLE, "job_abroad").key == "@job_abroad"


def test_kinds_keep_their_indexes_apart():
    handle = normalise(IdentifierKind.HANDLE, "abc123")
    email = normalise(IdentifierKind.EMAIL, "abc123@mail.az")
    assert handle.index != email.index


@pytest.mark.parametrize(
    "kind, value, code",
    [
        (IdentifierKind.PHONE, "12", "not_a_phone"),
        (IdentifierKind.PHONE, "call me", "not_a_phone"),
        (IdentifierKind.EMAIL, "not@an", "not_an_email"),
        (IdentifierKind.HANDLE, "@a", "not_a_handle"),
        (IdentifierKind.HANDLE, "@1abc", "not_a_handle"),
    ],
)
def test_what_is_not_an_identifier_is_refused_with_a_message(kind, value, code):
    with pytest.raises(ValidationError) as refused:
        normalise(kind, value)
    assert refused.value.code == code
    assert refused.value.messages[0]


def test_a_typed_value_that_is_nothing_is_refused():
    with pytest.raises(ValidationError) as refused:
        recognise("12-34")
    assert refused.value.code == "not_an_identifier"


def test_identifiers_are_found_in_an_advertisement():
    text = (
        "Türkiyədə iş! Maaş 2000$. Zəng edin: 050 123 45 67 və ya +90 532 123 45 67, "
        "yazın @isabroad_az və ya t.me/Viza_Help, e-poçt: jobs.abroad@mail.ru"
    )
    found = extract(text)
    keys = [f.identifier.key for f in found]
    assert keys == [
        "+994501234567",
        "+905321234567",
        "@isabroad_az",
        "@viza_help",
        "jobs.abroad@mail.ru",
    ]
    for f in found:
        assert text[f.start : f.end].strip()
    email = found[-1]
    assert text[email.start : email.end] == "jobs.abroad@mail.ru"


def test_a_handle_inside_an_address_is_not_a_handle():
    assert [f.identifier.kind for f in extract("write to anna@mail.az")] == ["email"]
