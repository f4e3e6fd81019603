"""The HTML portfolio report, and the catalog questions it added (value-streams,
portfolio-map, strategy-tree, platform-support) with hand-computed rows on both engines."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from collections.abc import Iterable
from decimal import Decimal
from html.parser import HTMLParser
from pathlib import Path

import pytest
from rdflib import Graph, Literal, Namespace
from rdflib.namespace import RDF, RDFS

import vsgraph
from tests.support.paths import DATA
from vsgraph import VSG
from vsgraph.report.capabilities import CAPABILITY_QUESTIONS, CapabilityView, capability_tree
from vsgraph.report.data import gather

GAPS = DATA / "report" / "gaps.yaml"
BANK = DATA / "queries" / "practitioners.ttl"
ENGINES = ("oxigraph", "rdflib")
SVG = "{http://www.w3.org/2000/svg}"
#: The classes of the report's diagrams: one SVG per value stream, one of each of the others
#: (the capability map and the cross-stream flow only when there is something to draw).
DIAGRAMS = {"portfolio-map", "cross-stream-flow", "capability-map", "value-stream-map"}


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
        (
            "weekly-promotions",
            "OperationalValueStream",
            "weekly-promotions-trigger",
            "weekly-promotions-value",
            "household-shopper",
        ),
    ]


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
    gaps = DATA / "queries" / "gaps.ttl"
    assert answer(gaps, engine, "portfolio-map") == [
        (None, None, None, None, "instant", "platform"),
        (None, None, None, None, "lonely", None),
    ]


@pytest.mark.parametrize("engine", ENGINES)
def test_platform_support_lists_development_streams_under_development_streams(grocery_path: Path, engine: str) -> None:
    assert answer(BANK, engine, "platform-support") == [("hosting-platform", "lending-platform")]
    assert answer(GAPS, engine, "platform-support") == []


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
    ]
    assert [row[4] for row in rows] == [
        "shelf-stocking",
        "weekly-promotions",
        "checkout",
        None,
        "pos-software",
        "website-hosting",
        None,
    ]
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
        "map-checkout",
        "map-shelf-stocking",
        "map-weekly-promotions",
        "map-pos-software",
        "map-website-hosting",
    ]
    assert page.svg_classes.count("value-stream-map") == 5 and page.svg_classes.count("portfolio-map") == 1
    assert set(page.svg_classes) <= DIAGRAMS
    for stage in ("Choose a store", "Travel to the store", "Shop", "Check out"):
        assert stage in text
    for metric in (
        "Check-out queue time",
        "On-shelf availability",
        "Households reached by offers",
        "Till change lead time",
        "Website availability",
    ):
        assert metric in text
    assert "Stage Travel to the store (Weekly grocery shopping): no operational value stream enables this stage" in text
    assert "0 violations, 0 warnings: the portfolio conforms to the vsgraph rules." in text


def test_the_grocery_report_shows_its_capabilities_hand_over_and_platform(grocery_report: str) -> None:
    def section(name: str) -> str:
        start = grocery_report.index(f'<section id="{name}">')
        return re.sub(r"\s+", " ", "".join(parse(grocery_report[start : grocery_report.index("</section>", start)]).text))

    flow = section("cross-stream-flow")
    assert "Shelf stocking hands its work over to Check-out" in flow
    assert "Store website hosting supports Point-of-sale software" in flow and "Measured lead time 20min" in flow
    capabilities = section("capability-map")
    # Payment acceptance sits inside In-store retail, its parent.
    assert (
        "Level 1 capabilityIn-store retailRealised by: Shelf stocking"
        "Level 2 capabilityPayment acceptanceRealised by: Check-outRequired by stage: Pay and leave"
    ) in capabilities
    assert "Capabilities nothing realises (0)" in capabilities


def test_the_kpi_tree_states_target_actual_trend_and_standing(grocery_report: str) -> None:
    text = re.sub(r"\s+", " ", "".join(parse(grocery_report).text))
    assert (
        "KPI Check-out queue time · measures Check-out · target 3 minutes (lower is better) · "
        "actual 5 minutes on 2026-10-31 · trend improving · off target"
    ) in text
    assert "target 99.9 percent (higher is better) · actual 99.97 percent on 2026-10-31 · trend improving · on target" in text
    assert "Self-checkout tills in 10 stores GAP: no KPI measures it" in text
    assert "Sustainable sourcing GAP: no objective" in text


def test_the_report_answers_the_main_questions_with_labels(grocery_report: str) -> None:
    page = parse(grocery_report)
    questions = [i for i in page.ids if i.startswith("q-")]
    assert questions[:6] == [
        "q-current-initiatives",
        "q-internal-customers",
        "q-key-processes",
        "q-kpi-focus",
        "q-products-and-services",
        "q-value-delivered",
    ]
    assert questions[6:] == [
        "q-stages-without-stream",
        "q-unsupported-operational-streams",
        "q-flow-efficiency",
        "q-hand-offs",
        "q-bottlenecks",
        "q-missed-targets",
        "q-alignment-gaps",
    ]
    assert '<td title="https://example.org/grocery/travel">Travel to the store</td>' in grocery_report


def test_the_report_needs_no_network_and_is_deterministic(grocery_report: str, grocery_path: Path) -> None:
    page = parse(grocery_report)
    assert page.scripts == 0
    assert all(link.startswith(("#", "data:")) for link in page.links), page.links
    assert "url(http" not in grocery_report and "@import" not in grocery_report
    again = vsgraph.report.render_report(vsgraph.load(grocery_path))
    assert again == vsgraph.report.render_report(vsgraph.load(grocery_path))


@pytest.fixture(scope="module")
def gaps_html(tmp_path_factory: pytest.TempPathFactory) -> str:
    return vsgraph.write_report(vsgraph.load(GAPS), tmp_path_factory.mktemp("g") / "gaps.html").read_text(encoding="utf-8")


def test_the_report_command_says_where_it_wrote(run_cli, tmp_path: Path) -> None:
    result = run_cli("report", GAPS, "--out", tmp_path / "gaps.html")
    assert result.exit_code == 0 and result.output == f"wrote {tmp_path / 'gaps.html'}\n"


def test_a_portfolio_with_gaps_shows_them_and_its_findings(gaps_html: str) -> None:
    html = gaps_html
    text = re.sub(r"\s+", " ", "".join(parse(html).text))
    assert "Gaps (2)" in text
    assert "Stage Pay (Buying online): no operational value stream enables this stage" in text
    assert "Operational value stream Returns & <refunds>: no development value stream supports it" in text
    assert "Returns &amp; &lt;refunds&gt;" in html and "<refunds>" not in html
    assert "4 violations, 4 warnings: the portfolio does not conform" in text
    assert html.count('<tr><td class="violation">violation</td>') == 4


@pytest.fixture(scope="module")
def bank_report() -> str:
    return vsgraph.report.render_report(vsgraph.load(BANK))


def test_the_sections_come_in_order_with_the_contents_listing_them(bank_report: str) -> None:
    sections = re.findall(r'<section id="([^"]+)">', bank_report)
    assert sections == [
        "portfolio-map",
        "cross-stream-flow",
        "capability-map",
        "value-stream-maps",
        "kpi-tree",
        "flow",
        "budgets",
        "findings",
        "questions",
    ]
    contents = bank_report[bank_report.index("<nav>") : bank_report.index("</nav>")]
    maps = ["map-collections", "map-loan-origination", "map-loan-servicing"]
    maps += ["map-data-platform", "map-hosting-platform", "map-lending-platform"]
    assert re.findall(r'href="#([a-z-]+)"', contents) == [*sections[:4], *maps, *sections[4:]]
    assert sorted(set(parse(bank_report).svg_classes)) == sorted(DIAGRAMS)


def test_the_cross_stream_flow_shows_hand_overs_triggers_and_platforms(bank_report: str) -> None:
    section = bank_report[bank_report.index('<section id="cross-stream-flow">') :]
    section = section[: section.index("</section>")]
    text = re.sub(r"\s+", " ", "".join(parse(section).text))
    links = re.sub(r"<[^>]+>", "", section[section.index('<ul class="links">') :])
    assert links.split("\n")[0] == (
        "Loan origination hands its work over to Loan servicing"
        "Loan servicing triggers Collections"
        "Hosting platform supports Lending platform"
    )
    # the critical path's flow time (7h 20min, not the 9h 50min sum) and the lead time measured
    assert "Loan origination Flow time 7h 20min Measured lead time 6d" in text
    assert "Hosting platform Flow time 1d 1h 10min" in text
    assert "Data platform" not in text  # it feeds and supports no stream of the flow


def test_the_capability_map_nests_capabilities_and_marks_those_nothing_realises(bank_report: str) -> None:
    section = bank_report[bank_report.index('<section id="capability-map">') :]
    section = section[: section.index("</section>")]
    svg = ET.fromstring(section[section.index("<svg") : section.index("</svg>") + 6])
    boxes = {own_text(box)[1]: box for box in capability_boxes(svg.iter(f"{SVG}g"))}
    assert [own_text(box)[1] for box in capability_boxes(svg.findall(f"{SVG}g"))] == [
        "Customer management",
        "Lending",
        "Payments",
    ]
    assert own_text(boxes["Lending"]) == ["Level 1 capability", "Lending"]
    assert [own_text(box)[1] for box in capability_boxes(boxes["Lending"].findall(f"{SVG}g"))] == [
        "Collateral valuation",
        "Credit risk assessment",
        "Loan administration",
    ]
    assert own_text(boxes["Credit risk assessment"]) == [
        "Level 2 capability",
        "Credit risk assessment",
        "Realised by: Loan system, Underwriting",
        "Required by stage: Decide",
    ]
    assert own_text(boxes["Payments"])[2:] == ["Required by stage: Fund the loan"]
    assert own_text(boxes["Payment execution"])[2:] == ["Realised by: Hosting platform"]
    gaps = [name for name, box in boxes.items() if "gap" in box.get("class", "").split()]
    assert gaps == ["Customer management", "Customer onboarding", "Collateral valuation"]
    assert own_text(boxes["Collateral valuation"])[2:] == ["GAP: nothing realises it or a capability", "beneath it"]
    text = re.sub(r"\s+", " ", "".join(parse(section).text))
    assert "Capabilities nothing realises (3)" in text
    assert (
        "Capability Customer onboarding: nothing realises it or a capability beneath it; required by stage Take the application"
    ) in text


def test_a_stream_map_in_the_report_takes_its_totals_from_the_critical_path(bank_report: str) -> None:
    article = bank_report[bank_report.index('<article id="map-loan-origination"') :]
    svg = ET.fromstring(article[article.index("<svg") : article.index("</svg>") + 6])
    totals = [t.text for g in svg.iter(f"{SVG}g") if g.get("class") == "totals" for t in g.iter(f"{SVG}text")]
    assert totals == [
        "Totals",
        "Flow time  7h 20min",
        "Work time  1h 50min",
        "Wait time  5h 30min",
        "Flow efficiency  25%",
        "Hand-offs  2",
        "Critical path  1, 3, 4",
        # The lean totals are over every step, on the critical path or off it: ΣLT =
        # (30 + 60) + (30 + 120) + (60 + 240) + (20 + 30) = 590 min; ΣPT / ΣLT = 140 / 590
        # = 23.73 %; no step records a %C&A, so there is nothing to roll.
        "Lead time  1d 1h 50min",
        "Activity ratio  23.7%",
        "Rolled %C&A  –",
    ]


def test_a_portfolio_without_capabilities_or_links_says_so(gaps_html: str) -> None:
    text = re.sub(r"\s+", " ", "".join(parse(gaps_html).text))
    assert (
        "Cross-stream flow No value stream hands its work over to or triggers another, and no development "
        "value stream supports another." in text
    )
    assert "Capability map The portfolio maps no capabilities." in text
    assert set(parse(gaps_html).svg_classes) == {"portfolio-map", "value-stream-map"}


def test_every_capability_is_realised_says_there_are_no_gaps(tmp_path: Path) -> None:
    realised = tmp_path / "realised.ttl"
    realised.write_text(
        "@prefix vsg: <https://w3id.org/vsgraph#> . @prefix ex: <https://example.org/r/> .\n"
        "ex:sell a vsg:Capability ; vsg:capabilityLevel 1 . ex:shop a vsg:Solution ; vsg:realizesCapability ex:sell .\n",
        encoding="utf-8",
    )
    html = vsgraph.report.render_report(vsgraph.load(realised))
    text = re.sub(r"\s+", " ", "".join(parse(html).text))
    assert "Capabilities nothing realises (0)" in text
    assert "No gaps: every capability is realised, itself or through a capability beneath it." in text
    assert 'class="capability gap"' not in html and 'class="capability"' in html


@pytest.mark.parametrize("engine", ENGINES)
def test_capabilities_with_several_parents_or_a_loop_of_parents_still_draw(engine: str) -> None:
    """Bad data the rules report: D has two parents (C and E), A and B are each other's parent."""
    caps = Namespace("https://example.org/caps/")
    graph = Graph()
    for name in "abcde":
        graph.add((caps[name], RDF.type, VSG.Capability))
        graph.add((caps[name], RDFS.label, Literal(name.upper())))
    for child, parent in (("a", "b"), ("b", "a"), ("c", "a"), ("d", "e"), ("d", "c")):
        graph.add((caps[child], VSG.isSubCapabilityOf, caps[parent]))
    answers = gather(vsgraph.Portfolio.from_graph(graph, engine=engine), CAPABILITY_QUESTIONS, pick=lambda s: [])

    def shape(capability: CapabilityView) -> tuple:
        return (capability.label, [shape(child) for child in capability.children])

    # E has no parent; D hangs under C, its first parent by IRI; the loop starts at A, first by label
    assert [shape(root) for root in capability_tree(answers)] == [("E", []), ("A", [("B", []), ("C", [("D", [])])])]


def capability_boxes(groups: Iterable[ET.Element]) -> list[ET.Element]:
    return [group for group in groups if "capability" in (group.get("class") or "").split()]


def own_text(box: ET.Element) -> list[str]:
    """The texts of a capability's box, not those of the boxes inside it."""
    return [t.text or "" for t in box.findall(f"{SVG}text")]


def test_demo_writes_the_report_and_says_where(run_cli, tmp_path: Path) -> None:
    result = run_cli("demo", "--out", tmp_path)
    assert result.exit_code == 0, result.output
    assert f"wrote {tmp_path / 'report.html'}: open it in a browser" in result.output
    assert parse((tmp_path / "report.html").read_text(encoding="utf-8")).svg_classes.count("value-stream-map") == 5
