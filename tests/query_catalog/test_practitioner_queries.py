"""The practitioners' model (issue 21): platform streams, capabilities, value-stream stages,
streams that feed each other, teams of teams, answered exactly on both engines.

Expected rows are worked out by hand from ``tests/data/queries/practitioners.ttl`` (a small
bank: a hosting platform under a lending platform, collections serving an internal team
through no journey stage, parallel steps, a two-level capability map, an Agile Release
Train) and from the grocery example. As in ``test_queries.py``, IRIs are compared by their
local name and label columns are left out.
"""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest

from tests.support.answers import ENGINES, answer
from tests.support.paths import DATA

BANK = DATA / "queries" / "practitioners.ttl"
D = Decimal


# --- issue 21, item 8: impact and traces reach every customer, along whole support chains ---


@pytest.mark.parametrize("engine", ENGINES)
def test_retiring_a_platform_reaches_the_internal_customer_of_a_stream_that_enables_no_stage(engine: str) -> None:
    """Regression: the customer of collections (an internal team, no journey stage) was lost."""
    # (operational stream, left with no support, stage, customer)
    assert answer(BANK, engine, "retirement-impact", developmentStream="lending-platform") == [
        ("collections", True, None, "collections-team"),
        ("loan-origination", False, "apply", "borrower"),
        ("loan-origination", False, "get-decision", "borrower"),
        ("loan-origination", False, "receive-money", "borrower"),
        ("loan-servicing", True, "repay", "borrower"),
    ]


@pytest.mark.parametrize("engine", ENGINES)
def test_retiring_a_hosting_platform_follows_the_support_chain(engine: str) -> None:
    """Regression: the hosting platform supports no operational stream itself, so nothing was affected.

    Loan origination keeps the data platform, which does not depend on the hosting platform.
    """
    assert answer(BANK, engine, "retirement-impact", developmentStream="hosting-platform") == [
        ("collections", True, None, "collections-team"),
        ("loan-origination", False, "apply", "borrower"),
        ("loan-origination", False, "get-decision", "borrower"),
        ("loan-origination", False, "receive-money", "borrower"),
        ("loan-servicing", True, "repay", "borrower"),
    ]
    assert answer(BANK, engine, "retirement-impact", developmentStream="data-platform") == [
        ("loan-origination", False, "apply", "borrower"),
        ("loan-origination", False, "get-decision", "borrower"),
        ("loan-origination", False, "receive-money", "borrower"),
    ]


@pytest.mark.parametrize("engine", ENGINES)
def test_customer_trace_reaches_an_internal_customer_without_a_journey(engine: str) -> None:
    """Regression: the trace for the collections team was empty; the hosting platform is in it now."""
    # (position, stage, operational stream, development stream, team)
    assert answer(BANK, engine, "customer-trace", customer="collections-team") == [
        (None, None, "collections", "hosting-platform", "platform-team"),
        (None, None, "collections", "lending-platform", "credit-team"),
        (None, None, "collections", "lending-platform", "servicing-team"),
    ]


@pytest.mark.parametrize("engine", ENGINES)
def test_customer_trace_follows_platforms_under_platforms(engine: str) -> None:
    rows = answer(BANK, engine, "customer-trace", customer="borrower")
    assert rows[:4] == [
        (1, "apply", "loan-origination", "data-platform", "platform-team"),
        (1, "apply", "loan-origination", "hosting-platform", "platform-team"),
        (1, "apply", "loan-origination", "lending-platform", "credit-team"),
        (1, "apply", "loan-origination", "lending-platform", "servicing-team"),
    ]
    assert rows[-3:] == [
        (4, "repay", "loan-servicing", "hosting-platform", "platform-team"),
        (4, "repay", "loan-servicing", "lending-platform", "credit-team"),
        (4, "repay", "loan-servicing", "lending-platform", "servicing-team"),
    ]
    assert len(rows) == 15  # stages 1 to 3 through origination (4 rows each), stage 4 through servicing


@pytest.mark.parametrize("engine", ENGINES)
def test_the_fixed_queries_answer_the_grocery_example_as_before(grocery_path: Path, engine: str) -> None:
    """The grocery example has no platform chains and no customer served outside a journey."""
    assert answer(grocery_path, engine, "retirement-impact", developmentStream="pos-software") == [
        ("checkout", True, "check-out", "household-shopper"),
        ("shelf-stocking", False, "shop", "household-shopper"),
    ]
    assert answer(grocery_path, engine, "customer-trace", customer="household-shopper")[:2] == [
        (1, "choose-store", "weekly-promotions", "website-hosting", "web-ops-team"),
        (2, "travel", None, None, None),
    ]
    # Store operations receive value from development streams only, which the trace (by
    # operational streams) does not list; value-chain does.
    assert answer(grocery_path, engine, "customer-trace", customer="store-operations") == []


# --- item 7: what was stored but never asked -----------------------------------------------


