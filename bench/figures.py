"""What every benchmark hands the suite (bench/suite.py): its figures, each against its baseline.

Each benchmark's ``main(argv)`` prints its report as before and returns a list of
:class:`Comparison`: one figure of the application and the baseline measured in the same run, both
medians over the benchmark's repeats. The ratio is always figure / baseline, in the figure's unit,
so whether higher is better depends on the unit (a rate: higher; a time or a count: lower).
"""

from __future__ import annotations

from dataclasses import asdict, dataclass


@dataclass(frozen=True)
class Comparison:
    figure: str
    value: float
    baseline: str
    baseline_value: float
    unit: str
    #: what else a reader needs to judge the figure (p99, peak memory, rows), in a few words
    note: str = ""

    @property
    def ratio(self) -> float:
        return self.value / self.baseline_value

    def to_dict(self) -> dict:
        return asdict(self)
