"""The landing page's table of value streams, with search, sort and filters that work offline.

The table is plain HTML, readable without the script; the script (inline, a few dozen
lines, no library) filters the rows by a search on the name, by kind, health band and
problem (a gap, a KPI off target), and sorts by a click on a column's heading. Each row
carries what the filters need as ``data-`` attributes and each number its raw value
(``data-v``), so sorting compares numbers, not the durations as written. Rows are kept
short, as a million-triple portfolio has thousands of them.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from decimal import Decimal
from html import escape

from vsgraph.durations import WorkingTime
from vsgraph.report.data import StreamView
from vsgraph.report.health import BANDS, Health

STYLE = """
div.filters { display: flex; flex-wrap: wrap; gap: 0.8em; align-items: center; margin: 0.5em 0; }
table.streams th { cursor: pointer; user-select: none; white-space: nowrap; }
table.streams th[aria-sort=ascending]::after { content: " \\25B2"; }
table.streams th[aria-sort=descending]::after { content: " \\25BC"; }
table.streams td.n { text-align: right; }
tr.band-good > td:first-child { border-left: 6px solid #5aa469; }
tr.band-fair > td:first-child { border-left: 6px solid #d9a520; }
tr.band-poor > td:first-child { border-left: 6px solid #c0392b; }
tr.band-unknown > td:first-child { border-left: 6px solid #bbbbbb; }
"""

SCRIPT = """(function () {
  var table = document.getElementById("stream-table"), body = table.tBodies[0];
  var rows = Array.prototype.slice.call(body.rows);
  var search = document.getElementById("stream-search"), kind = document.getElementById("stream-kind");
  var band = document.getElementById("stream-band"), problem = document.getElementById("stream-problem");
  var shown = document.getElementById("stream-shown");
  function apply() {
    var words = search.value.trim().toLowerCase(), count = 0;
    rows.forEach(function (row) {
      var keep = (!words || row.cells[0].textContent.toLowerCase().indexOf(words) >= 0)
        && (!kind.value || row.dataset.kind === kind.value)
        && (!band.value || row.dataset.band === band.value)
        && (!problem.value || row.dataset[problem.value] === "1");
      row.hidden = !keep;
      if (keep) count += 1;
    });
    shown.textContent = count + " of " + rows.length + " value streams shown";
  }
  [search, kind, band, problem].forEach(function (control) {
    control.addEventListener("input", apply);
    control.addEventListener("change", apply);
  });
  Array.prototype.forEach.call(table.tHead.rows[0].cells, function (heading, column) {
    heading.addEventListener("click", function () {
      var ascending = heading.getAttribute("aria-sort") !== "ascending";
      Array.prototype.forEach.call(table.tHead.rows[0].cells, function (other) { other.removeAttribute("aria-sort"); });
      heading.setAttribute("aria-sort", ascending ? "ascending" : "descending");
      function key(row) {
        var cell = row.cells[column], value = cell.getAttribute("data-v");
        return value === null ? cell.textContent.toLowerCase() : (value === "" ? -Infinity : parseFloat(value));
      }
      rows.sort(function (a, b) {
        var x = key(a), y = key(b);
        return (x < y ? -1 : x > y ? 1 : 0) * (ascending ? 1 : -1);
      });
      rows.forEach(function (row) { body.appendChild(row); });
    });
  });
  apply();
})();
"""

_HEADINGS = (
    "Value stream",
    "Kind",
    "Steps",
    "Flow time",
    "Flow efficiency",
    "Activity ratio",
    "Rolled %C&A",
    "Hand-offs",
    "KPIs on / off target",
    "Gaps",
)


def stream_table_html(
    streams: Sequence[StreamView],
    pages: Mapping[str, str],
    health: Mapping[str, Health],
    gaps: Mapping[str, tuple[str, ...]],
    working: WorkingTime,
) -> str:
    """The filter controls and the table of ``streams``, each linked to its page in
    ``streams/`` (``pages`` names them)."""
    options = "".join(f'<option value="{band}">{band}</option>' for band in BANDS)
    controls = (
        '<div class="filters"><label>Search <input id="stream-search" type="search" placeholder="name"></label>'
        '<label>Kind <select id="stream-kind"><option value="">all</option><option value="operational">operational'
        '</option><option value="development">development</option></select></label>'
        f'<label>Health <select id="stream-band"><option value="">all</option>{options}</select></label>'
        '<label>Problem <select id="stream-problem"><option value="">any or none</option><option value="gap">a gap'
        '</option><option value="off">a KPI off target</option></select></label><span id="stream-shown"></span></div>'
    )
    head = "".join(f"<th>{escape(text)}</th>" for text in _HEADINGS)
    body = "\n".join(
        _row(stream, pages[stream.iri], health.get(stream.iri), gaps.get(stream.iri, ()), working) for stream in streams
    )
    return f'{controls}<table id="stream-table" class="streams"><thead><tr>{head}</tr></thead><tbody>\n{body}\n</tbody></table>'


def _row(stream: StreamView, page: str, health: Health | None, gaps: tuple[str, ...], working: WorkingTime) -> str:
    band = health.band if health else "unknown"
    off = health.kpis_off_target if health else 0
    kpis = f"{health.kpis_on_target} / {off}" if health and health.kpis else "–"
    flags = f' data-gap="{int(bool(gaps))}" data-off="{int(bool(off))}"'
    cells = [
        f'<td><a href="streams/{escape(page)}">{escape(stream.label)}</a></td>',
        f"<td>{stream.kind}</td>",
        _number(Decimal(len(stream.steps)), str(len(stream.steps))),
        _number(stream.flow_minutes, working.duration(stream.flow_minutes)),
        _number(stream.flow_efficiency_percent, _percent(stream.flow_efficiency_percent)),
        _number(stream.activity_ratio_percent, _percent(stream.activity_ratio_percent)),
        _number(stream.rolled_percent_complete_accurate, _percent(stream.rolled_percent_complete_accurate)),
        _number(Decimal(stream.hand_offs), str(stream.hand_offs)),
        _number(Decimal(off), kpis),
        f'<td class="gap">{escape("; ".join(gaps))}</td>' if gaps else "<td></td>",
    ]
    return f'<tr class="band-{band}" data-kind="{stream.kind}" data-band="{band}"{flags}>{"".join(cells)}</tr>'


def _number(value: Decimal | None, text: str) -> str:
    return f'<td class="n" data-v="{"" if value is None else f"{value:f}"}">{escape(text)}</td>'


def _percent(value: Decimal | None) -> str:
    return "–" if value is None else f"{value:f}%"