@pytest.mark.parametrize("engine", ENGINES)
def test_orphan_solutions_say_which_half_is_missing(engine: str) -> None:
    # (solution, built, hosted, operational streams that run on it)
    assert answer(BANK, engine, "orphan-solutions") == [
        ("analytics", True, False, 0),
        ("cloud", False, True, 0),
        ("mainframe", False, False, 1),
    ]


@pytest.mark.parametrize("engine", ENGINES)
def test_streams_without_an_owner(grocery_path: Path, engine: str) -> None:
    assert answer(BANK, engine, "streams-without-owner") == [
        ("hosting-platform", "DevelopmentValueStream"),
        ("collections", "OperationalValueStream"),
    ]
    assert answer(grocery_path, engine, "streams-without-owner") == []


@pytest.mark.parametrize("engine", ENGINES)
def test_unrealised_capabilities_count_through_sub_capabilities(engine: str) -> None:
    # Lending and payments are realised through a sub-capability; customer management is not.
    # (capability, level, parent, value-stream stages that require it)
    assert answer(BANK, engine, "unrealised-capabilities") == [
        ("customer-onboarding", 2, "customer-management", 1),
        ("collateral-valuation", 2, "lending", 0),
        ("customer-management", 1, None, 0),
    ]


@pytest.mark.parametrize("engine", ENGINES)
def test_steps_without_a_journey_stage_directly_or_through_their_stage(grocery_path: Path, engine: str) -> None:
    # Origination's steps serve journey stages through their value-stream stages (step 4
    # directly); collections maps nothing, so it has no gaps to show.
    assert answer(BANK, engine, "steps-without-journey-stage") == [("loan-servicing", 2, "servicing-step-2")]
    assert answer(grocery_path, engine, "steps-without-journey-stage") == []


@pytest.mark.parametrize("engine", ENGINES)
def test_value_chain_from_customer_to_capability(grocery_path: Path, engine: str) -> None:
    rows = answer(BANK, engine, "value-chain")
    # (customer, stage, stream, supporting stream, solution, capability)
    assert rows[:6] == [
        ("borrower", "apply", "loan-origination", "data-platform", "analytics", None),
        ("borrower", "apply", "loan-origination", "hosting-platform", "cloud", None),
        ("borrower", "apply", "loan-origination", "hosting-platform", "loan-system", "credit-risk-assessment"),
        ("borrower", "apply", "loan-origination", "hosting-platform", "loan-system", "loan-administration"),
        ("borrower", "apply", "loan-origination", "lending-platform", "loan-system", "credit-risk-assessment"),
        ("borrower", "apply", "loan-origination", "lending-platform", "loan-system", "loan-administration"),
    ]
    assert rows[-5:] == [  # the internal team, through no journey stage
        ("collections-team", None, "collections", "hosting-platform", "cloud", None),
        ("collections-team", None, "collections", "hosting-platform", "loan-system", "credit-risk-assessment"),
        ("collections-team", None, "collections", "hosting-platform", "loan-system", "loan-administration"),
        ("collections-team", None, "collections", "lending-platform", "loan-system", "credit-risk-assessment"),
        ("collections-team", None, "collections", "lending-platform", "loan-system", "loan-administration"),
    ]
    assert len(rows) == 6 * 3 + 5 + 5  # three origination stages, repaying through servicing, collections
    # A development stream's own customer comes with the development stream as ?stream.
    assert answer(grocery_path, engine, "value-chain") == [
        ("household-shopper", "check-out", "checkout", "pos-software", "till-software", None),
        ("household-shopper", "check-out", "checkout", "website-hosting", "store-website", None),
        ("household-shopper", "choose-store", "weekly-promotions", "website-hosting", "store-website", None),
        ("household-shopper", "shop", "shelf-stocking", "pos-software", "till-software", None),
        ("household-shopper", "shop", "shelf-stocking", "website-hosting", "store-website", None),
        ("store-operations", None, "pos-software", "website-hosting", "store-website", None),
        ("store-operations", None, "website-hosting", None, None, None),
    ]


# --- item 4: streams feed each other --------------------------------------------------------


@pytest.mark.parametrize("engine", ENGINES)
def test_stream_connections(engine: str) -> None:
    assert answer(BANK, engine, "stream-connections") == [
        ("loan-origination", "handsOverTo", "loan-servicing"),
        ("loan-servicing", "triggersStream", "collections"),
    ]


@pytest.mark.parametrize("engine", ENGINES)
def test_end_to_end_flow_from_a_stream(engine: str) -> None:
    # (stream, from, link, flow minutes, work minutes, measured lead time)
    assert answer(BANK, engine, "end-to-end-flow", stream="loan-origination") == [
        ("collections", "loan-servicing", "triggersStream", 1460, 20, None),
        ("loan-origination", None, None, 590, 140, 2880),
        ("loan-servicing", "loan-origination", "handsOverTo", 105, 20, None),
    ]
    # Downstream only: servicing's flow does not go back to origination.
    assert answer(BANK, engine, "end-to-end-flow", stream="loan-servicing") == [
        ("collections", "loan-servicing", "triggersStream", 1460, 20, None),
        ("loan-servicing", None, None, 105, 20, None),
    ]


