import re

from django.utils import translation

from ctis.bootstrap.countries import countries_load_reference
from ctis.core.models import Country


def test_reference_countries_load_once_with_three_languages(db):
    countries_load_reference()  # idempotent: the session set-up may have loaded them
    assert countries_load_reference() == (0, 0)
    assert Country.objects.count() == 249
    azerbaijan = Country.objects.get(code="AZ")
    assert (azerbaijan.alpha3, azerbaijan.name_az, azerbaijan.name_ru) == (
        "AZE",
        "Azərbaycan",
        "Азербайджан",
    )
    with translation.override("ru"):
        assert Country.objects.get(code="TR").name == "Турция"
    with translation.override("az"):
        assert Country.objects.get(code="AE").name == "Birləşmiş Ərəb Əmirlikləri"


def test_names_are_in_their_own_script(db):
    countries_load_reference()
    for country in Country.objects.all():
        assert not re.search(r"[А-Яа-яЁё]", country.name_az), country.code
        assert not re.search(r"[A-Za-z]", country.name_ru), country.code
