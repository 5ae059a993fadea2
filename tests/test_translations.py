"""Every string has its Azerbaijani and Russian text; the compiled catalogues are current."""

import gettext
from pathlib import Path

import polib
import pytest
from django.utils import translation

LOCALE = Path(__file__).resolve().parents[1] / "ctis" / "locale"


@pytest.mark.parametrize("language", ["az", "ru"])
def test_catalogue_is_complete(language):
    catalogue = polib.pofile(str(LOCALE / language / "LC_MESSAGES" / "django.po"))
    missing = [entry.msgid for entry in catalogue if not entry.obsolete and not entry.translated()]
    fuzzy = [entry.msgid for entry in catalogue if "fuzzy" in entry.flags]
    assert not missing, f"{len(missing)} untranslated in {language}: {missing[:10]}"
    assert not fuzzy, f"fuzzy in {language}: {fuzzy[:10]}"
    assert len(catalogue) > 100


@pytest.mark.parametrize("language", ["az", "en", "ru"])
def test_compiled_catalogue_matches_the_source(language):
    source = polib.pofile(str(LOCALE / language / "LC_MESSAGES" / "django.po"))
    with open(LOCALE / language / "LC_MESSAGES" / "django.mo", "rb") as handle:
        compiled = gettext.GNUTranslations(handle)
    for entry in source:
        if entry.obsolete or not entry.msgstr or entry.msgid_plural:
            continue
        key = f"{entry.msgctxt}\x04{entry.msgid}" if entry.msgctxt else entry.msgid
        assert compiled._catalog.get(key) == entry.msgstr, f"run `make messages`: {entry.msgid!r}"


@pytest.mark.parametrize(("language", "text"), [("az", "Daxil ol"), ("ru", "Войти")])
def test_log_in_page_speaks_the_language(client, db, language, text):
    client.cookies["ctis_language"] = language
    page = client.get("/accounts/login/").content.decode()
    assert text in page
    assert "Log in" not in page and "Password" not in page


def test_agency_names_follow_the_language(agencies):
    agency = agencies["sms"]
    with translation.override("en"):
        assert agency.name == agency.name_en
    with translation.override("ru"):
        assert agency.name == agency.name_ru
    with translation.override("az"):
        assert agency.name == agency.name_az
