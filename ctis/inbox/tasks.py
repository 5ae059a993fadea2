"""The alert centre's background work, run by ``ctis worker`` (ADR 0014): an alert's
e-mail leaves from the queue, so a slow or absent mail server never holds up the write
that sent the alert."""

from __future__ import annotations

from django_tasks import task

from ctis.inbox import services


@task()
def send_alert_email(alert_id: str) -> bool:
    """Send one alert's e-mail (once: ``services.deliver_email`` claims it)."""
    return services.deliver_email(alert_id)
