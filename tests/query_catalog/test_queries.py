"""The query catalog: every file is well formed and answers its question exactly, on both engines.

Expected rows are worked out by hand from ``examples/grocery.ttl`` and the fixtures in
``tests/data/queries/``. IRIs are compared by their local name and label columns are left
out (except where the label is the answer), so that each row reads like the question's answer.
"""

from __future__ import annotations

import datetime
import json
import os
import re
from decimal import Decimal
from pathlib import Path

import pytest
from rdflib import URIRef
from rdflib.plugins.sparql import prepareQuery

import vsgraph
from tests.support.answers import ENGINES, answer, portfolio
from tests.support.paths import DATA as TEST_DATA
from vsgraph.engine.backends import OxigraphBackend
from vsgraph.engine.parallel import FORK_FROM, Work, available_cpus
from vsgraph.errors import QueryError, ResourceError
from vsgraph.query_catalog import queries
from vsgraph.query_catalog.queries import catalog, get_query, parse_header, run_query, run_sparql

DATA = TEST_DATA / "queries"
GAPS = DATA / "gaps.ttl"
LABELS_ONLY = DATA / "labels-only.ttl"
OCT, SEP = datetime.datetime(2026, 10, 31), datetime.datetime(2026, 9, 30)
D = Decimal


# --- the catalog's files ----------------------------------------------------------------


def test_the_catalog_holds_every_question() -> None:
    assert [query.name for query in catalog()] == [
        "alignment-gaps",
        "bottlenecks",
        "capability-map",
        "capacity-allocation",
        "cost-of-delay",
        "current-initiatives",
        "customer-trace",
        "designed-flow-time",
        "end-to-end-flow",
        "flow-distribution",
        "flow-efficiency",
        "flow-item-history",
        "flow-load",
        "flow-predictability",
        "flow-velocity",
        "hand-offs",
        "internal-customers",
        "key-processes",
        "kpi-focus",
        "lean-totals",
        "low-quality-steps",
        "metric-readings",
        "metric-trends",
        "missed-targets",
        "okr-status",
        "orphan-solutions",
        "platform-support",
        "portfolio-map",
        "products-and-services",
        "retirement-impact",
        "role-holders",
        "shared-teams",
        "single-development-stream",
        "spend-vs-budget",
        "stages-without-stream",
        "step-precedence",
        "steps-without-journey-stage",
        "strategy-tree",
        "stream-connections",
        "stream-steps",
        "streams-per-theme",
        "streams-without-owner",
        "teams-of-teams",
        "undelivered-offerings",
        "unmeasured-streams",
        "unrealised-capabilities",
        "unsupported-operational-streams",
        "value-chain",
        "value-delivered",
        "value-stream-stages",
        "value-streams",
        "widely-supporting-development-streams",
    ]


def _variables_in_text(sparql: str) -> set[str]:
    text = re.sub(r"<[^<>\s]*>", "", sparql)
    text = re.sub(r'"[^"\n]*"', "", text)
    text = re.sub(r"#[^\n]*", "", text)
    return set(re.findall(r"[?$]([A-Za-z_][A-Za-z0-9_]*)", text))


def _bound_by_patterns(node: object) -> set[str]:
    """The variables some graph pattern of rdflib's algebra binds, EXISTS patterns included."""
    found = {str(variable) for variable in getattr(node, "_vars", ())}
    children = node.values() if isinstance(node, dict) else node if isinstance(node, list) else ()
    for child in children:
        found |= _bound_by_patterns(child)
    return found


@pytest.mark.parametrize("query", catalog(), ids=lambda query: query.name)
def test_every_query_parses_and_documents_exactly_its_parameters(query) -> None:
    assert query.title and query.question.endswith("?") and query.tags
    algebra = prepareQuery(query.sparql).algebra  # rdflib's parser
    bound_by_patterns = _bound_by_patterns(algebra)
    used = _variables_in_text(query.sparql)
    declared = {parameter.name for parameter in query.parameters}
    # A variable the query reads but never binds must come from a documented parameter...
    assert used - bound_by_patterns == {p.name for p in query.parameters if p.type != "iri"}
    # ...and every documented parameter is a variable of the query.
    assert declared <= used
    for engine in ENGINES:  # Oxigraph's parser too, with every parameter bound
        run_query(portfolio(GAPS, engine), query.name, {p.name: "lonely" for p in query.parameters if p.type == "iri"})


