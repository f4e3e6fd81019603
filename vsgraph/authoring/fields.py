"""The keys of every kind of thing, and how a written value becomes a model value.

YAML files and spreadsheets both describe things as keys and values (a YAML mapping, a
sheet row); this module says which keys each kind of thing has, which are required, and
converts raw values, so the two formats accept exactly the same things. Converters raise
:class:`~vsgraph.errors.AuthoringError` (or, for a number too long to hold,
:class:`~vsgraph.errors.LimitError`) without a location; :func:`converted` adds it.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Collection
from datetime import UTC, date, datetime
from decimal import Decimal
from typing import Any

import pyoxigraph as ox

from vsgraph.authoring import iris, units
from vsgraph.authoring.model import (
    BudgetPeriod,
    Capability,
    CapacityAllocation,
    Channel,
    Customer,
    DirectCost,
    Funding,
    Initiative,
    Interaction,
    Journey,
    KeyResult,
    Location,
    Membership,
    Metric,
    Objective,
    Offering,
    Organisation,
    Person,
    PIObjective,
    Process,
    Reading,
    Role,
    Solution,
    SpendingLimit,
    Stage,
    StateChange,
    Step,
    Team,
    TeamCost,
    Theme,
    ValueStream,
    ValueStreamStage,
    WorkItem,
    shown,
)
from vsgraph.authoring.vocabulary import (
    DIRECTIONS,
    FLOW_ITEM_TYPES,
    FLOW_STATES,
    FOCI,
    INTERACTION_KINDS,
    OFFERING_KINDS,
    STATUSES,
    STREAM_KINDS,
    TEAM_KINDS,
)
from vsgraph.errors import AuthoringError, LimitError
from vsgraph.limits import DEFAULT_LIMITS, InputLimits

#: ``convert(raw value, what it is, limits)``: the model value, or an unlocated error.
Converter = Callable[[Any, str, InputLimits], Any]

_CURRENCY = re.compile(r"[A-Za-z]{3}")


def text(value: Any, what: str, limits: InputLimits = DEFAULT_LIMITS) -> str:
    if isinstance(value, (dict, list)) or value is None or not str(value).strip():
        raise AuthoringError(f"{what} must be text, not {shown(value, limits)}")
    return str(value)


def texts(value: Any, what: str, limits: InputLimits = DEFAULT_LIMITS) -> list[str]:
    """One text, a YAML list of texts, or texts one per line (in a cell, Alt+Enter).

    Lines rather than commas, since criteria are sentences that hold commas themselves.
    """
    items = value.splitlines() if isinstance(value, str) else value
    if not isinstance(items, list):
        raise AuthoringError(f"{what} must be a text or a list of texts, not {shown(value, limits)}")
    return [text(item, what, limits).strip() for item in items if not (isinstance(item, str) and not item.strip())]


def base(value: Any, what: str, limits: InputLimits = DEFAULT_LIMITS) -> str:
    """The portfolio's base: an absolute IRI that ends in ``/`` or ``#``."""
    return iris.check_base(text(value, what, limits).strip(), what, limits)


def language(value: Any, what: str, limits: InputLimits = DEFAULT_LIMITS) -> str:
    """A language tag such as ``en`` or ``en-GB``, well-formed as BCP 47 says.

    Checked by Oxigraph, which every portfolio's triples pass through: a looser check here
    let ``e`` or ``en-a`` through, to fail as Oxigraph built the first label.
    """
    tag = text(value, what, limits).strip()
    try:
        ox.Literal("", language=tag)
    except ValueError as exc:
        raise AuthoringError(f"{what} {shown(value, limits)} is not a language tag such as en or en-GB") from exc
    return tag


def ident(value: Any, what: str, limits: InputLimits = DEFAULT_LIMITS) -> str:
    return iris.check_id(value.strip() if isinstance(value, str) else value, what, limits)


