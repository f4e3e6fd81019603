"""What each spreadsheet column means, which words it takes and which sheet its ids name.

The workbook's header notes and dropdowns (:mod:`vsgraph.authoring.workbook_layout`) are
made from these tables, so a person filling in the template reads, on the header cell,
what ``docs/yaml-format.md`` says about the key. A test checks that every column of every
sheet has a note.
"""

from __future__ import annotations

from collections.abc import Collection

from vsgraph.authoring.fields import KINDS
from vsgraph.authoring.vocabulary import (
    DIRECTIONS,
    FLOW_ITEM_TYPES,
    FLOW_STATES,
    FOCI,
    INTERACTION_KINDS,
    STATUSES,
    STREAM_KINDS,
    TEAM_KINDS,
)

_IDS = "Several ids go in one cell, separated by commas."
_DURATION = "A duration: a number of minutes, or a number with a unit: 30min, 2h, 1.5d (24 h), 1w."
_DATE = "A date (2026-09-30, its midnight) or a date and time."
_INSTANT = "A date and time, such as 2026-01-05T09:30:00+01:00; without a time zone it is UTC, and a date is its midnight UTC."
_MONEY = "A number of 0 or more, without a currency sign."
_SHARE = "percentage of the stream's capacity in the period, 0 to 100 (60 or 60%); the shares of a row add up to 100 at most."