@pytest.mark.parametrize("engine", ENGINES)
@pytest.mark.parametrize("query", catalog(), ids=lambda query: query.name)
def test_every_query_answers_nothing_about_a_portfolio_without_streams(query, engine) -> None:
    """Guards against rdflib's engine joining an empty GROUP BY as one row that matches every label."""
    params = {p.name: "https://example.org/empty/nothing" for p in query.parameters if p.type == "iri"}
    assert run_query(portfolio(LABELS_ONLY, engine), query.name, params).rows == []


def test_a_header_with_a_malformed_parameter_names_the_file_and_line(tmp_path: Path) -> None:
    path = tmp_path / "broken.rq"
    text = "# title: t\n# question: q?\n# param: n (number, default 1) - a count\nSELECT * WHERE {}\n"
    with pytest.raises(ResourceError, match=r"broken\.rq:3: unknown parameter type 'number'"):
        parse_header(text, path)
    with pytest.raises(ResourceError, match="the header has no '# question:' line"):
        parse_header("# title: t\nSELECT * WHERE {}\n", path)


# --- the six questions that identify operational value streams ---------------------------


@pytest.mark.parametrize("engine", ENGINES)
def test_value_delivered_quotes_each_customer(grocery_path: Path, engine: str) -> None:
    rows = answer(grocery_path, engine, "value-delivered", keep_labels=True)
    shopper = ("household-shopper", "Household shopper")
    operations = ("store-operations", "Store operations")
    assert rows == [
        (*shopper, "checkout", "Check-out", "checkout-value", "I pay quickly and leave with everything I bought"),
        (*shopper, "shelf-stocking", "Shelf stocking", "shelf-stocking-value", "I find everything I need on the shelf"),
        (
            *shopper,
            "weekly-promotions",
            "Weekly promotions",
            "weekly-promotions-value",
            "I know where to get the best deals this week",
        ),
        (*operations, "pos-software", "Point-of-sale software", "pos-software-value", "Tills that work every time and scan fast"),
        (
            *operations,
            "website-hosting",
            "Store website hosting",
            "website-hosting-value",
            "The store website is always up with current offers and stock",
        ),
    ]


@pytest.mark.parametrize("engine", ENGINES)
def test_current_initiatives_leave_out_completed_ones(grocery_path: Path, engine: str) -> None:
    assert answer(grocery_path, engine, "current-initiatives") == [
        ("digital-leaflet", "Planned", "website-hosting"),
        ("digital-leaflet", "Planned", "weekly-promotions"),
        ("self-checkout-rollout", "Active", "checkout"),
        ("self-checkout-rollout", "Active", "pos-software"),
    ]
    assert answer(GAPS, engine, "current-initiatives") == [("idea", None, None)]


@pytest.mark.parametrize("engine", ENGINES)
def test_products_and_services_with_their_streams(grocery_path: Path, engine: str) -> None:
    assert answer(grocery_path, engine, "products-and-services") == [
        ("groceries", "Product", "checkout"),
        ("groceries", "Product", "shelf-stocking"),
        ("home-delivery", "Service", None),
        ("weekly-offers", "Service", "weekly-promotions"),
    ]


@pytest.mark.parametrize("engine", ENGINES)
def test_key_processes_count_streams_and_steps(grocery_path: Path, engine: str) -> None:
    assert answer(grocery_path, engine, "key-processes") == [
        ("software-release", 2, 4),
        ("replenishment", 1, 4),
        ("campaign-management", 1, 3),
        ("payment-processing", 1, 3),
    ]
    assert answer(GAPS, engine, "key-processes") == [("unused-process", 0, 0)]


@pytest.mark.parametrize("engine", ENGINES)
def test_internal_customers_and_their_streams(grocery_path: Path, engine: str) -> None:
    assert answer(grocery_path, engine, "internal-customers") == [
        ("store-operations", "pos-software"),
        ("store-operations", "website-hosting"),
    ]


