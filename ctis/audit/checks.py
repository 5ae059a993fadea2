"""Fail ``check``/``runserver``/``migrate`` early when the audit key is missing, instead of
on the first write (every audited write needs it, ADR 0010)."""

from typing import Any

from django.core import checks

from ctis.core import crypto


@checks.register(checks.Tags.security)
def check_audit_key(app_configs=None, **kwargs: Any) -> list[checks.CheckMessage]:
    try:
        crypto.get_keyring().audit_key()
    except crypto.KeyringError as error:
        return [checks.Error(str(error), id="audit.E001")]
    return []
