from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class InteropConfig(AppConfig):
    name = "ctis.interop"
    label = "interop"
    verbose_name = _("Data exchange")

    def ready(self) -> None:
        from ctis.interop import plugins

        plugins.register()
