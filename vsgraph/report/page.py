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

from vsgraph.durations import DEFAULT_HOURS_PER_DAY, WorkingTime, working_time
from vsgraph.portfolio import Portfolio
from vsgraph.query_catalog.queries import get_query
from vsgraph.query_catalog.summary import kind_name, summarize
from vsgraph.report.answers import main_questions, table_html
from vsgraph.report.budgets import BUDGET_QUESTIONS, budgets_html
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
from vsgraph.report.flow_charts import flow_page_html
from vsgraph.report.health import HEALTH_QUESTIONS, Health, stream_health
from vsgraph.report.portfolio_map import (
    NO_STAGE_GAP,
    STAGE_GAP,
    SUPPORTS_NOTHING_GAP,
    UNSUPPORTED_GAP,
    portfolio_map_svg,
)
from vsgraph.report.strategy import OFF_TARGET, ON_TARGET, STRATEGY_QUESTIONS, MetricView, Node, strategy_tree
from vsgraph.report.stream_map import value_stream_map_svg
from vsgraph.validation.findings import ValidationReport

#: The style sheet. Every rule names an HTML element (``h3.gap``, not ``.gap``), so that none
#: can match inside an inline SVG, whose nodes carry classes of their own (Graphviz writes
#: ``<g class="node stage gap">``): a report rule that reached them would restyle the
#: diagram's text and push it out of its box.
CSS = """
body { font-family: Helvetica, Arial, sans-serif; color: #222; margin: 0 auto; padding: 1.5em 2em;
       max-width: 1500px; line-height: 1.4; }
h1 { margin-bottom: 0.2em; } h2 { border-bottom: 2px solid #3b6ea5; padding-bottom: 0.2em; margin-top: 2em; }
p.meta { color: #555; }
div.diagram { overflow-x: auto; border: 1px solid #ddd; border-radius: 6px; padding: 0.5em; background: #fff; }
div.diagram > svg { max-width: 100%; height: auto; }
div.diagram > svg.value-stream-map { max-width: none; }
ul.counts { display: flex; flex-wrap: wrap; gap: 0.5em; padding: 0; list-style: none; }
ul.counts > li { background: #f2f5f9; border-radius: 4px; padding: 0.3em 0.7em; }
h3.gap, span.gap, td.gap, span.off-target, td.off-target, td.violation { color: #b03a2e; font-weight: bold; }
span.on-target, td.on-target, span.okr.on-track { color: #2e7d32; font-weight: bold; }
span.okr.at-risk { color: #9a6a00; font-weight: bold; } span.okr.off-track { color: #b03a2e; font-weight: bold; }
td.warning { color: #9a6a00; font-weight: bold; }
table { border-collapse: collapse; margin: 0.5em 0 1.5em; font-size: 0.92em; }
th, td { border: 1px solid #ccc; padding: 0.25em 0.6em; text-align: left; vertical-align: top; }
th { background: #f2f5f9; }
ul.tree, ul.tree ul { list-style: none; padding-left: 1.4em; border-left: 1px dotted #aaa; }
ul.tree > li { margin: 0.5em 0; } span.level { color: #666; font-size: 0.8em; text-transform: uppercase; }
span.metric { background: #f7f7f7; border-radius: 4px; padding: 0.2em 0.5em; margin: 0.2em 0; display: inline-block; }
div.flow-charts { display: flex; flex-wrap: wrap; gap: 1em; }
figure.flow { margin: 0; } figure.flow > figcaption { font-size: 0.9em; color: #444; }
td.money, td.bar { white-space: nowrap; } td.money { text-align: right; }
span.share { display: inline-block; min-width: 3.5em; }
"""

#: The gap names of the portfolio map, as the report's list of gaps words them.
_GAP_TEXT = {
    "stage": STAGE_GAP,
    "unsupported": UNSUPPORTED_GAP,
    "no-stage": NO_STAGE_GAP,
    "supports-nothing": SUPPORTS_NOTHING_GAP,
}


#: The catalog questions of the drawings only the one-file report shows: the cross-stream
#: flow and the capability map.
SINGLE_PAGE_QUESTIONS = (*CROSS_STREAM_QUESTIONS, *CAPABILITY_QUESTIONS)
#: Every catalog question the report asks about the whole portfolio, in one ``run_queries``
#: call (:func:`gather`); every stream's steps come in one more query.
REPORT_QUESTIONS = (
    *MAP_QUESTIONS,
    *HEALTH_QUESTIONS,
    *SINGLE_PAGE_QUESTIONS,
    *STRATEGY_QUESTIONS,
    *BUDGET_QUESTIONS,
    *main_questions(),
)


def render_report(
    portfolio: Portfolio, title: str = "Value-stream portfolio report", hours_per_day: Decimal | float = DEFAULT_HOURS_PER_DAY
) -> str:
    """The whole report as one self-contained HTML document, durations in working days of
    ``hours_per_day`` hours.

    Every catalog answer it shows is asked for up front (:func:`gather`): the questions
    about the whole portfolio in one ``run_queries`` call, every stream's steps in another.
    """
    return single_page(portfolio, gather(portfolio, REPORT_QUESTIONS), title, working_time(hours_per_day))


