from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "ctis.core"
    label = "core"
    verbose_name = _("Core")

    def ready(self) -> None:
        import datetime

        from ctis.core import periodic, registry

        registry.navigation.register(registry.NavEntry("home", _("Home"), "core:home", order=0))
        # Background jobs' files are kept a day (ctis.core.jobs).
        periodic.register(
            "core.delete_old_jobs",
            "ctis.core.jobs.delete_old_jobs",
            every=datetime.timedelta(hours=1),
        )
        # A job left running by a worker that stopped is marked failed (ctis.core.jobs.SILENCE).
        periodic.register(
            "core.fail_abandoned_jobs",
            "ctis.core.jobs.fail_abandoned_jobs",
            every=datetime.timedelta(minutes=5),
        )
        # A form's one-time key is kept long enough to recognise a resent form (formtokens.KEEP).
        periodic.register(
            "core.purge_form_tokens",
            "ctis.core.formtokens.purge_expired_form_tokens",
            every=datetime.timedelta(hours=6),
        )