#: What a column holds, by its name; :data:`SHEET_NOTES` says it where a sheet means more.
NOTES: dict[str, str] = {
    "base": "The IRI every id is minted under: an absolute IRI ending in / or #, such as https://example.org/shop/.",
    "language": "The language tag of names and descriptions, such as en or en-GB (default en).",
    "id": "The id other rows refer to it by: letters, digits, -, _ and . (or a full IRI).",
    "name": "Its name, as people call it.",
    "description": "A sentence or two saying what it is.",
    "unit_of": "The id of the organisation or team of teams it is a unit of (default: the portfolio's organisation).",
    "kind": "What kind of thing it is.",
    "headcount": "How many people: a whole number from 0.",
    "member_of": f"The ids of the teams (or teams of teams) the person is a member of. {_IDS}",
    "person": "The id of the person (in sheet people) who holds the role.",
    "role": "The id of one of the portfolio's roles, or a word of vsgraph's (the README sheet lists them).",
    "held_in": "The id of the team, team of teams or organisation the role is held in (default: the organisation).",
    "level": "How broad the capability is: a whole number from 1 (1 the broadest).",
    "parent": "The id of the broader capability this one is part of.",
    "internal": "yes for an internal customer (a unit of the organisation), no for an external one.",
    "customer": "The id of the customer (in sheet customers).",
    "journey": "The id of the journey (in sheet journeys) this stage belongs to.",
    "position": "Its place in order, from 1 (default: the order of the rows).",
    "realises": f"The ids of the capabilities it realises. {_IDS}",
    "trigger": "What starts the value stream: the need or event that sets it off.",
    "value": "What the value stream delivers at its end.",
    "delivered_to": f"The ids of the customers (or value streams) who receive the value; needs a value. {_IDS}",
    "owner": "The id of the team or person who owns the value stream.",
    "enables": f"Operational streams: the ids of the journey stages (sheet stages) it enables. {_IDS}",
    "supports": f"Development streams: the ids of the value streams it supports. {_IDS}",
    "delivers": f"The ids of the products or services it delivers. {_IDS}",
    "runs_on": f"Operational streams: the ids of the solutions it runs on. {_IDS}",
    "builds": f"Development streams: the ids of the solutions it builds. {_IDS}",
    "hosts": f"Development streams: the ids of the solutions it hosts. {_IDS}",
    "hands_over_to": f"The ids of the value streams that take over the item this one worked on. {_IDS}",
    "triggers_stream": f"The ids of the value streams an outcome of this one starts. {_IDS}",
    "measured_lead_time": f"The lead time as measured, to compare with the designed flow time. {_DURATION}",
    "value_stream": "The id of the value stream (in sheet value_streams) this row belongs to.",
    "entrance_criteria": "The conditions for starting the stage, one per line of the cell (Alt+Enter).",
    "exit_criteria": "The conditions for finishing the stage, one per line of the cell (Alt+Enter).",
    "value_item": "What the stage produces: the increment of value it adds.",
    "stakeholders": f"The ids of the customers, teams, people, organisations or roles taking part. {_IDS}",
    "serves": f"The ids of the journey stages (sheet stages) it serves. {_IDS}",
    "requires": f"The ids of the capabilities it requires. {_IDS}",
    "stage": "The id of the journey stage (sheet stages) during which the interaction happens.",
    "channels": f"The ids of the portfolio's channels, or words of vsgraph's (the README sheet lists them). {_IDS}",
    "team": "The id of the team or person who performs the step.",
    "follows": "The id of the process (sheet processes) the step follows.",
    "process_time": f"The time people actively work on one item in the step. {_DURATION}",
    "wait_time": f"The time an item waits before the step starts on it. {_DURATION}",
    "batch_size": "How many items the step handles at once: a whole number from 1.",
    "pcta": "Percent complete and accurate: the share of the work received that needs no correction, 0 to 100 (80 or 80%).",
    "carries_out": "The id of the value-stream stage (sheet value_stream_stages) of the same stream this step carries out.",
    "preceded_by": f"The ids of earlier steps of the same stream that must finish first. {_IDS}",
    "rework_percent": "The share of the step's output done again, 0 to 100 (10 or 10%).",
    "sends_rework_to": "The id of the earlier step of the same stream that redoes the rework.",
    "theme": "The id of the strategic theme (sheet themes) the objective belongs to.",
    "objective": "The id of the objective (sheet objectives) this key result measures.",
    "baseline": "Where the key result started, a number in its unit.",
    "target": "The value aimed at, a number in its unit.",
    "unit": "The unit of the numbers, as text: %, minutes, EUR, orders a day.",
    "direction": "Whether higher or lower values are better.",
    "baseline_date": f"When the baseline was measured. {_DATE}",
    "deadline": f"When the target is due, after the baseline date. {_DATE}",
    "status": "Where the initiative stands.",
    "touches": f"The ids of the value streams the initiative changes. {_IDS}",
    "measures": f"The ids of the value streams the metric measures. {_IDS}",
    "focus": "What the metric looks at; several words go in one cell, separated by commas.",
    "aligned_with": f"The ids of the key results (sheet key_results) whose progress the metric tracks. {_IDS}",
    "metric": "The id of the metric (in sheet metrics) this reading is of.",
    "date": f"When the reading was taken. {_DATE}",
    "type": "The kind of business value the work item delivers (the Flow Framework's flow item types).",
    "tracker_key": "The key the tracker knows the item by, such as SHOP-12.",
    "business_value": "The business value the item is expected to deliver, a number on the stream's own scale.",
    "created": f"When the item was created; leave it empty when the first state change is the creation. {_INSTANT}",
    "work_item": "The id of the work item (in sheet work_items) whose state changed.",
    "state": "The flow state the item entered.",
    "at": f"When the item entered the state; an item's rows are ordered by it (ties keep their order). {_INSTANT}",
    "planned_business_value": "The business value planned for the objective at PI planning, from 1 to 10.",
    "actual_business_value": "The business value achieved, from 0 to 10; leave it empty until the objective is assessed.",
    "committed": "no for an uncommitted (stretch) objective; empty or yes for a committed one.",
    "due": f"When the objective's planning interval ends. {_INSTANT}",
    "start": f"When the budget period starts. {_INSTANT}",
    "end": (
        "When the budget period ends, itself no longer part of it: where the next begins "
        f"(2026-07-01 ends the first half of 2026). {_INSTANT}"
    ),
    "period": "The id of the budget period (in sheet budget_periods) this row is for.",
    "amount": f"The sum of money, in the row's currency. {_MONEY}",
    "currency": "The ISO 4217 code of the currency, three letters such as EUR, USD or GBP (written in capitals).",
    "cost_per_person": f"What one person of the team costs in the period; the team's headcount multiplies it. {_MONEY}",
    "cost_of_delay_per_week": f"What each week an item of the stream's work is delayed costs, in the stream's currency. {_MONEY}",
    "feature": f"The features' {_SHARE}",
    "defect": f"The defects' {_SHARE}",
    "risk": f"The risks' {_SHARE}",
    "debt": f"The technical debt's {_SHARE}",
}

