from tests.cases.conftest import countries  # noqa: F401  (a fixture)
