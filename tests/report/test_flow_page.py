"""The report's flow page: the six flow metrics of real work, per stream and period, with
four charts, for the work items of tests/data/flow (described in tests/flow/test_metrics.py).

The latest state change there is A-7's, on 22 January 2026, so the page's six periods of
14 days end on 23 January: from 31 Oct, 14 Nov, 28 Nov, 12 Dec, 26 Dec and 9 Jan. By hand:
the check-out stream completes A-1 (feature, done 5 Jan) and A-2 (defect, 8 Jan) in the
fifth period, and A-3 (feature, 18 Jan), A-5 (feature, last done 21 Jan) and A-6 (risk,
20 Jan) in the sixth; A-4 was canceled. Payments completes B-1 (defect, 4 Jan).
"""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path

import vsgraph
from tests.support.paths import DATA
from vsgraph import flow

FLOW = DATA / "flow"
SHOP = "https://example.org/shop/"
PERIODS = ["31 Oct", "14 Nov", "28 Nov", "12 Dec", "26 Dec", "09 Jan"]


class _FlowTables(HTMLParser):
    """The rows of each stream's flow table, by the stream's heading, and its charts' titles."""

    def __init__(self) -> None:
        super().__init__()
        self.streams: dict[str, dict[str, list[str]]] = {}
        self.charts: dict[str, list[str]] = {}
        self._stream: str | None = None
        self._row: list[str] | None = None
        self._text: list[str] | None = None
        self._in_chart_title = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        classes = dict(attrs).get("class") or ""
        if tag == "h3" and "flow" in classes.split():
            self._text = []
        elif tag == "tr" and self._stream is not None:
            self._row = []
        elif tag in ("th", "td") and self._row is not None:
            self._text = []
        elif tag == "svg" and "flow-chart" in classes.split() and self._stream is not None:
            self._in_chart_title = True

    def handle_endtag(self, tag: str) -> None:
        if tag == "h3" and self._text is not None and self._row is None:
            self._stream = "".join(self._text)
            self.streams[self._stream], self.charts[self._stream] = {}, []
            self._text = None
        elif tag in ("th", "td") and self._row is not None and self._text is not None:
            self._row.append("".join(self._text))
            self._text = None
        elif tag == "tr" and self._row is not None and self._stream is not None:
            self.streams[self._stream][self._row[0]] = self._row[1:]
            self._row = None
        elif tag == "title" and self._in_chart_title:
            self._in_chart_title = False

    def handle_data(self, data: str) -> None:
        if self._text is not None:
            self._text.append(data)
        elif self._in_chart_title and self._stream is not None:
            self.charts[self._stream].append(data)


def _shop_with_work_items() -> vsgraph.Portfolio:
    portfolio = vsgraph.load(FLOW / "shop.ttl")
    flow.add_work_items(
        portfolio, FLOW / "checkout-items.csv", stream=SHOP + "checkout", mapping=flow.load_mapping(FLOW / "mapping.yaml")
    )
    flow.add_work_items(portfolio, FLOW / "payments-items.csv", stream=SHOP + "payments")
    return portfolio


def _flow_section(html: str) -> str:
    found = re.search(r'<section id="flow">(.*?)</section>', html, re.S)
    assert found is not None, "the report has no flow section"
    return found.group(1)


def test_the_report_shows_each_streams_flow_metrics_by_period(tmp_path: Path) -> None:
    written = vsgraph.write_report(_shop_with_work_items(), tmp_path / "report.html")
    tables = _FlowTables()
    tables.feed(_flow_section(Path(written).read_text(encoding="utf-8")))
    checkout = next(rows for name, rows in tables.streams.items() if "heck" in name)
    payments = next(rows for name, rows in tables.streams.items() if "ayment" in name)
    assert checkout["period from"] == PERIODS
    assert checkout["velocity"] == ["0", "0", "0", "0", "2", "3"]
    assert payments["velocity"] == ["0", "0", "0", "0", "1", "0"]
    assert checkout["distribution"][4:] == ["50% feature, 50% defect", "66.7% feature, 33.3% risk"]
    # Four charts a stream, each saying what it shows.
    for name in tables.charts:
        assert [title.split(" of ")[0] for title in tables.charts[name]] == [
            "Flow distribution",
            "Flow velocity",
            "Average flow time",
            "Average flow load",
        ]


def test_a_portfolio_without_work_items_says_how_to_get_them(tmp_path: Path) -> None:
    written = vsgraph.write_report(vsgraph.load(FLOW / "shop.ttl"), tmp_path / "report.html")
    section = _flow_section(Path(written).read_text(encoding="utf-8"))
    assert "vsgraph flow import" in section and "<svg" not in section


def test_the_flow_page_loads_nothing(tmp_path: Path) -> None:
    written = vsgraph.write_report(_shop_with_work_items(), tmp_path / "report.html")
    section = _flow_section(Path(written).read_text(encoding="utf-8"))
    assert "http" not in section.replace('xmlns="http://www.w3.org/2000/svg"', "")