def ids(value: Any, what: str, limits: InputLimits = DEFAULT_LIMITS) -> list[str]:
    """One id, a comma-separated list of ids (handy in a cell), or a YAML list."""
    items = value.split(",") if isinstance(value, str) else value
    if not isinstance(items, list):
        raise AuthoringError(f"{what} must be an id or a list of ids, not {shown(value, limits)}")
    return [ident(item, what, limits) for item in items if not (isinstance(item, str) and not item.strip())]


def boolean(value: Any, what: str, limits: InputLimits = DEFAULT_LIMITS) -> bool:
    if isinstance(value, bool):
        return value
    word = str(value).strip().lower() if isinstance(value, (str, int)) else None
    if word in ("yes", "true", "y", "1"):
        return True
    if word in ("no", "false", "n", "0"):
        return False
    raise AuthoringError(f"{what} must be yes or no, not {shown(value, limits)}")


def integer(value: Any, what: str, limits: InputLimits = DEFAULT_LIMITS) -> int:
    number = units.to_decimal(value, what, limits)
    if number != number.to_integral_value():
        raise AuthoringError(f"{what} must be a whole number, not {shown(value, limits)}")
    return int(number)


def percent(value: Any, what: str, limits: InputLimits = DEFAULT_LIMITS) -> Decimal:
    """A percentage: a number, or text with a trailing ``%`` (``80%`` is 80)."""
    if isinstance(value, str) and value.strip().endswith("%"):
        value = value.strip()[:-1]
    return units.to_decimal(value, what, limits)


def when(value: Any, what: str, limits: InputLimits = DEFAULT_LIMITS) -> datetime:
    """A date (``2026-09-30``) or a date and time; a date means midnight."""
    if isinstance(value, datetime):
        return value
    if isinstance(value, date):
        return datetime(value.year, value.month, value.day)
    try:
        return datetime.fromisoformat(str(value).strip())
    except ValueError:
        raise AuthoringError(f"{what} must be a date like 2026-09-30, not {shown(value, limits)}") from None


def instant(value: Any, what: str, limits: InputLimits = DEFAULT_LIMITS) -> datetime:
    """A moment in UTC, as the flow metrics compare them: a date and time with its time
    zone (``2026-01-05T09:30:00+01:00``), one without a zone, read as UTC, or a date, its
    midnight UTC. A tracker's export names no zone either, and its import reads it in the
    mapping's zone, UTC by default; a portfolio file has no mapping, so UTC it is."""
    if isinstance(value, datetime):
        moment = value
    elif isinstance(value, date):
        moment = datetime(value.year, value.month, value.day)
    else:
        try:
            moment = datetime.fromisoformat(str(value).strip())
        except ValueError:
            raise AuthoringError(
                f"{what} must be a date and time like 2026-01-05T09:30:00Z, not {shown(value, limits)}"
            ) from None
    return (moment if moment.tzinfo is not None else moment.replace(tzinfo=UTC)).astimezone(UTC)


def currency(value: Any, what: str, limits: InputLimits = DEFAULT_LIMITS) -> str:
    """An ISO 4217 alphabetic code in capitals, as rule 36 wants it: ``eur`` is ``EUR``.

    Only the shape is checked (three letters), as the rule checks it; vsgraph converts no
    currency, so it needs no list of them.
    """
    code = text(value, what, limits).strip()
    if not _CURRENCY.fullmatch(code):
        raise AuthoringError(f"{what} must be an ISO 4217 currency code, three letters such as EUR, not {shown(value, limits)}")
    return code.upper()


def utc_text(moment: datetime) -> str:
    """A moment in UTC as the flow data writes it, ``2026-01-05T09:30:00Z`` (with its
    fraction of a second, if it has one)."""
    spec = "microseconds" if moment.microsecond else "seconds"
    return moment.astimezone(UTC).isoformat(timespec=spec).replace("+00:00", "Z")