@pytest.mark.parametrize("engine", ENGINES)
def test_kpi_focus_per_stream(grocery_path: Path, engine: str) -> None:
    assert answer(grocery_path, engine, "kpi-focus") == [
        ("CustomerValueFocus", "checkout", 1),
        ("CustomerValueFocus", "shelf-stocking", 1),
        ("CustomerValueFocus", "weekly-promotions", 1),
        ("FinancialFocus", "weekly-promotions", 1),
        ("FlowFocus", "checkout", 1),
        ("FlowFocus", "pos-software", 1),
        ("QualityFocus", "website-hosting", 1),
    ]


# --- portfolio questions ----------------------------------------------------------------


@pytest.mark.parametrize("engine", ENGINES)
def test_stages_no_stream_enables(grocery_path: Path, engine: str) -> None:
    assert answer(grocery_path, engine, "stages-without-stream") == [("travel", 2, "grocery-journey", "household-shopper")]
    assert answer(GAPS, engine, "stages-without-stream") == [("loose-stage", None, None, None)]


@pytest.mark.parametrize("engine", ENGINES)
def test_operational_streams_without_development_stream(grocery_path: Path, engine: str) -> None:
    assert answer(grocery_path, engine, "unsupported-operational-streams") == []
    assert answer(GAPS, engine, "unsupported-operational-streams") == [("lonely",)]


@pytest.mark.parametrize("engine", ENGINES)
def test_development_streams_supporting_more_than_n(grocery_path: Path, engine: str) -> None:
    default = answer(grocery_path, engine, "widely-supporting-development-streams")
    assert default == [("website-hosting", 3), ("pos-software", 2)]
    assert answer(grocery_path, engine, "widely-supporting-development-streams", n=2) == [("website-hosting", 3)]
    assert answer(GAPS, engine, "widely-supporting-development-streams", n="0") == [("platform", 1)]


@pytest.mark.parametrize("engine", ENGINES)
def test_operational_streams_on_a_single_development_stream(grocery_path: Path, engine: str) -> None:
    assert answer(grocery_path, engine, "single-development-stream") == [
        ("checkout", "pos-software"),
        ("pos-software", "website-hosting"),
        ("weekly-promotions", "website-hosting"),
    ]


@pytest.mark.parametrize("engine", ENGINES)
def test_teams_in_several_streams_count_their_members_steps(grocery_path: Path, engine: str) -> None:
    assert answer(grocery_path, engine, "shared-teams") == [("web-ops-team", 2)]
    # Team A performs a platform step itself and a lonely-stream step through Sam.
    assert answer(GAPS, engine, "shared-teams") == [("team-a", 2), ("team-b", 2)]


@pytest.mark.parametrize("engine", ENGINES)
def test_hand_offs_between_consecutive_steps(grocery_path: Path, engine: str) -> None:
    assert answer(grocery_path, engine, "hand-offs") == [
        ("shelf-stocking", 3),
        ("checkout", 2),
        ("pos-software", 1),
        ("weekly-promotions", 1),
        ("website-hosting", 0),
    ]
    assert answer(GAPS, engine, "hand-offs") == [("lonely", 1), ("instant", 0), ("platform", 0)]


@pytest.mark.parametrize("engine", ENGINES)
def test_flow_efficiency_worst_first(grocery_path: Path, engine: str) -> None:
    # (flow, work, wait, efficiency %): e.g. shelf stocking works 140 of 2540 minutes = 5.5 %.
    assert answer(grocery_path, engine, "flow-efficiency") == [
        ("shelf-stocking", D(2540), D(140), D(2400), D("5.5")),
        ("website-hosting", D(1530), D(90), D(1440), D("5.9")),
        ("pos-software", D(22920), D(2760), D(20160), D(12)),
        ("weekly-promotions", D(5820), D(780), D(5040), D("13.4")),
        ("checkout", D("15.5"), D("5.5"), D(10), D("35.5")),
    ]
    # A stream that takes no time has no efficiency; a step without a wait time counts zero.
    assert answer(GAPS, engine, "flow-efficiency") == [
        ("instant", D(0), D(0), D(0), None),
        ("lonely", D(85), D(25), D(60), D("29.4")),
        ("platform", D(120), D(60), D(60), D(50)),
    ]


