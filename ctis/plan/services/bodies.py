"""The bodies a measure names as the plan writes them: each name checked against the agency
registry, and the plan's own bodies of a measure read for its audit entry."""

from __future__ import annotations

from django.utils.translation import gettext as _

from ctis.accounts.models import Agency
from ctis.plan.models import Measure, MeasureBody
from ctis.plan.selectors import body_key, resolve_bodies
from ctis.plan.services._editing import clean_lines
from ctis.plan.textimport import normalise_body_name


def body_names_resolve(
    field: str,
    names: list[str],
    index: dict[str, Agency],
    seen: dict[object, str],
    errors: dict[str, list[str]],
) -> list[tuple[str, Agency | None]]:
    """Each name with its agency (None if generic); unknown and repeated names are errors."""
    names = [normalise_body_name(n) for n in clean_lines(names)]
    names = [n for n in names if n]
    agencies, unknown = resolve_bodies(names, index)
    if unknown:
        errors[field].append(
            _(
                "Not in the agency registry: %(names)s. Check the spelling against the "
                "registry's names, or add the body to the registry first."
            )
            % {"names": "; ".join(unknown)}
        )
    for name, agency in zip(names, agencies, strict=True):
        key = agency.pk if agency is not None else body_key(name)
        if key in seen:
            errors[field].append(
                _("“%(name)s” names the same body as “%(other)s”; list each body once.")
                % {"name": name, "other": seen[key]}
            )
        else:
            seen[key] = name
    return list(zip(names, agencies, strict=True))


def own_bodies(measure: Measure) -> dict[str, list[str]]:
    bodies = sorted(
        measure.bodies.exclude(role=MeasureBody.Role.ASSIGNED), key=lambda b: b.position
    )
    return {
        "bodies": [b.name_as_written for b in bodies if b.role == MeasureBody.Role.EXECUTING],
        "recommended": [
            b.name_as_written for b in bodies if b.role == MeasureBody.Role.RECOMMENDED
        ],
    }