def period_bound(moment: datetime) -> date | datetime:
    """A budget period's start or end as the formats write it back: its date when it is
    midnight UTC, which a date means (periods mostly begin on a day), else the moment."""
    midnight = datetime(moment.year, moment.month, moment.day, tzinfo=UTC)
    return moment.date() if moment == midnight else moment


def word(table: Collection[str]) -> Converter:
    """A converter to one of the words of ``table``, whatever its case: a spreadsheet or a
    person may well write ``Operational`` or ``Higher-Is-Better``, and the words (all lower
    case) never differ by case alone."""

    def convert(value: Any, what: str, limits: InputLimits = DEFAULT_LIMITS) -> str:
        if not isinstance(value, str) or value.strip().lower() not in table:
            raise AuthoringError(f"{what} must be one of {', '.join(table)}, not {shown(value, limits)}")
        return value.strip().lower()

    return convert


def words(table: Collection[str]) -> Converter:
    single = word(table)

    def convert(value: Any, what: str, limits: InputLimits = DEFAULT_LIMITS) -> list[str]:
        items = value.split(",") if isinstance(value, str) else value
        if not isinstance(items, list):
            raise AuthoringError(f"{what} must be a list of {', '.join(table)}")
        return [single(item.strip() if isinstance(item, str) else item, what, limits) for item in items]

    return convert


def converted(convert: Converter, value: Any, what: str, at: Location, limits: InputLimits = DEFAULT_LIMITS) -> Any:
    """``convert(value)``, with any error it raises placed at ``at``."""
    try:
        return convert(value, what, limits)
    except (AuthoringError, LimitError) as exc:
        raise at.error(str(exc), type(exc)) from None


