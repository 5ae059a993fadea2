"""Keys that the feedback form and its service both compute: a browser's and a client's,
each a keyed hash (``ctis.core.crypto.blind_index``), so no address or cookie value is
stored as it was received."""

from __future__ import annotations

from ctis.core import crypto


def browser_key(browser_id: str) -> str:
    """The stored form of the random value a browser keeps in its feedback cookie."""
    return crypto.blind_index(browser_id, purpose="outreach.browser")


def client_value(address: str, user_agent: str) -> str:
    """What the per-client counter counts: the address and the browser's name, together.
    ``ctis.core.throttle`` keeps only a keyed hash of it."""
    return f"{address}\x1f{user_agent[:300]}"
