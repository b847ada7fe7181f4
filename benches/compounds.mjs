// What the query-side compound split (src/search/query/alternatives.rs, `compound`) costs and
// brings, over a query set on a built site's search bundle, under node:
//
//   node benches/compounds.mjs SITE/search benches/queries.txt
//
// For every word of every query (search.js's own analysis): whether its term is in the index,
// and if not, whether it is the last word typed short (some term begins with it), or else
// whether the index holds it only inside longer terms (a term that begins or ends with it:
// `grendeutval` inside `grendeutvalsordning`); then each query twice, with the split
// and without (meta.json's rules.compound_few set to 0, so that no word is split), each with a
// fresh client: the files it reads, their bytes (raw and gzipped, level 6, as the benchmark's
// server sends them), the results and the ms (performance.now around search(), files read from
// memory so that the disk is not timed; the median of 5). Prints one line per query where the
// two differ, and the totals.

import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { bundleReader, loadClient, readQueries } from './node_client.mjs';

const KatalogSearch = loadClient();
const [bundle, queriesFile] = process.argv.slice(2);
if (!bundle || !queriesFile) {
  process.stderr.write('usage: node benches/compounds.mjs SITE/search QUERIES.txt\n');
  process.exit(2);
}
const { read, gzipped } = bundleReader(bundle);

function client(split, seen) {
  return KatalogSearch.open({
    base: '',
    load: (path) => {
      seen.add(path);
      const text = read(path);
      if (path !== 'meta.json.gz' || split) return Promise.resolve(text);
      const meta = JSON.parse(text);
      meta.rules.compound_few = 0;
      return Promise.resolve(meta);
    },
  });
}

async function run(query, split) {
  const seen = new Set();
  const answer = await client(split, seen).search(query, { limit: 10 });
  const times = [];
  for (let i = 0; i < 5; i++) {
    const index = client(split, new Set());
    const t = performance.now();
    await index.search(query, { limit: 10 });
    times.push(performance.now() - t);
  }
  times.sort((a, b) => a - b);
  const list = [...seen];
  return {
    total: answer.total,
    files: list.length,
    bytes: list.reduce((n, p) => n + Buffer.byteLength(read(p)), 0),
    gzip: list.reduce((n, p) => n + gzipped(p), 0),
    ms: times[2],
  };
}

const terms = new Set();
for (const name of readdirSync(join(bundle, 'lengths'))) {
  for (const t of JSON.parse(read(join('lengths', name))).terms) terms.add(t);
}
const all = [...terms];
const queries = readQueries(queriesFile);

const analyzer = KatalogSearch;
const rules = JSON.parse(read('meta.json.gz')).rules;
let words = 0;
let known = 0;
let inside = 0;
let typed = 0;
const insideWords = [];
const sums = { with: { bytes: 0, gzip: 0, ms: 0 }, without: { bytes: 0, gzip: 0, ms: 0 } };
const changed = [];
for (const q of queries) {
  for (const w of KatalogSearch.searchWords(analyzer, q, rules)) {
    if (w.prefixOnly) continue;
    words++;
    if (terms.has(w.term)) known++;
    else if (w.prefix && all.some((t) => t.startsWith(w.term) || t.startsWith(w.lower))) typed++;
    else if (all.some((t) => t.startsWith(w.term) || t.endsWith(w.term))) {
      inside++;
      insideWords.push(w.lower);
    }
  }
  const a = await run(q, true);
  const b = await run(q, false);
  for (const [side, r] of [['with', a], ['without', b]]) {
    sums[side].bytes += r.bytes;
    sums[side].gzip += r.gzip;
    sums[side].ms += r.ms;
  }
  if (a.total !== b.total || a.files !== b.files) changed.push([q, a, b]);
}

console.log(`${queries.length} queries, ${words} words: ${known} are index terms, ${typed} typed prefixes of ` +
  `terms (the last word, matched as a prefix), ${inside} neither but inside longer terms ` +
  `(${(100 * inside / words).toFixed(1)} %), ${words - known - typed - inside} none of these`);
console.log(`words only inside compounds: ${insideWords.join(', ')}`);
console.log(`\n${'query'.padEnd(34)} ${'results with/without'.padStart(20)} ${'files'.padStart(9)} ` +
  `${'gzip kB'.padStart(13)} ${'ms'.padStart(13)}`);
for (const [q, a, b] of changed) {
  console.log(`${q.padEnd(34)} ${`${a.total} / ${b.total}`.padStart(20)} ${`${a.files} / ${b.files}`.padStart(9)} ` +
    `${`${(a.gzip / 1000).toFixed(1)} / ${(b.gzip / 1000).toFixed(1)}`.padStart(13)} ` +
    `${`${a.ms.toFixed(1)} / ${b.ms.toFixed(1)}`.padStart(13)}`);
}
const f = (s) => `${(s.bytes / 1000).toFixed(0)} kB raw, ${(s.gzip / 1000).toFixed(0)} kB gzipped, ${s.ms.toFixed(0)} ms`;
console.log(`\nover the set, with the split: ${f(sums.with)}; without: ${f(sums.without)}`);
console.log(`queries the split changes: ${changed.length} (results or files)`);