#: Where a column of one sheet means more than its name says everywhere.
SHEET_NOTES: dict[tuple[str, str], str] = {
    ("customers", "unit_of"): "Internal customers: the id of the organisation or team of teams it is a unit of.",
    ("journeys", "customer"): "The id of the customer (in sheet customers) whose journey it is.",
    ("memberships", "id"): "Its id (default: <person id>-membership-<n>).",
    ("value_stream_stages", "id"): "Its id (default: <stream id>-stage-<position>).",
    ("steps", "id"): "Its id (default: <stream id>-step-<position>).",
    ("readings", "id"): "Its id (default: <metric id>-<yyyy>-<mm>).",
    ("readings", "value"): "The value read, a number in the metric's unit.",
    ("key_results", "target"): "The value aimed at, a number in the key result's unit (not its baseline).",
    ("work_items", "value_stream"): "The id of the value stream (in sheet value_streams) that delivers the item.",
    ("work_items", "name"): "Its name, such as the tracker's summary (optional).",
    ("state_changes", "status"): "The tracker's own name for the state entered, such as In Review (optional).",
    ("state_changes", "id"): "Its id (default: <work item id>-change-<n>, n its place in the item's history from 0).",
    ("pi_objectives", "value_stream"): "The id of the value stream (in sheet value_streams) that committed to the objective.",
    ("value_streams", "currency"): "The ISO 4217 code of the currency of its cost of delay, three letters such as EUR.",
    ("fundings", "value_stream"): "The id of the value stream (in sheet value_streams) the funding is for.",
    ("fundings", "amount"): f"The sum allotted to the stream for the period; several fundings add up. {_MONEY}",
    ("fundings", "id"): "Its id (default: <stream id>-<period id>-funding; a second funding of a stream and period needs one).",
    ("team_costs", "team"): "The id of the team (in sheet teams) whose people the cost pays for.",
    ("team_costs", "value_stream"): "The id of the value stream (in sheet value_streams) the team's cost is charged to.",
    ("team_costs", "id"): "Its id (default: <stream id>-<period id>-<team id>-cost).",
    ("direct_costs", "name"): "What the money is spent on, such as till licences (optional).",
    ("direct_costs", "value_stream"): "The id of the value stream (in sheet value_streams) the cost is charged to.",
    (
        "direct_costs",
        "id",
    ): "Its id (default: <stream id>-<period id>-cost; a second direct cost of a stream and period needs one).",
    ("spending_limits", "value_stream"): "The id of the value stream (in sheet value_streams) whose spending the limit caps.",
    ("spending_limits", "amount"): f"The most the stream may spend in the period. {_MONEY}",
    ("spending_limits", "id"): "Its id (default: <stream id>-<period id>-limit).",
    ("capacity_allocations", "value_stream"): "The id of the value stream (in sheet value_streams) whose capacity is allocated.",
    ("capacity_allocations", "id"): "Its id (default: <stream id>-<period id>-allocation).",
}

#: The columns that take one word of a fixed list (a dropdown), by sheet and column.
WORDS: dict[tuple[str, str], Collection[str]] = {
    ("teams", "kind"): TEAM_KINDS,
    ("value_streams", "kind"): STREAM_KINDS,
    ("interactions", "kind"): INTERACTION_KINDS,
    ("key_results", "direction"): DIRECTIONS,
    ("metrics", "direction"): DIRECTIONS,
    ("initiatives", "status"): STATUSES,
    ("metrics", "focus"): FOCI,
    ("customers", "internal"): ("yes", "no"),
    ("work_items", "type"): FLOW_ITEM_TYPES,
    ("state_changes", "state"): FLOW_STATES,
    ("pi_objectives", "committed"): ("yes", "no"),
}
#: Word columns that may hold several words, comma-separated: their dropdown suggests.
SEVERAL_WORDS = {("metrics", "focus")}

#: The columns whose ids name the things of one sheet, offered there as a dropdown. A
#: column that may also name another sheet's things or vsgraph's own words (a step's team
#: may be a person), or several ids, keeps the dropdown as a suggestion.
REFERENCES: dict[str, str] = {
    "person": "people",
    "journey": "journeys",
    "customer": "customers",
    "parent": "capabilities",
    "value_stream": "value_streams",
    "stage": "stages",
    "follows": "processes",
    "carries_out": "value_stream_stages",
    "theme": "themes",
    "objective": "objectives",
    "metric": "metrics",
    "team": "teams",
    "owner": "teams",
    "held_in": "teams",
    "role": "roles",
    "unit_of": "teams",
    "member_of": "teams",
    "realises": "capabilities",
    "requires": "capabilities",
    "enables": "stages",
    "serves": "stages",
    "runs_on": "solutions",
    "builds": "solutions",
    "hosts": "solutions",
    "supports": "value_streams",
    "hands_over_to": "value_streams",
    "triggers_stream": "value_streams",
    "touches": "value_streams",
    "measures": "value_streams",
    "aligned_with": "key_results",
    "delivered_to": "customers",
    "channels": "channels",
    "work_item": "work_items",
    "period": "budget_periods",
}
#: Reference columns that name exactly one thing of exactly their sheet: other values are refused.
STRICT_REFERENCES = {
    "person",
    "journey",
    "parent",
    "value_stream",
    "follows",
    "carries_out",
    "theme",
    "objective",
    "metric",
    "work_item",
    "period",
}


def note(sheet: str, column: str, kind: str | None) -> str:
    """The header note of ``column`` in ``sheet`` (of things of ``kind``): what it holds,
    its words if it takes a word, and whether it is required."""
    text = SHEET_NOTES.get((sheet, column)) or NOTES[column]
    words = WORDS.get((sheet, column))
    if words is not None:
        text += f" One of: {', '.join(words)}."
    if kind is not None and column in KINDS[kind][2]:
        text += " Required."
    return text