@pytest.mark.parametrize("engine", ENGINES)
def test_bottleneck_is_the_longest_wait(grocery_path: Path, engine: str) -> None:
    assert answer(grocery_path, engine, "bottlenecks") == [
        ("pos-software", "pos-software-step-3", "pos-dev-team", D(10080)),
        ("weekly-promotions", "weekly-promotions-step-1", "marketing-team", D(2880)),
        ("shelf-stocking", "shelf-stocking-step-3", "logistics-team", D(1440)),
        ("website-hosting", "website-hosting-step-1", "web-ops-team", D(1440)),
        ("checkout", "checkout-step-1", "cashiers", D("6.5")),
    ]
    assert answer(GAPS, engine, "bottlenecks")[1:3] == [  # a tie lists both steps
        ("lonely", "lonely-step-1", "sam", D(30)),
        ("lonely", "lonely-step-2", "team-b", D(30)),
    ]


@pytest.mark.parametrize("engine", ENGINES)
def test_steps_below_a_percent_complete_and_accurate(grocery_path: Path, engine: str) -> None:
    assert answer(grocery_path, engine, "low-quality-steps") == [  # default 80: 80 itself is not below
        ("shelf-stocking", "shelf-stocking-step-2", D(60)),
        ("pos-software", "pos-software-step-1", D(70)),
        ("weekly-promotions", "weekly-promotions-step-3", D(70)),
        ("checkout", "checkout-step-2", D(75)),
    ]
    assert answer(grocery_path, engine, "low-quality-steps", threshold="70.5") == [
        ("shelf-stocking", "shelf-stocking-step-2", D(60)),
        ("pos-software", "pos-software-step-1", D(70)),
        ("weekly-promotions", "weekly-promotions-step-3", D(70)),
    ]


@pytest.mark.parametrize("engine", ENGINES)
def test_missed_targets_respect_the_direction(grocery_path: Path, engine: str) -> None:
    assert answer(grocery_path, engine, "missed-targets") == [
        (
            "checkout-queue-time",
            "checkout",
            D(5),
            D(3),
            "LowerIsBetter",
            "queue-under-3",
            "effortless-checkout",
            "convenient-grocer",
        ),
        (
            "on-shelf-availability",
            "shelf-stocking",
            D("96.8"),
            D(98),
            "HigherIsBetter",
            "availability-98",
            "always-in-stock",
            "convenient-grocer",
        ),
        (
            "till-release-lead-time",
            "pos-software",
            D("15.5"),
            D(14),
            "LowerIsBetter",
            "releases-in-2-weeks",
            "reliable-store-tech",
            "convenient-grocer",
        ),
    ]
    assert answer(GAPS, engine, "missed-targets") == [
        ("new-metric", "instant", D(2), D(1), "LowerIsBetter", "loose-key-result", None, None),
        ("orphan-metric", "platform", D(4), D(10), "HigherIsBetter", None, None, None),
    ]


@pytest.mark.parametrize("engine", ENGINES)
def test_alignment_gaps_both_ways(grocery_path: Path, engine: str) -> None:
    assert answer(grocery_path, engine, "alignment-gaps") == [("key-result-without-kpi", "self-checkout-10-stores")]
    assert answer(GAPS, engine, "alignment-gaps") == [("kpi-without-key-result", "orphan-metric")]


@pytest.mark.parametrize("engine", ENGINES)
def test_streams_per_theme_and_themes_without(grocery_path: Path, engine: str) -> None:
    assert answer(grocery_path, engine, "streams-per-theme") == [
        ("convenient-grocer", "checkout"),
        ("convenient-grocer", "pos-software"),
        ("convenient-grocer", "shelf-stocking"),
        ("convenient-grocer", "website-hosting"),
        ("convenient-grocer", "weekly-promotions"),
        ("sustainable-sourcing", None),
    ]


