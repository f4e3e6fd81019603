"""The diagrams on their own: value-stream maps and the portfolio map, as SVG and Mermaid."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

import vsgraph
from tests.support.paths import DATA

SVG = "{http://www.w3.org/2000/svg}"
GAPS = DATA / "report" / "gaps.yaml"


def texts(svg: str) -> list[str]:
    return [element.text for element in ET.fromstring(svg).iter(f"{SVG}text") if element.text]


def groups(svg: str, css_class: str) -> list[ET.Element]:
    return [g for g in ET.fromstring(svg).iter(f"{SVG}g") if css_class in (g.get("class") or "").split()]


def test_the_checkout_map_shows_trigger_steps_ladder_totals_and_value(grocery: vsgraph.Portfolio) -> None:
    svg = vsgraph.value_stream_map(grocery, "checkout")
    words = texts(svg)
    assert words[:2] == ["Check-out", "Operational value stream · 3 steps"]
    step_titles = [next(t.text for t in g.iter(f"{SVG}text")) for g in groups(svg, "step")]
    assert step_titles == ["1. Scan the items", "2. Approve", "3. Take payment"]
    first = [t.text for t in groups(svg, "step")[0].iter(f"{SVG}text")]
    assert first == ["1. Scan the items", "Team: Cashiers", "PT  4min", "WT  6.5min", "%C&A  97%"]
    assert [t.text for t in groups(svg, "trigger")[0].iter(f"{SVG}text")] == [
        "Trigger",
        "A shopper with a full",
        "basket wants to pay",
    ]
    assert "(to Household shopper)" in " ".join(t.text for t in groups(svg, "value")[0].iter(f"{SVG}text"))
    ladder = groups(svg, "timeline-ladder")[0]
    wait = [t.text for t in ladder.iter(f"{SVG}text") if t.get("class") == "ladder-wait-label"]
    work = [t.text for t in ladder.iter(f"{SVG}text") if t.get("class") == "ladder-work-label"]
    assert (wait, work) == (["6.5min", "3min", "0.5min"], ["4min", "0.5min", "1min"])
    assert [t.text for t in groups(svg, "totals")[0].iter(f"{SVG}text")] == [
        "Totals",
        "Flow time  15.5min",
        "Work time  5.5min",
        "Wait time  10min",
        "Flow efficiency  35.5%",
        "Hand-offs  2",
        # Lean totals, by hand: ΣLT = (4 + 6.5) + (0.5 + 3) + (1 + 0.5) = 15.5; ΣPT / ΣLT =
        # 5.5 / 15.5 = 35.48 %; rolled %C&A = 0.97 × 0.75 × 0.99 = 0.720225.
        "Lead time  15.5min",
        "Activity ratio  35.5%",
        "Rolled %C&A  72.0%",
    ]


def test_a_stream_is_named_by_local_name_or_iri_and_unknown_names_list_the_streams(grocery) -> None:
    assert vsgraph.value_stream_map(grocery, "https://example.org/grocery/checkout") == vsgraph.value_stream_map(
        grocery, "checkout"
    )
    with pytest.raises(vsgraph.QueryError, match="no value stream called 'travel'; the portfolio has: checkout, "):
        vsgraph.value_stream_map(grocery, "travel")


def test_long_durations_read_as_working_days_hours_and_minutes(grocery: vsgraph.Portfolio) -> None:
    # 2540 minutes are 42h 20min: five days of eight hours and 2h 20min, or, in days of
    # 24 hours, 1d 18h 20min.
    totals = [t.text for t in groups(vsgraph.value_stream_map(grocery, "shelf-stocking"), "totals")[0].iter(f"{SVG}text")]
    assert totals[1:3] == ["Flow time  5d 2h 20min", "Work time  2h 20min"]
    elapsed = vsgraph.value_stream_map(grocery, "shelf-stocking", hours_per_day=24)
    assert [t.text for t in groups(elapsed, "totals")[0].iter(f"{SVG}text")][1] == "Flow time  1d 18h 20min"


def test_the_portfolio_map_marks_the_stage_no_stream_enables(grocery: vsgraph.Portfolio) -> None:
    svg = vsgraph.portfolio_map(grocery)
    gaps = groups(svg, "gap")
    assert [[t.text for t in g.iter(f"{SVG}text")] for g in gaps] == [
        ["Stage", "Travel to the store", "GAP: no operational value stream enables this stage"]
    ]
    assert len(groups(svg, "stage")) == 4 and len(groups(svg, "operational")) == 3
    assert len(groups(svg, "development")) == 2 and groups(svg, "legend")


def test_a_portfolio_with_gaps_shows_both_kinds_marked_and_escapes_labels() -> None:
    portfolio = vsgraph.load(GAPS)
    svg = vsgraph.portfolio_map(portfolio)
    marked = sorted(tuple(t.text for t in g.iter(f"{SVG}text"))[1:] for g in groups(svg, "gap"))
    assert marked == [
        ("Pay", "GAP: no operational value stream enables this stage"),
        ("Returns & <refunds>", "Flow efficiency 1%", "GAP: no development value stream supports it"),
    ]
    assert "Returns &amp; &lt;refunds&gt;" in svg
    text = vsgraph.mermaid(portfolio)
    assert 'ovs4["Returns #amp; #lt;refunds#gt;<br/>GAP: no development value stream supports it"]:::gap' in text


def test_mermaid_of_a_stream_runs_from_trigger_to_value(grocery: vsgraph.Portfolio) -> None:
    lines = vsgraph.mermaid(grocery, "checkout").splitlines()
    assert lines[0] == "flowchart LR"
    assert lines[1] == '    trigger(["Trigger: A shopper with a full basket wants to pay"])'
    assert "    trigger -- wait 6.5min --> step1" in lines
    assert "    step3 --> value" in lines


def test_the_diagram_command_writes_svg_and_mermaid(run_cli, grocery_path: Path, tmp_path: Path) -> None:
    result = run_cli("diagram", grocery_path, "--stream", "checkout", "--out", tmp_path / "map.svg")
    assert result.exit_code == 0, result.output
    assert ET.parse(tmp_path / "map.svg").getroot().get("class") == "value-stream-map"
    result = run_cli("diagram", grocery_path, "--portfolio-map", "--format", "mermaid")
    assert result.exit_code == 0 and result.output.startswith("flowchart TB\n")
    result = run_cli("diagram", grocery_path, "--stream", "nowhere")
    assert result.exit_code == 2 and "no value stream called 'nowhere'" in result.output
    assert run_cli("diagram", grocery_path).exit_code == 2


def test_diagrams_are_deterministic(grocery: vsgraph.Portfolio) -> None:
    assert vsgraph.portfolio_map(grocery) == vsgraph.portfolio_map(grocery)
    assert vsgraph.value_stream_map(grocery, "pos-software") == vsgraph.value_stream_map(grocery, "pos-software")


# --- streams whose steps run in parallel branches, and the portfolio-wide drawings ---------

BANK = DATA / "queries" / "practitioners.ttl"


@pytest.fixture(scope="module")
def bank() -> vsgraph.Portfolio:
    return vsgraph.load(BANK)


def test_a_map_with_parallel_steps_marks_the_steps_off_the_critical_path(bank: vsgraph.Portfolio) -> None:
    svg = vsgraph.value_stream_map(bank, "loan-origination")
    assert texts(svg)[1] == "Operational value stream · 4 steps · steps off the critical path dashed"
    assert [next(t.text for t in g.iter(f"{SVG}text")) for g in groups(svg, "off-critical-path")] == ["2. Check the credit"]
    assert [t.text for t in groups(svg, "step")[3].iter(f"{SVG}text")][-1] == "After 2, 3"
    ladder = groups(svg, "timeline-ladder")[0]
    off = [t.text for t in ladder.iter(f"{SVG}text") if "off-critical-path" in (t.get("class") or "").split()]
    assert off == ["2h", "30min"]  # step 2's wait and work, greyed


def test_a_map_in_series_marks_nothing(grocery: vsgraph.Portfolio) -> None:
    svg = vsgraph.value_stream_map(grocery, "checkout")
    assert not groups(svg, "off-critical-path") and "Critical path" not in " ".join(texts(svg))
    assert "off-critical-path" not in svg


def test_mermaid_of_parallel_steps_follows_their_links(bank: vsgraph.Portfolio) -> None:
    lines = vsgraph.mermaid(bank, "loan-origination").splitlines()
    arrows = [line.strip() for line in lines if "-->" in line]
    assert arrows == [
        "trigger -- wait 1h --> step1",
        "step1 -- wait 2h --> step2",
        "step1 -- wait 4h --> step3",
        "step2 -- wait 30min --> step4",
        "step3 -- wait 30min --> step4",
        "step4 --> value",
    ]
    assert [line.strip().split("[")[0] for line in lines if line.endswith(":::off")] == ["step2"]
    assert lines[-1].startswith("    classDef off ")
    assert "Flow time 7h 20min" in vsgraph.mermaid(bank, "loan-origination")


def test_the_capability_map_and_the_cross_stream_flow_on_their_own(bank: vsgraph.Portfolio) -> None:
    capabilities = vsgraph.report.capability_map(bank)
    assert capabilities is not None and ET.fromstring(capabilities).get("class") == "capability-map"
    assert len(groups(capabilities, "capability")) == 8 and len(groups(capabilities, "gap")) == 3
    flow = vsgraph.report.cross_stream_flow(bank)
    assert flow is not None and ET.fromstring(flow).get("class") == "cross-stream-flow"
    names = [[t.text for t in g.iter(f"{SVG}text")][1] for kind in ("operational", "development") for g in groups(flow, kind)]
    assert names == ["Collections", "Loan origination", "Loan servicing", "Hosting platform", "Lending platform"]
    edges = [t.text for g in groups(flow, "edge") for t in g.iter(f"{SVG}text")]
    assert sorted(edges) == ["hands over to", "supports", "triggers"]


def test_nothing_to_draw_is_none() -> None:
    portfolio = vsgraph.load(GAPS)
    assert vsgraph.report.capability_map(portfolio) is None
    assert vsgraph.report.cross_stream_flow(portfolio) is None
