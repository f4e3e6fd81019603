"""Tables for people and for data work: data frames, text, HTML and the reprs a notebook shows.

Everything goes through the public API on the grocery example: catalog answers with
unbound cells (``designed-flow-time``, ``strategy-tree``), dates (``metric-trends``) and
any SELECT through ``query(...).table()``.
"""

from __future__ import annotations

import math
import sys
import xml.etree.ElementTree as ElementTree
from datetime import datetime

import pandas as pd
import polars as pl
import pytest
from rdflib import URIRef

import vsgraph
from tests.support.examples import GROCERY_TRIPLES
from vsgraph.errors import MissingExtraError, QueryError, VsgraphError
from vsgraph.query_catalog.queries import get_query
from vsgraph.query_catalog.tables import HTML_ROWS, Table
from vsgraph.validation.findings import Finding, Severity, ValidationReport

GRO = "https://example.org/grocery/"

#: Every step's position, and a count of the step's predecessors that is unbound for all but
#: the steps that have one (an integer column with missing values).
POSITIONS = """
PREFIX vsg: <https://w3id.org/vsgraph#>
SELECT ?step ?position ?after WHERE {
  ?stream vsg:hasStep ?step . ?step vsg:position ?position .
  OPTIONAL { ?step vsg:position ?p . FILTER (?p > 1) BIND (?p - 1 AS ?after) }
} ORDER BY ?stream ?position
"""


# --- pandas -----------------------------------------------------------------------------


def test_to_pandas_types_each_column_and_keeps_missing_values(grocery) -> None:
    frame = grocery.run_query("designed-flow-time").to_pandas()
    assert list(frame.columns) == grocery.run_query("designed-flow-time").variables
    assert {name: str(dtype) for name, dtype in frame.dtypes.items()} == {
        "stream": "string",
        "streamLabel": "string",
        "flowTimeMinutes": "float64",
        "workTimeMinutes": "float64",
        "serial": "boolean",
        "measuredLeadTimeMinutes": "float64",
        "measuredPercentOfDesigned": "float64",
    }
    checkout = frame[frame["stream"] == GRO + "checkout"].iloc[0]
    assert checkout["flowTimeMinutes"] == 15.5
    assert checkout["measuredLeadTimeMinutes"] == 20
    measured = frame["measuredLeadTimeMinutes"]
    assert measured.isna().sum() == 4 and measured.notna().sum() == 1
    assert frame["serial"].all()


def test_to_pandas_on_answers_with_gaps_decimals_and_iris(grocery) -> None:
    missed = grocery.run_query("missed-targets").to_pandas()
    assert str(missed["latestValue"].dtype) == "float64"
    assert str(missed["direction"].dtype) == "string"
    assert set(missed["direction"]) == {"https://w3id.org/vsgraph#LowerIsBetter", "https://w3id.org/vsgraph#HigherIsBetter"}
    assert sorted(missed["latestValue"]) == [5.0, 15.5, 96.8]

    tree = grocery.run_query("strategy-tree").to_pandas()
    assert str(tree["targetValue"].dtype) == "float64"
    assert tree["targetValue"].isna().any() and tree["targetValue"].notna().any()
    assert str(tree["metric"].dtype) == "string"
    assert tree["metric"].isna().any()  # unbound IRIs are <NA>, not the text "None"
    assert "None" not in set(tree["metric"].dropna())


def test_to_pandas_integers_are_nullable_and_dates_are_datetimes(grocery) -> None:
    positions = grocery.query(POSITIONS).table().to_pandas()
    assert str(positions["position"].dtype) == "Int64"
    assert str(positions["after"].dtype) == "Int64"
    assert positions["after"].isna().sum() == 5  # the first step of each of the five streams
    assert positions["after"].dropna().min() == 1
    assert positions["position"].sum() == sum(row["position"] for row in grocery.query(POSITIONS).table().rows)

    trends = grocery.run_query("metric-trends").to_pandas()
    assert pd.api.types.is_datetime64_any_dtype(trends["latestDate"])
    assert trends["latestDate"].iloc[0] == pd.Timestamp(datetime(2026, 10, 31))
    assert str(trends["trend"].dtype) == "string"


