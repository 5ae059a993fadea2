from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CasesConfig(AppConfig):
    name = "ctis.cases"
    label = "cases"
    verbose_name = _("Unified database")

    def ready(self) -> None:
        from ctis.cases import plugins

        plugins.register()
