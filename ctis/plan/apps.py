from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PlanConfig(AppConfig):
    name = "ctis.plan"
    label = "plan"
    verbose_name = _("National Action Plan")

    def ready(self) -> None:
        from ctis.plan import plugins

        plugins.register()
