"""Criminal cases with their participants and prosecutions, and persons' trafficking events, through the API."""

from __future__ import annotations

from django.urls import URLPattern

urlpatterns: list[URLPattern] = []
