"""The keys of every kind of thing, and how a written value becomes a model value.

YAML files and spreadsheets both describe things as keys and values (a YAML mapping, a
sheet row); this module says which keys each kind of thing has, which are required, and
converts raw values, so the two formats accept exactly the same things. Converters raise
:class:`~vsgraph.errors.AuthoringError` without a location; the format adds it.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime
from typing import Any

from vsgraph.authoring import iris, units
from vsgraph.authoring.model import (
    Location,
    Customer,
    Initiative,
    Interaction,
    Journey,
    KeyResult,
    Metric,
    Objective,
    Offering,
    Organisation,
    Person,
    Process,
    Reading,
    Solution,
    Stage,
    Step,
    Team,
    Theme,
    ValueStream,
)
from vsgraph.authoring.vocabulary import (
    DIRECTIONS,
    FOCI,
    INTERACTION_KINDS,
    OFFERING_KINDS,
    STATUSES,
    STREAM_KINDS,
)
from vsgraph.errors import AuthoringError

Converter = Callable[[Any, str], Any]


def text(value: Any, what: str) -> str:
    if isinstance(value, (dict, list)) or value is None or not str(value).strip():
        raise AuthoringError(f"{what} must be text, not {value!r}")
    return str(value)


def ident(value: Any, what: str) -> str:
    return iris.check_id(value.strip() if isinstance(value, str) else value, what)


def ids(value: Any, what: str) -> list[str]:
    """One id, a comma-separated list of ids (handy in a cell), or a YAML list."""
    items = value.split(",") if isinstance(value, str) else value
    if not isinstance(items, list):
        raise AuthoringError(f"{what} must be an id or a list of ids, not {value!r}")
    return [ident(item, what) for item in items if not (isinstance(item, str) and not item.strip())]


def boolean(value: Any, what: str) -> bool:
    if isinstance(value, bool):
        return value
    word = str(value).strip().lower()
    if word in ("yes", "true", "y", "1"):
        return True
    if word in ("no", "false", "n", "0"):
        return False
    raise AuthoringError(f"{what} must be yes or no, not {value!r}")


def integer(value: Any, what: str) -> int:
    number = units.to_decimal(value, what)
    if number != number.to_integral_value():
        raise AuthoringError(f"{what} must be a whole number, not {value!r}")
    return int(number)


def when(value: Any, what: str) -> datetime:
    """A date (``2026-09-30``) or a date and time; a date means midnight."""
    if isinstance(value, datetime):
        return value
    if isinstance(value, date):
        return datetime(value.year, value.month, value.day)
    try:
        return datetime.fromisoformat(str(value).strip())
    except ValueError:
        raise AuthoringError(f"{what} must be a date like 2026-09-30, not {value!r}") from None


def word(table: dict[str, Any]) -> Converter:
    def convert(value: Any, what: str) -> str:
        if not isinstance(value, str) or value.strip() not in table:
            raise AuthoringError(f"{what} must be one of {', '.join(table)}, not {value!r}")
        return value.strip()

    return convert


def words(table: dict[str, Any]) -> Converter:
    single = word(table)

    def convert(value: Any, what: str) -> list[str]:
        items = value.split(",") if isinstance(value, str) else value
        if not isinstance(items, list):
            raise AuthoringError(f"{what} must be a list of {', '.join(table)}")
        return [single(item.strip() if isinstance(item, str) else item, what) for item in items]

    return convert


#: For each kind of thing: its model class, its keys with their converters, the required keys.
KINDS: dict[str, tuple[type, dict[str, Converter], tuple[str, ...]]] = {
    "organisation": (Organisation, {"id": ident, "name": text}, ("id", "name")),
    "team": (Team, {"id": ident, "name": text, "unit_of": ident}, ("id", "name")),
    "person": (Person, {"id": ident, "name": text, "member_of": ids}, ("id", "name")),
    "customer": (Customer, {"id": ident, "name": text, "internal": boolean,
                            "description": text, "unit_of": ident}, ("id", "name")),
    "journey": (Journey, {"id": ident, "name": text, "customer": ident}, ("id", "name")),
    "stage": (Stage, {"id": ident, "name": text, "position": integer}, ("id", "name")),
    "process": (Process, {"id": ident, "name": text}, ("id", "name")),
    "offering": (Offering, {"id": ident, "name": text, "kind": word(OFFERING_KINDS)},
                 ("id", "name")),
    "solution": (Solution, {"id": ident, "name": text}, ("id", "name")),
    "value stream": (ValueStream, {
        "id": ident, "name": text, "kind": word(STREAM_KINDS), "owner": ident,
        "enables": ids, "supports": ids, "delivers": ids, "runs_on": ids, "builds": ids,
        "hosts": ids}, ("id", "name", "kind")),
    "interaction": (Interaction, {"id": ident, "name": text, "kind": word(INTERACTION_KINDS),
                                  "customer": ident, "stage": ident}, ("id", "name", "kind")),
    "step": (Step, {"name": text, "team": ident, "follows": ident,
                    "process_time": units.minutes, "wait_time": units.minutes,
                    "batch_size": integer, "pcta": units.to_decimal, "position": integer,
                    "id": ident}, ("name",)),
    "theme": (Theme, {"id": ident, "name": text}, ("id", "name")),
    "objective": (Objective, {"id": ident, "name": text, "theme": ident}, ("id", "name")),
    "key result": (KeyResult, {"id": ident, "name": text, "objective": ident}, ("id", "name")),
    "initiative": (Initiative, {"id": ident, "name": text, "status": word(STATUSES),
                                "touches": ids}, ("id", "name")),
    "metric": (Metric, {"id": ident, "name": text, "measures": ids, "unit": text,
                        "target": units.to_decimal, "direction": word(DIRECTIONS),
                        "focus": words(FOCI), "aligned_with": ids}, ("id", "name")),
    "reading": (Reading, {"date": when, "value": units.to_decimal, "id": ident},
                ("date", "value")),
}  # fmt: skip

#: The value-stream keys that describe its trigger and value (not fields of the class).
STREAM_EXTRAS: dict[str, Converter] = {"trigger": text, "value": text, "delivered_to": ids}


def make(kind: str, values: dict[str, Any], where: dict[str, Location],
         extra: tuple[str, ...] = ()) -> Any:  # fmt: skip
    """Return the model object of ``kind`` described by ``values`` (raw, keyed by key).

    ``where`` gives the location of each key, and of the whole description under ``""``;
    keys in ``extra`` are left for the caller. Empty values count as absent.
    """
    cls, converters, required = KINDS[kind]
    whole = where.get("", Location())
    for key in values:
        if key not in converters and key not in extra:
            known = ", ".join([*converters, *extra])
            raise where.get(key, whole).error(f"unknown key {key!r} for a {kind}; "
                                              f"expected one of {known}")  # fmt: skip
    present = {k: v for k, v in values.items() if v is not None and v != "" and k in converters}
    for key in required:
        if key not in present:
            named = f" {present['id']!r}" if "id" in present else ""
            raise whole.error(f"missing {key!r} for a {kind}{named}")
    kwargs = {}
    for key, raw in present.items():
        try:
            kwargs[key] = converters[key](raw, f"the {key} of a {kind}")
        except AuthoringError as exc:
            raise where.get(key, whole).error(str(exc)) from None
    thing = cls(**kwargs)
    thing.where = where
    return thing
