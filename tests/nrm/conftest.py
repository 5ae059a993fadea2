import pytest

from tests.cases.conftest import countries, person_data  # noqa: F401  (a fixture)


@pytest.fixture
def test_set(db):
    """The synthetic indicator set of the tests (not ILO wording), loaded by the import."""
    from ctis.nrm import services
    from ctis.nrm.models import IndicatorSet
    from tests.nrm.test_screening import TEST_SET

    services.indicator_sets_import(actor=None, data={"sets": [TEST_SET]})
    return IndicatorSet.objects.get(code="test-adult-labour")


@pytest.fixture
def person(officer, countries):  # noqa: F811  (the fixture)
    """A person the officer entered."""
    from ctis.cases.services import person_create

    return person_create(actor=officer, prefix="V", data=person_data(countries))
