"""The ILO / European Commission rules that turn observed indicators into a screening result
(Operational indicators of trafficking in human beings, 2009; as stated in
``shared/standards/README.md``).

Indicators are grouped in six dimensions and weighted strong, medium or weak. A dimension
is met with 2 strong, or 1 strong and 1 medium or weak, or 3 medium, or 2 medium and 1 weak.
An adult is a presumed victim when a recruitment dimension, the exploitation dimension and
a dimension of coercion or of abuse of vulnerability at destination are all met; for a
child the means are not required: recruitment and exploitation suffice.

Pure functions over counts: the web form, the command line and the tests share them.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

DECEPTIVE_RECRUITMENT = "deceptive_recruitment"
COERCIVE_RECRUITMENT = "coercive_recruitment"
RECRUITMENT_ABUSE = "recruitment_abuse_of_vulnerability"
EXPLOITATIVE_CONDITIONS = "exploitative_conditions"
COERCION_AT_DESTINATION = "coercion_at_destination"
ABUSE_AT_DESTINATION = "abuse_of_vulnerability_at_destination"

DIMENSIONS = (
    DECEPTIVE_RECRUITMENT,
    COERCIVE_RECRUITMENT,
    RECRUITMENT_ABUSE,
    EXPLOITATIVE_CONDITIONS,
    COERCION_AT_DESTINATION,
    ABUSE_AT_DESTINATION,
)
RECRUITMENT = (DECEPTIVE_RECRUITMENT, COERCIVE_RECRUITMENT, RECRUITMENT_ABUSE)
EXPLOITATION = (EXPLOITATIVE_CONDITIONS,)
MEANS_AT_DESTINATION = (COERCION_AT_DESTINATION, ABUSE_AT_DESTINATION)

STRONG, MEDIUM, WEAK = "strong", "medium", "weak"
WEIGHTS = (STRONG, MEDIUM, WEAK)

ADULT, CHILD = "adult", "child"
# A checklist may serve both (the national indicators do); the ILO/EC rules need one of two.
ANY_AGE = "any"
ADULTHOOD = 18
PRESUMED_VICTIM = "presumed_victim"
NOT_ENOUGH = "not_enough_indicators"
RECORDED = "recorded"


def dimension_met(strong: int, medium: int, weak: int) -> bool:
    """2 strong; or 1 strong + 1 medium or weak; or 3 medium; or 2 medium + 1 weak."""
    return (
        strong >= 2
        or (strong >= 1 and medium + weak >= 1)
        or medium >= 3
        or (medium >= 2 and weak >= 1)
    )


@dataclass
class Tally:
    strong: int = 0
    medium: int = 0
    weak: int = 0

    @property
    def met(self) -> bool:
        return dimension_met(self.strong, self.medium, self.weak)

    def add(self, weight: str) -> None:
        setattr(self, weight, getattr(self, weight) + 1)


@dataclass
class Assessment:
    population: str
    dimensions: dict[str, Tally] = field(default_factory=dict)

    def met(self, dimension: str) -> bool:
        return self.dimensions[dimension].met

    @property
    def recruitment(self) -> bool:
        return any(self.met(d) for d in RECRUITMENT)

    @property
    def exploitation(self) -> bool:
        return all(self.met(d) for d in EXPLOITATION)

    @property
    def means(self) -> bool:
        return any(self.met(d) for d in MEANS_AT_DESTINATION)

    @property
    def result(self) -> str:
        presumed = self.recruitment and self.exploitation
        if self.population != CHILD:
            presumed = presumed and self.means
        return PRESUMED_VICTIM if presumed else NOT_ENOUGH


def assess(population: str, observed: Iterable[tuple[str, str]]) -> Assessment:
    """``observed``: (dimension, weight) of each indicator seen."""
    if population not in (ADULT, CHILD):
        raise ValueError(f"unknown population {population!r}")
    assessment = Assessment(population, {d: Tally() for d in DIMENSIONS})
    for dimension, weight in observed:
        if dimension not in assessment.dimensions or weight not in WEIGHTS:
            raise ValueError(f"unknown dimension or weight {dimension!r}, {weight!r}")
        assessment.dimensions[dimension].add(weight)
    return assessment
