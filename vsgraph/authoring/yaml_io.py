"""The YAML format: one file per portfolio, ids instead of IRIs, times with units.

Reading keeps the line of every key (PyYAML's node marks), so an error found at any
stage, even an unknown reference found only when the graph is written, names the file,
line and key. Writing produces the same format back from any model, so a graph can be
turned into YAML for people to edit. The keys are documented in ``docs/yaml-format.md``
and described by ``schemas/portfolio.schema.json``.
"""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal
from pathlib import Path
from typing import Any, Protocol

import yaml

from vsgraph.authoring.fields import (
    DURATIONS,
    PERIOD_BOUNDS,
    SAID_FALSE,
    STREAM_EXTRAS,
    add_share,
    base,
    converted,
    language,
    make,
    period_bound,
    utc_text,
)
from vsgraph.authoring.files import read_text
from vsgraph.authoring.model import (
    Location,
    PortfolioModel,
    Trigger,
    Value,
    brief,
    shown,
)
from vsgraph.authoring.units import format_minutes, normalised
from vsgraph.errors import AuthoringError, InputError, LimitError
from vsgraph.limits import DEFAULT_LIMITS, InputLimits, quoted

#: Top-level keys that hold lists of things, and the kind of thing in each.
SECTIONS: dict[str, str] = {
    "teams": "team",
    "people": "person",
    "roles": "role",
    "customers": "customer",
    "journeys": "journey",
    "channels": "channel",
    "capabilities": "capability",
    "processes": "process",
    "products": "offering",
    "services": "offering",
    "solutions": "solution",
    "value_streams": "value stream",
    "themes": "theme",
    "objectives": "objective",
    "key_results": "key result",
    "initiatives": "initiative",
    "metrics": "metric",
    "work_items": "work item",
    "pi_objectives": "PI objective",
    "budget_periods": "budget period",
    "fundings": "funding",
    "team_costs": "team cost",
    "direct_costs": "direct cost",
    "spending_limits": "spending limit",
    "capacity_allocations": "capacity allocation",
}
_NESTED = {
    "journey": ("stages", "stage"),
    "metric": ("readings", "reading"),
    "person": ("memberships", "membership"),
    "work item": ("history", "state change"),
}
#: The lists inside a value stream, in the order they are written back.
_STREAM_NESTED = {"value_stream_stages": "value-stream stage", "interactions": "interaction", "steps": "step"}

#: Explicit tags that only restate what a plain value is; every other tag (``!!binary``,
#: ``!!set``, ``!!python/...``, local ``!tags``) builds something no portfolio holds.
_PLAIN_TAGS = {"!", *(f"tag:yaml.org,2002:{name}" for name in ("str", "int", "float", "bool", "null", "seq", "map", "timestamp"))}


class _Map(dict[Any, Any]):
    """A YAML mapping that remembers its line and the line of each key."""

    line = 0
    lines: dict[Any, int]


class _Mark(Protocol):
    """Where PyYAML met an event or a node (its ``Mark``, pure Python or libyaml's)."""

    line: int  # counted from 0