@pytest.mark.parametrize("engine", ENGINES)
def test_retiring_a_development_stream(grocery_path: Path, engine: str) -> None:
    # (operational stream, left with no support, stage, customer)
    assert answer(grocery_path, engine, "retirement-impact", developmentStream="pos-software") == [
        ("checkout", True, "check-out", "household-shopper"),
        ("shelf-stocking", False, "shop", "household-shopper"),
    ]
    website = URIRef("https://example.org/grocery/website-hosting")
    # Website hosting is the platform point-of-sale software builds on: retiring it leaves
    # the streams point-of-sale software supports without support too.
    assert answer(grocery_path, engine, "retirement-impact", developmentStream=website) == [
        ("checkout", True, "check-out", "household-shopper"),
        ("shelf-stocking", True, "shop", "household-shopper"),
        ("weekly-promotions", True, "choose-store", "household-shopper"),
    ]


@pytest.mark.parametrize("engine", ENGINES)
def test_customer_trace_from_stage_to_team(grocery_path: Path, engine: str) -> None:
    assert answer(grocery_path, engine, "customer-trace", customer="household-shopper") == [
        (1, "choose-store", "weekly-promotions", "website-hosting", "web-ops-team"),
        (2, "travel", None, None, None),
        (3, "shop", "shelf-stocking", "pos-software", "pos-dev-team"),
        (3, "shop", "shelf-stocking", "pos-software", "pos-product-team"),
        (3, "shop", "shelf-stocking", "website-hosting", "web-ops-team"),
        (4, "check-out", "checkout", "pos-software", "pos-dev-team"),
        (4, "check-out", "checkout", "pos-software", "pos-product-team"),
        (4, "check-out", "checkout", "website-hosting", "web-ops-team"),
    ]
    assert answer(grocery_path, engine, "customer-trace", customer="store-operations") == []


@pytest.mark.parametrize("engine", ENGINES)
def test_streams_without_a_metric(grocery_path: Path, engine: str) -> None:
    assert answer(grocery_path, engine, "unmeasured-streams") == []
    assert answer(GAPS, engine, "unmeasured-streams") == [("lonely", "OperationalValueStream")]


@pytest.mark.parametrize("engine", ENGINES)
def test_offerings_no_stream_delivers(grocery_path: Path, engine: str) -> None:
    assert answer(grocery_path, engine, "undelivered-offerings") == [("home-delivery", "Service")]
    assert answer(GAPS, engine, "undelivered-offerings") == [("gift-cards", "ProductOrService")]


@pytest.mark.parametrize("engine", ENGINES)
def test_steps_of_a_stream_in_order(grocery_path: Path, engine: str) -> None:
    assert answer(grocery_path, engine, "stream-steps", stream="checkout") == [
        (1, "checkout-step-1", "cashiers", D(4), D("6.5"), D(97)),
        (2, "checkout-step-2", "store-supervisors", D("0.5"), D(3), D(75)),
        (3, "checkout-step-3", "cashiers", D(1), D("0.5"), D(99)),
    ]


@pytest.mark.parametrize("engine", ENGINES)
def test_metric_trends_follow_the_direction(grocery_path: Path, engine: str) -> None:
    # Two readings each, 2026-09-30 and 2026-10-31: x = 9769 and 9800 days from 2000-01-01,
    # Σx = 19569, Σx² = 9769² + 9800² = 191473361, Σy and Σxy from the two values.
    columns = ("metric", "readings", "firstDate", "firstValue", "latestDate", "latestValue", "trend")
    sums = ("sumX", "sumY", "sumXX", "sumXY")

    def rows(path: Path) -> list[tuple]:
        table = run_query(portfolio(path, engine), "metric-trends")
        return [tuple(_local(row[c]) for c in columns + sums) for row in table.rows]

    def expected(metric: str, september: str, october: str, trend: str) -> tuple:
        y1, y2 = D(september), D(october)
        return (metric, 2, SEP, y1, OCT, y2, trend, 19569, y1 + y2, 191473361, 9769 * y1 + 9800 * y2)

    assert rows(grocery_path) == [
        expected("checkout-queue-time", "6.5", "5", "improving"),  # lower is better
        expected("on-shelf-availability", "97.5", "96.8", "worsening"),
        expected("promotion-reach", "48200", "52750", "improving"),
        expected("till-release-lead-time", "21", "15.5", "improving"),
        expected("website-availability", "99.95", "99.97", "improving"),
    ]
    feb, jan = datetime.datetime(2026, 2, 28), datetime.datetime(2026, 1, 31)
    # 2026-01-31 is day 9527, 2026-02-28 day 9555.
    assert rows(GAPS) == [
        ("new-metric", 1, feb, D(2), feb, D(2), None, 9555, 2, 9555**2, 2 * 9555),  # one reading: no trend
        ("orphan-metric", 2, jan, D(4), feb, D(4), "flat", 9527 + 9555, 8, 9527**2 + 9555**2, 4 * (9527 + 9555)),
    ]


