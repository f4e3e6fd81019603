"""The endpoint's HTML: a query page that works offline, and entity descriptions for browsers.

Everything is plain HTML with JavaScript and CSS inlined from ``static/``: no CDN, no
framework, so the page works on an air-gapped network and loads nothing from anywhere
else. The query page's editor highlights SPARQL with vsgraph's own small highlighter
(``static/sparql-highlight.js``) rather than an editor library, which would be many times
the size of the page for what it needs here.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from functools import cache
from html import escape
from importlib.resources import files
from urllib.parse import quote

import pyoxigraph as ox

from vsgraph.query_catalog.queries import CatalogQuery, sparql_prefixes

#: The query the editor starts with: it runs on any vsgraph portfolio.
_EXAMPLE = """# The value streams and their kind. The prefixes vsg:, rdfs: and the others below are declared for you.
SELECT ?stream ?name ?kind WHERE {
  VALUES ?kind { vsg:OperationalValueStream vsg:DevelopmentValueStream }
  ?stream a ?kind ;
    rdfs:label ?name .
}
ORDER BY ?kind ?name
"""

_ANSWER_TYPES = (
    ("application/sparql-results+json", "table (JSON)"),
    ("text/csv", "CSV"),
    ("text/tab-separated-values", "TSV"),
    ("application/sparql-results+xml", "XML"),
    ("text/turtle", "Turtle"),
    ("application/ld+json", "JSON-LD"),
    ("application/n-triples", "N-Triples"),
)


@cache
def _static(name: str) -> str:
    """A file of ``static/``, read once."""
    return files("vsgraph.server").joinpath("static", name).read_text(encoding="utf-8")


def _json_script(element_id: str, data: object) -> str:
    """``data`` as a JSON ``<script>`` block that no text inside it can close early."""
    text = json.dumps(data, ensure_ascii=False).replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
    return f'<script type="application/json" id="{element_id}">{text}</script>'


def query_page(queries: Iterable[CatalogQuery], read_only: bool) -> str:
    """The page at ``/``: a SPARQL editor with vsgraph's prefixes declared, the catalog's
    questions (a click loads one's SPARQL) and the other endpoints."""
    queries = list(queries)
    prefixes = sparql_prefixes()
    items = "\n".join(_catalog_item(query) for query in queries)
    declared = " ".join(f'<code title="{escape(namespace)}">{escape(name)}:</code>' for name, namespace in prefixes.items())
    options = "".join(f'<option value="{value}">{escape(label)}</option>' for value, label in _ANSWER_TYPES)
    mode = "read-only" if read_only else "updates accepted at /update with the update token"
    return f"""<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>vsgraph SPARQL endpoint</title>
<meta name="viewport" content="width=device-width, initial-scale=1"><style>{_static("style.css")}</style></head>
<body><h1>vsgraph SPARQL endpoint</h1>
<p>SPARQL 1.1 Protocol at <code>/sparql</code> ({mode}); validation report at <a href="validate">/validate</a>;
entity descriptions at <code>/resource?iri=...</code>.</p>
<form id="form" action="sparql" method="get">
<div class="editor"><pre aria-hidden="true"><code id="highlighted"></code></pre><textarea id="query" name="query" rows="14"
 spellcheck="false" autocomplete="off" aria-label="SPARQL query">{escape(_EXAMPLE)}</textarea></div>
<div class="controls"><label>Answer as <select id="accept">{options}</select></label>
<button id="run">Run</button> <small>(Ctrl+Enter)</small></div>
</form>
<details class="prefixes"><summary>Prefixes declared for you, as <code>vsgraph sparql</code> declares them
(a <code>PREFIX</code> in the query wins)</summary><p>{declared}</p></details>
<div id="out"></div>
<h2>Catalog questions</h2>
<p>A click on a question loads its SPARQL into the editor. Its table, with the parameters bound:
<code>/queries/NAME?parameter=value</code>.</p>
<ul id="catalog">
{items}
</ul>
{_json_script("prefixes", prefixes)}
{_json_script("catalog-texts", {query.name: query.sparql for query in queries})}
<script>{_static("sparql-highlight.js")}</script><script>{_static("query-page.js")}</script></body></html>
"""


def _catalog_item(query: CatalogQuery) -> str:
    parameters = ", ".join(f"?{p.name}" + ("" if p.default is None else f" = {p.default}") for p in query.parameters)
    bound = f" <small>(parameters: {escape(parameters)})</small>" if parameters else ""
    name = escape(query.name)
    return (
        f'<li><button type="button" data-name="{name}">{name}</button> {escape(query.question)} '
        f'<a href="queries/{quote(query.name)}">table</a>{bound}</li>'
    )


def entity_page(iri: str, triples: Iterable[ox.Triple]) -> str:
    """An entity's description for a browser: what it says, and what points at it."""
    rows = []
    for triple in sorted(triples, key=str):
        cells = "".join(f"<td>{_term(term, iri)}</td>" for term in (triple.subject, triple.predicate, triple.object))
        rows.append(f"<tr>{cells}</tr>")
    return f"""<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>{escape(iri)}</title><style>{_static("style.css")}</style></head>
<body><h1>{escape(iri)}</h1><p><a href="/">query page</a></p>
<table><tr><th>subject</th><th>predicate</th><th>object</th></tr>
{chr(10).join(rows)}
</table></body></html>
"""


def _term(term: ox.NamedNode | ox.BlankNode | ox.Literal | ox.Triple, focus: str) -> str:
    if isinstance(term, ox.NamedNode):
        if term.value == focus:
            return f"<strong>{escape(term.value)}</strong>"
        return f'<a href="/resource?iri={quote(term.value, safe="")}">{escape(term.value)}</a>'
    return escape(str(term))
