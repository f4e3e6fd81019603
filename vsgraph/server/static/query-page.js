// The query page: an editor that highlights as it is typed, the catalog's questions loaded
// into it by a click, vsgraph's prefixes declared as `vsgraph sparql` declares them, and the
// answer shown as a table. Needs sparql-highlight.js.
const editor = document.getElementById('query');
const highlighted = document.getElementById('highlighted');
const out = document.getElementById('out');
const PREFIXES = JSON.parse(document.getElementById('prefixes').textContent);
const CATALOG = JSON.parse(document.getElementById('catalog-texts').textContent);
// `PREFIX name:` in any case, as SPARQL allows (the pattern vsgraph sparql looks for).
const DECLARED_PREFIX = /(?<![\w?$])prefix\s+([A-Za-z][\w.\-]*)?:/giu;

function showHighlight() {
  // A final line feed would not give the <pre> a last line: add a space for it.
  highlighted.innerHTML = highlightSparql(editor.value.endsWith('\n') ? editor.value + ' ' : editor.value);
  highlighted.parentElement.scrollTop = editor.scrollTop;
}

// The query with a line declaring every vsgraph prefix it does not declare itself.
function withPrefixes(text) {
  const declared = new Set([...text.matchAll(DECLARED_PREFIX)].map((match) => match[1] || ''));
  const missing = Object.entries(PREFIXES).filter(([name]) => !declared.has(name));
  return missing.map(([name, namespace]) => `PREFIX ${name}: <${namespace}>`).join(' ') + (missing.length ? '\n' : '');
}

function shown(node) {
  out.replaceChildren(node);
}

function message(text, className) {
  const pre = document.createElement('pre');
  pre.textContent = text;
  if (className) pre.className = className;
  return pre;
}

// An IRI as people read it: the prefixed name when a vsgraph prefix covers it.
function compact(iri) {
  for (const [name, namespace] of Object.entries(PREFIXES)) {
    const local = iri.slice(namespace.length);
    if (iri.startsWith(namespace) && /^[\w.\-]*$/u.test(local)) return `${name}:${local}`;
  }
  return iri;
}

function resultsTable(data) {
  const table = document.createElement('table');
  table.className = 'results';
  const head = table.createTHead().insertRow();
  for (const name of data.head.vars) {
    const th = document.createElement('th');
    th.textContent = name;
    head.appendChild(th);
  }
  const body = table.createTBody();
  for (const row of data.results.bindings) {
    const tr = body.insertRow();
    for (const name of data.head.vars) {
      const cell = tr.insertCell();
      const value = row[name];
      if (value && value.type === 'uri') {
        const link = document.createElement('a');
        link.href = 'resource?iri=' + encodeURIComponent(value.value);
        link.title = value.value;
        link.textContent = compact(value.value);
        cell.appendChild(link);
      } else {
        cell.textContent = value ? value.value : '';
      }
    }
  }
  const wrapper = document.createElement('div');
  const count = data.results.bindings.length;
  wrapper.append(message(`${count} row${count === 1 ? '' : 's'}`, 'count'), table);
  return wrapper;
}

async function run(event) {
  event.preventDefault();
  const accept = document.getElementById('accept').value;
  const prologue = withPrefixes(editor.value);
  shown(message('running...'));
  const response = await fetch('sparql', {
    method: 'POST',
    headers: {Accept: accept},
    body: new URLSearchParams({query: prologue + editor.value}),
  });
  let text = await response.text();
  if (!response.ok) {
    // Positions in the user's text, not counting the line of declarations put before it.
    const lines = prologue ? 1 : 0;
    text = text.replace(/^error at (\d+):(\d+)/, (all, line, column) => `error at ${line - lines}:${column}`);
    shown(message(text, 'error'));
    return;
  }
  if (!accept.includes('json')) return shown(message(text));
  const data = JSON.parse(text);
  if ('boolean' in data) return shown(message(String(data.boolean)));
  if (!data.head) return shown(message(JSON.stringify(data, null, 2)));
  shown(resultsTable(data));
}

function load(name) {
  editor.value = CATALOG[name];
  showHighlight();
  editor.focus();
  editor.setSelectionRange(0, 0);
  editor.scrollIntoView({block: 'nearest'});
}

editor.addEventListener('input', showHighlight);
editor.addEventListener('scroll', () => { highlighted.parentElement.scrollTop = editor.scrollTop; });
editor.addEventListener('keydown', (event) => {
  if (event.key === 'Enter' && (event.ctrlKey || event.metaKey)) document.getElementById('run').click();
});
document.getElementById('form').addEventListener('submit', run);
for (const button of document.querySelectorAll('#catalog button[data-name]')) {
  button.addEventListener('click', () => load(button.dataset.name));
}
showHighlight();
