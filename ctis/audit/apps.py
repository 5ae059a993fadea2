from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AuditConfig(AppConfig):
    name = "ctis.audit"
    label = "audit"
    verbose_name = _("Audit")

    def ready(self) -> None:
        from ctis.audit import checks, plugins  # noqa: F401 (checks registers itself)

        plugins.register()
