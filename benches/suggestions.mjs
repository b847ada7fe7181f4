// What the suggestions of a query that finds nothing cost the browser (rule 7,
// static/search/suggest.js), over the queries of a query set that find nothing, under node on
// a built site's search bundle:
//
//   node benches/suggestions.mjs SITE/search QUERIES.txt
//
// Each such query with a fresh client, search() alone and search() then suggest() (as the
// page asks, once the empty list is shown): the files read and their gzipped bytes, suggest.js
// itself (fetched once, the first time a query finds nothing) counted apart, and the ms
// (performance.now around both calls, files from memory, the median of 5); per query and the
// totals.

import { bundleReader, loadClient, readQueries, scriptBytes } from './node_client.mjs';

const [bundle, queriesFile] = process.argv.slice(2);
if (!bundle || !queriesFile) {
  process.stderr.write('usage: node benches/suggestions.mjs SITE/search QUERIES.txt\n');
  process.exit(2);
}
const { read, gzipped } = bundleReader(bundle);
const KatalogSearch = loadClient();

/** search(), then suggest() too if `suggest` and nothing was found. */
async function ask(index, query, suggest) {
  const answer = await index.search(query, { limit: 10 });
  if (suggest && answer.total === 0) answer.suggestions = await index.suggest(query, {});
  return answer;
}

async function run(side, query) {
  const seen = new Set();
  const open = (into) =>
    KatalogSearch.open({
      base: '',
      load: (path) => {
        into.add(path);
        return Promise.resolve(read(path));
      },
    });
  const answer = await ask(open(seen), query, side === 'with');
  const times = [];
  for (let i = 0; i < 5; i++) {
    const index = open(new Set());
    const t = performance.now();
    await ask(index, query, side === 'with');
    times.push(performance.now() - t);
  }
  times.sort((a, b) => a - b);
  const files = [...seen];
  return { answer, files: files.length, gzip: files.reduce((n, p) => n + gzipped(p), 0), ms: times[2] };
}

const script = scriptBytes('suggest.js');
console.log(`suggest.js: ${(script / 1000).toFixed(1)} kB gzipped, fetched once, the first time a query finds nothing`);
console.log(`${'query that finds nothing'.padEnd(34)} ${'offered'.padStart(9)} ${'files'.padStart(9)} ` +
  `${'gzip kB'.padStart(13)} ${'extra kB'.padStart(9)} ${'ms'.padStart(13)}`);
const extra = [];
for (const q of readQueries(queriesFile)) {
  const b = await run('without', q);
  if (b.answer.total > 0) continue;
  const a = await run('with', q);
  const s = a.answer.suggestions;
  const offered = s ? `${s.nearest.length}/${s.without ? 1 : 0}/${s.terms.length}` : '-';
  extra.push(a.gzip - b.gzip);
  console.log(`${q.padEnd(34)} ${offered.padStart(9)} ${`${a.files} / ${b.files}`.padStart(9)} ` +
    `${`${(a.gzip / 1000).toFixed(1)} / ${(b.gzip / 1000).toFixed(1)}`.padStart(13)} ` +
    `${((a.gzip - b.gzip) / 1000).toFixed(1).padStart(9)} ${`${a.ms.toFixed(1)} / ${b.ms.toFixed(1)}`.padStart(13)}`);
}
extra.sort((x, y) => x - y);
const at = (p) => extra[Math.max(0, Math.ceil((p / 100) * extra.length) - 1)];
if (extra.length) {
  console.log(`\n${extra.length} queries found nothing; the suggestions' own files, gzipped: p50 ` +
    `${(at(50) / 1000).toFixed(1)} kB, p95 ${(at(95) / 1000).toFixed(1)} kB, worst ` +
    `${(extra[extra.length - 1] / 1000).toFixed(1)} kB (offered: nearest/without/terms), plus suggest.js once`);
}
