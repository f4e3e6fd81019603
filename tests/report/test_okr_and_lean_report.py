"""The grocery report shows the lean totals on each map and the OKR status in the KPI tree.

Worked out by hand from examples/grocery.yaml. Every key result starts on 2026-07-01 and
is due on 2027-01-01 (184 days); the report judges them as of the latest reading,
2026-10-31 (122 days gone, an elapsed share of 0.663): on track needs progress >= 0.663,
at risk >= 0.7 x 0.663 = 0.464.

* queue under 3: (5 - 6) / (3 - 6) = 33 %: off track;
* availability 98: (96.8 - 95) / (98 - 95) = 60 %: at risk;
* reach 50k: (52750 - 40000) / (50000 - 40000) = 128 % (127.5): on track;
* releases in 2 weeks: (15.5 - 30) / (14 - 30) = 91 % (90.6): on track;
* website up: (99.97 - 99.5) / (99.9 - 99.5) = 118 % (117.5): on track;
* self-checkout in 10 stores: no metric, so no reading: no status.

Objectives take their worst key result, the theme its worst objective.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET

import pytest

import vsgraph
import vsgraph.examples
from tests.report.test_report import SVG, parse


@pytest.fixture(scope="module")
def grocery_report(tmp_path_factory: pytest.TempPathFactory) -> str:
    path = vsgraph.write_report(vsgraph.load(vsgraph.examples.example_path()), tmp_path_factory.mktemp("r") / "r.html")
    return path.read_text(encoding="utf-8")


def test_the_kpi_tree_shows_each_key_results_progress_and_status(grocery_report: str) -> None:
    text = re.sub(r"\s+", " ", "".join(parse(grocery_report).text))
    assert "strategic theme The most convenient grocer in town · off track" in text
    assert "objective Make checking out effortless · off track" in text
    assert "objective Never run out of what shoppers need · at risk" in text
    assert "objective Store technology that just works · on track" in text
    assert "key result Average check-out queue under 3 minutes · 33% · off track" in text
    assert "key result On-shelf availability of 98% · 60% · at risk" in text
    assert "key result Offers reach 50,000 households a week · 128% · on track" in text
    assert "key result Till changes reach the stores within two weeks · 91% · on track" in text
    assert "key result Store website available 99.9% of the time · 118% · on track" in text
    assert "key result Self-checkout tills in 10 stores GAP: no KPI measures it" in text


def test_each_stream_map_shows_the_lean_totals(grocery_report: str) -> None:
    # Shelf stocking, by hand: PT 5 + 15 + 90 + 30 = 140 min; WT 60 + 720 + 1440 + 180 =
    # 2400 min; LT 2540 min = 5d 2h 20min in days of 8 hours; activity ratio 140 / 2540 = 5.51 %; rolled
    # %C&A 0.85 x 0.60 x 0.92 x 0.95 = 0.44574; batches of 50 and 400.
    article = grocery_report[grocery_report.index('<article id="map-shelf-stocking"') :]
    svg = ET.fromstring(article[article.index("<svg") : article.index("</svg>") + 6])
    totals = [t.text for g in svg.iter(f"{SVG}g") if g.get("class") == "totals" for t in g.iter(f"{SVG}text")]
    assert totals[-4:] == ["Lead time  5d 2h 20min", "Activity ratio  5.5%", "Rolled %C&A  44.6%", "Largest batch  400"]
    steps = [[t.text for t in g.iter(f"{SVG}text")] for g in svg.iter(f"{SVG}g") if g.get("class") == "step"]
    assert [lines[-1] for lines in steps] == ["%C&A  85%", "Batch  50", "Batch  400", "%C&A  95%"]
