"""The report of a large portfolio: a small landing page and a page per value stream.

One page holding thousands of value-stream maps is more than a browser can open (tens of
megabytes at a million triples), and no one reads it from top to bottom. Past
:data:`LARGE_FROM_STREAMS` value streams the report is a folder instead:

* ``index.html``, the landing page: what the portfolio holds, the gaps of its journeys,
  the validation summary, and one table row per value stream (flow time, flow efficiency,
  activity ratio, rolled %C&A, hand-offs, KPIs, gaps) that a small inline script lets one
  search by name, sort by any column and filter by kind, health and problem, offline;
* ``streams/NAME.html``, each stream's map, health and gaps;
* ``kpis.html``, ``flow.html``, ``budgets.html``, ``findings.html`` and ``answers.html``:
  the KPI tree, the flow of work, the lean budgets, every validation finding and the
  answers to the main questions.

The diagrams of the whole portfolio (portfolio map, cross-stream flow, capability map)
are left out: at that size they are too large to lay out or to read, and the table says
per stream what the portfolio map would show. The pages are rendered in forked workers,
one per CPU, since drawing thousands of maps is the report's longest step.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from functools import partial
from html import escape
from pathlib import Path

from vsgraph.durations import WorkingTime
from vsgraph.engine.parallel import available_cpus, fork_map
from vsgraph.portfolio import Portfolio
from vsgraph.report.budgets import budgets_html
from vsgraph.report.data import Answers, PortfolioMapView, StreamView, portfolio_map_view, stream_views
from vsgraph.report.flow_charts import flow_page_html
from vsgraph.report.health import BANDS, Health, stream_health
from vsgraph.report.page import (
    REPORT_QUESTIONS,
    SINGLE_PAGE_QUESTIONS,
    answers_html,
    document,
    findings_html,
    header_html,
    kpi_tree_html,
    stream_map_html,
)
from vsgraph.report.portfolio_map import NO_STAGE_GAP, STAGE_GAP, SUPPORTS_NOTHING_GAP, UNSUPPORTED_GAP
from vsgraph.report.strategy import strategy_tree
from vsgraph.report.stream_table import SCRIPT, STYLE, stream_table_html
from vsgraph.safe_write import Staging, writer
from vsgraph.validation.validator import validate

#: A portfolio with more value streams than this gets a folder of pages instead of one file.
LARGE_FROM_STREAMS = 200
#: The catalog questions whose answers the folder shows, besides the streams' own: the
#: one-file report's less those of the whole-portfolio drawings it leaves out.
SITE_QUESTIONS = tuple(question for question in REPORT_QUESTIONS if question not in SINGLE_PAGE_QUESTIONS)
#: The landing page of a folder report.
INDEX = "index.html"
#: How many stream pages a worker renders at a time.
_CHUNK = 200


def write_site(portfolio: Portfolio, answers: Answers, folder: Path, title: str, working: WorkingTime) -> Path:
    """Write the folder report into ``folder``, all or none, and return its landing page.

    ``answers`` holds those of :data:`SITE_QUESTIONS` and every stream's steps. What every
    page needs (the stream views, their health, gaps and page names) is worked out here;
    the pages are then rendered and written by forked workers, one per CPU, each into its
    temporary file (:class:`~vsgraph.safe_write.Staging`), so that no page travels back
    between processes. Validation runs in one of those jobs, beside the drawing, and this
    process puts every page in place once all are written.
    """
    streams = stream_views(answers)
    names = page_names(streams)
    health = stream_health(answers)
    view = portfolio_map_view(answers)
    gaps = stream_gaps(view)
    back = '<p class="meta"><a href="index.html">All value streams</a></p>'

    def landing_and_findings() -> dict[str, str]:
        report = validate(portfolio, processes=1)  # in a worker, which cannot fork workers of its own
        return {
            INDEX: _landing(portfolio, title, streams, names, health, gaps, view, report.summary(), working),
            "findings.html": document(f"Findings · {title}", f"{back}<h1>Validation findings</h1>{findings_html(report)}"),
        }

    def kpis() -> dict[str, str]:
        tree = kpi_tree_html(strategy_tree(answers))
        return {"kpis.html": document(f"KPIs · {title}", f"{back}<h1>KPIs, key results, objectives and themes</h1>{tree}")}

    def answers_page() -> dict[str, str]:
        shown = answers_html(answers, working)
        return {"answers.html": document(f"Answers · {title}", f"{back}<h1>Answers to the main portfolio questions</h1>{shown}")}

    def flow_page() -> dict[str, str]:
        return {
            "flow.html": document(f"Flow · {title}", f"{back}<h1>Flow of work</h1>{flow_page_html(portfolio, answers.label)}")
        }

    def budget_page() -> dict[str, str]:
        shown = budgets_html(answers.rows, answers.label)
        return {"budgets.html": document(f"Lean budgets · {title}", f"{back}<h1>Lean budgets</h1>{shown}")}

    def stream_pages(chunk: Sequence[StreamView]) -> dict[str, str]:
        return {f"streams/{names[s.iri]}": _stream_page(s, title, health.get(s.iri), gaps.get(s.iri, ()), working) for s in chunk}

    chunks = [streams[start : start + _CHUNK] for start in range(0, len(streams), _CHUNK)]
    # The longest job first, so that it does not finish alone at the end.
    jobs: list[Callable[[], dict[str, str]]] = [
        landing_and_findings,
        kpis,
        answers_page,
        flow_page,
        budget_page,
        *(partial(stream_pages, chunk) for chunk in chunks),
    ]
    paths = [
        INDEX,
        "findings.html",
        "kpis.html",
        "answers.html",
        "flow.html",
        "budgets.html",
        *(f"streams/{names[s.iri]}" for s in streams),
    ]
    with Staging([folder / path for path in paths]) as staging:

        def render(job: int) -> None:
            for path, page in jobs[job]().items():
                staging.write(folder / path, writer(page.encode("utf-8")))

        fork_map(render, range(len(jobs)), available_cpus() if len(chunks) > 1 else 1)
        staging.publish()
    return folder / INDEX


def page_names(streams: Sequence[StreamView]) -> dict[str, str]:
    """Each stream's page file name: its local name in safe characters, numbered when two
    streams would share one."""
    names: dict[str, str] = {}
    taken: set[str] = set()
    for stream in streams:
        base = re.sub(r"[^A-Za-z0-9._-]+", "-", stream.local_name).strip(".-")[:80] or "stream"
        name, number = base, 1
        while name.casefold() in taken:
            number += 1
            name = f"{base}-{number}"
        taken.add(name.casefold())
        names[stream.iri] = f"{name}.html"
    return names


def stream_gaps(view: PortfolioMapView) -> dict[str, tuple[str, ...]]:
    """The portfolio map's gaps of each stream, in words."""
    gaps: dict[str, list[str]] = {}
    for iri in view.operational:
        if iri in view.unsupported_streams:
            gaps.setdefault(iri, []).append(UNSUPPORTED_GAP)
        if iri in view.streams_without_stage:
            gaps.setdefault(iri, []).append(NO_STAGE_GAP)
    for iri in view.development_supporting_nothing:
        gaps.setdefault(iri, []).append(SUPPORTS_NOTHING_GAP)
    return {iri: tuple(words) for iri, words in gaps.items()}


