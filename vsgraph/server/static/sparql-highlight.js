// SPARQL syntax highlighting for the query page: one pass of one regular expression over the
// text, each token wrapped in a <span class="tok-KIND">. Written here rather than taken from
// an editor library so that the page stays one self-contained file that loads nothing.
// Kinds: comment, string, iri, variable, pname (prefixed name), keyword, number.
const SPARQL_KEYWORDS = new Set((
  'BASE PREFIX SELECT CONSTRUCT DESCRIBE ASK WHERE FROM NAMED DISTINCT REDUCED AS ORDER BY ASC DESC ' +
  'LIMIT OFFSET GROUP HAVING VALUES OPTIONAL UNION MINUS GRAPH SERVICE SILENT FILTER BIND UNDEF NOT ' +
  'EXISTS IN A TRUE FALSE INSERT DELETE DATA WITH USING DEFAULT ALL LOAD CLEAR DROP CREATE ADD MOVE ' +
  'COPY INTO TO COUNT SUM MIN MAX AVG SAMPLE GROUP_CONCAT SEPARATOR STR LANG LANGMATCHES DATATYPE ' +
  'BOUND IRI URI BNODE RAND ABS CEIL FLOOR ROUND CONCAT STRLEN UCASE LCASE ENCODE_FOR_URI CONTAINS ' +
  'STRSTARTS STRENDS STRBEFORE STRAFTER YEAR MONTH DAY HOURS MINUTES SECONDS TIMEZONE TZ NOW UUID ' +
  'STRUUID MD5 SHA1 SHA256 SHA384 SHA512 COALESCE IF STRLANG STRDT SAMETERM ISIRI ISURI ISBLANK ' +
  'ISLITERAL ISNUMERIC REGEX SUBSTR REPLACE'
).split(' '));

const SPARQL_TOKEN = new RegExp([
  String.raw`(?<comment>#[^\n]*)`,
  String.raw`(?<string>"""[\s\S]*?(?:"""|$)|'''[\s\S]*?(?:'''|$)|"(?:[^"\\\n]|\\.)*"?|'(?:[^'\\\n]|\\.)*'?)`,
  String.raw`(?<iri><[^<>"{}|^\x60\\\s]*>)`,
  String.raw`(?<variable>[?$][\p{L}\p{N}_]+)`,
  String.raw`(?<pname>(?:\p{L}[\p{L}\p{N}_.\-]*)?:(?:[\p{L}\p{N}_:%\-](?:[\p{L}\p{N}_.:%\-]*[\p{L}\p{N}_:%\-])?)?)`,
  String.raw`(?<word>[\p{L}_][\p{L}\p{N}_]*)`,
  String.raw`(?<number>\d+(?:\.\d*)?(?:[eE][+\-]?\d+)?|\.\d+(?:[eE][+\-]?\d+)?)`,
].join('|'), 'gu');

function escapeHtml(text) {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

// The tokens of a SPARQL text, as [kind, text] pairs; kind '' for what is not highlighted.
function sparqlTokens(text) {
  const tokens = [];
  let done = 0;
  for (const match of text.matchAll(SPARQL_TOKEN)) {
    if (match.index > done) tokens.push(['', text.slice(done, match.index)]);
    let kind = Object.keys(match.groups).find((name) => match.groups[name] !== undefined);
    if (kind === 'word') kind = SPARQL_KEYWORDS.has(match[0].toUpperCase()) ? 'keyword' : '';
    tokens.push([kind, match[0]]);
    done = match.index + match[0].length;
  }
  if (done < text.length) tokens.push(['', text.slice(done)]);
  return tokens;
}

// The text as HTML, each highlighted token in its span.
function highlightSparql(text) {
  return sparqlTokens(text)
    .map(([kind, token]) => (kind ? `<span class="tok-${kind}">${escapeHtml(token)}</span>` : escapeHtml(token)))
    .join('');
}
