// The bytes a cold client fetches for each query of a query set, under node, no browser (the
// quick mode of the benchmarks, benches/quick.py):
//
//   node benches/cold_bytes.mjs katalog SITE QUERIES.txt
//   node benches/cold_bytes.mjs pagefind BUNDLE QUERIES.txt
//
// katalog: the search scripts the site's search page loads (its <script> tags under
// static/search/) and every file of SITE/search/ that a fresh KatalogSearch.open asks for to
// show the first 10 results (node_client.mjs: the theme's own client, so the figures follow
// format changes). Pagefind: its pagefind.js and pagefind-worker.js (a browser's worker loads
// it), then what a fresh instance of pagefind.js fetches for search() and data() of the
// first 10 results, through a fetch() that reads the bundle from disk. Bytes as a gzipping
// host sends them: text (.js, .json, .css, .html) gzipped at level 6, as
// search_in_browser.mjs's server does; Pagefind's own files are gzip data already and count as
// they are. Response headers are left out (the browser harness counts them too).
// Prints one JSON object: {query: {bytes, files, total}}.

import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { gzipSync } from 'node:zlib';
import { bundleReader, loadClient, readQueries } from './node_client.mjs';

const TEXT = /\.(js|json|css|html)$/;
const sent = (file) => {
  const body = readFileSync(file);
  return TEXT.test(file) ? gzipSync(body, { level: 6 }).length : body.length;
};

async function katalog(site, queries) {
  const page = readFileSync(join(site, 'sok', 'index.html'), 'utf8');
  const scripts = [...page.matchAll(/<script src="[^"]*?(static\/search\/[^"]+\.js)"/g)].map((m) => m[1]);
  if (scripts.length === 0) throw new Error(`no search scripts in ${site}/sok/index.html`);
  const code = scripts.reduce((n, s) => n + sent(join(site, s)), 0);
  const KatalogSearch = loadClient();
  const { read, gzipped } = bundleReader(join(site, 'search'));
  const out = {};
  for (const q of queries) {
    const seen = new Set();
    const index = KatalogSearch.open({
      base: '',
      load: (path) => {
        seen.add(path);
        return Promise.resolve(read(path));
      },
    });
    const r = await index.search(q, { limit: 10 });
    const files = [...seen];
    out[q] = { bytes: code + files.reduce((n, p) => n + gzipped(p), 0), files: files.length + scripts.length, total: r.total };
  }
  return out;
}

async function pagefind(bundle, queries) {
  let fetched = [];
  globalThis.fetch = async (input) => {
    const url = new URL(typeof input === 'string' ? input : input.url);
    const file = fileURLToPath(url.href.split('?')[0]);
    fetched.push(sent(file));
    return new Response(readFileSync(file), { status: 200 });
  };
  const entry = pathToFileURL(join(bundle, 'pagefind.js')).href;
  const worker = join(bundle, 'pagefind-worker.js');
  const scripts = [join(bundle, 'pagefind.js'), ...(existsSync(worker) ? [worker] : [])];
  const code = scripts.reduce((n, s) => n + sent(s), 0);
  const out = {};
  let n = 0;
  for (const q of queries) {
    fetched = [];
    // A new module instance per query: nothing loaded, as in a cold page.
    const pf = await import(`${entry}?cold=${n++}`);
    await pf.options({});
    const s = await pf.search(q);
    await Promise.all(s.results.slice(0, 10).map((r) => r.data()));
    out[q] = { bytes: code + fetched.reduce((a, b) => a + b, 0), files: fetched.length + scripts.length, total: s.results.length };
    await pf.destroy?.();
  }
  return out;
}

const [engine, dir, queriesFile] = process.argv.slice(2);
if (!['katalog', 'pagefind'].includes(engine) || !dir || !queriesFile) {
  process.stderr.write('usage: node benches/cold_bytes.mjs katalog|pagefind SITE|BUNDLE QUERIES.txt\n');
  process.exit(2);
}
const queries = readQueries(queriesFile);
const result = engine === 'katalog' ? await katalog(dir, queries) : await pagefind(dir, queries);
process.stdout.write(JSON.stringify(result) + '\n');