class _Loader(yaml.SafeLoader):
    """PyYAML's safe loader, refusing what no portfolio needs and a hostile file abuses.

    Aliases (unless the limits allow them), tags beyond the plain ones, nesting deeper
    than the limit, overlong values and numbers, keys that are lists or mappings and
    impossible dates are each refused where they are met, with their line, before
    anything is built from them.
    """

    def __init__(self, text: str, path: Path, limits: InputLimits) -> None:
        super().__init__(text)
        self.path = path
        self.limits = limits
        self.depth = 0

    def fail(self, mark: _Mark | None, message: str, kind: type[InputError] = AuthoringError) -> InputError:
        """An error at ``mark`` (PyYAML's parser marks every event it makes; its types
        allow an event without one, which would give an error without a line)."""
        return kind(message, path=self.path, line=mark.line + 1 if mark is not None else None)

    def compose_node(self, parent: yaml.Node | None, index: Any) -> yaml.Node | None:
        event = self.peek_event()
        if isinstance(event, yaml.AliasEvent):
            if not self.limits.allow_yaml_aliases:
                raise self.fail(
                    event.start_mark,
                    (
                        f"the alias *{brief(event.anchor, self.limits)} repeats an anchored "
                        "value; aliases are refused because a few of them can expand a small file "
                        "into gigabytes: write the value out (or set "
                        "InputLimits.allow_yaml_aliases)"
                    ),
                    LimitError,
                )
            return super().compose_node(parent, index)
        if event.tag is not None and event.tag not in _PLAIN_TAGS:
            tag = event.tag.replace("tag:yaml.org,2002:", "!!")
            raise self.fail(
                event.start_mark,
                f"the tag {quoted(tag, self.limits)} is not "
                "allowed: a portfolio holds only plain text, numbers, dates, lists "
                "and mappings",
            )
        chars = self.limits.max_literal_chars
        if isinstance(event, yaml.ScalarEvent) and len(event.value) > chars:
            raise self.fail(
                event.start_mark,
                f"a value longer than {chars} characters (raise InputLimits.max_literal_chars to allow it)",
                LimitError,
            )
        if self.depth >= self.limits.max_depth:
            raise self.fail(
                event.start_mark,
                f"lists and mappings nest more than {self.limits.max_depth} deep (raise InputLimits.max_depth to allow it)",
                LimitError,
            )
        self.depth += 1
        try:
            return super().compose_node(parent, index)
        finally:
            self.depth -= 1

    def construct_map(self, node: yaml.MappingNode) -> _Map:
        self.flatten_mapping(node)
        result = _Map()
        result.line = node.start_mark.line + 1
        result.lines = {}
        for key_node, value_node in node.value:
            if not isinstance(key_node, yaml.ScalarNode):
                raise self.fail(key_node.start_mark, "a key must be a plain word, not a list or a mapping")
            key = self.construct_object(key_node, deep=True)
            if key in result:
                raise self.fail(key_node.start_mark, f"key {shown(key, self.limits)} appears twice in one mapping")
            result[key] = self.construct_object(value_node, deep=True)
            result.lines[key] = key_node.start_mark.line + 1
        return result

    def construct_number(self, node: yaml.ScalarNode) -> int | float:
        """An int or a float, once its digits are known to fit the limit."""
        if sum(c.isalnum() for c in node.value) > self.limits.max_number_digits:
            raise self.fail(
                node.start_mark,
                f"a number with more than "
                f"{self.limits.max_number_digits} digits (raise "
                "InputLimits.max_number_digits to allow it)",
                LimitError,
            )
        if node.tag.endswith(":int"):
            return self.construct_yaml_int(node)
        return self.construct_yaml_float(node)

    def construct_date(self, node: yaml.ScalarNode) -> Any:
        try:
            return self.construct_yaml_timestamp(node)
        except ValueError as exc:
            raise self.fail(node.start_mark, f"{quoted(node.value, self.limits)} is not a real date: {exc}") from exc


_Loader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _Loader.construct_map)
_Loader.add_constructor("tag:yaml.org,2002:int", _Loader.construct_number)
_Loader.add_constructor("tag:yaml.org,2002:float", _Loader.construct_number)
_Loader.add_constructor("tag:yaml.org,2002:timestamp", _Loader.construct_date)


def read_yaml(path: Path | str, *, limits: InputLimits = DEFAULT_LIMITS) -> PortfolioModel:
    """Read a portfolio YAML file into a model (not yet checked for references).

    Anything wrong with the file raises a :class:`~vsgraph.errors.InputError` naming it
    and, where there is one, the line; ``limits`` bounds what it may cost to read.
    """
    path = Path(path)
    return _Reader(path, limits).portfolio(_parsed(read_text(path), path, limits))


def _parsed(text: str, path: Path, limits: InputLimits) -> Any:
    """The plain Python data of a YAML text, every mapping a :class:`_Map`."""
    try:
        loader = _Loader(text, path, limits)
        try:
            return loader.get_single_data()
        finally:
            loader.dispose()
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        problem = exc.problem or exc.context or "unreadable"
        raise InputError(f"not valid YAML: {brief(problem, limits)}", path=path, line=mark.line + 1 if mark else None) from exc
    except yaml.reader.ReaderError as exc:
        code = exc.character if isinstance(exc.character, int) else ord(exc.character)
        raise InputError(
            f"not valid YAML: {exc.reason} (U+{code:04X})", path=path, line=text[: exc.position].count("\n") + 1
        ) from exc
    except yaml.YAMLError as exc:
        raise InputError(f"not valid YAML: {brief(exc, limits)}", path=path) from exc
    except RecursionError as exc:
        raise LimitError("nests too deeply to read: lower InputLimits.max_depth", path=path) from exc


