from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "ctis.accounts"
    label = "accounts"
    verbose_name = _("Agencies and users")

    def ready(self) -> None:
        from ctis.accounts import checks, plugins  # noqa: F401 (checks register themselves)

        plugins.register()
