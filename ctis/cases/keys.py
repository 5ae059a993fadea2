"""Keys by which persons are found: the normalised values behind the blind indexes of names,
document numbers and contacts, and the person's code. Services write them, selectors
search by them; neither owns them."""

from __future__ import annotations

import re

from ctis.core import crypto
from ctis.core.identifiers import phone_e164
from ctis.core.names import normalise


def person_code(prefix: str, year: int, number: int) -> str:
    return f"{prefix}-{year}-{number:04d}"


def name_index_values(*names: str | None) -> set[str]:
    """Blind indexes of every word key of the given names (aliases one a line).

    A feminine surname (-ova, -yeva) is indexed under the family's form too, so that a
    search for Məmmədov finds Məmmədova, as people searching a family expect.
    """
    keys: set[str] = set()
    for name in names:
        keys.update(normalise(name or "").split())
    keys |= {key[:-1] for key in keys if key.endswith("ova") and len(key) > 4}
    return {crypto.blind_index(key, purpose="person.name") for key in keys if len(key) > 1}


def document_number_key(number: str) -> str:
    return re.sub(r"[^0-9A-Z]", "", number.upper())


def phone_key(value: str) -> str:
    """What a phone's blind index is computed from: its E.164 form, so that every writing of
    one number meets; the digits alone for a number that is not valid (entry refuses those,
    but older records may hold one)."""
    return phone_e164(value) or re.sub(r"\D", "", value)


def contact_key(kind: str, value: str) -> str:
    return phone_key(value) if kind == "Phone" else value.strip().casefold()
