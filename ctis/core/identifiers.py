"""Contact identifiers (phone numbers, e-mail addresses, messenger handles): how each is
written in one canonical form, found in free text, and blind-indexed, so that two writings
of one number are one caller and the same number in an advertisement and a hotline call
meet, without the number ever being kept in the clear.

The hotline (callers), monitoring (numbers found in advertisements) and the unified
database (a person's contacts, ``ctis.cases.keys``) all normalise here. The hotline and
monitoring share one blind-index purpose (``IDENTIFIER_PURPOSE``), so an identifier's index
is the same wherever it was seen; a person's contacts keep their own purpose
(``person.contact``) and are compared through ``ctis.cases.selectors.persons_with_contact``,
which applies the access decision.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import phonenumbers
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import models
from django.utils.translation import gettext_lazy as _

from ctis.core import crypto

# A number written without its country code is read as Azerbaijani: 050 123 45 67.
PHONE_REGION = "AZ"

# One purpose for every identifier seen by the hotline or by monitoring.
IDENTIFIER_PURPOSE = "contact.identifier"


class IdentifierKind(models.TextChoices):
    PHONE = "phone", _("Phone number")
    EMAIL = "email", _("E-mail address")
    HANDLE = "handle", _("Messenger handle")


@dataclass(frozen=True)
class Identifier:
    kind: str
    key: str  # the canonical form: E.164, a lower-cased address, @handle

    @property
    def index(self) -> str:
        return crypto.blind_index(f"{self.kind}:{self.key}", purpose=IDENTIFIER_PURPOSE)


@dataclass(frozen=True)
class Found:
    """An identifier found in a text, with where it stands (``text[start:end]``)."""

    identifier: Identifier
    start: int
    end: int


def phone_e164(value: str, region: str = PHONE_REGION) -> str | None:
    """The number in E.164 (+994501234567), however it is written ("050 123 45 67",
    "(050) 123-45-67", "994 50 123 45 67", "+994501234567"); None if it is no valid number."""
    try:
        number = phonenumbers.parse(value, region)
    except phonenumbers.NumberParseException:
        return None
    if not phonenumbers.is_valid_number(number):
        return None
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)


# Telegram, Instagram, Skype and the like: 3 to 32 letters, digits, "_" or "."; written with
# "@" or as a t.me / instagram.com link.
_HANDLE = re.compile(r"^@?([A-Za-z][A-Za-z0-9_.]{2,31})$")
_HANDLE_IN_TEXT = re.compile(
    r"(?:(?<![\w@.])@|(?:https?://)?(?:t\.me|telegram\.me|instagram\.com|wa\.me)/)"
    r"([A-Za-z][A-Za-z0-9_.]{2,31})(?![\w@])"
)
_EMAIL_IN_TEXT = re.compile(r"(?<![\w.+-])[\w.+-]+@[\w-]+(?:\.[\w-]+)*\.[A-Za-z]{2,}(?![\w-])")


def normalise(kind: str, value: str) -> Identifier:
    """The identifier ``value`` of ``kind`` in its canonical form; ``ValidationError`` with a
    message in the user's language when it is no such identifier."""
    value = (value or "").strip()
    if kind == IdentifierKind.PHONE:
        e164 = phone_e164(value)
        if e164 is None:
            raise ValidationError(
                _("%(value)s is not a phone number (write it as 050 123 45 67 or +994 …)."),
                params={"value": value[:40]},
                code="not_a_phone",
            )
        return Identifier(kind, e164)
    if kind == IdentifierKind.EMAIL:
        address = value.casefold()
        try:
            validate_email(address)
        except ValidationError:
            raise ValidationError(
                _("%(value)s is not an e-mail address."),
                params={"value": value[:80]},
                code="not_an_email",
            ) from None
        return Identifier(kind, address)
    if kind == IdentifierKind.HANDLE:
        match = _HANDLE.match(value)
        if match is None:
            raise ValidationError(
                _(
                    "%(value)s is not a messenger handle (3 to 32 letters, digits, _ or ., "
                    "starting with a letter, as @name)."
                ),
                params={"value": value[:40]},
                code="not_a_handle",
            )
        return Identifier(kind, "@" + match.group(1).casefold())
    raise ValidationError(_("Unknown kind of identifier."), code="unknown_kind")


def recognise(value: str) -> Identifier:
    """The identifier a user typed without saying its kind: an e-mail address if it has
    "@" inside, a handle if it starts with "@" or is a name, otherwise a phone number."""
    value = (value or "").strip()
    if "@" in value[1:]:
        return normalise(IdentifierKind.EMAIL, value)
    if value.startswith("@") or (value[:1].isalpha() and not any(c.isdigit() for c in value[:3])):
        return normalise(IdentifierKind.HANDLE, value)
    try:
        return normalise(IdentifierKind.PHONE, value)
    except ValidationError:
        raise ValidationError(
            _("%(value)s is not a phone number, an e-mail address or a messenger handle."),
            params={"value": value[:40]},
            code="not_an_identifier",
        ) from None


def extract(text: str, region: str = PHONE_REGION) -> list[Found]:
    """Every phone number, e-mail address and messenger handle in ``text``, in the order
    they stand, each once per place (a handle inside an e-mail address is not a handle)."""
    found: list[Found] = []
    taken: list[tuple[int, int]] = []

    def free(start: int, end: int) -> bool:
        return all(end <= a or start >= b for a, b in taken)

    for match in _EMAIL_IN_TEXT.finditer(text):
        address = match.group(0).casefold()
        found.append(Found(Identifier(IdentifierKind.EMAIL, address), *match.span()))
        taken.append(match.span())
    for phone in phonenumbers.PhoneNumberMatcher(
        text, region, leniency=phonenumbers.Leniency.VALID
    ):
        if free(phone.start, phone.end):
            e164 = phonenumbers.format_number(phone.number, phonenumbers.PhoneNumberFormat.E164)
            found.append(Found(Identifier(IdentifierKind.PHONE, e164), phone.start, phone.end))
            taken.append((phone.start, phone.end))
    for match in _HANDLE_IN_TEXT.finditer(text):
        if free(*match.span()):
            handle = "@" + match.group(1).rstrip(".").casefold()
            found.append(Found(Identifier(IdentifierKind.HANDLE, handle), *match.span()))
            taken.append(match.span())
    return sorted(found, key=lambda f: f.start)
