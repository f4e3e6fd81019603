"""The same diagrams as Mermaid text, for Markdown pages that render Mermaid (GitHub, GitLab).

Mermaid lays out the graph itself, so these are the diagrams' content, not their exact
look: the portfolio map as a top-down flowchart with each journey in a subgraph, and a
value-stream map as a left-to-right flowchart from trigger through the steps to the value
(through the steps each follows when steps run in parallel branches, the steps off the
critical path in the ``off`` class, dashed grey). Gaps get the ``gap`` class (dashed red)
and the words ``GAP: ...`` in their label.
"""

from __future__ import annotations

from vsgraph.durations import EIGHT_HOUR_DAYS, WorkingTime
from vsgraph.report.data import PortfolioMapView, StreamView
from vsgraph.report.portfolio_map import NO_STAGE_GAP, STAGE_GAP, SUPPORTS_NOTHING_GAP, UNSUPPORTED_GAP

_GAP_CLASS = "    classDef gap fill:#fde2e1,stroke:#c0392b,stroke-width:2px,stroke-dasharray:5 3"
_OFF_PATH_CLASS = "    classDef off fill:#f5f5f5,stroke:#8c8c8c,color:#555,stroke-dasharray:5 3"


def portfolio_map_mermaid(view: PortfolioMapView) -> str:
    """The portfolio map as a Mermaid flowchart."""
    ids: dict[str, str] = {}

    def node_id(iri: str, kind: str) -> str:
        return ids.setdefault(f"{kind} {iri}", f"{kind}{len(ids) + 1}")

    lines = ["flowchart TB"]
    edges = []
    for index, journey in enumerate(view.journeys, start=1):
        lines.append(f'    subgraph journey{index}["{_text(journey.label)}"]')
        lines.append("    direction LR")
        previous = f"customer{index}"
        lines.append(f'    {previous}(["{_text(journey.customer or "(no customer)")}"])')
        for stage in journey.stages:
            stage_id = node_id(stage.iri, "stage")
            gap = STAGE_GAP if stage.iri in view.stages_without_stream else None
            lines.append(f"    {stage_id}{_label(stage.label, gap)}")
            lines.append(f"    {previous} --> {stage_id}")
            previous = stage_id
            edges += [f"    {node_id(ovs, 'ovs')} -- enables --> {stage_id}" for ovs in stage.streams]
        lines.append("    end")
    for iri, label in view.operational.items():
        gaps = [UNSUPPORTED_GAP] * (iri in view.unsupported_streams) + [NO_STAGE_GAP] * (iri in view.streams_without_stage)
        lines.append(f"    {node_id(iri, 'ovs')}{_label(label, '; '.join(gaps) or None)}")
    for iri, label in view.development.items():
        gap = SUPPORTS_NOTHING_GAP if iri in view.development_supporting_nothing else None
        lines.append(f"    {node_id(iri, 'dvs')}{_label(label, gap)}")
    for stream, supporters in view.supports.items():
        edges += [f"    {node_id(dvs, 'dvs')} -- supports --> {node_id(stream, 'ovs')}" for dvs in supporters]
    return "\n".join(lines + edges + [_GAP_CLASS]) + "\n"


def value_stream_mermaid(stream: StreamView, working: WorkingTime = EIGHT_HOUR_DAYS) -> str:
    """A value stream as a Mermaid flowchart: trigger, steps with their times (in ``working``
    time), value, totals."""
    duration = working.duration
    lines = ["flowchart LR"]
    triggers = "; ".join(stream.triggers) or "(no trigger recorded)"
    lines.append(f'    trigger(["Trigger: {_text(triggers)}"])')
    ids = {step.iri: f"step{index}" for index, step in enumerate(stream.steps, start=1)}
    followed = {iri for step in stream.steps for iri in step.follows}
    previous = "trigger"
    for index, step in enumerate(stream.steps, start=1):
        pca = "–" if step.percent_complete_accurate is None else f"{step.percent_complete_accurate:f}%"
        details = [
            f"{'' if step.position is None else f'{step.position}. '}{step.label}",
            f"Team: {', '.join(step.performers) or '(no team)'}",
            f"PT {duration(step.process_minutes)} · WT {duration(step.wait_minutes)} · %C&A {pca}",
        ]
        off = ":::off" if stream.linked and not step.on_critical_path else ""
        lines.append(f'    step{index}["{"<br/>".join(_text(detail) for detail in details)}"]{off}')
        sources = [ids[iri] for iri in step.follows] or ["trigger" if stream.linked else previous]
        lines += [f"    {source} -- wait {_text(duration(step.wait_minutes))} --> step{index}" for source in sources]
        previous = f"step{index}"
    values = "; ".join(v + (f" (to {c})" if c else "") for v, c in stream.values) or "(no value recorded)"
    lines.append(f'    value(["Value: {_text(values)}"])')
    ends = [ids[step.iri] for step in stream.steps if step.iri not in followed] if stream.linked else [previous]
    lines += [f"    {end} --> value" for end in ends]
    efficiency = "–" if stream.flow_efficiency_percent is None else f"{stream.flow_efficiency_percent:f}%"
    totals = (
        f"Flow time {duration(stream.flow_minutes)}<br/>Work time {duration(stream.work_minutes)}<br/>"
        f"Flow efficiency {efficiency}<br/>Hand-offs {stream.hand_offs}"
    )
    lines.append(f'    totals["{totals}"]')
    lines.append("    value ~~~ totals")
    if stream.linked:
        lines.append(_OFF_PATH_CLASS)
    return "\n".join(lines) + "\n"


def _label(text: str, gap: str | None) -> str:
    if gap is None:
        return f'["{_text(text)}"]'
    return f'["{_text(text)}<br/>GAP: {_text(gap)}"]:::gap'


def _text(text: str) -> str:
    """Mermaid label text: quotes and markup characters as Mermaid's entity codes."""
    for character, code in (("#", "#35;"), ('"', "#quot;"), ("<", "#lt;"), (">", "#gt;"), ("&", "#amp;")):
        text = text.replace(character, code)
    return text
