"""System checks (``ctis check``, run before the server and the tests start)."""

from django.core import checks

from ctis.accounts.roles import undeclared_grants


@checks.register()
def permissions_declared(app_configs, **kwargs):
    return [
        checks.Error(
            f"The permission {permission} is granted to a role but no app declares it.",
            hint="Declare it with ctis.core.registry.declare() in its app's plugins.",
            id="ctis.E001",
        )
        for permission in undeclared_grants()
    ]
