"""Small discrete logarithms by baby-step giant-step: find m ≤ bound with m·G = P."""

from math import isqrt

from . import group


class SmallDiscreteLog:
    """Solves m·G = P for 0 ≤ m ≤ bound in about 2·√bound additions per point."""

    def __init__(self, bound: int) -> None:
        if bound < 0:
            raise ValueError("the bound must not be negative")
        self.bound = bound
        self.step = isqrt(bound) + 1
        self._baby_steps: dict[bytes, int] = {}
        point = group.IDENTITY
        for value in range(self.step):
            self._baby_steps[point] = value
            point = group.add(point, group.GENERATOR)
        self._giant_step = group.base_mul(self.step)

    def solve(self, point: bytes) -> int | None:
        """m with m·G = point and 0 ≤ m ≤ bound, or None if there is none."""
        for giant in range(self.step + 1):
            found = self._baby_steps.get(point)
            if found is not None:
                value = giant * self.step + found
                return value if value <= self.bound else None
            point = group.sub(point, self._giant_step)
        return None