def _local(value: object) -> object:
    return value.rsplit("/", 1)[-1] if isinstance(value, str) and value.startswith("https://") else value


# --- the API: names, parameters, errors, export -----------------------------------------


def test_an_unknown_name_suggests_close_ones(grocery: vsgraph.Portfolio) -> None:
    with pytest.raises(QueryError, match="no query called 'handoffs'; did you mean hand-offs"):
        run_query(grocery, "handoffs")


@pytest.mark.parametrize(
    ("name", "params", "message"),
    [
        ("stream-steps", {}, "needs the parameter 'stream'"),
        ("stream-steps", {"stream": "nowhere"}, "no IRI in the portfolio ends with 'nowhere'"),
        ("stream-steps", {"stream": "gro:checkout"}, "neither a full IRI nor a known prefixed name"),
        ("low-quality-steps", {"threshold": "eighty"}, "expected a decimal number"),
        ("widely-supporting-development-streams", {"n": "1.5"}, "expected an integer"),
        ("hand-offs", {"n": 1}, "has no parameter 'n'"),
    ],
)
def test_a_missing_unknown_or_ill_typed_parameter_is_a_query_error(grocery, name, params, message) -> None:
    with pytest.raises(QueryError, match=message):
        run_query(grocery, name, params)


def test_an_ambiguous_local_name_lists_the_candidates(tmp_path: Path) -> None:
    path = tmp_path / "twins.ttl"
    path.write_text(
        "<https://a.example/checkout> a <https://w3id.org/vsgraph#OperationalValueStream> .\n"
        "<https://b.example/checkout> a <https://w3id.org/vsgraph#OperationalValueStream> .\n"
    )
    with pytest.raises(QueryError, match="'checkout' is ambiguous, it ends 2 IRIs"):
        run_query(vsgraph.load(path), "stream-steps", stream="checkout")


def test_a_parameter_value_is_bound_not_pasted(grocery: vsgraph.Portfolio) -> None:
    """Quotes and braces in a value cannot change the query: the value is one literal."""
    hostile = 'checkout") || true) } UNION { ?node ?p ?o FILTER("'
    with pytest.raises(QueryError, match="no IRI in the portfolio ends with"):
        run_query(grocery, "stream-steps", stream=hostile)


def test_a_prefixed_ontology_name_is_accepted(grocery: vsgraph.Portfolio) -> None:
    assert run_query(grocery, "stream-steps", stream="vsg:Nothing").rows == []


def test_syntax_errors_are_query_errors_on_both_engines(grocery_path: Path) -> None:
    for engine in ENGINES:
        for sparql in ("SELEC ?x WHERE { ?x ?p ?o }", "SELECT ?x WHERE { ?x foo:bar ?o }"):
            with pytest.raises(QueryError, match="the SPARQL query is not valid"):
                run_sparql(portfolio(grocery_path, engine), sparql)