class _Reader:
    def __init__(self, path: Path, limits: InputLimits) -> None:
        self.path = path
        self.limits = limits

    def where(self, data: _Map) -> dict[str, Location]:
        places = {k: Location(self.path, line, f"key {shown(k, self.limits)}") for k, line in data.lines.items()}
        places[""] = Location(self.path, data.line)
        return places

    def mapping(self, value: Any, at: Location, what: str) -> _Map:
        if not isinstance(value, _Map):
            raise at.error(f"{what} must be a mapping of keys to values")
        return value

    def items(self, data: _Map, key: str, what: str) -> list[_Map]:
        value = data.get(key)
        at = self.where(data).get(key, Location(self.path, data.line))
        if value is None:
            return []
        if not isinstance(value, list):
            raise at.error(f"{key!r} must be a list of {what}s")
        return [self.mapping(item, at, f"each of the {key}") for item in value]

    def thing(self, kind: str, data: _Map, extra: tuple[str, ...] = ()) -> Any:
        return make(kind, dict(data), self.where(data), extra, self.limits)

    def portfolio(self, data: Any) -> PortfolioModel:
        data = self.mapping(data, Location(self.path, 1), "a portfolio file")
        where = self.where(data)
        known = ("base", "language", "organisation", *SECTIONS)
        for key in data:
            if key not in known:
                raise where[key].error(f"unknown key {shown(key, self.limits)}; expected one of {', '.join(known)}")
        if not data.get("base"):
            raise where[""].error("missing 'base': the IRI every id is minted under, such as https://example.org/my-portfolio/")
        model = PortfolioModel(
            base=converted(base, data["base"], "base", where["base"], self.limits),
            language=converted(language, data.get("language", "en"), "language", where.get("language", where[""]), self.limits),
            where=where,
        )
        if data.get("organisation") is not None:
            org = self.mapping(data["organisation"], where["organisation"], "'organisation'")
            model.organisation = self.thing("organisation", org)
        for section, kind in SECTIONS.items():
            for item in self.items(data, section, kind):
                self.add(model, section, kind, item)
        return model

    def add(self, model: PortfolioModel, section: str, kind: str, item: _Map) -> None:
        if kind == "offering":  # the section, products or services, says which
            tagged = _Map(item, kind=section[:-1])
            tagged.line, tagged.lines = item.line, item.lines
            item = tagged
        if kind == "value stream":
            extra = (*STREAM_EXTRAS, *_STREAM_NESTED)
            stream = self.thing(kind, item, extra)
            self.stream_extras(stream, item)
            for key, part in _STREAM_NESTED.items():
                setattr(stream, key, [self.thing(part, i) for i in self.items(item, key, part)])
            model.value_streams.append(stream)
            return
        if kind == "capacity allocation":
            allocation = self.thing(kind, item, ("shares",))
            self.shares(allocation, item)
            model.capacity_allocations.append(allocation)
            return
        nested = _NESTED.get(kind)
        thing = self.thing(kind, item, (nested[0],) if nested else ())
        if nested:
            setattr(thing, nested[0], [self.thing(nested[1], i) for i in self.items(item, *nested)])
        target = "offerings" if kind == "offering" else section
        getattr(model, target).append(thing)

    def shares(self, allocation: Any, item: _Map) -> None:
        """A capacity allocation's ``shares``: a mapping of flow item type to percentage,
        each share placed at its own line."""
        if item.get("shares") is None:
            return
        shares = self.mapping(item["shares"], self.where(item)["shares"], "'shares'")
        for item_type, raw in shares.items():
            at = Location(self.path, shares.lines[item_type], f"key {shown(item_type, self.limits)}")
            add_share(allocation, item_type, raw, at, self.limits)

    def stream_extras(self, stream: Any, item: _Map) -> None:
        where = self.where(item)
        values = {
            key: converted(convert, item[key], f"the {key} of value stream {stream.id!r}", where[key], self.limits)
            for key, convert in STREAM_EXTRAS.items()
            if item.get(key) not in (None, "")
        }
        if "trigger" in values:
            stream.trigger = Trigger(values["trigger"], where={"": where["trigger"]})
        if "value" in values or "delivered_to" in values:
            if "value" not in values:
                raise where["delivered_to"].error(f"'delivered_to' of value stream {stream.id!r} needs a 'value' to deliver")
            stream.value = Value(
                values["value"],
                values.get("delivered_to", []),
                where={"": where["value"], "delivered_to": where.get("delivered_to", where["value"])},
            )