#: For each kind of thing: its model class, its keys with their converters, the required keys.
KINDS: dict[str, tuple[type, dict[str, Converter], tuple[str, ...]]] = {
    "organisation": (Organisation, {"id": ident, "name": text}, ("id", "name")),
    "team": (Team, {"id": ident, "name": text, "unit_of": ident, "kind": word(TEAM_KINDS), "headcount": integer}, ("id", "name")),
    "person": (Person, {"id": ident, "name": text, "member_of": ids}, ("id", "name")),
    "membership": (Membership, {"role": ident, "held_in": ident, "id": ident}, ("role",)),
    "role": (Role, {"id": ident, "name": text, "description": text}, ("id", "name")),
    "channel": (Channel, {"id": ident, "name": text}, ("id", "name")),
    "capability": (
        Capability,
        {"id": ident, "name": text, "description": text, "level": integer, "parent": ident},
        ("id", "name"),
    ),
    "customer": (
        Customer,
        {"id": ident, "name": text, "internal": boolean, "description": text, "unit_of": ident},
        ("id", "name"),
    ),
    "journey": (Journey, {"id": ident, "name": text, "customer": ident}, ("id", "name")),
    "stage": (Stage, {"id": ident, "name": text, "position": integer}, ("id", "name")),
    "process": (Process, {"id": ident, "name": text, "realises": ids}, ("id", "name")),
    "offering": (Offering, {"id": ident, "name": text, "kind": word(OFFERING_KINDS)}, ("id", "name")),
    "solution": (Solution, {"id": ident, "name": text, "realises": ids}, ("id", "name")),
    "value stream": (
        ValueStream,
        {
            "id": ident,
            "name": text,
            "kind": word(STREAM_KINDS),
            "owner": ident,
            "enables": ids,
            "supports": ids,
            "delivers": ids,
            "runs_on": ids,
            "builds": ids,
            "hosts": ids,
            "hands_over_to": ids,
            "triggers_stream": ids,
            "realises": ids,
            "measured_lead_time": units.minutes,
            "cost_of_delay_per_week": units.to_decimal,
            "currency": currency,
        },
        ("id", "name", "kind"),
    ),
    "value-stream stage": (
        ValueStreamStage,
        {
            "name": text,
            "entrance_criteria": texts,
            "exit_criteria": texts,
            "value_item": text,
            "stakeholders": ids,
            "serves": ids,
            "requires": ids,
            "position": integer,
            "id": ident,
        },
        ("name",),
    ),
    "interaction": (
        Interaction,
        {"id": ident, "name": text, "kind": word(INTERACTION_KINDS), "customer": ident, "stage": ident, "channels": ids},
        ("id", "name", "kind"),
    ),
    "step": (
        Step,
        {
            "name": text,
            "team": ident,
            "follows": ident,
            "process_time": units.minutes,
            "wait_time": units.minutes,
            "batch_size": integer,
            "pcta": percent,
            "position": integer,
            "id": ident,
            "carries_out": ident,
            "serves": ids,
            "preceded_by": ids,
            "rework_percent": percent,
            "sends_rework_to": ident,
        },
        ("name",),
    ),
    "theme": (Theme, {"id": ident, "name": text}, ("id", "name")),
    "objective": (Objective, {"id": ident, "name": text, "theme": ident}, ("id", "name")),
    "key result": (
        KeyResult,
        {
            "id": ident,
            "name": text,
            "objective": ident,
            "baseline": units.to_decimal,
            "target": units.to_decimal,
            "unit": text,
            "direction": word(DIRECTIONS),
            "baseline_date": when,
            "deadline": when,
        },
        ("id", "name"),
    ),
    "initiative": (Initiative, {"id": ident, "name": text, "status": word(STATUSES), "touches": ids}, ("id", "name")),
    "metric": (
        Metric,
        {
            "id": ident,
            "name": text,
            "measures": ids,
            "unit": text,
            "target": units.to_decimal,
            "direction": word(DIRECTIONS),
            "focus": words(FOCI),
            "aligned_with": ids,
        },
        ("id", "name"),
    ),
    "reading": (Reading, {"date": when, "value": units.to_decimal, "id": ident}, ("date", "value")),
    "work item": (
        WorkItem,
        {
            "id": ident,
            "name": text,
            "value_stream": ident,
            "type": word(FLOW_ITEM_TYPES),
            "tracker_key": text,
            "business_value": units.to_decimal,
            "created": instant,
        },
        ("id", "value_stream", "type"),
    ),
    "state change": (
        StateChange,
        {"state": word(FLOW_STATES), "at": instant, "status": text, "id": ident},
        ("state", "at"),
    ),
    "PI objective": (
        PIObjective,
        {
            "id": ident,
            "name": text,
            "value_stream": ident,
            "planned_business_value": units.to_decimal,
            "actual_business_value": units.to_decimal,
            "committed": boolean,
            "due": instant,
        },
        ("id", "name", "value_stream", "planned_business_value", "due"),
    ),
    "budget period": (
        BudgetPeriod,
        {"id": ident, "name": text, "start": instant, "end": instant},
        ("id", "name", "start", "end"),
    ),
    "funding": (
        Funding,
        {"value_stream": ident, "period": ident, "amount": units.to_decimal, "currency": currency, "id": ident},
        ("value_stream", "period", "amount", "currency"),
    ),
    "team cost": (
        TeamCost,
        {
            "team": ident,
            "value_stream": ident,
            "period": ident,
            "cost_per_person": units.to_decimal,
            "currency": currency,
            "id": ident,
        },
        ("team", "value_stream", "period", "cost_per_person", "currency"),
    ),
    "direct cost": (
        DirectCost,
        {
            "name": text,
            "value_stream": ident,
            "period": ident,
            "amount": units.to_decimal,
            "currency": currency,
            "id": ident,
        },
        ("value_stream", "period", "amount", "currency"),
    ),
    "spending limit": (
        SpendingLimit,
        {"value_stream": ident, "period": ident, "amount": units.to_decimal, "currency": currency, "id": ident},
        ("value_stream", "period", "amount", "currency"),
    ),
    # Its shares are a mapping in YAML and a column per flow item type in a sheet: add_share.
    "capacity allocation": (
        CapacityAllocation,
        {"value_stream": ident, "period": ident, "id": ident},
        ("value_stream", "period"),
    ),
}

