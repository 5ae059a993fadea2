from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class StatsConfig(AppConfig):
    name = "ctis.stats"
    label = "stats"
    verbose_name = _("Statistics")

    def ready(self) -> None:
        from ctis.stats import plugins

        plugins.register()
