from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class BootstrapConfig(AppConfig):
    name = "ctis.bootstrap"
    label = "bootstrap"
    verbose_name = _("Set-up and demonstration data")
