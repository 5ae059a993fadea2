"""Files of figures that leave the system, one module per export: ``glotip`` (UNODC's long
table), ``greta`` (the Council of Europe's statistics tables), ``tip`` (the US TIP report's
data call) and ``ctdc`` (a k-anonymised victim-level dataset). Each has
``build(spec) -> Made``; ``ctis.stats.services.export_make`` checks the permission, makes
the file and audits it."""

from __future__ import annotations

from ctis.stats.exports import ctdc, glotip, greta, tip
from ctis.stats.exports.common import DEFAULT_K, LANGUAGES, ExportRefused, Made, Spec

KINDS = {"glotip": glotip, "greta": greta, "tip": tip, "ctdc": ctdc}

__all__ = ["DEFAULT_K", "KINDS", "LANGUAGES", "ExportRefused", "Made", "Spec", "build"]


def build(spec: Spec) -> Made:
    return KINDS[spec.kind].build(spec)
