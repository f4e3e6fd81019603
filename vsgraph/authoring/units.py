"""Durations and numbers as people write them: ``2h``, ``30min``, ``1h30min``, ``1.5d``.

The ontology stores process and wait times as plain decimals of minutes (HermiT rejects
``xsd:duration``), but nobody thinks in thousands of minutes; this module converts both
ways. A day is 24 hours and a week 7 days: value-stream maps measure elapsed time.

Every number is exact and bounded: its written-out digits (what the graph will hold as an
``xsd:decimal``) may not pass :attr:`~vsgraph.limits.InputLimits.max_number_digits`, so
``1e999999999`` is refused instead of becoming a literal of a billion characters, and
arithmetic runs at the precision the number needs instead of Python's default 28 digits.
"""

from __future__ import annotations

import re
from decimal import Context, Decimal, InvalidOperation

from vsgraph.authoring.model import shown
from vsgraph.errors import AuthoringError, LimitError
from vsgraph.limits import DEFAULT_LIMITS, InputLimits

#: Minutes per unit, under every spelling accepted.
UNITS: dict[str, int] = {
    "min": 1,
    "mins": 1,
    "minute": 1,
    "minutes": 1,
    "h": 60,
    "hr": 60,
    "hrs": 60,
    "hour": 60,
    "hours": 60,
    "d": 1440,
    "day": 1440,
    "days": 1440,
    "w": 10080,
    "wk": 10080,
    "week": 10080,
    "weeks": 10080,
}

#: One part of a duration: a number and its unit (none: minutes), spaces allowed between.
_PART = re.compile(r"([0-9]+(?:\.[0-9]+)?)\s*([a-z]*)\s*")
#: Bits per decimal digit, rounded up: bounds an int's digits without printing it.
_BITS_PER_DIGIT = 4


def to_decimal(value: object, what: str, limits: InputLimits = DEFAULT_LIMITS) -> Decimal:
    """Return ``value`` (a number or numeric text) as an exact, finite decimal.

    Floats go through their shortest text form, so a YAML ``99.95`` stays ``99.95``
    instead of the binary approximation.
    """
    if isinstance(value, bool):
        raise AuthoringError(f"{what} must be a number, not {shown(value, limits)}")
    if isinstance(value, int) and value.bit_length() > _BITS_PER_DIGIT * limits.max_number_digits:
        raise _too_long(what, limits)
    if isinstance(value, (int, float)):
        text = repr(value)
    elif isinstance(value, Decimal):
        text = str(value)
    elif isinstance(value, str):
        text = value.strip()
    else:
        raise AuthoringError(f"{what} must be a number, not {shown(value, limits)}")
    try:
        number = Decimal(text)
    except InvalidOperation:
        raise AuthoringError(f"{what} must be a number, not {shown(value, limits)}") from None
    if not number.is_finite():
        raise AuthoringError(f"{what} must be a finite number, not {shown(value, limits)}")
    if _written_digits(number) > limits.max_number_digits:
        raise _too_long(what, limits)
    return number


def _written_digits(number: Decimal) -> int:
    """How many digits ``number`` has written out in full, as an ``xsd:decimal``."""
    _, digits, exponent = number.as_tuple()
    assert isinstance(exponent, int)  # finite numbers only
    return len(digits) + exponent if exponent >= 0 else max(len(digits), -exponent)


def _too_long(what: str, limits: InputLimits) -> LimitError:
    return LimitError(
        f"{what} has more than {limits.max_number_digits} digits written out (raise InputLimits.max_number_digits to allow it)"
    )


def minutes(value: object, what: str = "duration", limits: InputLimits = DEFAULT_LIMITS) -> Decimal:
    """Return a duration in minutes: a bare number is minutes, text may carry a unit."""
    if not isinstance(value, str):
        number = to_decimal(value, what, limits)
    else:
        parts = _parts(value, what, limits)
        number = Decimal(0)
        for amount, unit in parts:
            if len(parts) > 1 and not unit:
                raise AuthoringError(f"{what} {shown(value, limits)} has a number without a unit: write each part as 1h, 30min")
            if unit and unit not in UNITS:
                raise AuthoringError(
                    f"{what} {shown(value, limits)} has an unknown unit {shown(unit, limits)}: use min, h, d or w"
                )
            part = to_decimal(amount, what, limits)
            part = _exact(part, extra=5).multiply(part, UNITS.get(unit, 1))
            number = _exact(part, extra=len(parts) + 5).add(number, part)
    if number < 0:
        raise AuthoringError(f"{what} must not be negative, not {shown(value, limits)}")
    return normalised(number)


def _parts(value: str, what: str, limits: InputLimits) -> list[tuple[str, str]]:
    """The (number, unit) parts of a written duration: ``90``, ``2h``, or several parts as
    durations are written out, ``1h30min`` or ``1d 2h 30min``."""
    text = value.lower().strip()
    parts = _PART.findall(text)
    if not parts or _PART.sub("", text).strip():
        raise AuthoringError(
            f"{what} {shown(value, limits)} is not a duration: write a number and a unit, like '30min', '2h', '1h30min', "
            "'1.5d' or '1w'"
        )
    return parts


def _exact(number: Decimal, extra: int = 0) -> Context:
    """A context precise enough that arithmetic on ``number`` rounds nothing.

    ``extra`` digits leave room for a result longer than ``number`` (times a unit).
    """
    return Context(prec=max(_written_digits(number), 1) + extra)


def normalised(number: Decimal) -> Decimal:
    """Return ``number`` without trailing zeros (``240.0`` becomes ``240``), exactly."""
    number = number.normalize(_exact(number))
    return Decimal(int(number)) if number == number.to_integral_value() else number


def format_minutes(value: Decimal) -> str:
    """Write minutes in the largest unit that keeps them exact: ``2880`` is ``2d``."""
    for unit, size in (("w", 10080), ("d", 1440), ("h", 60)):
        exact = _exact(value)
        if value and exact.remainder(value, size) == 0:
            return f"{normalised(exact.divide(value, size))}{unit}"
    return f"{normalised(value)}min"
