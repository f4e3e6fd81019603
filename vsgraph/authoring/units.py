"""Durations and numbers as people write them: ``2h``, ``30min``, ``1.5d``.

The ontology stores process and wait times as plain decimals of minutes (HermiT rejects
``xsd:duration``), but nobody thinks in thousands of minutes; this module converts both
ways. A day is 24 hours and a week 7 days: value-stream maps measure elapsed time.
"""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation

from vsgraph.errors import AuthoringError

#: Minutes per unit, under every spelling accepted.
UNITS: dict[str, int] = {
    "min": 1, "mins": 1, "minute": 1, "minutes": 1,
    "h": 60, "hr": 60, "hrs": 60, "hour": 60, "hours": 60,
    "d": 1440, "day": 1440, "days": 1440,
    "w": 10080, "wk": 10080, "week": 10080, "weeks": 10080,
}  # fmt: skip

_DURATION = re.compile(r"^\s*([0-9]+(?:\.[0-9]+)?)\s*([a-z]*)\s*$")


def to_decimal(value: object, what: str) -> Decimal:
    """Return ``value`` (a number or numeric text) as an exact decimal.

    Floats go through their shortest text form, so a YAML ``99.95`` stays ``99.95``
    instead of the binary approximation.
    """
    if isinstance(value, bool):
        raise AuthoringError(f"{what} must be a number, not {value!r}")
    if isinstance(value, (int, float, Decimal)):
        text = str(value)
    elif isinstance(value, str):
        text = value.strip()
    else:
        raise AuthoringError(f"{what} must be a number, not {value!r}")
    try:
        number = Decimal(text)
    except InvalidOperation:
        raise AuthoringError(f"{what} must be a number, not {value!r}") from None
    if not number.is_finite():
        raise AuthoringError(f"{what} must be a finite number, not {value!r}")
    return number


def minutes(value: object, what: str = "duration") -> Decimal:
    """Return a duration in minutes: a bare number is minutes, text may carry a unit."""
    if not isinstance(value, str):
        number = to_decimal(value, what)
    else:
        match = _DURATION.match(value.lower())
        if match is None:
            raise AuthoringError(
                f"{what} {value!r} is not a duration: write a number and a unit, like "
                "'30min', '2h', '1.5d' or '1w'"
            )
        amount, unit = match.groups()
        if unit and unit not in UNITS:
            raise AuthoringError(
                f"{what} {value!r} has an unknown unit {unit!r}: use min, h, d or w"
            )
        number = Decimal(amount) * UNITS.get(unit, 1)
    if number < 0:
        raise AuthoringError(f"{what} must not be negative, not {value!r}")
    return normalised(number)


def normalised(number: Decimal) -> Decimal:
    """Return ``number`` without trailing zeros (``240.0`` becomes ``240``)."""
    number = number.normalize()
    return number.quantize(Decimal(1)) if number == number.to_integral_value() else number


def format_minutes(value: Decimal) -> str:
    """Write minutes in the largest unit that keeps them exact: ``2880`` is ``2d``."""
    for unit, size in (("w", 10080), ("d", 1440), ("h", 60)):
        if value and value % size == 0:
            return f"{normalised(value / size)}{unit}"
    return f"{normalised(value)}min"