def test_rows_export_as_csv_and_json(grocery: vsgraph.Portfolio) -> None:
    table = run_query(grocery, "stream-steps", stream="checkout")
    assert table.to_csv().splitlines()[:2] == [
        "position,step,stepLabel,performer,processTimeMinutes,waitTimeMinutes,percentCompleteAccurate",
        "1,https://example.org/grocery/checkout-step-1,Scan the items,https://example.org/grocery/cashiers,4,6.5,97",
    ]
    assert json.loads(table.to_json())[1] == {
        "position": 2,
        "step": "https://example.org/grocery/checkout-step-2",
        "stepLabel": "Approve age-restricted items",
        "performer": "https://example.org/grocery/store-supervisors",
        "processTimeMinutes": 0.5,
        "waitTimeMinutes": 3,
        "percentCompleteAccurate": 75,
    }


def test_get_query_describes_its_parameters() -> None:
    (threshold,) = get_query("low-quality-steps").parameters
    assert (threshold.name, threshold.type, threshold.default) == ("threshold", "decimal", "80")
    assert not threshold.required
    assert get_query("customer-trace").parameters[0].required


# --- several questions at once ----------------------------------------------------------


def _every_question() -> list[str | tuple[str, dict[str, str]]]:
    """Every catalog question, with the grocery example's nodes for required parameters."""
    given = {"stream": "checkout", "developmentStream": "pos-software", "customer": "household-shopper"}
    return [
        (query.name, {p.name: given[p.name] for p in query.parameters if p.required})
        if any(p.required for p in query.parameters)
        else query.name
        for query in catalog()
    ]


def test_several_questions_answered_by_forked_workers_give_the_answers_one_by_one(
    grocery_path: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    grocery = vsgraph.load(grocery_path)
    requests = [*_every_question(), ("low-quality-steps", {"threshold": 99})]
    one_by_one = [run_query(grocery, *([r] if isinstance(r, str) else r)) for r in requests]
    answered_in = tmp_path / "pids"
    select_tsv = OxigraphBackend.select_tsv

    def recording_select_tsv(self, sparql, bindings=None):
        with answered_in.open("a") as pids:
            pids.write(f"{os.getpid()}\n")
        return select_tsv(self, sparql, bindings)

    monkeypatch.setattr(OxigraphBackend, "select_tsv", recording_select_tsv)
    forked = vsgraph.run_queries(grocery, requests, processes=2)
    assert [(t.variables, t.terms) for t in forked] == [(t.variables, t.terms) for t in one_by_one]
    assert sum(len(t) for t in forked) > 50  # the example answers most questions
    workers = set(answered_in.read_text().split())
    assert len(answered_in.read_text().split()) == len(requests) and str(os.getpid()) not in workers


def test_several_questions_fork_only_for_a_large_portfolio_in_memory(grocery_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    forks: list[int] = []

    def recording_fork_map(work, items, processes, finish):
        forks.append(processes)
        return [finish(work(item)) for item in items]

    monkeypatch.setattr(queries, "fork_map", recording_fork_map)
    grocery = vsgraph.load(grocery_path)
    vsgraph.run_queries(grocery, ["value-streams", "hand-offs"])
    assert forks == []  # a few hundred triples: not worth a worker
    monkeypatch.setitem(FORK_FROM, Work.CATALOG, len(grocery))
    assert [len(t) for t in grocery.run_queries(["value-streams", "hand-offs"])] == [
        len(run_query(grocery, "value-streams")),
        len(run_query(grocery, "hand-offs")),
    ]
    assert forks == [available_cpus()]
    vsgraph.run_queries(vsgraph.load(grocery_path, engine="rdflib"), ["value-streams", "hand-offs"])
    assert forks == [available_cpus()]  # rdflib's graph is answered here


def test_several_questions_are_all_checked_before_any_runs(grocery: vsgraph.Portfolio) -> None:
    with pytest.raises(QueryError, match="needs the parameter 'stream'"):
        vsgraph.run_queries(grocery, ["value-streams", "stream-steps"], processes=2)
    with pytest.raises(QueryError, match="no query called 'hand-off'"):
        vsgraph.run_queries(grocery, ["value-streams", "hand-off"], processes=2)
    with pytest.raises(QueryError, match="has no parameter 'treshold'"):
        vsgraph.run_queries(grocery, [("low-quality-steps", {"treshold": 50})])