def single_page(portfolio: Portfolio, answers: Answers, title: str, working: WorkingTime) -> str:
    """The one-file report of the portfolio whose catalog ``answers`` (of :data:`REPORT_QUESTIONS`
    and every stream's steps) are given."""
    streams = stream_views(answers)
    report = portfolio.validate()
    sections = [
        ("portfolio-map", "Portfolio map", _portfolio_map(portfolio_map_view(answers), stream_health(answers))),
        ("cross-stream-flow", "Cross-stream flow", _cross_stream(cross_stream_view(answers), working)),
        ("capability-map", "Capability map", _capability_map(capability_tree(answers))),
        ("value-stream-maps", "Value-stream maps", _stream_maps(streams, working)),
        ("kpi-tree", "KPIs, key results, objectives and themes", kpi_tree_html(strategy_tree(answers))),
        ("flow", "Flow of work", flow_page_html(portfolio, answers.label)),
        ("budgets", "Lean budgets", budgets_html(answers.rows, answers.label)),
        ("findings", "Validation findings", findings_html(report)),
        ("questions", "Answers to the main portfolio questions", answers_html(answers, working)),
    ]
    maps = "".join(f'<li><a href="#map-{escape(stream.local_name)}">{escape(stream.label)}</a></li>' for stream in streams)
    contents = "\n".join(
        f'<li><a href="#{anchor}">{escape(heading)}</a>{f"<ul>{maps}</ul>" if anchor == "value-stream-maps" else ""}</li>'
        for anchor, heading, _ in sections
    )
    header = f"{header_html(portfolio, title)}\n<nav><ul>\n{contents}\n</ul></nav>"
    return document(title, f"<header>\n{header}\n</header>\n{''.join(_section(*section) for section in sections)}")


def header_html(portfolio: Portfolio, title: str) -> str:
    """The report's heading, its sources and how many things of each kind the portfolio holds."""
    sources = ", ".join(escape(path.name) for path in portfolio.sources) or "(built in memory)"
    counts = "".join(f"<li>{count} {escape(kind_name(kind, count))}</li>" for kind, count in summarize(portfolio).items())
    return f'<h1>{escape(title)}</h1>\n<p class="meta">From {sources}.</p>\n<ul class="counts">{counts}</ul>'


def document(title: str, body: str, style: str = "", script: str = "") -> str:
    """A whole HTML page: the style sheet (and ``style``) inline, ``script`` inline at the
    end of the body, nothing fetched (the favicon is an empty ``data:`` URL)."""
    code = f"<script>{script}</script>\n" if script else ""
    return f"""<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{escape(title)}</title>
<link rel="icon" href="data:,">
<style>{CSS}{style}</style>
</head>
<body>
{body}
{code}</body>
</html>
"""


def _section(anchor: str, heading: str, body: str) -> str:
    return f'<section id="{anchor}">\n<h2>{escape(heading)}</h2>\n{body}\n</section>\n'


def _portfolio_map(view: PortfolioMapView, health: dict[str, Health]) -> str:
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
        "dashed red; each stream is filled by its health (flow efficiency band), with its KPIs' standing.</p>"
        f'<div class="diagram">{portfolio_map_svg(view, health)}</div>'
        f'<h3 class="gap">Gaps ({len(gaps)})</h3>{listed}'
    )


def _cross_stream(view: CrossStreamView, working: WorkingTime) -> str:
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
        f'<div class="diagram">{cross_stream_svg(view, working)}</div>'
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


def _stream_maps(streams: list[StreamView], working: WorkingTime) -> str:
    return "\n".join(stream_map_html(stream, working) for stream in streams) or "<p>The portfolio maps no value stream.</p>"


def stream_map_html(stream: StreamView, working: WorkingTime) -> str:
    """A stream's heading and its value-stream map."""
    return (
        f'<article id="map-{escape(stream.local_name)}" class="stream {escape(stream.kind)}">'
        f"<h3>{escape(stream.label)} <small>({stream.kind} value stream)</small></h3>"
        f'<div class="diagram">{value_stream_map_svg(stream, working)}</div></article>'
    )


def kpi_tree_html(themes: list[Node]) -> str:
    """The KPI tree: themes, objectives, key results and their KPIs, gaps marked."""
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


def findings_html(report: ValidationReport) -> str:
    """The validation summary and a table of every finding."""
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


def answers_html(answers: Answers, working: WorkingTime) -> str:
    """The answers to the main catalog questions, one table each, durations in ``working`` time.

    Every IRI in them is shown by its label, looked up here in one batch: the labels the
    answers give beside their IRIs are not the ones shown (the preferred, English one is).
    """
    answers.label.prefetch(term for name in main_questions() for row in answers.tables[name].terms for term in row.values())
    parts = []
    for name in main_questions():
        query = get_query(name)
        parts.append(
            f'<h3 id="q-{escape(name)}">{escape(query.question)}</h3>'
            f'<p class="meta">vsgraph query {escape(name)}</p>'
            f"{table_html(answers.tables[name], answers.label, working)}"
        )
    return "\n".join(parts)
