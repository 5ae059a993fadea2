"""Where each app plugs itself into the pages it does not own.

An app fills these registries from its ``AppConfig.ready()``; the pages that show them
(``base.html``, the home page, the person page, the agency page) name no app. See
CONTRIBUTING.md, "A new app", and docs/adr/0008.

- ``navigation``: the entries of the module bar (and a sub-bar shown while one is active);
- ``start_pages``: where a user lands after logging in, when their work is one app's;
- ``home_items``: the cards and work lists of the home page;
- ``person_panels``: the panels of a person's page (given the access decision);
- ``agency_panels``: the panels of an agency's page;
- ``dashboard_panels``: work lists on the plan dashboard, where agency staff start
  (``start_pages``) instead of the home page;
- ``measure_panels``: the panels of a plan measure's page (given the measure);
- ``figure_sources``: figures another app can offer a yearly report on a measure
  (``suggested_figures``: the report form starts with them);
- ``header_items``: small items of the page header beside the user's name (the alerts'
  unread count), on every page: each must cost at most one query;
- ``permissions``: the permissions each app checks (``declare``); roles are granted them
  in ``ctis.accounts.roles``.

A panel or home item is a template and a function that returns its context, or None when
the user has nothing to see in it; the function gets the request and the page's object.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from decimal import Decimal
from typing import Any, Generic, TypeVar

from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.safestring import SafeString, mark_safe

Visible = Callable[[Any], bool]  # given the user


def everyone(user) -> bool:
    return True


def any_perm(*permissions: str) -> Visible:
    """Visible to a user holding any of these permissions."""

    def visible(user) -> bool:
        return any(user.has_perm(permission) for permission in permissions)

    return visible


@dataclass(frozen=True)
class NavEntry:
    key: str
    label: Any
    url_name: str
    order: int
    visible: Visible = everyone
    # The entry is marked current when the path contains this (default: the entry's URL).
    active: str = ""
    # A template of links shown beneath the bar while the entry is current.
    subnav: str = ""


@dataclass(frozen=True)
class StartPage:
    key: str
    url_name: str
    order: int
    applies: Visible


@dataclass(frozen=True)
class Panel:
    key: str
    template: str
    order: int
    # (request, the page's object) -> the template's context, or None to show nothing.
    context: Callable[..., dict | None]


@dataclass(frozen=True)
class FigureSource:
    key: str
    order: int
    # (measure, agency, year) -> [(label, value, unit), ...]
    figures: Callable[..., list]


@dataclass(frozen=True)
class DocumentSection:
    key: str
    order: int
    # (reporting period, language) -> {"heading": str, "intro": str, "columns": [str],
    # "rows": [[str, ...], ...]}, or None to add nothing; called under the language.
    build: Callable[..., dict | None]


@dataclass(frozen=True)
class SuggestedFigure:
    label: Any
    value: Decimal
    unit: Any = ""


T = TypeVar("T", NavEntry, StartPage, Panel, FigureSource, DocumentSection)


class Registry(Generic[T]):
    def __init__(self, name: str) -> None:
        self.name = name
        self._items: dict[str, T] = {}

    def register(self, item: T) -> None:
        """Add or replace the item with this key (``ready()`` may run more than once)."""
        self._items[item.key] = item

    def __iter__(self) -> Iterator[T]:
        return iter(sorted(self._items.values(), key=lambda item: (item.order, item.key)))

    def __contains__(self, key: str) -> bool:
        return key in self._items

    def unregister(self, key: str) -> None:
        self._items.pop(key, None)


navigation: Registry[NavEntry] = Registry("navigation")
start_pages: Registry[StartPage] = Registry("start pages")
home_items: Registry[Panel] = Registry("home page")
person_panels: Registry[Panel] = Registry("person page")
agency_panels: Registry[Panel] = Registry("agency page")
header_items: Registry[Panel] = Registry("page header")
measure_panels: Registry[Panel] = Registry("plan measure page")
dashboard_panels: Registry[Panel] = Registry("plan dashboard")
figure_sources: Registry[FigureSource] = Registry("report figures")
# Sections an app adds to the plan's consolidated yearly report (after its summary).
document_sections: Registry[DocumentSection] = Registry("consolidated report sections")


permissions: set[str] = set()


def declare(app_label: str, *codenames: str) -> None:
    """The permissions an app checks: ``declare("plan", "draft_report", ...)``."""
    permissions.update(f"{app_label}.{codename}" for codename in codenames)


@dataclass(frozen=True)
class NavLink:
    label: Any
    url: str
    current: bool
    subnav: str


def nav_links(request) -> list[NavLink]:
    """The module bar for this request's user."""
    links = []
    for entry in navigation:
        if not entry.visible(request.user):
            continue
        url = reverse(entry.url_name)
        if entry.active:
            current = entry.active in request.path
        else:
            current = request.path == url
        links.append(NavLink(entry.label, url, current, entry.subnav))
    return links


def start_page(user) -> str | None:
    """The URL name of the first start page that applies to the user, if any."""
    for page in start_pages:
        if page.applies(user):
            return page.url_name
    return None


def render_panels(registry: Registry[Panel], request, obj=None) -> SafeString:
    """Each panel whose function returns a context, rendered in order."""
    parts = []
    for panel in registry:
        context = panel.context(request, obj) if obj is not None else panel.context(request)
        if context is None:
            continue
        parts.append(render_to_string(panel.template, context, request=request))
    return mark_safe("".join(parts))  # noqa: S308 (each part is a rendered template)


def suggested_figures(measure, agency, year: int) -> list[SuggestedFigure]:
    """The figures every source offers a report on ``measure`` by ``agency`` for ``year``."""
    found = []
    for source in figure_sources:
        for label, value, unit in source.figures(measure, agency, year):
            found.append(SuggestedFigure(label, Decimal(value), unit))
    return found
