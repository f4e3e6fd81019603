"""The one-file HTML portfolio report: maps, KPI tree, findings and answers on one page.

The page needs nothing but itself: the diagrams are inline SVG, the style sheet is inline,
there is no script, no web font and no remote image (even the favicon is an empty
``data:`` URL, so a browser does not ask the server for one). Every label is escaped.
The output is deterministic: no timestamp, stable ordering, so the same portfolio gives
the same bytes.
"""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal
from html import escape
from pathlib import Path

from vsgraph.portfolio import Portfolio
from vsgraph.query_catalog.queries import get_query
from vsgraph.query_catalog.summary import kind_name, summarize
from vsgraph.report.answers import main_questions, table_html
from vsgraph.report.capabilities import CAPABILITY_QUESTIONS, UNREALISED_GAP, CapabilityView, capability_tree, unrealised
from vsgraph.report.capability_map import capability_map_svg
from vsgraph.report.cross_stream import CROSS_STREAM_QUESTIONS, CrossStreamView, cross_stream_view
from vsgraph.report.cross_stream_map import cross_stream_svg
from vsgraph.report.data import (
    MAP_QUESTIONS,
    Answers,
    PortfolioMapView,
    StreamView,
    gather,
    portfolio_map_view,
    stream_views,
)
from vsgraph.report.portfolio_map import (
    NO_STAGE_GAP,
    STAGE_GAP,
    SUPPORTS_NOTHING_GAP,
    UNSUPPORTED_GAP,
    portfolio_map_svg,
)
from vsgraph.report.strategy import OFF_TARGET, ON_TARGET, STRATEGY_QUESTIONS, MetricView, Node, strategy_tree
from vsgraph.report.stream_map import value_stream_map_svg
from vsgraph.safe_write import write_file
from vsgraph.validation.findings import ValidationReport

CSS = """
body { font-family: Helvetica, Arial, sans-serif; color: #222; margin: 0 auto; padding: 1.5em 2em;
       max-width: 1500px; line-height: 1.4; }
h1 { margin-bottom: 0.2em; } h2 { border-bottom: 2px solid #3b6ea5; padding-bottom: 0.2em; margin-top: 2em; }
.meta { color: #555; }
.diagram { overflow-x: auto; border: 1px solid #ddd; border-radius: 6px; padding: 0.5em; background: #fff; }
.diagram svg { max-width: 100%; height: auto; }
.counts { display: flex; flex-wrap: wrap; gap: 0.5em; padding: 0; list-style: none; }
.counts li { background: #f2f5f9; border-radius: 4px; padding: 0.3em 0.7em; }
.gap, .off-target, .violation { color: #b03a2e; font-weight: bold; }
.on-target, .okr.on-track { color: #2e7d32; font-weight: bold; }
.okr.at-risk { color: #9a6a00; font-weight: bold; } .okr.off-track { color: #b03a2e; font-weight: bold; }
.warning { color: #9a6a00; font-weight: bold; }
table { border-collapse: collapse; margin: 0.5em 0 1.5em; font-size: 0.92em; }
th, td { border: 1px solid #ccc; padding: 0.25em 0.6em; text-align: left; vertical-align: top; }
th { background: #f2f5f9; }
ul.tree, ul.tree ul { list-style: none; padding-left: 1.4em; border-left: 1px dotted #aaa; }
ul.tree > li { margin: 0.5em 0; } .level { color: #666; font-size: 0.8em; text-transform: uppercase; }
.metric { background: #f7f7f7; border-radius: 4px; padding: 0.2em 0.5em; margin: 0.2em 0; display: inline-block; }
"""

#: The gap names of the portfolio map, as the report's list of gaps words them.
_GAP_TEXT = {
    "stage": STAGE_GAP,
    "unsupported": UNSUPPORTED_GAP,
    "no-stage": NO_STAGE_GAP,
    "supports-nothing": SUPPORTS_NOTHING_GAP,
}


