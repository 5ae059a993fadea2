"""Outreach events with their participant counts, and plan reports with their figures and catalogue indicators, through the API."""

from __future__ import annotations

from django.urls import URLPattern

urlpatterns: list[URLPattern] = []
