from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class HotlineConfig(AppConfig):
    name = "ctis.hotline"
    label = "hotline"
    verbose_name = _("Hotline")

    def ready(self) -> None:
        from ctis.hotline import plugins

        plugins.register()