def _landing(
    portfolio: Portfolio,
    title: str,
    streams: list[StreamView],
    names: dict[str, str],
    health: dict[str, Health],
    gaps: dict[str, tuple[str, ...]],
    view: PortfolioMapView,
    summary: str,
    working: WorkingTime,
) -> str:
    stage_gaps = [
        f"<li>Stage <b>{escape(stage.label)}</b> ({escape(journey.label)}): {STAGE_GAP}</li>"
        for journey in view.journeys
        for stage in journey.stages
        if stage.iri in view.stages_without_stream
    ]
    listed = f'<ul class="gaps">{"".join(stage_gaps)}</ul>' if stage_gaps else "<p>Every journey stage is enabled.</p>"
    pages = (
        ("#streams", "Value streams"),
        ("kpis.html", "KPIs, key results, objectives and themes"),
        ("flow.html", "Flow of work"),
        ("budgets.html", "Lean budgets"),
        ("findings.html", "Validation findings"),
        ("answers.html", "Answers to the main portfolio questions"),
    )
    links = "".join(f'<li><a href="{href}">{text}</a></li>' for href, text in pages)
    nav = f"<nav><ul>{links}</ul></nav>"
    bands = " ".join(f"<b>{band}</b>: {escape(meaning)}." for band, (_, meaning) in BANDS.items())
    body = (
        f"<header>{header_html(portfolio, title)}\n{nav}</header>\n"
        f'<section id="journey-gaps"><h2>Journey stages no stream enables ({len(stage_gaps)})</h2>{listed}</section>\n'
        f'<section id="findings"><h2>Validation</h2><p>{escape(summary)} '
        '<a href="findings.html">Every finding</a>.</p></section>\n'
        f'<section id="streams"><h2>Value streams ({len(streams)})</h2>'
        f"<p>The portfolio has more than {LARGE_FROM_STREAMS} value streams, so each has a page of its own: open one "
        "by its name. Flow time and flow efficiency are those of the critical path; durations in working time "
        f"(d is {escape(working.day)}). Health bands: {bands}</p>"
        f"{stream_table_html(streams, names, health, gaps, working)}</section>"
    )
    return document(title, body, STYLE, SCRIPT)


def _stream_page(stream: StreamView, title: str, health: Health | None, gaps: tuple[str, ...], working: WorkingTime) -> str:
    facts = []
    if health is not None:
        efficiency = "–" if health.flow_efficiency_percent is None else f"{health.flow_efficiency_percent:f}%"
        facts.append(f"<li>Flow efficiency {efficiency} ({health.band})</li>")
        facts.append(f"<li>KPIs: {health.kpis_on_target} of {health.kpis} on target, {health.kpis_off_target} off target</li>")
    facts += [f'<li><span class="gap">GAP: {escape(gap)}</span></li>' for gap in gaps]
    body = (
        f'<p class="meta"><a href="../index.html">{escape(title)}</a> · all value streams</p>\n'
        f"<ul>{''.join(facts)}</ul>\n{stream_map_html(stream, working)}"
    )
    return document(f"{stream.label} · {title}", body)
