"""The endpoint's HTML: a query page that works offline, and entity descriptions for browsers.

Everything is plain HTML with a little inline JavaScript and CSS: no CDN, no framework,
so the page works on an air-gapped network and loads nothing from anywhere else.
"""

from __future__ import annotations

from collections.abc import Iterable
from html import escape
from urllib.parse import quote

import pyoxigraph as ox

from vsgraph.query_catalog.queries import CatalogQuery

_STYLE = """
body { font-family: system-ui, sans-serif; margin: 2em; max-width: 70em; }
textarea { width: 100%; font-family: monospace; }
table { border-collapse: collapse; } td, th { border: 1px solid #ccc; padding: .2em .5em; text-align: left; }
pre { background: #f6f6f6; padding: .5em; overflow: auto; }
"""

_SCRIPT = """
async function run(event) {
  event.preventDefault();
  const form = event.target, out = document.getElementById('out');
  const accept = form.accept.value;
  out.textContent = 'running...';
  const response = await fetch('sparql', {method: 'POST', headers: {'Accept': accept},
    body: new URLSearchParams({query: form.query.value})});
  const text = await response.text();
  if (!response.ok || !accept.includes('json')) { out.innerHTML = ''; const pre = document.createElement('pre');
    pre.textContent = text; out.appendChild(pre); return; }
  const data = JSON.parse(text);
  if ('boolean' in data) { out.textContent = String(data.boolean); return; }
  if (!data.head) { out.innerHTML = ''; const pre = document.createElement('pre');
    pre.textContent = JSON.stringify(data, null, 2); out.appendChild(pre); return; }
  const table = document.createElement('table'), head = table.insertRow();
  for (const name of data.head.vars) { const th = document.createElement('th'); th.textContent = name; head.appendChild(th); }
  for (const row of data.results.bindings) { const tr = table.insertRow();
    for (const name of data.head.vars) { const cell = tr.insertCell(), value = row[name];
      if (value && value.type === 'uri') { const a = document.createElement('a');
        a.href = 'resource?iri=' + encodeURIComponent(value.value); a.textContent = value.value; cell.appendChild(a); }
      else { cell.textContent = value ? value.value : ''; } } }
  out.innerHTML = ''; out.appendChild(table);
}
"""

_EXAMPLE = "SELECT ?s ?p ?o WHERE { ?s ?p ?o } LIMIT 25"


def query_page(queries: Iterable[CatalogQuery], read_only: bool) -> str:
    """The page at ``/``: a SPARQL form, the catalog's questions and the other endpoints."""
    items = "\n".join(f'<li><a href="queries/{quote(q.name)}">{escape(q.name)}</a>: {escape(q.question)}</li>' for q in queries)
    mode = "read-only" if read_only else "updates accepted at /update with the update token"
    return f"""<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>vsgraph SPARQL endpoint</title><style>{_STYLE}</style></head>
<body><h1>vsgraph SPARQL endpoint</h1>
<p>SPARQL 1.1 Protocol at <code>/sparql</code> ({mode}); validation report at <a href="validate">/validate</a>;
entity descriptions at <code>/resource?iri=...</code>.</p>
<form onsubmit="run(event)"><textarea name="query" rows="10">{escape(_EXAMPLE)}</textarea><br>
<label>Answer as <select name="accept">
<option value="application/sparql-results+json">table (JSON)</option><option>text/csv</option>
<option>text/tab-separated-values</option><option>application/sparql-results+xml</option>
<option>text/turtle</option><option>application/ld+json</option><option>application/n-triples</option>
</select></label> <button>Run</button></form>
<div id="out"></div>
<h2>Catalog questions</h2><ul>
{items}
</ul><script>{_SCRIPT}</script></body></html>
"""


def entity_page(iri: str, triples: Iterable[ox.Triple]) -> str:
    """An entity's description for a browser: what it says, and what points at it."""
    rows = []
    for triple in sorted(triples, key=str):
        cells = "".join(f"<td>{_term(term, iri)}</td>" for term in (triple.subject, triple.predicate, triple.object))
        rows.append(f"<tr>{cells}</tr>")
    return f"""<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>{escape(iri)}</title><style>{_STYLE}</style></head>
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