# --- item 5: parallel steps ------------------------------------------------------------------


@pytest.mark.parametrize("engine", ENGINES)
def test_designed_flow_time_says_when_the_sum_is_exact(grocery_path: Path, engine: str) -> None:
    # (stream, flow minutes, work minutes, serial, measured lead time, measured as % of designed)
    assert answer(BANK, engine, "designed-flow-time") == [
        ("collections", 1460, 20, True, None, None),
        ("data-platform", 1200, 240, True, None, None),
        ("hosting-platform", 610, 100, False, None, None),  # two steps start the stream
        ("lending-platform", 4380, 540, True, None, None),  # predecessors named in one chain
        ("loan-origination", 590, 140, False, 2880, D("488.1")),  # a fork and a join
        ("loan-servicing", 105, 20, True, None, None),
    ]
    # Steps without named predecessors run in series: the grocery streams, as before.
    assert [(row[0], row[1], row[3]) for row in answer(grocery_path, engine, "designed-flow-time")] == [
        ("checkout", D("15.5"), True),
        ("pos-software", D(22920), True),
        ("shelf-stocking", D(2540), True),
        ("website-hosting", D(1530), True),
        ("weekly-promotions", D(5820), True),
    ]


# --- items 2 and 3: capabilities and value-stream stages --------------------------------------


@pytest.mark.parametrize("engine", ENGINES)
def test_capability_map_level_by_level(engine: str) -> None:
    # (root, level, capability, parent, relation, element)
    assert answer(BANK, engine, "capability-map") == [
        ("customer-management", 1, "customer-management", None, None, None),
        ("customer-management", 2, "customer-onboarding", "customer-management", "requiresCapability", "stage-apply"),
        ("lending", 1, "lending", None, None, None),
        ("lending", 2, "collateral-valuation", "lending", None, None),
        ("lending", 2, "credit-risk-assessment", "lending", "realizesCapability", "loan-system"),
        ("lending", 2, "credit-risk-assessment", "lending", "realizesCapability", "underwriting"),
        ("lending", 2, "credit-risk-assessment", "lending", "requiresCapability", "stage-decide"),
        ("lending", 2, "loan-administration", "lending", "realizesCapability", "loan-servicing"),
        ("lending", 2, "loan-administration", "lending", "realizesCapability", "loan-system"),
        ("payments", 1, "payments", None, "requiresCapability", "stage-fund"),
        ("payments", 2, "payment-execution", "payments", "realizesCapability", "hosting-platform"),
    ]


@pytest.mark.parametrize("engine", ENGINES)
def test_value_stream_stages_in_order_as_stage_cards(engine: str) -> None:
    # (position, stage, aspect, detail)
    assert answer(BANK, engine, "value-stream-stages", stream="loan-origination") == [
        (1, "stage-apply", "entranceCriterion", "The borrower asks for a loan"),
        (1, "stage-apply", "exitCriterion", "The application is complete"),
        (1, "stage-apply", "producesValueItem", "complete-application"),
        (1, "stage-apply", "hasStakeholder", "borrower"),
        (1, "stage-apply", "hasStakeholder", "credit-team"),
        (1, "stage-apply", "servesJourneyStage", "apply"),
        (1, "stage-apply", "requiresCapability", "customer-onboarding"),
        (1, "stage-apply", "carriesOutValueStreamStage", "origination-step-1"),
        (2, "stage-decide", "exitCriterion", "The credit decision is recorded"),
        (2, "stage-decide", "producesValueItem", "credit-decision"),
        (2, "stage-decide", "hasStakeholder", "underwriter"),
        (2, "stage-decide", "servesJourneyStage", "get-decision"),
        (2, "stage-decide", "requiresCapability", "credit-risk-assessment"),
        (2, "stage-decide", "carriesOutValueStreamStage", "origination-step-2"),
        (2, "stage-decide", "carriesOutValueStreamStage", "origination-step-3"),
        (3, "stage-fund", "requiresCapability", "payments"),
        (3, "stage-fund", "carriesOutValueStreamStage", "origination-step-4"),
    ]
    assert answer(BANK, engine, "value-stream-stages", stream="loan-servicing") == []


# --- item 6: teams of teams and roles ------------------------------------------------------------


@pytest.mark.parametrize("engine", ENGINES)
def test_teams_of_teams_with_their_teams(engine: str) -> None:
    # (train, kind, headcount, team, team headcount)
    assert answer(BANK, engine, "teams-of-teams") == [
        ("empty-train", "SolutionTrain", None, None, None),
        ("lending-art", "AgileReleaseTrain", 19, "credit-team", 8),
        ("lending-art", "AgileReleaseTrain", 19, "servicing-team", 7),
    ]


@pytest.mark.parametrize("engine", ENGINES)
def test_role_holders_through_org_memberships(engine: str) -> None:
    # (member, role, where)
    assert answer(BANK, engine, "role-holders") == [
        ("ana", "underwriter", "credit-team"),
        ("ana", "ValueStreamOwnerRole", "bank"),
        ("ben", "ReleaseTrainEngineerRole", "lending-art"),
    ]
