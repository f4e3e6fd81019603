"""The HTML portfolio report, and the catalog questions it added (value-streams,
portfolio-map, strategy-tree) with hand-computed rows on both engines."""

from __future__ import annotations

import re
from decimal import Decimal
from html.parser import HTMLParser
from pathlib import Path

import pytest

import vsgraph

GAPS = Path(__file__).parent / "data" / "report" / "gaps.yaml"
ENGINES = ("oxigraph", "rdflib")


def local(value: object) -> object:
    return re.split(r"[/#]", value)[-1] if isinstance(value, str) and value.startswith("http") else value


def answer(path: Path, engine: str, name: str) -> list[tuple]:
    table = vsgraph.load(path, engine=engine).run_query(name)
    columns = [v for v in table.variables if not v.endswith("Label")]
    return [tuple(local(row[c]) for c in columns) for row in table.rows]


# --- the catalog questions the report needed ----------------------------------------------


@pytest.mark.parametrize("engine", ENGINES)
def test_value_streams_with_kind_trigger_and_value(grocery_path: Path, engine: str) -> None:
    assert answer(grocery_path, engine, "value-streams") == [
        ("pos-software", "DevelopmentValueStream", "pos-software-trigger", "pos-software-value", "store-operations"),
        ("website-hosting", "DevelopmentValueStream", "website-hosting-trigger", "website-hosting-value", "store-operations"),
        ("checkout", "OperationalValueStream", "checkout-trigger", "checkout-value", "household-shopper"),
        ("shelf-stocking", "OperationalValueStream", "shelf-stocking-trigger", "shelf-stocking-value", "household-shopper"),
        ("weekly-promotions", "OperationalValueStream", "weekly-promotions-trigger", "weekly-promotions-value", "household-shopper"),
    ]  # fmt: skip


@pytest.mark.parametrize("engine", ENGINES)
def test_portfolio_map_stage_by_stage(grocery_path: Path, engine: str) -> None:
    assert answer(grocery_path, engine, "portfolio-map") == [
        ("household-shopper", "grocery-journey", 1, "choose-store", "weekly-promotions", "website-hosting"),
        ("household-shopper", "grocery-journey", 2, "travel", None, None),
        ("household-shopper", "grocery-journey", 3, "shop", "shelf-stocking", "pos-software"),
        ("household-shopper", "grocery-journey", 3, "shop", "shelf-stocking", "website-hosting"),
        ("household-shopper", "grocery-journey", 4, "check-out", "checkout", "pos-software"),
    ]


@pytest.mark.parametrize("engine", ENGINES)
def test_portfolio_map_lists_streams_that_enable_no_stage(engine: str) -> None:
    gaps = Path(__file__).parent / "data" / "queries" / "gaps.ttl"
    assert answer(gaps, engine, "portfolio-map") == [
        (None, None, None, None, "instant", "platform"),
        (None, None, None, None, "lonely", None),
    ]


@pytest.mark.parametrize("engine", ENGINES)
def test_strategy_tree_from_theme_to_metric(grocery_path: Path, engine: str) -> None:
    d = Decimal
    rows = answer(grocery_path, engine, "strategy-tree")
    assert [row[:4] + row[5:6] + row[7:] for row in rows] == [
        ("convenient-grocer", "always-in-stock", "availability-98", "on-shelf-availability", "percent", "HigherIsBetter"),
        ("convenient-grocer", "always-in-stock", "reach-50k", "promotion-reach", "households per week", "HigherIsBetter"),
        ("convenient-grocer", "effortless-checkout", "queue-under-3", "checkout-queue-time", "minutes", "LowerIsBetter"),
        ("convenient-grocer", "effortless-checkout", "self-checkout-10-stores", None, None, None),
        ("convenient-grocer", "reliable-store-tech", "releases-in-2-weeks", "till-release-lead-time", "days", "LowerIsBetter"),
        ("convenient-grocer", "reliable-store-tech", "website-up", "website-availability", "percent", "HigherIsBetter"),
        ("sustainable-sourcing", None, None, None, None, None),
    ]  # fmt: skip
    assert [row[4] for row in rows] == ["shelf-stocking", "weekly-promotions", "checkout", None, "pos-software",
                                        "website-hosting", None]
    assert [row[6] for row in rows] == [d("98"), d("50000"), d("3"), None, d("14"), d("99.9"), None]


# --- the report ------------------------------------------------------------------------------


class Page(HTMLParser):
    """The parts of the page the tests read: ids, SVGs, text, and every src/href."""

    def __init__(self) -> None:
        super().__init__()
        self.ids: list[str] = []
        self.svg_classes: list[str] = []
        self.links: list[str] = []
        self.text: list[str] = []
        self.scripts = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        if values.get("id"):
            self.ids.append(values["id"])
        if tag == "svg":
            self.svg_classes.append(values.get("class") or "")
        if tag == "script":
            self.scripts += 1
        self.links += [value for name, value in attrs if name in ("src", "href") and value]

    def handle_data(self, data: str) -> None:
        self.text.append(data)


