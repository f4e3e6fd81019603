"""``vsgraph flow``: import work items from a tracker's export and report the six flow metrics."""

from __future__ import annotations

import csv
import io
import json
from datetime import timedelta
from typing import Any, BinaryIO

import click

from vsgraph.cli.common import WholeSummaries, load_inputs, portfolio_inputs, reports_errors
from vsgraph.errors import InputError
from vsgraph.flow import FlowMetrics, add_work_items, flow_metrics, load_mapping, periods, read_work_items
from vsgraph.flow.mapping import FlowMapping
from vsgraph.flow.metrics import instant
from vsgraph.safe_write import write_file


@click.group(cls=WholeSummaries)
def flow() -> None:
    """Work items and the six flow metrics (docs/flow-metrics.md)."""


@flow.command("import")
@click.argument("export", type=click.Path(dir_okay=False, path_type=str))
@click.option("--stream", required=True, metavar="IRI", help="The value stream that delivers the items (a full IRI).")
@click.option(
    "--mapping",
    metavar="FILE",
    type=click.Path(dir_okay=False, path_type=str),
    help="A YAML or JSON file mapping tracker states and issue types (default: the built-in mapping).",
)
@click.option("--base", metavar="IRI", help="Where the items' IRIs start (default: STREAM/work-items/).")
@click.option(
    "--output", "-o", metavar="FILE", type=click.Path(path_type=str), help="Write the Turtle here instead of standard output."
)
@reports_errors
def import_items(export: str, stream: str, mapping: str | None, base: str | None, output: str | None) -> None:
    """Read a tracker's CSV export of status transitions (EXPORT) as work items, in Turtle.

    Load the Turtle with the portfolio (vsgraph validate shop.ttl items.ttl, vsgraph load ...).

    Example: vsgraph flow import jira.csv --stream https://example.org/shop/checkout --mapping jira.yaml -o items.ttl
    """
    chosen = load_mapping(mapping) if mapping else FlowMapping()
    graph = read_work_items(export, stream=stream, mapping=chosen, base=base)
    turtle = graph.serialize(format="turtle").encode("utf-8")
    if output is None:
        click.echo(turtle.decode("utf-8"), nl=False)
        return

    def write(stream_out: BinaryIO) -> None:
        stream_out.write(turtle)

    write_file(output, write)
    click.echo(f"wrote {len(graph)} triples to {output}", err=True)


@flow.command("metrics")
@portfolio_inputs
@click.option(
    "--from", "start", required=True, metavar="DATE", help="The first instant, e.g. 2026-01-01 or 2026-01-01T00:00:00Z."
)
@click.option("--to", "end", required=True, metavar="DATE", help="The instant the last period ends (excluded).")
@click.option("--days", type=click.IntRange(min=1), help="Cut the window into periods of this many days (default: one period).")
@click.option(
    "--work-items",
    "exports",
    multiple=True,
    metavar="CSV=STREAM",
    help="Also read a tracker export for the value stream STREAM (repeatable); see vsgraph flow import.",
)
@click.option("--mapping", metavar="FILE", type=click.Path(dir_okay=False, path_type=str), help="The mapping for --work-items.")
@click.option(
    "--format",
    "output_format",
    type=click.Choice(["text", "csv", "json"]),
    default="text",
    show_default=True,
    help="How to print.",
)
@reports_errors
def metrics(
    files: tuple[str, ...],
    engine: str,
    input_format: str | None,
    start: str,
    end: str,
    days: int | None,
    exports: tuple[str, ...],
    mapping: str | None,
    output_format: str,
) -> None:
    """The six flow metrics of every value stream, per period: velocity, distribution, flow
    time, flow efficiency, load and predictability.

    Example: vsgraph flow metrics shop.ttl items.ttl --from 2026-01-01 --to 2026-04-01 --days 14
    """
    portfolio = load_inputs(files, engine, input_format)
    chosen = load_mapping(mapping) if mapping else FlowMapping()
    for export in exports:
        path, separator, stream = export.rpartition("=")
        if not separator or not path:
            raise InputError(f"--work-items takes CSV=STREAM, such as jira.csv=https://example.org/shop/checkout, not {export!r}")
        add_work_items(portfolio, path, stream=stream, mapping=chosen)
    if days is None:
        windows = [(instant(start), instant(end))]
    else:
        windows = periods(start, end, days)
    rows = [_record(row) for row in flow_metrics(portfolio, windows)]
    click.echo(_render(rows, output_format), nl=False)


