from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OutreachConfig(AppConfig):
    name = "ctis.outreach"
    label = "outreach"
    verbose_name = _("Awareness and training")

    def ready(self) -> None:
        from ctis.outreach import plugins

        plugins.register()