def test_to_pandas_without_pandas_says_what_to_install(grocery, monkeypatch) -> None:
    table = grocery.run_query("hand-offs")
    monkeypatch.setitem(sys.modules, "pandas", None)  # `import pandas` now raises ImportError
    with pytest.raises(MissingExtraError, match=r"pip install 'vsgraph\[pandas\]'") as caught:
        table.to_pandas()
    assert isinstance(caught.value, VsgraphError) and isinstance(caught.value, ImportError)
    assert "Table.to_pandas() needs pandas" in str(caught.value)


# --- polars -----------------------------------------------------------------------------


def test_to_polars_types_each_column_and_keeps_missing_values(grocery) -> None:
    frame = grocery.run_query("designed-flow-time").to_polars()
    assert dict(frame.schema) == {
        "stream": pl.String,
        "streamLabel": pl.String,
        "flowTimeMinutes": pl.Float64,
        "workTimeMinutes": pl.Float64,
        "serial": pl.Boolean,
        "measuredLeadTimeMinutes": pl.Float64,
        "measuredPercentOfDesigned": pl.Float64,
    }
    assert frame["measuredLeadTimeMinutes"].null_count() == 4

    positions = grocery.query(POSITIONS).table().to_polars()
    assert positions.schema["after"] == pl.Int64 and positions["after"].null_count() == 5

    trends = grocery.run_query("metric-trends").to_polars()
    assert trends.schema["latestDate"] == pl.Datetime("us")
    assert trends["latestDate"][0] == datetime(2026, 10, 31)

    missed = grocery.run_query("missed-targets").to_polars()
    assert missed.schema["targetValue"] == pl.Float64 and missed.schema["theme"] == pl.String


def test_to_polars_without_polars_says_what_to_install(grocery, monkeypatch) -> None:
    table = grocery.run_query("hand-offs")
    monkeypatch.setitem(sys.modules, "polars", None)
    with pytest.raises(MissingExtraError, match=r"Table.to_polars\(\) needs polars.*pip install 'vsgraph\[polars\]'"):
        table.to_polars()


def test_an_empty_answer_is_an_empty_frame_with_its_columns(grocery) -> None:
    empty = grocery.run_query("unsupported-operational-streams")
    assert len(empty) == 0
    assert list(empty.to_pandas().columns) == empty.variables == empty.to_polars().columns


def test_a_column_of_mixed_kinds_is_text(grocery) -> None:
    mixed = grocery.query("SELECT ?x WHERE { VALUES ?x { 1 'one' <https://example.org/one> 2.5 } }").table()
    assert list(mixed.to_pandas()["x"]) == ["1", "one", "https://example.org/one", "2.5"]
    numbers = grocery.query("SELECT ?x WHERE { VALUES ?x { 1 2.5 UNDEF } }").table().to_pandas()["x"]
    assert str(numbers.dtype) == "float64" and numbers.iloc[1] == 2.5 and math.isnan(numbers.iloc[2])


# --- text, HTML, reprs ------------------------------------------------------------------


def test_str_is_the_aligned_text_table(grocery) -> None:
    table = grocery.run_query("hand-offs")
    assert str(table) == table.to_text()
    assert str(table).splitlines()[0].split() == ["stream", "streamLabel", "handOffs"]
    assert f"{table}" == table.to_text()


def test_repr_html_is_an_escaped_html_table(grocery) -> None:
    table = grocery.query(
        "SELECT ?label ?n WHERE { VALUES (?label ?n) { ('<b>Tom & \"Jerry\"</b>' 1) ('<script>x</script>' 2) } }"
    ).table()
    markup = table._repr_html_()
    assert "<b>" not in markup and "<script>" not in markup
    assert "&lt;b&gt;Tom &amp; &quot;Jerry&quot;&lt;/b&gt;" in markup
    root = ElementTree.fromstring(markup)  # well formed: every tag the table's own
    assert root.tag == "table"
    assert [cell.text for cell in root.iter("th")] == ["label", "n"]
    assert [cell.text for cell in root.iter("td")] == ['<b>Tom & "Jerry"</b>', "1", "<script>x</script>", "2"]


def test_repr_html_of_a_long_table_shows_the_first_rows_and_counts_the_rest(grocery) -> None:
    table = grocery.query("SELECT ?s ?p ?o WHERE { ?s ?p ?o }").table()
    markup = table._repr_html_()
    assert markup.count("<tr>") == HTML_ROWS + 1  # the header row, then the rows shown
    hidden = len(table) - HTML_ROWS
    assert f"… and {hidden} more rows" in markup


