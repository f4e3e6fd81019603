"""Metric trends over all readings or the last few: slope, trend and the date the line
reaches the target, worked out by hand, on both engines."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest

import vsgraph
from tests.support.answers import ENGINES
from vsgraph.query_catalog.trends import metric_trends

D = Decimal
TRENDS = """
@prefix ex: <https://example.org/trends/> .
@prefix vsg: <https://w3id.org/vsgraph#> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .

ex:stream a vsg:OperationalValueStream .
ex:up a vsg:Metric ; vsg:measures ex:stream ; vsg:targetValue 100 ; vsg:hasDirection vsg:HigherIsBetter ;
    vsg:hasReading ex:up-1 , ex:up-2 , ex:up-3 .
ex:up-1 a vsg:MetricReading ; vsg:readingValue 10 ; vsg:readingDate "2026-01-01T00:00:00"^^xsd:dateTime .
ex:up-2 a vsg:MetricReading ; vsg:readingValue 30 ; vsg:readingDate "2026-01-11T08:00:00"^^xsd:dateTime .
ex:up-3 a vsg:MetricReading ; vsg:readingValue 50 ; vsg:readingDate "2026-01-21T00:00:00"^^xsd:dateTime .

ex:away a vsg:Metric ; vsg:measures ex:stream ; vsg:targetValue 5 ; vsg:hasDirection vsg:LowerIsBetter ;
    vsg:hasReading ex:away-1 , ex:away-2 , ex:away-3 .
ex:away-1 a vsg:MetricReading ; vsg:readingValue 10 ; vsg:readingDate "2026-01-01T00:00:00"^^xsd:dateTime .
ex:away-2 a vsg:MetricReading ; vsg:readingValue 12 ; vsg:readingDate "2026-01-11T00:00:00"^^xsd:dateTime .
ex:away-3 a vsg:MetricReading ; vsg:readingValue 14 ; vsg:readingDate "2026-01-21T00:00:00"^^xsd:dateTime .

ex:noisy a vsg:Metric ; vsg:measures ex:stream ; vsg:targetValue 20 ; vsg:hasDirection vsg:HigherIsBetter ;
    vsg:hasReading ex:noisy-1 , ex:noisy-2 , ex:noisy-3 , ex:noisy-4 .
ex:noisy-1 a vsg:MetricReading ; vsg:readingValue 1 ; vsg:readingDate "2026-03-01T00:00:00"^^xsd:dateTime .
ex:noisy-2 a vsg:MetricReading ; vsg:readingValue 3 ; vsg:readingDate "2026-03-02T00:00:00"^^xsd:dateTime .
ex:noisy-3 a vsg:MetricReading ; vsg:readingValue 2 ; vsg:readingDate "2026-03-03T00:00:00"^^xsd:dateTime .
ex:noisy-4 a vsg:MetricReading ; vsg:readingValue 6 ; vsg:readingDate "2026-03-04T00:00:00"^^xsd:dateTime .

ex:single a vsg:Metric ; vsg:measures ex:stream ; vsg:targetValue 1 ; vsg:hasDirection vsg:LowerIsBetter ;
    vsg:hasReading ex:single-1 .
ex:single-1 a vsg:MetricReading ; vsg:readingValue 2 ; vsg:readingDate "2026-02-28T00:00:00"^^xsd:dateTime .

ex:undirected a vsg:Metric ; vsg:measures ex:stream ;
    vsg:hasReading ex:undirected-1 , ex:undirected-2 .
ex:undirected-1 a vsg:MetricReading ; vsg:readingValue 2 ; vsg:readingDate "2026-02-01T00:00:00"^^xsd:dateTime .
ex:undirected-2 a vsg:MetricReading ; vsg:readingValue 1 ; vsg:readingDate "2026-02-02T00:00:00"^^xsd:dateTime .
"""


@pytest.fixture(scope="module")
def trends_path(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("trends") / "trends.ttl"
    path.write_text(TRENDS, encoding="utf-8")
    return path


def _short(trends: dict) -> dict:
    return {iri.rsplit("/", 1)[-1]: trend for iri, trend in trends.items()}


@pytest.mark.parametrize("engine", ENGINES)
def test_the_line_through_all_readings(trends_path: Path, engine: str) -> None:
    trends = _short(metric_trends(vsgraph.load(trends_path, engine=engine)))
    assert list(trends) == ["away", "noisy", "single", "undirected", "up"]
    # up: 10, 30, 50 on days 0, 10, 20 from 1 January (the 08:00 of the second counts as
    # its day): 2 a day; 10 + 2d reaches 100 on day 45, 15 February.
    up = trends["up"]
    assert (up.readings, up.first_value, up.latest_value) == (3, 10, 50)
    assert up.slope_per_day == 2 and up.slope_per_month == D("60.875")
    assert (up.trend, up.target_date) == ("improving", date(2026, 2, 15))
    # away: rising 0.2 a day while lower is better; its line passed 5 on day -25: no date.
    away = trends["away"]
    assert (away.slope_per_day, away.trend, away.target_date) == (D("0.2"), "worsening", None)
    # noisy: 1, 3, 2, 6 on days 0-3 of March: x̄ = 1.5, ȳ = 3, Σ(x-x̄)(y-ȳ) = 7,
    # Σ(x-x̄)² = 5, slope 1.4; 3 + 1.4 (d - 1.5) = 20 at d = 13.64: 15 March.
    noisy = trends["noisy"]
    assert (noisy.slope_per_day, noisy.trend, noisy.target_date) == (D("1.4"), "improving", date(2026, 3, 15))
    # One reading has no line; without a direction a line has no trend word.
    single = trends["single"]
    assert (single.readings, single.slope_per_day, single.trend, single.target_date) == (1, None, None, None)
    undirected = trends["undirected"]
    assert (undirected.slope_per_day, undirected.trend, undirected.target_date) == (-1, None, None)


@pytest.mark.parametrize("engine", ENGINES)
def test_the_line_through_the_last_readings(trends_path: Path, engine: str) -> None:
    trends = _short(metric_trends(vsgraph.load(trends_path, engine=engine), last=2))
    # noisy, last two: 2 then 6, 4 a day; 2 + 4 (d - 2) = 20 at d = 6.5: 8 March.
    noisy = trends["noisy"]
    assert (noisy.readings, noisy.first_value, noisy.latest_value) == (2, 2, 6)
    assert (noisy.slope_per_day, noisy.target_date) == (4, date(2026, 3, 8))
    assert trends["single"].readings == 1 and trends["up"].slope_per_day == 2


@pytest.mark.parametrize("engine", ENGINES)
def test_the_sums_of_the_query_and_the_readings_give_the_same_trends(grocery_path: Path, trends_path: Path, engine: str) -> None:
    for path in (grocery_path, trends_path):
        portfolio = vsgraph.load(path, engine=engine)
        assert metric_trends(portfolio) == metric_trends(portfolio, last=1000)
        words = {row["metric"]: row["trend"] for row in portfolio.run_query("metric-trends").rows}
        assert words == {metric: trend.trend for metric, trend in metric_trends(portfolio).items()}


def test_last_must_be_a_whole_number_of_readings(trends_path: Path) -> None:
    portfolio = vsgraph.load(trends_path)
    for wrong in (0, -1, True):
        with pytest.raises(ValueError, match="whole number of readings"):
            metric_trends(portfolio, last=wrong)