#: The value-stream keys that describe its trigger and value (not fields of the class).
STREAM_EXTRAS: dict[str, Converter] = {"trigger": text, "value": text, "delivered_to": ids}
#: Yes-or-no keys whose "no" is worth writing: a PI objective that does not say is committed.
SAID_FALSE = ("committed",)
#: Keys whose values are durations, written back with a unit (``2d``) rather than minutes.
DURATIONS = ("process_time", "wait_time", "measured_lead_time")
#: Keys whose values are a budget period's bounds, written back as dates where they can be.
PERIOD_BOUNDS = ("start", "end")
#: The flow item types a capacity allocation gives shares to: the keys of its YAML
#: ``shares`` and its spreadsheet columns.
SHARE_KEYS: tuple[str, ...] = tuple(FLOW_ITEM_TYPES)


def make(
    kind: str,
    values: dict[str, Any],
    where: dict[str, Location],
    extra: tuple[str, ...] = (),
    limits: InputLimits = DEFAULT_LIMITS,
) -> Any:
    """Return the model object of ``kind`` described by ``values`` (raw, keyed by key).

    ``where`` gives the location of each key, and of the whole description under ``""``;
    keys in ``extra`` are left for the caller. Empty values count as absent.
    """
    cls, converters, required = KINDS[kind]
    whole = where.get("", Location())
    for key in values:
        if key not in converters and key not in extra:
            known = ", ".join([*converters, *extra])
            raise where.get(key, whole).error(f"unknown key {shown(key, limits)} for a {kind}; expected one of {known}")
    present = {k: v for k, v in values.items() if v is not None and v != "" and k in converters}
    for key in required:
        if key not in present:
            named = f" {shown(present['id'], limits)}" if "id" in present else ""
            raise whole.error(f"missing {key!r} for a {kind}{named}")
    kwargs = {
        key: converted(converters[key], raw, f"the {key} of a {kind}", where.get(key, whole), limits)
        for key, raw in present.items()
    }
    thing = cls(**kwargs)
    thing.where = where
    if kind == "key result":
        check_key_result(thing, limits)
    return thing


def add_share(
    allocation: CapacityAllocation, item_type: Any, raw: Any, at: Location, limits: InputLimits = DEFAULT_LIMITS
) -> None:
    """Give ``allocation`` the share ``raw`` (a percentage, ``60`` or ``60%``) for the flow
    item type ``item_type`` (any case), remembering where it was written under the type's
    word. A type given twice is refused, as rule 38 refuses two shares of one type."""
    word_ = converted(word(FLOW_ITEM_TYPES), item_type, "a flow item type of a capacity allocation's shares", at, limits)
    if word_ in allocation.shares:
        raise at.error(f"the capacity allocation gives {word_} two shares: give each flow item type one share")
    allocation.shares[word_] = converted(percent, raw, f"the {word_} share of a capacity allocation", at, limits)
    allocation.where[word_] = at


def check_key_result(key_result: KeyResult, limits: InputLimits = DEFAULT_LIMITS) -> None:
    """Refuse a key result whose progress could not be measured: a target equal to its
    baseline, or a deadline not after its baseline date (the error names the target's or
    the deadline's place)."""
    whole = key_result.where.get("", Location())
    baseline, target = key_result.baseline, key_result.target
    if baseline is not None and target is not None and Decimal(str(baseline)) == Decimal(str(target)):
        raise key_result.where.get("target", whole).error(
            f"the target of key result {shown(key_result.id, limits)} equals its baseline ({target}): "
            "progress from the baseline to the target cannot be measured"
        )
    start, deadline = key_result.baseline_date, key_result.deadline
    if isinstance(start, datetime) and isinstance(deadline, datetime) and deadline <= start:
        raise key_result.where.get("deadline", whole).error(
            f"the deadline of key result {shown(key_result.id, limits)} ({deadline.date().isoformat()}) "
            "is not after its baseline date"
        )