_COLUMNS = (
    "stream",
    "start",
    "end",
    "velocity",
    "features",
    "defects",
    "risks",
    "debts",
    "featurePercent",
    "defectPercent",
    "riskPercent",
    "debtPercent",
    "flowTimeDays",
    "activeDays",
    "waitingDays",
    "flowEfficiencyPercent",
    "averageLoad",
    "loadAtEnd",
    "plannedBusinessValue",
    "actualBusinessValue",
    "predictabilityPercent",
    "predictabilityBand",
)


def _record(row: FlowMetrics) -> dict[str, Any]:
    predictability = row.predictability
    return {
        "stream": row.stream,
        "start": row.start.isoformat().replace("+00:00", "Z"),
        "end": row.end.isoformat().replace("+00:00", "Z"),
        "velocity": row.velocity,
        **{f"{name}s": count for name, count in row.distribution.items()},
        **{f"{name}Percent": _number(share) for name, share in row.distribution_percent.items()},
        "flowTimeDays": _days(row.flow_time_average),
        "activeDays": _days(row.active_time_total / row.measured_items if row.measured_items else None),
        "waitingDays": _days(row.waiting_time_total / row.measured_items if row.measured_items else None),
        "flowEfficiencyPercent": _number(row.flow_efficiency_percent),
        "averageLoad": _number(row.average_load),
        "loadAtEnd": row.load_at_end,
        "plannedBusinessValue": _number(predictability.planned_business_value) if predictability else None,
        "actualBusinessValue": _number(predictability.actual_business_value) if predictability else None,
        "predictabilityPercent": _number(predictability.percent) if predictability else None,
        "predictabilityBand": predictability.band if predictability else None,
    }


def _days(value: timedelta | None) -> float | None:
    return None if value is None else round(value.total_seconds() / 86400, 2)


def _number(value: Any) -> float | int | None:
    if value is None:
        return None
    number = float(value)
    return int(number) if number.is_integer() else number


def _render(rows: list[dict[str, Any]], output_format: str) -> str:
    if output_format == "json":
        return json.dumps(rows, indent=2) + "\n"
    if output_format == "csv":
        out = io.StringIO()
        writer = csv.DictWriter(out, fieldnames=_COLUMNS, lineterminator="\n")
        writer.writeheader()
        writer.writerows({key: "" if value is None else value for key, value in row.items()} for row in rows)
        return out.getvalue()
    if not rows:
        return "no work items or PI objectives in the window\n"
    lines = []
    for row in rows:
        lines.append(f"{row['stream']}  {row['start'][:10]} .. {row['end'][:10]}")
        distribution = ", ".join(f"{name} {row[f'{name}s']}" for name in ("feature", "defect", "risk", "debt"))
        lines.append(f"  velocity {row['velocity']} ({distribution})")
        lines.append(
            f"  flow time {_or_dash(row['flowTimeDays'])} days on average, efficiency {_or_dash(row['flowEfficiencyPercent'])} %"
        )
        lines.append(f"  load {row['averageLoad']} on average, {row['loadAtEnd']} at the end")
        if row["predictabilityPercent"] is not None:
            lines.append(
                f"  predictability {row['predictabilityPercent']} % ({row['predictabilityBand']} the 80-100 % band: "
                f"{row['actualBusinessValue']} of {row['plannedBusinessValue']} planned business value)"
            )
    return "\n".join(lines) + "\n"


def _or_dash(value: Any) -> str:
    return "-" if value is None else str(value)
