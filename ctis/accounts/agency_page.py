"""What other apps add to an agency's page.

The agency registry is below the apps that name agencies (the plan names them in its
measures), so it cannot import them. Each such app registers, from its
``AppConfig.ready()``, a function of the agency that returns more template context; the
agency page merges what they return.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from ctis.accounts.models import Agency

AgencyContext = Callable[["Agency"], dict[str, Any]]

_providers: dict[str, AgencyContext] = {}


def register_agency_context(app_label: str, provider: AgencyContext) -> None:
    """Add (or, for the same app, replace) one app's part of the agency page."""
    _providers[app_label] = provider


def agency_context(agency: Agency) -> dict[str, Any]:
    context: dict[str, Any] = {}
    for provider in _providers.values():
        context.update(provider(agency))
    return context
