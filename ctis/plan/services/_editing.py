"""Helpers the editing services (plans, sections, measures) share.

A coordinator creates the next plan and keeps it up to date without code. Each service
checks ``plan.manage_plans`` itself, validates everything before writing anything (so a
refused form saves nothing) and audits in the same transaction."""

from __future__ import annotations

import re

from django.core.exceptions import ValidationError


def raise_with_model_errors(instance, errors: dict[str, list[str]]) -> None:
    """Raise our own errors together with the model's field errors, so the form shows all.

    The database constraints are checked by our own clearer messages first; the final
    ``full_clean()`` before saving still checks them.
    """
    try:
        instance.full_clean(validate_unique=False, validate_constraints=False)
    except ValidationError as error:
        for name, messages in error.message_dict.items():
            errors.setdefault(name, []).extend(messages)
    if errors:
        raise ValidationError(dict(errors))


def clean_lines(values) -> list[str]:
    """Entries as a list, each with its white space collapsed; empty ones dropped."""
    return [" ".join(str(v).split()) for v in values or [] if str(v).strip()]


def clean_number(value: str) -> str:
    # "4.2.1." and "4.2.1" are the same number; the plan's text is not consistent.
    return " ".join((value or "").split()).rstrip(".")


def number_key(number: str) -> tuple:
    return tuple((0, int(p), "") if p.isdigit() else (1, 0, p) for p in re.split(r"[.\s]+", number))