def dump_yaml(model: PortfolioModel) -> str:
    """Return ``model`` in the YAML format (times with units, dates without midnight)."""
    data: dict[str, Any] = {"base": model.base}
    if model.language != "en":
        data["language"] = model.language
    if model.organisation:
        data["organisation"] = _plain(model.organisation)
    for section in SECTIONS:
        if section in ("products", "services"):
            things = [_plain(o, skip=("kind",)) for o in model.offerings if o.kind == section[:-1]]
        elif section == "value_streams":
            things = [_stream(s) for s in model.value_streams]
        else:
            things = [_plain(t) for t in getattr(model, section)]
        if things:
            data[section] = things
    return yaml.dump(data, Dumper=_Dumper, sort_keys=False, allow_unicode=True, width=100)


class _Dumper(yaml.SafeDumper):
    """PyYAML's safe dumper, writing every value out (it would anchor an object met twice,
    one time shared by two state changes, and alias it, which the reader refuses) and a
    moment in UTC as the flow data writes it, ``2026-01-05T09:30:00Z``."""

    def ignore_aliases(self, data: Any) -> bool:
        return True

    def represent_moment(self, data: datetime) -> yaml.ScalarNode:
        if data.tzinfo is None:
            return self.represent_datetime(data)
        return self.represent_scalar("tag:yaml.org,2002:timestamp", utc_text(data))


_Dumper.add_representer(datetime, _Dumper.represent_moment)


def _stream(stream: Any) -> dict[str, Any]:
    data = _plain(stream, skip=("trigger", "value", *_STREAM_NESTED))
    head = {k: data.pop(k) for k in ("id", "name", "kind")}
    extras: dict[str, Any] = {}
    if stream.trigger:
        extras["trigger"] = stream.trigger.name
    if stream.value:
        extras["value"] = stream.value.name
        if stream.value.delivered_to:
            extras["delivered_to"] = _ids(stream.value.delivered_to)
    result = {**head, **extras, **data}
    for key in _STREAM_NESTED:
        if getattr(stream, key):
            result[key] = [_plain(x) for x in getattr(stream, key)]
    return result


def _ids(values: list[str]) -> Any:
    return values[0] if len(values) == 1 else values


def _plain(thing: Any, skip: tuple[str, ...] = ()) -> dict[str, Any]:
    """The keys of a model object worth writing, in YAML-friendly values."""
    result: dict[str, Any] = {}
    for key, value in vars(thing).items():
        if key == "where" or key in skip or value is None or value == [] or (value is False and key not in SAID_FALSE):
            continue
        if key in DURATIONS:
            value = format_minutes(value)
        elif isinstance(value, Decimal):
            value = _number(value)
        elif key == "shares":
            value = {k: _number(v) if isinstance(v, Decimal) else v for k, v in value.items()}
        elif key in PERIOD_BOUNDS and isinstance(value, datetime):
            value = period_bound(value)
        elif (
            key in ("date", "baseline_date", "deadline")
            and isinstance(value, datetime)
            and value.time() == value.min.time()
            and value.tzinfo is None
        ):
            value = value.date()
        elif isinstance(value, list) and value and not isinstance(value[0], str):
            value = [_plain(v) for v in value]
        elif isinstance(value, list) and key not in ("focus",):
            value = _ids(value)
        result[key] = value
    return result


def _number(value: Decimal) -> int | float:
    value = normalised(value)
    return int(value) if value == value.to_integral_value() else float(value)
