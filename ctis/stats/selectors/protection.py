"""Protection in a period, from the referral mechanism: placements in shelters and in the
assistance centre, and the services delivered (seed 000's "12 employed, 25 sent to
vocational courses, 58 returned to their families, 9 helped with documents, each paid a
one-time allowance of 700 manat"). Persons are counted once per figure."""

from __future__ import annotations

from collections.abc import Sequence

from django.db.models import Count, Q, Sum

from ctis.nrm.models import AgencyFunction, ServiceDelivery, ServiceKind, Stay
from ctis.stats.periods import Period

# The services whose persons the report counts, by the key it prints them under.
SERVICES = {
    "rehabilitated": [ServiceKind.MEDICAL, ServiceKind.PSYCHOLOGICAL],
    "legal_aid": [ServiceKind.LEGAL_AID],
    "employed": [ServiceKind.EMPLOYMENT],
    "vocational_courses": [ServiceKind.VOCATIONAL_COURSE],
    "returned_to_families": [ServiceKind.RETURN_TO_FAMILY],
    "helped_with_documents": [ServiceKind.IDENTITY_DOCUMENTS],
    "repatriated": [ServiceKind.REPATRIATION],
}
CHILDREN_SERVICES = {
    "preschool_education": [ServiceKind.CHILDREN_EDUCATION],
    "paternity_and_alimony": [ServiceKind.PATERNITY_ALIMONY],
    "birth_certificates": [ServiceKind.BIRTH_CERTIFICATE],
}
ALLOWANCES = {
    "one_time": ServiceKind.ONE_TIME_ALLOWANCE,
    "monthly": ServiceKind.MONTHLY_ALLOWANCE,
}


def placements(period: Period) -> dict[str, int]:
    """Persons admitted in the period to a shelter and to an assistance centre (by the
    function of the facility's agency in the referral mechanism)."""
    rows = (
        Stay.objects.filter(admitted_on__range=(period.start, period.end))
        .values("facility__agency__nrm__function")
        .annotate(persons=Count("person", distinct=True))
        .order_by()
    )
    found = {row["facility__agency__nrm__function"]: row["persons"] for row in rows}
    return {
        "shelter": found.get(AgencyFunction.SHELTER, 0),
        "assistance_centre": found.get(AgencyFunction.ASSISTANCE_CENTRE, 0),
    }


def services(period: Period) -> dict:
    """Persons given each kind of service in the period, the allowances paid (persons,
    payments, total in manat) and the services to victims' children."""
    rows = (
        ServiceDelivery.objects.filter(delivered_on__range=(period.start, period.end))
        .values("kind")
        .annotate(persons=Count("person", distinct=True), times=Count("*"), amount=Sum("amount"))
        .order_by()
    )
    by_kind = {row["kind"]: row for row in rows}
    # A person given two kinds of one figure (medical and psychological help) counts once.
    grouped = {**SERVICES, **CHILDREN_SERVICES}
    multi = {key: kinds for key, kinds in grouped.items() if len(kinds) > 1}
    distinct = {}
    if multi:
        distinct = ServiceDelivery.objects.filter(
            delivered_on__range=(period.start, period.end),
            kind__in=[kind for kinds in multi.values() for kind in kinds],
        ).aggregate(
            **{
                key: Count("person", distinct=True, filter=Q(kind__in=kinds))
                for key, kinds in multi.items()
            }
        )

    def persons(key: str, kinds: Sequence[str]) -> int:
        if key in distinct:
            return distinct[key] or 0
        return sum(by_kind[kind]["persons"] for kind in kinds if kind in by_kind)

    allowances = {}
    for key, kind in ALLOWANCES.items():
        row = by_kind.get(kind)
        allowances[key] = {
            "persons": row["persons"] if row else 0,
            "payments": row["times"] if row else 0,
            "total_azn": str(row["amount"] or 0) if row else "0",
        }
    return {
        **{key: persons(key, kinds) for key, kinds in SERVICES.items()},
        "allowances": allowances,
        "children": {key: persons(key, kinds) for key, kinds in CHILDREN_SERVICES.items()},
        "by_service": {
            kind: {"persons": row["persons"], "times": row["times"]}
            for kind, row in sorted(by_kind.items())
        },
    }
