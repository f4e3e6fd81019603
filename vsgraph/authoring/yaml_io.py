"""The YAML format: one file per portfolio, ids instead of IRIs, times with units.

Reading keeps the line of every key (PyYAML's node marks), so an error found at any
stage, even an unknown reference found only when the graph is written, names the file,
line and key. Writing produces the same format back from any model, so a graph can be
turned into YAML for people to edit. The keys are documented in ``docs/yaml-format.md``
and described by ``schemas/portfolio.schema.json``.
"""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path
from typing import Any

import yaml

from vsgraph.authoring.fields import STREAM_EXTRAS, make, text
from vsgraph.authoring.model import Location, PortfolioModel, Trigger, Value
from vsgraph.authoring.units import format_minutes, normalised
from vsgraph.errors import AuthoringError, InputError

#: Top-level keys that hold lists of things, and the kind of thing in each.
SECTIONS: dict[str, str] = {
    "teams": "team", "people": "person", "customers": "customer", "journeys": "journey",
    "processes": "process", "products": "offering", "services": "offering",
    "solutions": "solution", "value_streams": "value stream", "themes": "theme",
    "objectives": "objective", "key_results": "key result", "initiatives": "initiative",
    "metrics": "metric",
}  # fmt: skip
_NESTED = {"journey": ("stages", "stage"), "metric": ("readings", "reading")}
_STREAM_NESTED = {"steps": "step", "interactions": "interaction"}


class _Map(dict):  # type: ignore[type-arg]
    """A YAML mapping that remembers its line and the line of each key."""

    line = 0
    lines: dict[str, int]


class _Loader(yaml.SafeLoader):
    pass


def _construct_map(loader: _Loader, node: yaml.MappingNode) -> _Map:
    loader.flatten_mapping(node)
    result = _Map()
    result.line = node.start_mark.line + 1
    result.lines = {}
    for key_node, value_node in node.value:
        key = loader.construct_object(key_node, deep=True)
        line = key_node.start_mark.line + 1
        if key in result:
            raise yaml.MarkedYAMLError(problem=f"key {key!r} appears twice in one mapping",
                                       problem_mark=key_node.start_mark)  # fmt: skip
        result[key] = loader.construct_object(value_node, deep=True)
        result.lines[key] = line
    return result


_Loader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _construct_map)


def read_yaml(path: Path | str) -> PortfolioModel:
    """Read a portfolio YAML file into a model (not yet checked for references)."""
    path = Path(path)
    try:
        data = yaml.load(path.read_text(encoding="utf-8"), Loader=_Loader)  # noqa: S506
    except OSError as exc:
        raise InputError(f"cannot read: {exc.strerror}", path=path) from exc
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        raise InputError(f"not valid YAML: {exc.problem}", path=path,
                         line=mark.line + 1 if mark else None) from exc  # fmt: skip
    except yaml.YAMLError as exc:
        raise InputError(f"not valid YAML: {exc}", path=path) from exc
    return _Reader(path).portfolio(data)


class _Reader:
    def __init__(self, path: Path) -> None:
        self.path = path

    def where(self, data: _Map) -> dict[str, Location]:
        places = {k: Location(self.path, line, f"key {k!r}") for k, line in data.lines.items()}
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
        return make(kind, dict(data), self.where(data), extra)

    def portfolio(self, data: Any) -> PortfolioModel:
        data = self.mapping(data, Location(self.path, 1), "a portfolio file")
        where = self.where(data)
        known = ("base", "language", "organisation", *SECTIONS)
        for key in data:
            if key not in known:
                raise where[key].error(f"unknown key {key!r}; expected one of {', '.join(known)}")
        if not data.get("base"):
            raise where[""].error("missing 'base': the IRI every id is minted under, "
                                  "such as https://example.org/my-portfolio/")  # fmt: skip
        try:
            base = text(data["base"], "base")
            language = text(data.get("language", "en"), "language")
        except AuthoringError as exc:
            raise where["base"].error(str(exc)) from None
        model = PortfolioModel(base=base, language=language, where=where)
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
            for key, nested in _STREAM_NESTED.items():
                setattr(stream, key, [self.thing(nested, i) for i in self.items(item, key, nested)])
            model.value_streams.append(stream)
            return
        nested = _NESTED.get(kind)
        thing = self.thing(kind, item, (nested[0],) if nested else ())
        if nested:
            setattr(thing, nested[0], [self.thing(nested[1], i)
                                       for i in self.items(item, *nested)])  # fmt: skip
        target = "offerings" if kind == "offering" else section
        getattr(model, target).append(thing)

    def stream_extras(self, stream: Any, item: _Map) -> None:
        where = self.where(item)
        values = {}
        for key, convert in STREAM_EXTRAS.items():
            if item.get(key) not in (None, ""):
                try:
                    values[key] = convert(item[key], f"the {key} of value stream {stream.id!r}")
                except AuthoringError as exc:
                    raise where[key].error(str(exc)) from None
        if "trigger" in values:
            stream.trigger = Trigger(values["trigger"], where={"": where["trigger"]})
        if "value" in values or "delivered_to" in values:
            if "value" not in values:
                raise where["delivered_to"].error(
                    f"'delivered_to' of value stream {stream.id!r} needs a 'value' to deliver")
            stream.value = Value(values["value"], values.get("delivered_to", []),
                                 where={"": where["value"],
                                        "delivered_to": where.get("delivered_to", where["value"])})


def dump_yaml(model: PortfolioModel) -> str:
    """Return ``model`` in the YAML format (times with units, dates without midnight)."""
    data: dict[str, Any] = {"base": model.base}
    if model.language != "en":
        data["language"] = model.language
    if model.organisation:
        data["organisation"] = _plain(model.organisation)
    for section in SECTIONS:
        if section in ("products", "services"):
            things = [_plain(o, skip=("kind",)) for o in model.offerings
                      if o.kind == section[:-1]]  # fmt: skip
        elif section == "value_streams":
            things = [_stream(s) for s in model.value_streams]
        else:
            things = [_plain(t) for t in getattr(model, section)]
        if things:
            data[section] = things
    return yaml.safe_dump(data, sort_keys=False, allow_unicode=True, width=100)


def _stream(stream: Any) -> dict[str, Any]:
    data = _plain(stream, skip=("trigger", "value", "steps", "interactions"))
    head = {k: data.pop(k) for k in ("id", "name", "kind")}
    extras: dict[str, Any] = {}
    if stream.trigger:
        extras["trigger"] = stream.trigger.name
    if stream.value:
        extras["value"] = stream.value.name
        if stream.value.delivered_to:
            extras["delivered_to"] = _ids(stream.value.delivered_to)
    result = {**head, **extras, **data}
    for key in ("interactions", "steps"):
        if getattr(stream, key):
            result[key] = [_plain(x) for x in getattr(stream, key)]
    return result


def _ids(values: list[str]) -> Any:
    return values[0] if len(values) == 1 else values


def _plain(thing: Any, skip: tuple[str, ...] = ()) -> dict[str, Any]:
    """The keys of a model object worth writing, in YAML-friendly values."""
    result: dict[str, Any] = {}
    for key, value in vars(thing).items():
        if key == "where" or key in skip or value is None or value == [] or value is False:
            continue
        if key in ("process_time", "wait_time"):
            value = format_minutes(value)
        elif isinstance(value, Decimal):
            value = _number(value)
        elif key == "date" and value.time() == value.min.time() and value.tzinfo is None:
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
