from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "ctis.core"
    label = "core"
    verbose_name = _("Core")

    def ready(self) -> None:
        from ctis.core import registry

        registry.navigation.register(registry.NavEntry("home", _("Home"), "core:home", order=0))
