from tests.cases.conftest import countries, investigator, provider, supervisor  # noqa: F401
