"""The language of an item's text, detected offline (``lingua-language-detector``, built with
only the languages monitoring meets: Azerbaijani, Russian, English and Turkish, so it
loads four models and not seventy-five). The officer may correct it on the item's form."""

from __future__ import annotations

from functools import cache

# Below this confidence (or for a text of a few letters) the language is left blank.
MINIMUM_CONFIDENCE = 0.5
MINIMUM_LETTERS = 8


@cache
def _detector():
    from lingua import Language, LanguageDetectorBuilder

    languages = {
        Language.AZERBAIJANI: "az",
        Language.RUSSIAN: "ru",
        Language.ENGLISH: "en",
        Language.TURKISH: "tr",
    }
    return LanguageDetectorBuilder.from_languages(*languages).build(), languages


def detect(text: str) -> str:
    """ "az", "ru", "en", "tr", or "" when the text is too short or the detector unsure.
    Azerbaijani written in Cyrillic has letters Russian lacks (ә, ҹ, ҝ, ј, һ, ө, ү, ғ)."""
    text = (text or "").strip()
    if sum(c.isalpha() for c in text) < MINIMUM_LETTERS:
        return ""
    if any(c in "әҹҝјһөүғӘҸҜЈҺӨҮҒ" for c in text):
        return "az"
    detector, codes = _detector()
    values = detector.compute_language_confidence_values(text[:2000])
    if not values or values[0].value < MINIMUM_CONFIDENCE:
        return ""
    return codes.get(values[0].language, "")
