# The accounts tests' users and log-in helpers serve the audit pages too.
from tests.accounts.conftest import (  # noqa: F401
    admin,
    admin_client,
    auditor,
    auditor_client,
    english,
    login_2fa,
    reporter,
    reporter_client,
)
