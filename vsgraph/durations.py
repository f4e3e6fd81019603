"""Durations as people read them on a lean map: working days, hours and minutes.

A value-stream map counts work in the days a team works, not in elapsed days: 40 hours of
process time is a working week, ``5d``, not ``1d 16h``. How many hours make a day is a
setting (:class:`WorkingTime`, eight by default; ``--hours-per-day`` on the command line),
and every duration vsgraph shows people goes through it (the report, the diagrams, the
command line's tables), so that they agree with each other. The parts are written without
spaces inside them (``1d 2h 30min``), each as a number and a unit.

What people write is read apart from this: in a YAML file or a workbook ``1d`` is 24
hours (:mod:`vsgraph.authoring.units`), the elapsed day a calendar counts, and the
formats vsgraph writes for machines and for round trips keep exact minutes.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from functools import lru_cache

#: Hours in a working day unless told otherwise.
DEFAULT_HOURS_PER_DAY = Decimal(8)
#: Shown where a duration is not known.
UNKNOWN = "–"


@dataclass(frozen=True)
class WorkingTime:
    """How long a working day is; turns minutes into working days, hours and minutes."""

    hours_per_day: Decimal = DEFAULT_HOURS_PER_DAY

    def __post_init__(self) -> None:
        if not 0 < self.hours_per_day <= 24:
            raise ValueError(f"a working day has more than 0 and at most 24 hours, not {self.hours_per_day}")

    def duration(self, minutes: Decimal | int | None) -> str:
        """``minutes`` as working days, hours and minutes (``2400`` is ``5d`` with 8-hour
        days), ``–`` when unknown."""
        if minutes is None:
            return UNKNOWN
        return _duration(Decimal(minutes), self.hours_per_day)

    @property
    def day(self) -> str:
        """What ``d`` stands for, in words: ``a working day of 8h``."""
        return f"a working day of {_number(self.hours_per_day)}h"


#: The default setting, eight hours a day.
EIGHT_HOUR_DAYS = WorkingTime()


def working_time(hours_per_day: Decimal | float | str) -> WorkingTime:
    """The setting for ``hours_per_day`` (a float is taken by its shortest text: ``7.5``)."""
    return WorkingTime(Decimal(str(hours_per_day)))


@lru_cache(maxsize=4096)
def _duration(minutes: Decimal, hours_per_day: Decimal) -> str:
    """Cached: a large report formats the same few step times many thousands of times."""
    sign, rest = ("-", -minutes) if minutes < 0 else ("", minutes)
    parts = []
    for size, unit in ((hours_per_day * 60, "d"), (Decimal(60), "h")):
        whole = rest // size
        if whole:
            parts.append(f"{whole}{unit}")
            rest -= whole * size
    if rest or not parts:
        parts.append(f"{_number(rest)}min")
    return sign + " ".join(parts)


def _number(value: Decimal) -> str:
    text = f"{value.normalize():f}"
    return text.rstrip("0").rstrip(".") if "." in text else text
