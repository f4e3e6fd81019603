"""How a tracker's states and issue types map onto flow states and flow item types.

Every tracker names its workflow states and issue types its own way; the flow metrics need
five flow states (new, waiting, active, done, canceled, as Planview Viz maps them) and four
flow item types (feature, defect, risk, debt: the Flow Framework's). A mapping file says
which is which, as YAML (or JSON, which YAML reads too)::

    states:              # tracker status -> new, waiting, active, done or canceled
      Ready for QA: waiting
      In QA: active
    item_types:          # tracker issue type -> feature, defect, risk or debt
      Vulnerability: risk
    timezone: "+01:00"   # for timestamps written without a time zone (default UTC)
    defaults: true       # also use the built-in names below (default true)

Names are matched ignoring case and runs of spaces, so ``in  progress`` is ``In Progress``.
The built-in defaults cover Jira's standard workflow (To Do, In Progress, Done) and the
common waiting and cancel states; ``docs/flow-metrics.md`` lists them.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import UTC, timedelta, timezone
from pathlib import Path
from typing import Any

import yaml

from vsgraph.authoring.files import read_text
from vsgraph.authoring.vocabulary import FLOW_ITEM_TYPES, FLOW_STATES
from vsgraph.errors import InputError, LimitError
from vsgraph.limits import DEFAULT_LIMITS, InputLimits, quoted

#: The built-in state mapping: Jira's standard workflow and the usual additions.
DEFAULT_STATES: dict[str, str] = {
    **dict.fromkeys(("To Do", "Open", "New", "Backlog", "Selected for Development", "Funnel"), "new"),
    **dict.fromkeys(
        (
            "Reopened",
            "Blocked",
            "On Hold",
            "Waiting",
            "Waiting for Review",
            "Waiting for Customer",
            "Waiting for Support",
            "Ready for Review",
            "Ready for Test",
            "Ready for QA",
            "Ready for Release",
            "Ready for Deployment",
            "Pending",
        ),
        "waiting",
    ),
    **dict.fromkeys(
        ("In Progress", "In Development", "In Review", "Code Review", "In Test", "Testing", "In QA", "Implementing"),
        "active",
    ),
    **dict.fromkeys(("Done", "Closed", "Resolved", "Released", "Deployed", "Complete", "Completed"), "done"),
    **dict.fromkeys(("Canceled", "Cancelled", "Won't Do", "Won't Fix", "Rejected", "Duplicate", "Abandoned"), "canceled"),
}
#: The built-in item type mapping: Jira's standard issue types and SAFe's backlog items.
DEFAULT_ITEM_TYPES: dict[str, str] = {
    **dict.fromkeys(
        ("Story", "User Story", "Feature", "Epic", "Capability", "Enabler", "Task", "Sub-task", "Improvement", "New Feature"),
        "feature",
    ),
    **dict.fromkeys(("Bug", "Defect", "Incident", "Problem"), "defect"),
    **dict.fromkeys(("Risk", "Vulnerability", "Security", "Compliance"), "risk"),
    **dict.fromkeys(("Debt", "Technical Debt", "Tech Debt", "Refactoring"), "debt"),
}

#: A mapping file's keys.
_KEYS = ("states", "item_types", "timezone", "defaults")
_OFFSET = re.compile(r"^(?:Z|UTC|(?P<sign>[+-])(?P<hours>[0-9]{2}):?(?P<minutes>[0-9]{2}))$")
#: The largest mapping file read (a mapping holds a few dozen names).
_MAX_MAPPING_BYTES = 1024 * 1024


def normalized(name: str) -> str:
    """A tracker name as it is matched: lower case, runs of white space as one space."""
    return " ".join(name.split()).casefold()


@dataclass(frozen=True)
class FlowMapping:
    """Tracker states → flow states and issue types → flow item types, by normalised name.

    ``states`` and ``item_types`` hold flow state and item type names (``"active"``,
    ``"defect"``), keyed by :func:`normalized` tracker names; ``time_zone`` is the offset of
    timestamps written without one. Build one with :meth:`with_names` or :func:`load_mapping`.
    """

    states: Mapping[str, str] = field(default_factory=lambda: _keyed(DEFAULT_STATES))
    item_types: Mapping[str, str] = field(default_factory=lambda: _keyed(DEFAULT_ITEM_TYPES))
    time_zone: timezone = UTC

    @classmethod
    def with_names(
        cls,
        states: Mapping[str, str] | None = None,
        item_types: Mapping[str, str] | None = None,
        *,
        tz: str = "Z",
        defaults: bool = True,
    ) -> FlowMapping:
        """The built-in mapping (unless ``defaults`` is false) with these names added or
        overriding it; a flow state or item type vsgraph does not know is a ``ValueError``."""
        state_names = {**(DEFAULT_STATES if defaults else {}), **(states or {})}
        type_names = {**(DEFAULT_ITEM_TYPES if defaults else {}), **(item_types or {})}
        for tracker, flow in state_names.items():
            if flow not in FLOW_STATES:
                raise ValueError(f"the state {quoted(tracker)} maps to {quoted(flow)}, not one of {', '.join(FLOW_STATES)}")
        for tracker, flow in type_names.items():
            if flow not in FLOW_ITEM_TYPES:
                raise ValueError(
                    f"the item type {quoted(tracker)} maps to {quoted(flow)}, not one of {', '.join(FLOW_ITEM_TYPES)}"
                )
        return cls(_keyed(state_names), _keyed(type_names), parse_offset(tz))

    def flow_state(self, tracker_state: str) -> str | None:
        """The flow state a tracker state maps to, or ``None`` when the mapping lacks it."""
        return self.states.get(normalized(tracker_state))

    def flow_item_type(self, issue_type: str) -> str | None:
        """The flow item type an issue type maps to, or ``None`` when the mapping lacks it."""
        return self.item_types.get(normalized(issue_type))


def load_mapping(path: Path | str, *, limits: InputLimits = DEFAULT_LIMITS) -> FlowMapping:
    """Read a mapping file (YAML or JSON); a bad one raises :class:`InputError` naming the
    file and, where it can, the line."""
    path = Path(path)
    try:
        size = path.stat().st_size
    except OSError:
        size = 0  # read_text says why the file cannot be read
    if size > _MAX_MAPPING_BYTES:
        raise LimitError(f"a mapping file of more than {_MAX_MAPPING_BYTES} bytes; a mapping names a few dozen states", path=path)
    text = read_text(path)
    try:
        data = yaml.load(text, Loader=_loader(path, limits))
    except InputError:
        raise
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        raise InputError(
            f"not valid YAML or JSON: {exc.problem or exc.context}", path=path, line=mark.line + 1 if mark else None
        ) from exc
    except yaml.YAMLError as exc:
        raise InputError(f"not valid YAML or JSON: {quoted(str(exc), limits)}", path=path) from exc
    except RecursionError as exc:
        raise LimitError("nests too deeply to read; a mapping file is two levels deep", path=path) from exc
    if data is None:
        data = {}
    if not isinstance(data, dict):
        raise InputError(f"a mapping file holds a mapping with the keys {', '.join(_KEYS)}", path=path)
    unknown = [key for key in data if key not in _KEYS]
    if unknown:
        raise InputError(f"unknown key {quoted(unknown[0], limits)}; a mapping file has the keys {', '.join(_KEYS)}", path=path)
    defaults = data.get("defaults", True)
    if not isinstance(defaults, bool):
        raise InputError("'defaults' is true or false", path=path)
    tz = data.get("timezone", "Z")
    try:
        return FlowMapping.with_names(
            _names(data.get("states"), "states", path, limits),
            _names(data.get("item_types"), "item_types", path, limits),
            tz=str(tz),
            defaults=defaults,
        )
    except ValueError as exc:
        raise InputError(str(exc), path=path) from exc


def parse_offset(text: str) -> timezone:
    """A time zone offset such as ``Z``, ``UTC``, ``+01:00`` or ``-0530``; else ``ValueError``."""
    match = _OFFSET.match(text.strip())
    if match is None:
        raise ValueError(f"the time zone {quoted(text)} is not an offset such as Z, +01:00 or -05:30")
    if match["sign"] is None:
        return UTC
    hours, minutes = int(match["hours"]), int(match["minutes"])
    if hours > 14 or minutes > 59:
        raise ValueError(f"the time zone {quoted(text)} is not an offset between -14:00 and +14:00")
    offset = timedelta(hours=hours, minutes=minutes)
    return timezone(-offset if match["sign"] == "-" else offset)


def _keyed(names: Mapping[str, str]) -> dict[str, str]:
    return {normalized(tracker): flow for tracker, flow in names.items()}


def _names(value: Any, key: str, path: Path, limits: InputLimits) -> dict[str, str]:
    if value is None:
        return {}
    if not isinstance(value, dict) or not all(isinstance(v, str) and isinstance(k, str | int) for k, v in value.items()):
        raise InputError(f"{key!r} maps each tracker name to a name such as 'active' or 'feature'", path=path)
    return {str(k): v.strip().lower() for k, v in value.items()}


def _loader(path: Path, limits: InputLimits) -> type[yaml.SafeLoader]:
    """A safe YAML loader that refuses aliases (a few of them can expand a tiny file)."""

    class _Loader(yaml.SafeLoader):
        def compose_node(self, parent: yaml.Node | None, index: Any) -> yaml.Node | None:
            event = self.peek_event()
            if isinstance(event, yaml.AliasEvent) and not limits.allow_yaml_aliases:
                mark = event.start_mark
                line = mark.line + 1 if mark is not None else None
                raise LimitError("aliases are refused in a mapping file: write the value out", path=path, line=line)
            return super().compose_node(parent, index)

    return _Loader
