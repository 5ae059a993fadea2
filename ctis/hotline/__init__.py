"""ctis.hotline: the hotline's contact log: calls and messages, callers found again by blind-indexed identifiers, tips to the police unit (plan 4.3.1)."""
