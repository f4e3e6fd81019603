"""The report's lean-budget views: spend against budget, capacity allocation against its
guardrail, and the cost of delay of the designed waits.

A lean-portfolio manager reads these at a participatory-budgeting event: which streams
spent beyond their funding or their spending limit, and which took more of their capacity
for a kind of work than the guardrail allows. The numbers are the catalog's answers
(``spend-vs-budget``, ``capacity-allocation`` and ``cost-of-delay``, formulas in
``docs/budgets.md``); this module only lays them out, with small bars drawn as inline SVG
(:mod:`vsgraph.report.svg`), so the page still loads nothing.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from collections.abc import Callable, Mapping, Sequence
from decimal import Decimal
from html import escape
from itertools import groupby
from typing import Any

from rdflib import URIRef

from vsgraph.authoring.vocabulary import FLOW_ITEM_TYPES
from vsgraph.report.svg import add, svg_root, to_string

#: The catalog questions the budget views show.
BUDGET_QUESTIONS = ("spend-vs-budget", "capacity-allocation", "cost-of-delay")
#: A flow item type's word by its IRI, in the Flow Framework's order.
_TYPE_NAMES = {str(iri): name for name, iri in FLOW_ITEM_TYPES.items()}
#: The standing of a spend row, from worst to best, with the CSS class that colours it.
OVER_LIMIT, OVERSPENT, WITHIN = "over its spending limit", "spent more than its funding", "within its funding"
_STANDING_CLASS = {OVER_LIMIT: "off-target", OVERSPENT: "off-target", WITHIN: "on-target"}
#: What a capacity share's difference means for the guardrail.
ABOVE_SHARE, WITHIN_SHARE = "above its share", "within its share"
_BAR_WIDTH, _BAR_HEIGHT = 160.0, 14.0
_SPENT, _OVER, _FUNDED, _LIMIT = "#4c78a8", "#b03a2e", "#dde5ef", "#222"

Label = Callable[[URIRef], str]


def budgets_html(rows: Mapping[str, Sequence[Mapping[str, Any]]], label: Label) -> str:
    """The budget section's body from the rows of :data:`BUDGET_QUESTIONS`, or a line saying
    the portfolio records no budgets."""
    spend, allocation, delay = (rows[name] for name in BUDGET_QUESTIONS)
    if not (spend or allocation or delay):
        return (
            "<p>The portfolio records no fundings, costs, guardrails or costs of delay: "
            "<code>docs/budgets.md</code> says how to add them.</p>"
        )
    return "\n".join(
        (
            "<h3>Spend against budget</h3>",
            spend_table_html(spend, label),
            "<h3>Capacity allocation against the guardrail</h3>",
            allocation_html(allocation, label),
            "<h3>Cost of delay of the designed waits</h3>",
            cost_of_delay_html(delay, label),
        )
    )


def spend_standing(row: Mapping[str, Any]) -> str:
    """How a ``spend-vs-budget`` row stands: over its spending limit, overspent (spent more
    than it was funded), or within its funding. The limit comes first: it is the guardrail
    the portfolio set, while funding may be topped up at the next budgeting event."""
    if row["overLimit"] is True:
        return OVER_LIMIT
    return OVERSPENT if row["remaining"] < 0 else WITHIN


def spend_table_html(rows: Sequence[Mapping[str, Any]], label: Label) -> str:
    """A row per stream, period and currency: funded, spent, remaining, the share spent as a
    bar (the funding pale, the spending over it, the spending limit a black tick) and how
    the row stands."""
    if not rows:
        return '<p class="empty">No fundings or costs.</p>'
    body = []
    for row in rows:
        standing = spend_standing(row)
        currency = escape(row["currency"])
        limit = "–" if row["spendingLimit"] is None else f"{money(row['spendingLimit'])} {currency}"
        share = "–" if row["spentPercent"] is None else f"{row['spentPercent']:f}%"
        body.append(
            f"<tr><td>{escape(_name(row, 'stream', label))}</td><td>{escape(_name(row, 'period', label))}</td>"
            f'<td class="money">{money(row["funded"])} {currency}</td><td class="money">{money(row["spent"])} {currency}</td>'
            f'<td class="money">{money(row["remaining"])} {currency}</td>'
            f'<td class="bar"><span class="share">{share}</span>{_spend_bar(row)}</td><td class="money">{limit}</td>'
            f'<td class="{_STANDING_CLASS[standing]}">{escape(standing)}</td></tr>'
        )
    head = "".join(
        f"<th>{name}</th>"
        for name in ("value stream", "period", "funded", "spent", "remaining", "spent of funding", "spending limit", "standing")
    )
    return f'<table class="budget"><thead><tr>{head}</tr></thead><tbody>{"".join(body)}</tbody></table>'


def allocation_html(rows: Sequence[Mapping[str, Any]], label: Label) -> str:
    """A table per capacity-allocation guardrail: each flow item type's share of the items
    completed in the period against the share the guardrail sets."""
    if not rows:
        return '<p class="empty">No capacity-allocation guardrails.</p>'
    blocks = []
    for _, group in groupby(rows, key=lambda row: row["guardrail"]):
        shares = sorted(group, key=lambda row: list(_TYPE_NAMES).index(row["itemType"]))
        first = shares[0]
        heading = f"{_name(first, 'stream', label)} · {_name(first, 'period', label)}"
        if not first["completed"]:
            blocks.append(
                f"<h4>{escape(heading)}</h4><p>No work item of the stream was completed in the period: no share to compare.</p>"
            )
            continue
        lines = "".join(_share_row(row) for row in shares)
        blocks.append(
            f"<h4>{escape(heading)} <small>({first['completed']} items completed)</small></h4>"
            '<table class="allocation"><thead><tr><th>work type</th><th>items</th><th>actual</th><th>guardrail</th>'
            f"<th>difference</th><th>actual against guardrail</th><th>standing</th></tr></thead><tbody>{lines}</tbody></table>"
        )
    return (
        "<p>Each share is one of the count of items completed in the guardrail's period (the Flow Framework's "
        "flow distribution). A type above its share took more of the stream's capacity than the guardrail allows; "
        "the bar shows the actual share, the black tick the guardrail's.</p>" + "".join(blocks)
    )


def cost_of_delay_html(rows: Sequence[Mapping[str, Any]], label: Label) -> str:
    """A row per stream that states a cost of delay: what its designed wait costs per item."""
    if not rows:
        return '<p class="empty">No value stream states a cost of delay.</p>'
    body = "".join(
        f"<tr><td>{escape(_name(row, 'stream', label))}</td>"
        f'<td class="money">{money(row["costOfDelayPerWeek"])} {escape(row["currency"] or "")}</td>'
        f'<td class="money">{row["waitWeeks"]:f}</td>'
        f'<td class="money">{money(row["costOfDelay"])} {escape(row["currency"] or "")}</td></tr>'
        for row in rows
    )
    return (
        "<p>What the waiting of each stream's designed flow costs for every item that goes through it: its cost of "
        "delay per week times the weeks its steps wait (weeks of seven calendar days).</p>"
        '<table class="cost-of-delay"><thead><tr><th>value stream</th><th>cost of delay per week</th>'
        f"<th>designed wait (weeks)</th><th>cost of delay per item</th></tr></thead><tbody>{body}</tbody></table>"
    )


def money(amount: Decimal | int) -> str:
    """An amount with thousands separators, in cents when it has a fraction: ``1,200,000``,
    ``299,999.50``; a finer amount keeps its digits."""
    amount = Decimal(amount)
    if amount == amount.to_integral_value():
        return f"{amount:,.0f}"
    if amount == amount.quantize(Decimal("0.01")):
        return f"{amount:,.2f}"
    return f"{amount:,f}"


def _share_row(row: Mapping[str, Any]) -> str:
    actual, target, difference = row["actualPercent"], row["targetPercent"], row["differencePercent"]
    above = difference is not None and difference > 0
    standing = "no share set" if target is None else (ABOVE_SHARE if above else WITHIN_SHARE)
    css = "off-target" if above else ("on-target" if target is not None else "unjudged")
    shown_difference = "–" if difference is None else f"{difference:+f} points"
    return (
        f"<tr><td>{_TYPE_NAMES[row['itemType']]}</td><td>{row['ofType']}</td><td>{actual:f}%</td>"
        f"<td>{'–' if target is None else f'{target:f}%'}</td><td>{shown_difference}</td>"
        f'<td>{_share_bar(row)}</td><td class="{css}">{standing}</td></tr>'
    )


def _bar_root(title: str, css_class: str) -> ET.Element:
    """A bar's drawing, set on the line of the text beside it (by its own attribute: the
    report's style sheet never reaches into an SVG)."""
    root = svg_root(_BAR_WIDTH, _BAR_HEIGHT, title, css_class)
    root.set("style", "vertical-align: middle; margin-left: 0.4em")
    return root


