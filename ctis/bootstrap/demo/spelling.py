"""Spelling variants: one name written as different agencies would enter it.

Azerbaijani Latin (Məmmədova), Russian Cyrillic (Мамедова), the Russian transliteration
of Russian-era documents (Mamedova, Guseynov) or the passport's ASCII (Mammadova,
Huseynov); Russian-style patronymics, feminine family names, and the names of the
demonstration persons made in one of these styles.
"""

from __future__ import annotations

import random
from dataclasses import dataclass

from ctis.bootstrap.demo.names import AZ_FAMILY, AZ_FAMILY_TABLE, AZ_FEMALE, AZ_MALE, Nationality
from ctis.bootstrap.demo.weights import Table
from ctis.cases.choices import Sex

# How an agency spelled the name: Azerbaijani Latin, Russian Cyrillic, Russian
# transliteration (Mamedova, Guseynov) or the passport's ASCII (Mammadova, Huseynov).
STYLE_TABLE = Table([("az", 62), ("ru", 15), ("ru-latin", 12), ("passport", 11)])

_PASSPORT_ASCII = str.maketrans(
    {"ə": "a", "Ə": "A", "ç": "ch", "Ç": "Ch", "ş": "sh", "Ş": "Sh", "ğ": "gh", "Ğ": "Gh",
     "ı": "i", "İ": "I", "ö": "o", "Ö": "O", "ü": "u", "Ü": "U", "x": "kh", "X": "Kh",
     "c": "j", "C": "J", "q": "g", "Q": "G"}
)  # fmt: skip
_RUSSIAN_LATIN = {
    "а": "a", "б": "b", "в": "v", "г": "g", "д": "d", "е": "e", "ё": "yo", "ж": "zh", "з": "z",
    "и": "i", "й": "y", "к": "k", "л": "l", "м": "m", "н": "n", "о": "o", "п": "p", "р": "r",
    "с": "s", "т": "t", "у": "u", "ф": "f", "х": "kh", "ц": "ts", "ч": "ch", "ш": "sh",
    "щ": "shch", "ъ": "", "ы": "y", "ь": "", "э": "e", "ю": "yu", "я": "ya", "і": "i",
    "ї": "yi", "є": "ye",
}  # fmt: skip
_RUSSIAN_VOWELS = set("аеёиоуыэюяьъ")


def russian_latin(text: str) -> str:
    """Russian Cyrillic in the transliteration Russian-era documents used (Guseynova)."""
    out = []
    previous = ""
    for char in text:
        lower = char.lower()
        if lower == "е" and (not previous or previous in _RUSSIAN_VOWELS or previous == " "):
            latin = "ye"
        else:
            latin = _RUSSIAN_LATIN.get(lower, char)
        if char != lower and latin:
            latin = latin[0].upper() + latin[1:]
        out.append(latin)
        previous = lower
    return "".join(out)


def passport_ascii(text: str) -> str:
    """Azerbaijani Latin as passports print it (Mammadova, Huseynov, Jafarov)."""
    return text.translate(_PASSPORT_ASCII)


def feminine(family: str) -> str:
    """The feminine form of a family name in any of the scripts (Əliyeva, Алиева)."""
    if family.endswith(("ov", "ev", "in", "ов", "ев", "ин")):
        return family + ("a" if family[-1] in "vn" else "а")
    return family


def russian_patronymic(father: str, sex: str) -> str:
    """Алиевна, Рашадович: a Russian patronymic from a Cyrillic given name."""
    female = sex == Sex.FEMALE
    if father[-1] in "йь":
        stem, ending = father[:-1], "евна" if female else "евич"
    elif father[-1] in "аяи":
        stem, ending = father, "евна" if female else "евич"
    else:
        stem, ending = father, "овна" if female else "ович"
    return stem + ending


@dataclass
class Name:
    given: str
    family: str
    patronymic: str | None
    aliases: str | None


def az_name(
    rng: random.Random,
    sex: str,
    style: str,
    *,
    family: tuple[str, str] | None = None,
    patronymic: bool = True,
) -> Name:
    given = rng.choice(AZ_FEMALE if sex == Sex.FEMALE else AZ_MALE)
    family = family or AZ_FAMILY_TABLE(rng)
    father = rng.choice(AZ_MALE) if patronymic and rng.random() < 0.85 else None
    female = sex == Sex.FEMALE
    marker = "qızı" if female else "oğlu"
    if style == "ru":
        result = Name(
            given[1],
            feminine(family[1]) if female else family[1],
            russian_patronymic(father[1], sex) if father else None,
            None,
        )
    elif style == "ru-latin":
        result = Name(
            russian_latin(given[1]),
            russian_latin(feminine(family[1]) if female else family[1]),
            russian_latin(russian_patronymic(father[1], sex)) if father else None,
            None,
        )
    elif style == "passport":
        result = Name(
            passport_ascii(given[0]),
            passport_ascii(feminine(family[0]) if female else family[0]),
            f"{passport_ascii(father[0])} {passport_ascii(marker)}" if father else None,
            None,
        )
    else:
        result = Name(
            given[0],
            feminine(family[0]) if female else family[0],
            f"{father[0]} {marker}" if father else None,
            None,
        )
    roll = rng.random()
    if roll < 0.10:
        # Another agency's spelling, noted as an alias.
        other = "az" if style != "az" else rng.choice(["ru", "ru-latin", "passport"])
        alias = spelled(given, family, sex, other)
        result.aliases = alias
    elif roll < 0.14 and female:
        # A maiden name.
        maiden = AZ_FAMILY_TABLE(rng)
        result.aliases = spelled(None, maiden, sex, style)
    return result


def spelled(given: tuple[str, str] | None, family: tuple[str, str], sex: str, style: str) -> str:
    female = sex == Sex.FEMALE
    parts = [family, given] if given else [family]
    words = []
    for index, (latin, cyrillic) in enumerate(parts):
        if index == 0 and female:
            latin, cyrillic = feminine(latin), feminine(cyrillic)
        if style == "ru":
            words.append(cyrillic)
        elif style == "ru-latin":
            words.append(russian_latin(cyrillic))
        elif style == "passport":
            words.append(passport_ascii(latin))
        else:
            words.append(latin)
    return " ".join(words)


def foreign_name(rng: random.Random, nationality: Nationality, sex: str) -> Name:
    female = sex == Sex.FEMALE
    given = rng.choice(nationality.female if female else nationality.male)
    family = rng.choice(nationality.family)
    cyrillic = rng.random() < nationality.cyrillic
    index = 1 if cyrillic else 0
    family_name = feminine(family[index]) if female else family[index]
    patronymic = None
    if rng.random() < nationality.russian_patronymic:
        father = rng.choice(nationality.male)[1]
        patronymic = russian_patronymic(father, sex)
        if not cyrillic:
            patronymic = russian_latin(patronymic)
    return Name(given[index], family_name, patronymic, None)


def family_of(written: str) -> tuple[str, str]:
    """The (Latin, Cyrillic) family name a spelled family name came from."""
    for latin, cyrillic in AZ_FAMILY:
        if written in (
            latin,
            feminine(latin),
            cyrillic,
            feminine(cyrillic),
            russian_latin(cyrillic),
            russian_latin(feminine(cyrillic)),
            passport_ascii(latin),
            passport_ascii(feminine(latin)),
        ):
            return latin, cyrillic
    return AZ_FAMILY[0]
