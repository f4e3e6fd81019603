"""The report's lean-budget views, on the budget portfolio of tests/data/authoring/budget.yaml.

By hand, from the YAML:

* Check-out, first half: funded 1,000,000 + 200,000.00 = 1,200,000 EUR; spent the web team's
  4 x 50,000.50 = 200,002 plus direct costs 80,000 + 19,997.50, so 299,999.50; 25 % of the
  funding, under its 1,100,000 limit.
* Till platform, first half (EUR): funded 500,000; spent 6 x 45,000 + 250,000 = 520,000, so
  -20,000 remaining, 104 %, over its 510,000 limit. In USD it is funded 10,000 and spends 0.
* Idle stream, second half: no funding, a direct cost of 5,000: overspent, no percentage.
* Check-out's guardrail: items completed in the first half are i1, i2 (features), i3 (a
  defect) and i6 (a risk); i4 was last done in the second half, i5 canceled, i7 done at the
  instant the half ends. So 2/4 = 50 % features against 60, 25 % defects against 20 (+5),
  25 % risk against 5 (+20), 0 % debt against 15.
* Cost of delay: Check-out waits 1 week + 3.5 days = 1.5 weeks at 12,000 EUR a week: 18,000.
"""

from __future__ import annotations

from pathlib import Path

import lxml.html
import pytest

import vsgraph
from tests.support.paths import DATA

BUDGET = DATA / "authoring" / "budget.yaml"


def _section(root: lxml.html.HtmlElement, heading: str) -> list[lxml.html.HtmlElement]:
    """The elements that follow the ``h3`` titled ``heading``, up to the next ``h3``."""
    (title,) = root.xpath("//h3[normalize-space(.) = $heading]", heading=heading)
    following = []
    for element in title.itersiblings():
        if element.tag == "h3":
            break
        following.append(element)
    return following


def _rows(table: lxml.html.HtmlElement) -> list[list[str]]:
    """The text of each body row's cells, without the titles of the bars drawn in them."""
    return [
        ["".join(cell.xpath(".//text()[not(ancestor::svg)]")).strip() for cell in row.xpath("td")]
        for row in table.xpath("tbody/tr")
    ]


@pytest.fixture(scope="module")
def report(tmp_path_factory: pytest.TempPathFactory) -> lxml.html.HtmlElement:
    written = vsgraph.write_report(vsgraph.load(BUDGET), tmp_path_factory.mktemp("budget") / "report.html")
    (section,) = lxml.html.parse(str(written)).getroot().xpath('//section[@id="budgets"]')
    return section


def test_spend_against_budget_shows_the_hand_totals_and_how_each_row_stands(report: lxml.html.HtmlElement) -> None:
    (table,) = [element for element in _section(report, "Spend against budget") if element.tag == "table"]
    rows = {(row[0], row[1], row[2].split()[-1]): row[2:] for row in _rows(table)}
    assert rows[("Check-out", "First half of 2026", "EUR")] == [
        "1,200,000 EUR",
        "299,999.50 EUR",
        "900,000.50 EUR",
        "25%",
        "1,100,000 EUR",
        "within its funding",
    ]
    assert rows[("Till platform", "First half of 2026", "EUR")][2:] == [
        "-20,000 EUR",
        "104%",
        "510,000 EUR",
        "over its spending limit",
    ]
    assert rows[("Till platform", "First half of 2026", "USD")][:2] == ["10,000 USD", "0 USD"]
    assert rows[("Idle stream", "Second half of 2026", "EUR")][3:] == ["–", "–", "spent more than its funding"]
    (over,) = table.xpath('.//td[normalize-space(.) = "over its spending limit"]')
    assert over.get("class") == "off-target"


def test_each_spend_bar_is_drawn_to_scale_with_its_limit(report: lxml.html.HtmlElement) -> None:
    (table,) = [element for element in _section(report, "Spend against budget") if element.tag == "table"]
    tills = next(row for row in table.xpath("tbody/tr") if row.xpath("td")[0].text_content() == "Till platform")
    (bar,) = tills.xpath(".//svg")
    funded, spent = (float(rect.get("width")) for rect in bar.xpath("rect"))
    (limit,) = bar.xpath("line")
    # The largest of funded, spent and limit (spent, 520,000) fills the bar's 160 pixels.
    assert spent == 160 and funded == pytest.approx(160 * 500_000 / 520_000, abs=0.1)
    assert float(limit.get("x1")) == pytest.approx(160 * 510_000 / 520_000, abs=0.1)
    assert bar.xpath("title")[0].text == "Spent 520,000 of 500,000 EUR funded, limit 510,000 EUR"


def test_capacity_allocation_compares_each_types_share_with_the_guardrail(report: lxml.html.HtmlElement) -> None:
    elements = _section(report, "Capacity allocation against the guardrail")
    headings = [element.text_content() for element in elements if element.tag == "h4"]
    assert headings == ["Check-out · First half of 2026 (4 items completed)", "Till platform · First half of 2026"]
    (table,) = [element for element in elements if element.tag == "table"]
    shares = {row[0]: row[1:5] + row[6:] for row in _rows(table)}
    assert shares == {
        "feature": ["2", "50%", "60%", "-10 points", "within its share"],
        "defect": ["1", "25%", "20%", "+5 points", "above its share"],
        "risk": ["1", "25%", "5%", "+20 points", "above its share"],
        "debt": ["0", "0%", "15%", "-15 points", "within its share"],
    }
    risk_bar = table.xpath('tbody/tr[td[1] = "risk"]//svg')[0]
    assert float(risk_bar.xpath("rect")[1].get("width")) == pytest.approx(40.0)  # 25 % of 160 pixels
    assert float(risk_bar.xpath("line")[0].get("x1")) == pytest.approx(8.0)  # the guardrail's 5 %
    till = [element for element in elements if element.tag == "p" and "No work item" in element.text_content()]
    assert len(till) == 1


def test_cost_of_delay_shows_what_the_designed_wait_costs(report: lxml.html.HtmlElement) -> None:
    (table,) = [element for element in _section(report, "Cost of delay of the designed waits") if element.tag == "table"]
    assert _rows(table)[0] == ["Check-out", "12,000 EUR", "1.5", "18,000 EUR"]


def test_a_portfolio_without_budgets_says_where_to_read_how_to_add_them(tmp_path: Path) -> None:
    written = vsgraph.write_report(vsgraph.load(DATA / "flow" / "shop.ttl"), tmp_path / "report.html")
    (section,) = lxml.html.parse(str(written)).getroot().xpath('//section[@id="budgets"]')
    assert "docs/budgets.md" in section.text_content() and not section.xpath(".//table")


def test_the_folder_report_has_a_budget_page_linked_from_its_landing_page(run_cli, tmp_path: Path) -> None:
    result = run_cli("report", BUDGET, "--out", tmp_path / "site.html", "--layout", "folder")
    assert result.exit_code == 0, result.output
    landing = lxml.html.parse(str(tmp_path / "site" / "index.html")).getroot()
    assert landing.xpath('//nav//a[@href = "budgets.html"]/text()') == ["Lean budgets"]
    page = lxml.html.parse(str(tmp_path / "site" / "budgets.html")).getroot()
    assert page.xpath('//td[normalize-space(.) = "over its spending limit"]')
    assert "http" not in lxml.html.tostring(page, encoding="unicode").replace('xmlns="http://www.w3.org/2000/svg"', "")
