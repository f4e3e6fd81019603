"""The endpoint's query page: served whole by the endpoint, with vsgraph's prefixes, the
catalog and a SPARQL editor that highlights as it is typed, tried in Chromium."""

from __future__ import annotations

import json
import re
import urllib.parse
from html import unescape
from html.parser import HTMLParser
from pathlib import Path

import pytest

import vsgraph
from tests.server.browser import Browser
from tests.support.servers import fetch
from vsgraph.query_catalog.queries import catalog, run_sparql, sparql_prefixes
from vsgraph.server import EndpointServer


class _Page(HTMLParser):
    """What a query page is made of: its scripts and styles, links, buttons and the editor's text."""

    def __init__(self) -> None:
        super().__init__()
        self.scripts: list[tuple[dict[str, str | None], str]] = []
        self.styles: list[str] = []
        self.urls: list[str] = []
        self.buttons: list[str] = []
        self.textarea = ""
        self._inside: tuple[str, dict[str, str | None]] | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        self.urls += [value for name, value in attrs if name in ("src", "href", "action") and value is not None]
        if tag == "button" and values.get("data-name"):
            self.buttons.append(str(values["data-name"]))
        if tag in ("script", "style", "textarea"):
            self._inside = (tag, values)

    def handle_data(self, data: str) -> None:
        if self._inside is None:
            return
        tag, values = self._inside
        if tag == "script":
            self.scripts.append((values, data))
        elif tag == "style":
            self.styles.append(data)
        else:
            self.textarea += data

    def handle_endtag(self, tag: str) -> None:
        self._inside = None


@pytest.fixture(scope="module")
def page(endpoint: EndpointServer) -> _Page:
    status, content_type, body = fetch(endpoint.url, accept="text/html")
    assert (status, content_type) == (200, "text/html")
    parsed = _Page()
    parsed.feed(body.decode())
    return parsed


def test_the_page_brings_its_own_script_and_styles(page: _Page) -> None:
    assert all("src" not in attributes for attributes, _ in page.scripts), "every script is in the page itself"
    code = "".join(text for attributes, text in page.scripts if attributes.get("type") is None)
    assert "function highlightSparql" in code and "fetch('sparql'" in code
    assert ".tok-keyword" in "".join(page.styles)
    assert page.urls and all(not re.match(r"([a-z]+:)?//", url) for url in page.urls), page.urls


def test_the_catalog_is_listed_with_each_question_text(page: _Page) -> None:
    assert page.buttons == [query.name for query in catalog()]
    texts = json.loads(next(text for attributes, text in page.scripts if attributes.get("id") == "catalog-texts"))
    assert texts == {query.name: query.sparql for query in catalog()}


def test_the_page_declares_the_prefixes_vsgraph_sparql_declares(page: _Page, endpoint: EndpointServer) -> None:
    declared = json.loads(next(text for attributes, text in page.scripts if attributes.get("id") == "prefixes"))
    assert declared == sparql_prefixes() and declared["vsg"] == "https://w3id.org/vsgraph#"
    # The editor's first query needs them: with them declared, as the page sends it, it answers.
    example = unescape(page.textarea)
    assert "vsg:" in example and "PREFIX" not in example
    prologue = " ".join(f"PREFIX {name}: <{namespace}>" for name, namespace in declared.items())
    query = urllib.parse.urlencode({"query": f"{prologue}\n{example}"})
    status, _, body = fetch(endpoint.url + "sparql?" + query, accept="application/sparql-results+json")
    assert status == 200
    assert len(json.loads(body)["results"]["bindings"]) == 5  # the grocery example's five value streams


TYPED = """# the metrics
SELECT ?metric ?name WHERE {
  ?metric a vsg:Metric ; rdfs:label ?name .
  FILTER (?name != "none" && ?metric != <https://example.org/x#y>)
} ORDER BY ?name LIMIT 3
"""


@pytest.mark.slow
def test_typing_highlights_and_running_shows_rows(endpoint: EndpointServer, grocery: vsgraph.Portfolio, tmp_path: Path) -> None:
    with Browser(tmp_path / "profile") as browser:
        browser.open(endpoint.url)
        browser.evaluate("document.getElementById('query').focus(); document.getElementById('query').select()")
        browser.type(TYPED)
        spans = browser.evaluate("[...document.querySelectorAll('#highlighted span')].map(s => [s.className, s.textContent])")
        assert ["tok-comment", "# the metrics"] in spans
        assert ["tok-keyword", "SELECT"] in spans and ["tok-keyword", "a"] in spans and ["tok-keyword", "FILTER"] in spans
        assert ["tok-variable", "?metric"] in spans and ["tok-pname", "vsg:Metric"] in spans
        assert ["tok-string", '"none"'] in spans and ["tok-iri", "<https://example.org/x#y>"] in spans
        assert ["tok-number", "3"] in spans
        # The highlighted copy is the text typed, with a space that gives its final line feed a line.
        assert browser.evaluate("document.getElementById('highlighted').textContent") == TYPED + " "

        browser.click("#run")
        rows = browser.wait_for(
            "[...document.querySelectorAll('#out table.results tbody tr')].map(r => [...r.cells].map(c => c.textContent))"
        )
        expected = run_sparql(grocery, TYPED, with_prefixes=True).rows
        assert rows == [[str(row["metric"]), str(row["name"])] for row in expected] and len(rows) == 3

        browser.click('#catalog button[data-name="flow-efficiency"]')
        assert browser.evaluate("document.getElementById('query').value") == next(
            q.sparql for q in catalog() if q.name == "flow-efficiency"
        )
        assert ["tok-keyword", "SELECT"] in browser.evaluate(
            "[...document.querySelectorAll('#highlighted span')].map(s => [s.className, s.textContent])"
        )
        browser.click("#run")
        shown = browser.wait_for("document.querySelectorAll('#out table.results tbody tr').length")
        assert shown == len(grocery.run_query("flow-efficiency").rows) > 0

        browser.evaluate("0")  # the last requests' events arrive with this answer
        assert browser.requests and all(url.startswith(endpoint.url) for url in browser.requests), browser.requests
