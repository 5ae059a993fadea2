from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NrmConfig(AppConfig):
    name = "ctis.nrm"
    label = "nrm"
    verbose_name = _("National Referral Mechanism")

    def ready(self) -> None:
        from ctis.nrm import plugins

        plugins.register()
