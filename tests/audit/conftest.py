# The accounts tests' English pages serve the audit pages too.
from tests.accounts.conftest import english  # noqa: F401