def parse(html: str) -> Page:
    page = Page()
    page.feed(html)
    return page


@pytest.fixture(scope="module")
def grocery_report(tmp_path_factory) -> str:
    path = vsgraph.write_report(vsgraph.load(vsgraph.examples.example_path()), tmp_path_factory.mktemp("r") / "r.html")
    return path.read_text(encoding="utf-8")


def test_the_grocery_report_holds_every_stream_map_stage_and_metric(grocery_report: str) -> None:
    page = parse(grocery_report)
    text = re.sub(r"\s+", " ", "".join(page.text))
    assert [i for i in page.ids if i.startswith("map-")] == [
        "map-checkout", "map-shelf-stocking", "map-weekly-promotions", "map-pos-software", "map-website-hosting"]
    assert page.svg_classes.count("value-stream-map") == 5 and len(page.svg_classes) == 6
    for stage in ("Choose a store", "Travel to the store", "Shop", "Check out"):
        assert stage in text
    for metric in ("Check-out queue time", "On-shelf availability", "Households reached by offers",
                   "Till change lead time", "Website availability"):
        assert metric in text
    assert "Stage Travel to the store (Weekly grocery shopping): no operational value stream enables this stage" in text
    assert "0 violation(s), 0 warning(s): the portfolio conforms to the vsgraph rules." in text


def test_the_kpi_tree_states_target_actual_trend_and_standing(grocery_report: str) -> None:
    text = re.sub(r"\s+", " ", "".join(parse(grocery_report).text))
    assert ("KPI Check-out queue time · measures Check-out · target 3 minutes (lower is better) · "
            "actual 5 minutes on 2026-10-31 · trend improving · off target") in text
    assert "target 99.9 percent (higher is better) · actual 99.97 percent on 2026-10-31 · trend improving · on target" in text
    assert "Self-checkout tills in 10 stores GAP: no KPI measures it" in text
    assert "Sustainable sourcing GAP: no objective" in text


def test_the_report_answers_the_main_questions_with_labels(grocery_report: str) -> None:
    page = parse(grocery_report)
    questions = [i for i in page.ids if i.startswith("q-")]
    assert questions[:6] == ["q-current-initiatives", "q-internal-customers", "q-key-processes", "q-kpi-focus",
                             "q-products-and-services", "q-value-delivered"]
    assert questions[6:] == ["q-stages-without-stream", "q-unsupported-operational-streams", "q-flow-efficiency",
                             "q-hand-offs", "q-bottlenecks", "q-missed-targets", "q-alignment-gaps"]
    assert '<td title="https://example.org/grocery/travel">Travel to the store</td>' in grocery_report


def test_the_report_needs_no_network_and_is_deterministic(grocery_report: str, grocery_path: Path) -> None:
    page = parse(grocery_report)
    assert page.scripts == 0
    assert all(link.startswith(("#", "data:")) for link in page.links), page.links
    assert "url(http" not in grocery_report and "@import" not in grocery_report
    again = vsgraph.report.render_report(vsgraph.load(grocery_path))
    assert again == vsgraph.report.render_report(vsgraph.load(grocery_path))


def test_a_portfolio_with_gaps_shows_them_and_its_findings(run_cli, tmp_path: Path) -> None:
    result = run_cli("report", GAPS, "--out", tmp_path / "gaps.html")
    assert result.exit_code == 0 and result.output == f"wrote {tmp_path / 'gaps.html'}\n"
    html = (tmp_path / "gaps.html").read_text(encoding="utf-8")
    text = re.sub(r"\s+", " ", "".join(parse(html).text))
    assert "Gaps (2)" in text
    assert "Stage Pay (Buying online): no operational value stream enables this stage" in text
    assert "Operational value stream Returns & <refunds>: no development value stream supports it" in text
    assert "Returns &amp; &lt;refunds&gt;" in html and "<refunds>" not in html
    assert "4 violation(s), 4 warning(s): the portfolio does not conform" in text
    assert html.count('<tr><td class="violation">violation</td>') == 4


def test_demo_writes_the_report_and_says_where(run_cli, tmp_path: Path) -> None:
    result = run_cli("demo", "--out", tmp_path)
    assert result.exit_code == 0, result.output
    assert f"wrote {tmp_path / 'report.html'}: open it in a browser" in result.output
    assert parse((tmp_path / "report.html").read_text(encoding="utf-8")).svg_classes.count("value-stream-map") == 5