def render_report(portfolio: Portfolio, title: str = "Value-stream portfolio report") -> str:
    """The whole report as one self-contained HTML document.

    Every catalog answer it shows is asked for up front (:func:`gather`): the questions
    about the whole portfolio in one ``run_queries`` call, every stream's steps in another.
    """
    answers = gather(
        portfolio, [*MAP_QUESTIONS, *CROSS_STREAM_QUESTIONS, *CAPABILITY_QUESTIONS, *STRATEGY_QUESTIONS, *main_questions()]
    )
    streams = stream_views(answers)
    report = portfolio.validate()
    sections = [
        ("portfolio-map", "Portfolio map", _portfolio_map(portfolio_map_view(answers))),
        ("cross-stream-flow", "Cross-stream flow", _cross_stream(cross_stream_view(answers))),
        ("capability-map", "Capability map", _capability_map(capability_tree(answers))),
        ("value-stream-maps", "Value-stream maps", _stream_maps(streams)),
        ("kpi-tree", "KPIs, key results, objectives and themes", _tree(strategy_tree(answers))),
        ("findings", "Validation findings", _findings(report)),
        ("questions", "Answers to the main portfolio questions", _answers(answers)),
    ]
    sources = ", ".join(escape(path.name) for path in portfolio.sources) or "(built in memory)"
    counts = "".join(f"<li>{count} {escape(kind_name(kind, count))}</li>" for kind, count in summarize(portfolio).items())
    maps = "".join(f'<li><a href="#map-{escape(stream.local_name)}">{escape(stream.label)}</a></li>' for stream in streams)
    contents = "\n".join(
        f'<li><a href="#{anchor}">{escape(heading)}</a>{f"<ul>{maps}</ul>" if anchor == "value-stream-maps" else ""}</li>'
        for anchor, heading, _ in sections
    )
    return f"""<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{escape(title)}</title>
<link rel="icon" href="data:,">
<style>{CSS}</style>
</head>
<body>
<header>
<h1>{escape(title)}</h1>
<p class="meta">From {sources}.</p>
<ul class="counts">{counts}</ul>
<nav><ul>
{contents}
</ul></nav>
</header>
{"".join(_section(*section) for section in sections)}
</body>
</html>
"""


def write_report(portfolio: Portfolio, path: Path | str, title: str = "Value-stream portfolio report") -> Path:
    """Write the report to ``path`` (creating its folder) and return the path."""
    path = Path(path)
    page = render_report(portfolio, title).encode("utf-8")
    write_file(path, lambda out: out.write(page))
    return path


def _section(anchor: str, heading: str, body: str) -> str:
    return f'<section id="{anchor}">\n<h2>{escape(heading)}</h2>\n{body}\n</section>\n'


def _portfolio_map(view: PortfolioMapView) -> str:
    gaps = []
    for journey in view.journeys:
        gaps += [
            f"<li>Stage <b>{escape(stage.label)}</b> ({escape(journey.label)}): {_GAP_TEXT['stage']}</li>"
            for stage in journey.stages
            if stage.iri in view.stages_without_stream
        ]
    for iri, label in view.operational.items():
        if iri in view.unsupported_streams:
            gaps.append(f"<li>Operational value stream <b>{escape(label)}</b>: {_GAP_TEXT['unsupported']}</li>")
        if iri in view.streams_without_stage:
            gaps.append(f"<li>Operational value stream <b>{escape(label)}</b>: {_GAP_TEXT['no-stage']}</li>")
    for iri, label in view.development.items():
        if iri in view.development_supporting_nothing:
            gaps.append(f"<li>Development value stream <b>{escape(label)}</b>: {_GAP_TEXT['supports-nothing']}</li>")
    listed = (
        f'<ul class="gaps">{"".join(gaps)}</ul>' if gaps else "<p>No gaps: every stage is enabled and every stream supported.</p>"
    )
    return (
        "<p>Each journey's stages left to right; beneath them the operational value streams that "
        "enable them; beneath those the development value streams that support them. Gaps are "
        "dashed red.</p>"
        f'<div class="diagram">{portfolio_map_svg(view)}</div>'
        f'<h3 class="gap">Gaps ({len(gaps)})</h3>{listed}'
    )


def _cross_stream(view: CrossStreamView) -> str:
    if not view.links:
        return (
            "<p>No value stream hands its work over to or triggers another, and no development value stream supports another.</p>"
        )
    names = {stream.iri: escape(stream.label) for stream in view.streams}
    links = "".join(
        f"<li><b>{names[link.source]}</b> {escape(link.kind)} <b>{names[link.target]}</b></li>" for link in view.links
    )
    return (
        "<p>The value streams that feed each other, left to right as the work flows: a stream hands "
        "its work over to the next, or an outcome of one triggers another; and the development "
        "value streams that support other development value streams. Each shows the flow time "
        "along the critical path of its steps and the lead time measured.</p>"
        f'<div class="diagram">{cross_stream_svg(view)}</div>'
        f'<ul class="links">{links}</ul>'
    )


def _capability_map(capabilities: list[CapabilityView]) -> str:
    if not capabilities:
        return "<p>The portfolio maps no capabilities.</p>"
    gaps = [
        f"<li>Capability <b>{escape(capability.label)}</b>: {UNREALISED_GAP}"
        + (f"; required by stage {escape(', '.join(capability.required_by))}" if capability.required_by else "")
        + "</li>"
        for capability in unrealised(capabilities)
    ]
    listed = (
        f'<ul class="gaps">{"".join(gaps)}</ul>'
        if gaps
        else ("<p>No gaps: every capability is realised, itself or through a capability beneath it.</p>")
    )
    return (
        "<p>Each capability without a parent holds the capabilities beneath it, level by level, "
        "with the value streams, processes and solutions that realise it and the value-stream "
        "stages that require it. Capabilities nothing realises are dashed red.</p>"
        f'<div class="diagram">{capability_map_svg(capabilities)}</div>'
        f'<h3 class="gap">Capabilities nothing realises ({len(gaps)})</h3>{listed}'
    )