def _spend_bar(row: Mapping[str, Any]) -> str:
    funded, spent, limit = Decimal(row["funded"]), Decimal(row["spent"]), row["spendingLimit"]
    scale = max(funded, spent, Decimal(limit or 0)) or Decimal(1)
    root = _bar_root(_spend_title(row), "budget-bar")
    add(root, "rect", x=0.0, y=2.0, width=_width(funded, scale), height=_BAR_HEIGHT - 4, fill=_FUNDED)
    colour = _OVER if spend_standing(row) != WITHIN else _SPENT
    add(root, "rect", x=0.0, y=4.0, width=_width(spent, scale), height=_BAR_HEIGHT - 8, fill=colour)
    if limit is not None:
        x = min(_width(Decimal(limit), scale), _BAR_WIDTH - 1)
        add(root, "line", x1=x, y1=0.0, x2=x, y2=_BAR_HEIGHT, stroke=_LIMIT, stroke_width=2)
    return to_string(root)


def _share_bar(row: Mapping[str, Any]) -> str:
    actual, target = row["actualPercent"], row["targetPercent"]
    title = f"{_TYPE_NAMES[row['itemType']]}: {actual:f}% of the items completed" + (
        "" if target is None else f", guardrail {target:f}%"
    )
    root = _bar_root(title, "share-bar")
    hundred = Decimal(100)
    add(root, "rect", x=0.0, y=2.0, width=_BAR_WIDTH, height=_BAR_HEIGHT - 4, fill=_FUNDED)
    above = row["differencePercent"] is not None and row["differencePercent"] > 0
    add(root, "rect", x=0.0, y=4.0, width=_width(actual, hundred), height=_BAR_HEIGHT - 8, fill=_OVER if above else _SPENT)
    if target is not None:
        x = min(_width(target, hundred), _BAR_WIDTH - 1)
        add(root, "line", x1=x, y1=0.0, x2=x, y2=_BAR_HEIGHT, stroke=_LIMIT, stroke_width=2)
    return to_string(root)


def _spend_title(row: Mapping[str, Any]) -> str:
    currency = row["currency"]
    limit = "" if row["spendingLimit"] is None else f", limit {money(row['spendingLimit'])} {currency}"
    return f"Spent {money(row['spent'])} of {money(row['funded'])} {currency} funded{limit}"


def _width(value: Decimal, scale: Decimal) -> float:
    return _BAR_WIDTH * float(max(value, Decimal(0)) / scale)


def _name(row: Mapping[str, Any], column: str, label: Label) -> str:
    """The row's label for ``column`` when the answer gives one, else the labeller's."""
    given = row.get(f"{column}Label")
    if given:
        return str(given)
    return "–" if row.get(column) is None else label(URIRef(row[column]))