def test_reprs_say_what_a_notebook_holds(grocery, grocery_path) -> None:
    assert repr(grocery.run_query("hand-offs")) == "<Table: 5 rows of stream, streamLabel, handOffs>"
    one = grocery.query("SELECT ?x WHERE { BIND (1 AS ?x) }")
    assert repr(one.table()) == "<Table: 1 row of x>"
    assert repr(one) == "<QueryResult: select, 1 row of x>"
    assert repr(grocery.query("ASK { ?s ?p ?o }")) == "<QueryResult: ask, true>"

    assert repr(grocery) == f"<Portfolio: {len(grocery)} statements on oxigraph>"
    assert repr(grocery) == f"<Portfolio: {GROCERY_TRIPLES} statements on oxigraph>"
    assert repr(vsgraph.load(grocery_path, engine="rdflib")) == f"<Portfolio: {GROCERY_TRIPLES} statements on rdflib>"
    assert repr(vsgraph.Portfolio.empty()) == "<Portfolio: 0 statements on oxigraph>"

    assert repr(grocery.validate()) == "<ValidationReport: 0 violations, 0 warnings>"


def test_validation_report_repr_counts_each_severity() -> None:
    def finding(severity: Severity, node: str) -> Finding:
        return Finding(severity, URIRef(GRO + node), node, "a message", URIRef(GRO + "shape"))

    severities = [Severity.VIOLATION, Severity.WARNING, Severity.WARNING, Severity.INFO]
    report = ValidationReport([finding(severity, f"node-{index}") for index, severity in enumerate(severities)])
    assert repr(report) == "<ValidationReport: 1 violation, 2 warnings, 1 info>"
    assert repr(ValidationReport([finding(Severity.WARNING, "b")])) == "<ValidationReport: 0 violations, 1 warning>"


# --- query() and run_query() ------------------------------------------------------------


def test_query_gives_terms_and_its_table_gives_the_catalog_answer(grocery) -> None:
    result = grocery.query(get_query("hand-offs").sparql)
    first = result.rows[0]
    assert isinstance(first["stream"], URIRef)
    table = result.table()
    assert isinstance(table, Table)
    assert table == grocery.run_query("hand-offs")
    assert table.rows[0] == {"stream": GRO + "shelf-stocking", "streamLabel": "Shelf stocking", "handOffs": 3}


def test_an_ask_or_construct_answer_is_no_table(grocery) -> None:
    with pytest.raises(QueryError, match=r"only a SELECT answer is a table; this ASK answer is a boolean"):
        grocery.query("ASK { ?s ?p ?o }").table()
    with pytest.raises(QueryError, match=r"this CONSTRUCT or DESCRIBE answer is a graph \(use .graph\)"):
        grocery.query("CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o } LIMIT 1").table()


def test_dates_and_time_zones(grocery) -> None:
    zoned = vsgraph.run_sparql(
        grocery,
        'SELECT ?d WHERE { VALUES ?d { "2026-01-01T10:00:00+02:00"^^xsd:dateTime "2026-01-02T10:00:00Z"^^xsd:dateTime UNDEF } }',
        with_prefixes=True,
    ).table()
    in_pandas = zoned.to_pandas()["d"]
    assert str(in_pandas.dtype).startswith("datetime64[") and str(in_pandas.dtype).endswith(", UTC]")
    assert in_pandas.iloc[0] == pd.Timestamp("2026-01-01T08:00:00Z") and pd.isna(in_pandas.iloc[2])
    in_polars = zoned.to_polars()
    assert in_polars.schema["d"] == pl.Datetime("us", "UTC") and in_polars["d"].null_count() == 1

    days = grocery.query('SELECT ?d WHERE { VALUES ?d { "2026-01-01"^^<http://www.w3.org/2001/XMLSchema#date> } }').table()
    assert pd.api.types.is_datetime64_any_dtype(days.to_pandas()["d"]) and days.to_polars().schema["d"] == pl.Date

    mixed = vsgraph.run_sparql(
        grocery,
        'SELECT ?d WHERE { VALUES ?d { "2026-01-01T10:00:00+02:00"^^xsd:dateTime "2026-01-02T10:00:00"^^xsd:dateTime } }',
        with_prefixes=True,
    ).table()
    assert list(mixed.to_pandas()["d"]) == ["2026-01-01T10:00:00+02:00", "2026-01-02T10:00:00"]
