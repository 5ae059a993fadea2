"""The weighted choice every vocabulary table of the demonstration data is made of."""

from __future__ import annotations

import bisect
import itertools
import random
from collections.abc import Sequence
from typing import Generic, TypeVar

T = TypeVar("T")


class Table(Generic[T]):
    """A weighted choice: ``Table([(value, weight), ...])(rng)``."""

    def __init__(self, rows: Sequence[tuple[T, float]]):
        self.values = [value for value, _weight in rows]
        self.cumulative = list(itertools.accumulate(weight for _value, weight in rows))
        self.total = self.cumulative[-1]

    def __call__(self, rng: random.Random) -> T:
        return self.values[bisect.bisect_right(self.cumulative, rng.random() * self.total)]
