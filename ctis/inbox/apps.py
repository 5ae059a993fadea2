from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class InboxConfig(AppConfig):
    name = "ctis.inbox"
    label = "inbox"
    verbose_name = _("Alerts")

    def ready(self) -> None:
        from ctis.inbox import plugins

        plugins.register()
