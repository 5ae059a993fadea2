"""The Content-Security-Policy allows scripts and styles from the site's own files only
(issue 10): no template may carry an inline script, an event-handler attribute, a style
attribute or element, or a ``javascript:`` link — the browser would refuse them."""

import re
from pathlib import Path

import pytest

TEMPLATES = Path(__file__).resolve().parents[1] / "ctis" / "templates"
# Rendered by WeasyPrint into PDF, never served to a browser: its styles may be inline.
PRINTED = TEMPLATES / "plan" / "documents"
FORBIDDEN = {
    "inline script": re.compile(r"<script(?![^>]*\bsrc=)[^>]*>", re.IGNORECASE),
    "event handler": re.compile(r"""\son[a-z]+\s*=\s*["']""", re.IGNORECASE),
    "style attribute": re.compile(r"""\sstyle\s*=\s*["']""", re.IGNORECASE),
    "style element": re.compile(r"<style\b", re.IGNORECASE),
    "javascript: link": re.compile(r"javascript:", re.IGNORECASE),
    "htmx inline code": re.compile(r"\shx-on|\bjs:", re.IGNORECASE),
}


@pytest.mark.parametrize(
    "path",
    sorted(p for p in TEMPLATES.rglob("*.html") if PRINTED not in p.parents),
    ids=lambda p: str(p.relative_to(TEMPLATES)),
)
def test_no_template_carries_inline_code(path):
    text = path.read_text(encoding="utf-8")
    found = [
        f"{kind}: {match.group(0)!r}"
        for kind, pattern in FORBIDDEN.items()
        for match in pattern.finditer(text)
    ]
    assert not found, found


def test_htmx_is_configured_to_inject_no_style_and_evaluate_nothing():
    base = (TEMPLATES / "base.html").read_text(encoding="utf-8")
    config = re.search(r'<meta name="htmx-config" content=\'([^\']*)\'>', base)
    assert config, "base.html configures htmx"
    assert '"includeIndicatorStyles": false' in config.group(1)
    assert '"allowEval": false' in config.group(1)
    assert '"allowScriptTags": false' in config.group(1)
