"""The Python authoring API: build the grocery portfolio in code, read graphs back as objects."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from rdflib.compare import isomorphic

import vsgraph
from tests.support.examples import GROCERY_TRIPLES
from vsgraph import AuthoringError, PortfolioBuilder, read_portfolio
from vsgraph.authoring import Interaction, Membership, Stage, Step, ValueStreamStage, dump_yaml, write_graph

GRO = "https://example.org/grocery/"
SEP, OCT = date(2026, 9, 30), date(2026, 10, 31)


def build_grocery() -> PortfolioBuilder:
    """The bundled grocery example, written with the Python API."""
    b = PortfolioBuilder(base=GRO)
    b.organisation("freshmart", "FreshMart Groceries")
    for id_, name in [
        ("marketing-team", "Marketing team"),
        ("store-staff", "Store staff"),
        ("replenishment-team", "Replenishment planners"),
        ("logistics-team", "Logistics"),
        ("cashiers", "Cashiers"),
        ("store-supervisors", "Store supervisors"),
    ]:
        b.team(id_, name)
    b.team("store-tech-art", "Store technology ART", kind="agile-release-train", headcount=24)
    for id_, name, headcount in [
        ("pos-product-team", "Point-of-sale product team", 6),
        ("pos-dev-team", "Point-of-sale developers", 12),
        ("web-ops-team", "Web operations", 5),
    ]:
        b.team(id_, name, unit_of="store-tech-art", headcount=headcount)
    b.person("alex-morgan", "Alex Morgan", member_of="store-supervisors", memberships=[Membership("value-stream-owner")])
    b.person(
        "sam-rivera",
        "Sam Rivera",
        member_of="store-tech-art",
        memberships=[Membership("release-train-engineer", held_in="store-tech-art")],
    )
    b.customer("household-shopper", "Household shopper", description="Someone who buys the week's groceries for a household.")
    b.customer(
        "store-operations",
        "Store operations",
        internal=True,
        description="The unit that runs the stores and relies on their technology every day.",
    )
    b.journey(
        "grocery-journey",
        "Weekly grocery shopping",
        "household-shopper",
        stages=[
            ("choose-store", "Choose a store"),
            ("travel", "Travel to the store"),
            Stage("shop", "Shop"),
            ("check-out", "Check out"),
        ],
    )
    b.capability("in-store-retail", "In-store retail", level=1, description="Selling groceries to shoppers who come to a store.")
    b.capability(
        "payment-acceptance",
        "Payment acceptance",
        level=2,
        parent="in-store-retail",
        description="Taking the shopper's payment by card, phone or cash.",
    )
    b.process("campaign-management", "Campaign management")
    b.process("replenishment", "Replenishment")
    b.process("payment-processing", "Payment processing")
    b.process("software-release", "Software release")
    b.product("groceries", "Groceries")
    b.service("weekly-offers", "Weekly offers")
    b.service("home-delivery", "Home delivery")
    b.solution("till-software", "Till software")
    b.solution("store-website", "Store website")
    b.operational_value_stream(
        "weekly-promotions",
        "Weekly promotions",
        trigger="A shopper wonders where to shop this week",
        value="I know where to get the best deals this week",
        delivered_to="household-shopper",
        owner="marketing-team",
        enables="choose-store",
        delivers="weekly-offers",
        runs_on="store-website",
        interactions=[
            Interaction(
                "weekly-leaflet", "Weekly leaflet and online offers", "advertisement", "household-shopper", "choose-store"
            )
        ],
        steps=[
            Step("Plan the week's promotions", "marketing-team", "campaign-management", "4h", "2d", pcta=80),
            Step("Design the leaflet", "marketing-team", "campaign-management", "8h", "1d", pcta=90),
            Step("Publish offers online and in print", "web-ops-team", "campaign-management", "1h", "12h", batch_size=1, pcta=70),
        ],
    )
    b.operational_value_stream(
        "shelf-stocking",
        "Shelf stocking",
        trigger="Stock of a product on the shelf runs low",
        value="I find everything I need on the shelf",
        delivered_to=["household-shopper"],
        owner="store-staff",
        enables=["shop"],
        delivers="groceries",
        runs_on=["till-software", "store-website"],
        hands_over_to="checkout",
        realises="in-store-retail",
        interactions=[
            Interaction(
                "pick-from-shelf", "Shopper picks products from the shelf", "product-selection", "household-shopper", "shop"
            )
        ],
        steps=[
            Step("Spot low stock", "store-staff", "replenishment", "5min", "1h", pcta=85),
            Step("Order replenishment", "replenishment-team", "replenishment", "15min", "12h", batch_size=50, pcta=60),
            Step("Deliver to the store", "logistics-team", "replenishment", "1.5h", "1d", batch_size=400, pcta=92),
            Step("Fill the shelf", "store-staff", "replenishment", 30, "3h", pcta=95),
        ],
    )
    b.operational_value_stream(
        "checkout",
        "Check-out",
        trigger="A shopper with a full basket wants to pay",
        value="I pay quickly and leave with everything I bought",
        delivered_to="household-shopper",
        owner="alex-morgan",
        enables="check-out",
        delivers="groceries",
        runs_on="till-software",
        realises="payment-acceptance",
        measured_lead_time="20min",
        stages=[
            ValueStreamStage(
                "Ring up the basket",
                ["The shopper is at a till with a full basket"],
                ["Every item is scanned and priced"],
                "A priced basket",
                ["household-shopper", "cashiers"],
                ["check-out"],
                id="ring-up",
            ),
            ValueStreamStage(
                "Pay and leave",
                ["Every item is scanned and priced"],
                ["The basket is paid and the shopper has a receipt"],
                "A paid basket",
                ["household-shopper", "cashiers"],
                ["check-out"],
                ["payment-acceptance"],
                id="pay",
            ),
        ],
        interactions=[
            Interaction(
                "cashier-service", "Cashier scans and bags the shopping", "service", "household-shopper", "check-out", ["branch"]
            )
        ],
        steps=[
            Step("Scan the items", "cashiers", "payment-processing", "4min", "6.5min", pcta=97, carries_out="ring-up"),
            Step(
                "Approve age-restricted items",
                "store-supervisors",
                "payment-processing",
                Decimal("0.5"),
                "3min",
                pcta=75,
                carries_out="ring-up",
            ),
            Step("Take payment", "cashiers", "payment-processing", "1min", "0.5min", pcta=99, carries_out="pay"),
        ],
    )
    b.development_value_stream(
        "pos-software",
        "Point-of-sale software",
        trigger="Stores need a new till feature or a fix",
        value="Tills that work every time and scan fast",
        delivered_to="store-operations",
        owner="pos-product-team",
        supports=["checkout", "shelf-stocking"],
        builds="till-software",
        steps=[
            Step("Prioritise the request", "pos-product-team", "software-release", "2h", "5d", pcta=70),
            Step("Build and test the change", "pos-dev-team", "software-release", "40h", "2d", pcta=85),
            Step("Release to the stores", "pos-dev-team", "software-release", "4h", "1w", batch_size=12, pcta=90),
        ],
    )
    b.development_value_stream(
        "website-hosting",
        "Store website hosting",
        trigger="The website needs new content or more capacity",
        value="The store website is always up with current offers and stock",
        delivered_to="store-operations",
        owner="web-ops-team",
        supports=["weekly-promotions", "shelf-stocking", "pos-software"],
        hosts="store-website",
        steps=[
            Step("Deploy the website change", "web-ops-team", "software-release", "1h", "1d", pcta=88),
            Step("Monitor availability", "web-ops-team", process_time="30min", wait_time=0, pcta=95),
        ],
    )
    b.theme("convenient-grocer", "The most convenient grocer in town")
    b.theme("sustainable-sourcing", "Sustainable sourcing")
    for id_, name in [
        ("effortless-checkout", "Make checking out effortless"),
        ("always-in-stock", "Never run out of what shoppers need"),
        ("reliable-store-tech", "Store technology that just works"),
    ]:
        b.objective(id_, name, theme="convenient-grocer")
    for id_, name, objective, baseline, target, unit, direction in [
        ("queue-under-3", "Average check-out queue under 3 minutes", "effortless-checkout", 6, 3, "minutes", "lower-is-better"),
        (
            "self-checkout-10-stores",
            "Self-checkout tills in 10 stores",
            "effortless-checkout",
            2,
            10,
            "stores",
            "higher-is-better",
        ),
        ("availability-98", "On-shelf availability of 98%", "always-in-stock", 95, 98, "percent", "higher-is-better"),
        (
            "reach-50k",
            "Offers reach 50,000 households a week",
            "always-in-stock",
            40000,
            50000,
            "households per week",
            "higher-is-better",
        ),
        (
            "releases-in-2-weeks",
            "Till changes reach the stores within two weeks",
            "reliable-store-tech",
            30,
            14,
            "days",
            "lower-is-better",
        ),
        (
            "website-up",
            "Store website available 99.9% of the time",
            "reliable-store-tech",
            "99.5",
            "99.9",
            "percent",
            "higher-is-better",
        ),
    ]:
        b.key_result(
            id_,
            name,
            objective,
            baseline=Decimal(baseline),
            target=Decimal(target),
            unit=unit,
            direction=direction,
            baseline_date=date(2026, 7, 1),
            deadline=date(2027, 1, 1),
        )
    b.initiative("self-checkout-rollout", "Self-checkout roll-out", "active", ["checkout", "pos-software"])
    b.initiative("digital-leaflet", "Digital-first leaflet", "planned", ["weekly-promotions", "website-hosting"])
    b.initiative("store-refit-2025", "Store refit 2025", "completed", "shelf-stocking")
    metrics = [
        (
            "checkout-queue-time",
            "Check-out queue time",
            "checkout",
            "minutes",
            3,
            "lower-is-better",
            ["customer-value", "flow"],
            "queue-under-3",
            (6.5, 5),
        ),
        (
            "on-shelf-availability",
            "On-shelf availability",
            "shelf-stocking",
            "percent",
            98,
            "higher-is-better",
            ["customer-value"],
            "availability-98",
            (97.5, 96.8),
        ),
        (
            "promotion-reach",
            "Households reached by offers",
            "weekly-promotions",
            "households per week",
            50000,
            "higher-is-better",
            ["customer-value", "financial"],
            "reach-50k",
            (48200, 52750),
        ),
        (
            "till-release-lead-time",
            "Till change lead time",
            "pos-software",
            "days",
            14,
            "lower-is-better",
            ["flow"],
            "releases-in-2-weeks",
            (21, 15.5),
        ),
        (
            "website-availability",
            "Website availability",
            "website-hosting",
            "percent",
            99.9,
            "higher-is-better",
            ["quality"],
            "website-up",
            (99.95, 99.97),
        ),
    ]
    for id_, name, stream, unit, target, direction, focus, kr, (sep, oct_) in metrics:
        b.metric(
            id_,
            name,
            measures=stream,
            unit=unit,
            target=target,
            direction=direction,
            focus=focus,
            aligned_with=kr,
            readings=[(SEP, sep), (OCT, oct_)],
        )
    return b


def test_grocery_built_in_python_is_the_bundled_example(grocery):
    built = build_grocery().portfolio()
    assert len(built) == len(grocery) == GROCERY_TRIPLES
    assert isomorphic(built.graph, grocery.graph)


def test_built_portfolio_answers_sparql_on_both_engines():
    sparql = "SELECT (COUNT(?step) AS ?n) WHERE { ?s <https://w3id.org/vsgraph#hasStep> ?step }"
    for engine in ("oxigraph", "rdflib"):
        portfolio = build_grocery().portfolio(engine=engine)
        assert portfolio.engine == engine
        assert int(portfolio.query(sparql).rows[0]["n"]) == 15


def test_graph_to_objects_to_graph_is_isomorphic(grocery):
    model = read_portfolio(grocery)
    assert isomorphic(vsgraph.Portfolio.from_graph(write_graph(model)).graph, grocery.graph)


def test_objects_read_back_say_what_the_portfolio_holds(grocery):
    model = read_portfolio(grocery)
    assert model.base == GRO
    checkout = next(s for s in model.value_streams if s.id == "checkout")
    assert [s.name for s in checkout.steps] == ["Scan the items", "Approve age-restricted items", "Take payment"]
    assert checkout.steps[0].team == "cashiers"
    assert checkout.steps[0].wait_time == Decimal("6.5")
    assert checkout.value.delivered_to == ["household-shopper"]
    assert checkout.owner == "alex-morgan"
    journey = model.journeys[0]
    assert [s.id for s in journey.stages] == ["choose-store", "travel", "shop", "check-out"]
    assert read_portfolio(build_grocery().portfolio()) == model


def test_reader_keeps_iris_outside_the_base():
    b = PortfolioBuilder(base="https://example.org/a/")
    b.team("https://other.example/teams/ops", "Ops")
    b.operational_value_stream("run", "Run", steps=[Step("Do", team="https://other.example/teams/ops")])
    model = read_portfolio(b.graph(), base="https://example.org/a/")
    assert model.teams[0].id == "https://other.example/teams/ops"
    assert model.value_streams[0].steps[0].team == "https://other.example/teams/ops"


def _with_step(step: Step, **stream: object) -> PortfolioBuilder:
    b = PortfolioBuilder(base=GRO)
    b.team("cashiers", "Cashiers")
    b.process("payment-processing", "Payment processing")
    b.operational_value_stream("checkout", "Check-out", steps=[step], **stream)
    return b


@pytest.mark.parametrize(
    ("step", "message"),
    [
        (Step("Scan", team="cashier"), "unknown team or person id 'cashier' in step 1 of value stream 'checkout'"),
        (
            Step("Scan", team="payment-processing"),
            "'payment-processing' in step 1 of value stream 'checkout' is a process, not a team or person",
        ),
        (
            Step("Scan", process_time="4 fortnights"),
            "the process time of step 1 of value stream 'checkout' '4 fortnights' has an "
            "unknown unit 'fortnights': use min, h, d or w",
        ),
        (
            Step("Scan", pcta=120),
            "the percent complete and accurate of step 1 of value stream 'checkout' must be between 0 and 100, not 120",
        ),
        (Step("", team="cashiers"), "step 1 of value stream 'checkout' has no name"),
    ],
)
def test_api_errors_say_what_is_wrong_in_domain_words(step, message):
    with pytest.raises(AuthoringError) as caught:
        _with_step(step).portfolio()
    assert str(caught.value) == message


def test_step_position_used_twice():
    b = PortfolioBuilder(base=GRO)
    b.operational_value_stream(
        "checkout", "Check-out", steps=[Step("Scan", position=1), Step("Pay", position=2), Step("Bag", position=2)]
    )
    with pytest.raises(AuthoringError, match=r"^step position 2 used twice in value stream 'checkout'$"):
        b.graph()


def test_id_used_twice_and_bad_ids():
    b = PortfolioBuilder(base=GRO)
    b.team("checkout", "Checkout team")
    b.operational_value_stream("checkout", "Check-out")
    with pytest.raises(
        AuthoringError,
        match="^id 'checkout' is used twice: by a team "
        r"\('Checkout team'\) and an operational value stream$",
    ):
        b.graph()
    b = PortfolioBuilder(base=GRO)
    b.team("Check out", "Checkout team")
    with pytest.raises(AuthoringError, match=r"^the id of a team 'Check out' is not a valid id"):
        b.graph()


def test_links_that_do_not_fit_the_kind_of_stream():
    b = PortfolioBuilder(base=GRO)
    b.operational_value_stream("checkout", "Check-out")
    b.model.value_streams[0].supports = ["checkout"]
    with pytest.raises(
        AuthoringError, match=r"^'supports' does not apply to value stream 'checkout', which is an operational value stream$"
    ):
        b.graph()


def test_a_reading_on_a_plain_date_is_written_as_yaml_and_read_back(tmp_path):
    """Regression: the YAML writer took every reading's date for a datetime."""
    built = PortfolioBuilder("https://example.org/x/")
    built.operational_value_stream("s", "S")
    built.metric("m", "M", measures="s", unit="minutes", target=3, readings=[(date(2026, 10, 31), 5)])
    text = dump_yaml(built.model)
    assert "date: 2026-10-31\n" in text
    (tmp_path / "p.yaml").write_text(text, encoding="utf-8")
    assert isomorphic(vsgraph.load(tmp_path / "p.yaml").graph, built.portfolio().graph)
