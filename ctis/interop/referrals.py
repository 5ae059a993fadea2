"""Referrals between agencies (with their steps) and screenings through the API."""

from __future__ import annotations

from django.urls import URLPattern

urlpatterns: list[URLPattern] = []
