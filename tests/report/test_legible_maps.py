"""Maps that stay legible: long streams in rows at natural size, wrapped labels, a legend,
working-time durations, scoped CSS, health colours and the fallback without Graphviz."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import xml.etree.ElementTree as ET
from decimal import Decimal
from pathlib import Path

import pytest

import vsgraph
from tests.support.paths import DATA
from vsgraph.durations import WorkingTime
from vsgraph.report.page import CSS
from vsgraph.report.svg import text_width

SVG = "{http://www.w3.org/2000/svg}"
LONG = DATA / "report" / "long-stream.yaml"


@pytest.fixture(scope="module")
def long_map() -> ET.Element:
    return ET.fromstring(vsgraph.value_stream_map(vsgraph.load(LONG), "onboarding"))


def groups(root: ET.Element, css_class: str) -> list[ET.Element]:
    return [g for g in root.iter(f"{SVG}g") if css_class in (g.get("class") or "").split()]


def test_a_twenty_step_map_wraps_into_rows_at_natural_size(long_map: ET.Element) -> None:
    steps = groups(long_map, "step")
    tops = sorted({float(g.find(f"{SVG}rect").get("y")) for g in steps})
    assert len(steps) == 20 and len(tops) == 5  # four steps a row
    assert float(long_map.get("width")) <= 1500
    assert all(float(text.get("font-size")) >= 11 for text in long_map.iter(f"{SVG}text"))
    # every line of a step box fits inside it, by the widest font's estimate
    for group in steps:
        rect = group.find(f"{SVG}rect")
        right = float(rect.get("x")) + float(rect.get("width"))
        for text in group.iter(f"{SVG}text"):
            bold = text.get("font-weight") == "bold"
            assert float(text.get("x")) + text_width(text.text, 12, bold) <= right, text.text


def test_a_step_that_does_not_wait_has_no_waiting_triangle(long_map: ET.Element) -> None:
    # 20 steps, one (step 4) with a wait of 0 minutes
    assert len([p for p in long_map.iter(f"{SVG}polygon") if p.get("class") == "waiting"]) == 19
    assert len([line for line in long_map.iter(f"{SVG}polyline") if "continues" in line.get("class", "")]) == 4


def test_the_map_has_a_legend_of_its_abbreviations_and_working_day(long_map: ET.Element) -> None:
    legend = " ".join(t.text for t in groups(long_map, "legend")[0].iter(f"{SVG}text"))
    for words in ("PT = process time", "WT = wait time", "%C&A = percent complete and accurate", "a working day of 8h"):
        assert words in legend


@pytest.mark.parametrize(
    ("minutes", "hours", "text"),
    [
        (2400, 8, "5d"),
        (2400, 24, "1d 16h"),
        (90, 8, "1h 30min"),
        (6.5, 8, "6.5min"),
        (0, 8, "0min"),
        (900, "7.5", "2d"),
        (2400, "7.5", "5d 2h 30min"),
    ],
)
def test_durations_are_working_days_hours_and_minutes(minutes: float, hours: str, text: str) -> None:
    assert WorkingTime(Decimal(str(hours))).duration(Decimal(str(minutes))) == text


def test_the_hours_per_day_option_of_the_report_and_the_diagram(run_cli, tmp_path: Path) -> None:
    result = run_cli("diagram", LONG, "--stream", "onboarding", "--hours-per-day", "24")
    assert result.exit_code == 0 and "PT  1d 16h" in result.output and "a working day of 24h" in result.output
    assert "PT  5d" in run_cli("diagram", LONG, "--stream", "onboarding").output
    assert run_cli("diagram", LONG, "--stream", "onboarding", "--hours-per-day", "0").exit_code == 2
    result = run_cli("report", LONG, "--out", tmp_path / "r.html", "--hours-per-day", "10")
    assert result.exit_code == 0 and "a working day of 10h" in (tmp_path / "r.html").read_text()


def test_answer_tables_show_durations_not_minutes(grocery: vsgraph.Portfolio, tmp_path: Path) -> None:
    html = vsgraph.write_report(grocery, tmp_path / "r.html").read_text()
    answers = html[html.index('id="q-flow-efficiency"') : html.index('id="q-hand-offs"')]
    assert '<td title="2540 min">5d 2h 20min</td>' in answers
    assert not re.search(r"<td>\d{3,}</td>", answers)


def test_every_style_rule_names_an_html_element_so_none_reaches_into_a_diagram() -> None:
    selectors = [s.strip() for rule in re.findall(r"([^{}]+)\{", CSS) for s in rule.split(",")]
    svg_elements = {"g", "text", "rect", "svg", "path", "polygon", "title", "a", "line", "tspan"}
    for selector in selectors:
        if selector.startswith("div.diagram > svg"):
            continue  # the diagram's own root element, never anything inside it
        last = re.split(r"[\s>+~]+", selector)[-1]
        element = re.match(r"[a-z0-9]*", last).group(0)
        assert element and element not in svg_elements, selector


def test_the_portfolio_map_colours_streams_by_health_with_a_legend(grocery: vsgraph.Portfolio) -> None:
    svg = ET.fromstring(vsgraph.portfolio_map(grocery))
    streams = groups(svg, "operational") + groups(svg, "development")
    bands = {c for g in streams for c in g.get("class").split() if c.startswith("health-")}
    assert len(streams) == 5 and bands <= {"health-good", "health-fair", "health-poor", "health-unknown"} and bands
    assert all(any(t.text.startswith("Flow efficiency") for t in g.iter(f"{SVG}text")) for g in streams)
    legend = " ".join(t.text or "" for t in groups(svg, "legend")[0].iter(f"{SVG}text"))
    assert "Stream health: flow efficiency 25% or more" in legend and "off target" in legend


def test_without_graphviz_the_maps_fall_back_to_vsgraphs_own_layout(tmp_path: Path) -> None:
    """A PATH without ``dot``: the portfolio map and the report are still drawn."""
    assert shutil.which("dot"), "the fallback is tested against a machine that has dot"
    bare = tmp_path / "bin"
    bare.mkdir()
    (bare / "python").symlink_to(sys.executable)
    script = (
        "import shutil, vsgraph; assert shutil.which('dot') is None; "
        f"p = vsgraph.load({str(DATA / 'queries' / 'practitioners.ttl')!r}); "
        "print(vsgraph.portfolio_map(p)); print('=====');"
        "print(vsgraph.report.cross_stream_flow(p)); print('=====');"
        f"print(vsgraph.write_report(p, {str(tmp_path / 'r.html')!r}))"
    )
    env = {**os.environ, "PATH": str(bare)}
    done = subprocess.run([sys.executable, "-c", script], env=env, capture_output=True, text=True, timeout=120, check=False)
    assert done.returncode == 0, done.stderr[-2000:]
    portfolio_map, flow, _ = done.stdout.split("=====")
    root = ET.fromstring(portfolio_map)
    assert root.get("class") == "portfolio-map" and "Graphviz" not in portfolio_map
    assert groups(root, "gap") and groups(root, "legend") and groups(root, "edge")
    names = {t.text for t in ET.fromstring(flow).iter(f"{SVG}text")}
    assert {"Loan origination", "hands over to", "triggers", "supports"} <= names
    html = (tmp_path / "r.html").read_text()
    assert html.count('<svg xmlns="http://www.w3.org/2000/svg" class="portfolio-map"') == 1