def _stream_maps(streams: list[StreamView]) -> str:
    parts = []
    for stream in streams:
        kind = "Operational" if stream.kind == "operational" else "Development"
        parts.append(
            f'<article id="map-{escape(stream.local_name)}" class="stream {escape(stream.kind)}">'
            f"<h3>{escape(stream.label)} <small>({kind.lower()} value stream)</small></h3>"
            f'<div class="diagram">{value_stream_map_svg(stream)}</div></article>'
        )
    return "\n".join(parts) or "<p>The portfolio maps no value stream.</p>"


def _tree(themes: list[Node]) -> str:
    if not themes:
        return "<p>The portfolio has no metrics, key results, objectives or themes.</p>"
    levels = ("strategic theme", "objective", "key result")
    missing = ("no strategic theme", "no objective", "aligned with no key result")
    empty = ("GAP: no objective", "GAP: no key result", "GAP: no KPI measures it")

    def items(nodes: list[Node], depth: int) -> str:
        out = []
        for node in nodes:
            name = escape(node.label) if node.label is not None else f"<i>({missing[depth]})</i>"
            inner = ""
            if depth < 2 and node.children:
                inner = f"<ul>{items(list(node.children.values()), depth + 1)}</ul>"
            elif depth == 2 and node.metrics:
                inner = f"<ul>{''.join(f'<li>{_metric(m)}</li>' for m in node.metrics)}</ul>"
            else:
                inner = f' <span class="gap">{empty[depth]}</span>'
            out.append(f'<li><span class="level">{levels[depth]}</span> <b>{name}</b>{_okr(node)}{inner}</li>')
        return "".join(out)

    return f'<ul class="tree">{items(themes, 0)}</ul>'


def _okr(node: Node) -> str:
    """A node's OKR status (and a key result's progress), or nothing when it has none."""
    if node.status is None:
        return ""
    progress = "" if node.progress is None else f" {(100 * node.progress).quantize(Decimal('1'), ROUND_HALF_UP):f}% ·"
    css = node.status.replace(" ", "-")
    return f' ·{progress} <span class="okr {css}">{escape(node.status)}</span>'


def _metric(metric: MetricView) -> str:
    unit = f" {escape(metric.unit)}" if metric.unit else ""
    direction = {True: "higher is better", False: "lower is better", None: "no direction"}[metric.higher_is_better]
    target = "no target" if metric.target is None else f"{metric.target:f}{unit}"
    actual = "no reading" if metric.actual is None else f"{metric.actual:f}{unit}"
    when = "" if metric.actual_date is None else f" on {metric.actual_date.date().isoformat()}"
    css = {ON_TARGET: "on-target", OFF_TARGET: "off-target"}.get(metric.state, "unjudged")
    stream = f" · measures {escape(metric.stream)}" if metric.stream else ""
    return (
        f'<span class="metric"><span class="level">KPI</span> <b>{escape(metric.label)}</b>{stream} · '
        f"target {target} ({direction}) · actual {actual}{when} · trend {escape(metric.trend or 'unknown')} · "
        f'<span class="{css}">{escape(metric.state)}</span></span>'
    )


def _findings(report: ValidationReport) -> str:
    summary = f"<p>{escape(report.summary())}</p>"
    if not report.findings:
        return summary
    rows = "".join(
        f'<tr><td class="{finding.severity.value.lower()}">{escape(finding.severity.value.lower())}</td>'
        f'<td title="{escape(str(finding.focus_node))}">{escape(finding.focus_label)}</td>'
        f"<td>{escape(finding.message)}</td><td>{escape(finding.value_label or '')}</td></tr>"
        for finding in report.findings
    )
    return (
        f'{summary}<table class="findings"><thead><tr><th>severity</th><th>concerns</th>'
        f"<th>finding</th><th>value</th></tr></thead><tbody>{rows}</tbody></table>"
    )


def _answers(answers: Answers) -> str:
    parts = []
    for name in main_questions():
        query = get_query(name)
        parts.append(
            f'<h3 id="q-{escape(name)}">{escape(query.question)}</h3>'
            f'<p class="meta">vsgraph query {escape(name)}</p>'
            f"{table_html(answers.tables[name], answers.label)}"
        )
    return "\n".join(parts)
