// The browser half of benches/search_vs_pagefind.py: the bytes a cold browser downloads for a
// search, and the time the search takes in the page, for katalog's client and Pagefind's, in
// headless Chromium (playwright-core and the flags of tests/browser/helpers.mjs), counted
// through the DevTools protocol.
//
//   node benches/search_in_browser.mjs CONFIG.json
//
// CONFIG: {"site": katalog's built site, "mounts": {"/pagefind/": a Pagefind bundle, ...},
//          "engines": [{"name", "kind": "katalog" | "pagefind", "base": URL path of the bundle,
//                       "gzip": true | false}],
//          "queries": [...], "primer": a query run before each query for the "second query"
//          figures, "runs": N, "limit": 10}
// Prints one JSON object: per engine and query the medians (and all runs) of
//   cold: a fresh browser context, nothing loaded: the engine's code, its index files and the
//         data of the first `limit` results (what a results list shows);
//   second: the same in a fresh context after `primer` has been searched (code and shared
//         files loaded, only the query's own files are new);
//   focused: a fresh context in which the engine was opened first, as a search page opens it
//         when its search box gets focus (katalog: the two scripts, `open` and `prepare()`,
//         which loads meta.json; Pagefind: pagefind.js and `init()`, which loads its entry,
//         WebAssembly and metadata), then the query: bytes as `cold` (the opening included),
//         ms of the query alone;
//   warm: the same query once more in the page that ran `cold` (nothing left to download);
// each with `bytes` (per request Network.loadingFinished's encodedDataLength, page and workers
// alike: bytes on the wire, response headers included, after content encoding; see
// networkCounter), `body` (the response bodies as the server sent them), `requests` and
// `files` (each request with its bytes) and `ms` (performance.now() in the page around the
// whole step, loading the engine's code included when the step loads it).
//
// The server: loopback, HTTP/1.1, `cache-control: no-store`. With "gzip", responses of text
// types (.js, .json, .html, .css) are gzip-compressed (zlib level 6, compressed once and kept,
// so compression is never inside a timing after the warm-up); Pagefind's .pagefind/.pf_* files
// are gzip data already and are served as they are, which is how Pagefind expects a static
// host to serve them.

import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import zlib from 'node:zlib';
import { CHROMIUM, CHROMIUM_ARGS } from '../tests/browser/helpers.mjs';
import { chromium } from 'playwright-core';

const config = JSON.parse(fs.readFileSync(process.argv[2], 'utf8'));

const TYPES = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.json': 'application/json',
  '.css': 'text/css; charset=utf-8',
};

/** The test pages, one per engine kind, served from /__bench/. */
const PAGES = {
  katalog: `<!doctype html><html lang="nb"><meta charset="utf-8"><link rel="icon" href="data:,"><title>katalog</title><script>
// katalog's client as the built site loads it: static/search/stemmer.js and search.js, plain
// scripts fetched side by side and run in order (as the pages' defer scripts are), and
// KatalogSearch.open on the site's search/ folder; search() fetches the files of the query's
// words, the facets of the matching documents and the result documents (title, URL, snippet
// source) of the page shown.
function load(src) {
  return new Promise((ok, fail) => {
    const s = document.createElement('script');
    s.src = src; s.async = false; s.onload = ok; s.onerror = () => fail(new Error('cannot load ' + src));
    document.head.append(s);
  });
}
async function open(base) {
  if (!window.benchIndex) {
    await Promise.all([load('/static/search/stemmer.js'), load('/static/search/search.js')]);
    window.benchIndex = KatalogSearch.open({ base: new URL(base, location.href).href });
  }
}
window.benchPrepare = async (base) => {
  await open(base);
  await window.benchIndex.prepare();
};
window.benchSearch = async (base, query, limit) => {
  const t0 = performance.now();
  await open(base);
  const r = await window.benchIndex.search(query, { limit });
  const ms = performance.now() - t0;
  // When each file was asked for and had arrived, ms after the start (the page's own fetches).
  const timeline = performance.getEntriesByType('resource').filter((e) => e.startTime >= t0)
    .map((e) => [new URL(e.name).pathname, Math.round(e.startTime - t0), Math.round(e.responseEnd - t0)]);
  performance.clearResourceTimings();
  return { ms, total: r.total, titles: r.results.map((x) => x.title), timeline,
           marked: r.results.reduce((n, x) => n + x.snippet.filter((p) => p.match).length, 0) };
};
</script></html>`,
  pagefind: `<!doctype html><html lang="nb"><meta charset="utf-8"><link rel="icon" href="data:,"><title>pagefind</title><script>
// Pagefind's JS API as its documentation shows it: import pagefind.js, search(), then data()
// of the results a list shows (title, URL, excerpt with the words marked).
window.benchPrepare = async (base) => {
  window.benchIndex = await import(base + 'pagefind.js');
  await window.benchIndex.init();
};
window.benchSearch = async (base, query, limit) => {
  const t0 = performance.now();
  if (!window.benchIndex) window.benchIndex = await import(base + 'pagefind.js');
  const s = await window.benchIndex.search(query);
  const data = await Promise.all(s.results.slice(0, limit).map((r) => r.data()));
  const ms = performance.now() - t0;
  return { ms, total: s.results.length, titles: data.map((d) => d.meta.title),
           marked: data.reduce((n, d) => n + (d.excerpt.match(/<mark>/g) || []).length, 0) };
};
</script></html>`,
};

// ---- the server ---------------------------------------------------------------------------

const gzipped = new Map();
let served = []; // [path, body bytes] since the last reset

function resolve(urlPath) {
  for (const [prefix, dir] of Object.entries(config.mounts || {})) {
    if (urlPath.startsWith(prefix)) return path.join(dir, urlPath.slice(prefix.length));
  }
  return path.join(config.site, urlPath);
}

function startServer(gzip) {
  const server = http.createServer((req, res) => {
    const url = new URL(req.url, 'http://127.0.0.1');
    const p = decodeURIComponent(url.pathname);
    let body;
    let type;
    if (p.startsWith('/__bench/')) {
      body = Buffer.from(PAGES[p.slice('/__bench/'.length).replace(/\.html$/, '')] || '');
      type = TYPES['.html'];
    } else {
      let file = resolve(p);
      if (p.endsWith('/')) file = path.join(file, 'index.html');
      if (!p.includes('..') && fs.existsSync(file) && fs.statSync(file).isFile()) {
        body = fs.readFileSync(file);
        type = TYPES[path.extname(file)];
      }
    }
    if (!body || body.length === 0) {
      res.writeHead(404, { 'content-type': 'text/plain' });
      res.end('404\n');
      return;
    }
    const headers = { 'content-type': type || 'application/octet-stream', 'cache-control': 'no-store' };
    if (gzip && type && /gzip/.test(req.headers['accept-encoding'] || '')) {
      if (!gzipped.has(p)) gzipped.set(p, zlib.gzipSync(body, { level: 6 }));
      body = gzipped.get(p);
      headers['content-encoding'] = 'gzip';
    }
    headers['content-length'] = body.length;
    served.push([p, body.length]);
    res.writeHead(200, headers);
    res.end(body);
  });
  return new Promise((ok) => server.listen(0, '127.0.0.1', () => ok(server)));
}

// ---- the DevTools protocol: the page's requests and its workers' ------------------------

/**
 * Counts the bytes of every request of `context`: its pages' and their dedicated workers'.
 * Workers are separate DevTools targets whose fetches never reach the page's Network domain,
 * and a CDPSession of our own attaches to them too late (playwright-core resumes a new worker
 * before our Network.enable arrives, so a worker's first fetches would be missed), so this
 * reads playwright-core's own Network events, which it takes from every target, page and
 * worker: request.sizes() is Network.loadingFinished's encodedDataLength split into headers
 * and body (bytes on the wire, after any content encoding).
 */
function networkCounter(context) {
  let pending = [];
  let failed = [];
  context.on('requestfinished', (req) => {
    pending.push(
      req.sizes().then((s) => ({
        path: new URL(req.url()).pathname,
        headers: s.responseHeadersSize,
        body: s.responseBodySize,
      })),
    );
  });
  context.on('requestfailed', (req) => failed.push(req.url()));
  return {
    reset() {
      pending = [];
      failed = [];
      served = [];
    },
    async settle() {
      // requestfinished may trail the promise that consumed the data by a few milliseconds.
      await new Promise((r) => setTimeout(r, 100));
      if (failed.length) throw new Error(`requests failed: ${failed.join(', ')}`);
      // Chromium reports no body for a dedicated worker's own script (Pagefind's
      // pagefind-worker.js): a file counts with the body the server sent when that is larger.
      const sent = new Map(served);
      const files = (await Promise.all(pending)).map((f) => [
        f.path,
        f.headers + Math.max(f.body, sent.get(f.path) || 0),
      ]);
      return {
        bytes: files.reduce((n, f) => n + f[1], 0),
        body: served.reduce((n, f) => n + f[1], 0),
        requests: files.length,
        files,
      };
    },
  };
}

// ---- the runs -----------------------------------------------------------------------------

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};

async function step(page, counter, engine, query, prepare = false) {
  counter.reset();
  if (prepare) await page.evaluate((b) => window.benchPrepare(b), engine.base);
  const r = await page.evaluate(([b, q, l]) => window.benchSearch(b, q, l), [engine.base, query, config.limit]);
  return { ...r, ...(await counter.settle()) };
}

async function fresh(browser, origin, engine) {
  const context = await browser.newContext({ serviceWorkers: 'block' });
  const page = await context.newPage();
  const errors = [];
  page.on('pageerror', (e) => errors.push(String(e)));
  page.on('console', (m) => m.type() === 'error' && errors.push(m.text()));
  page.on('response', (r) => r.status() >= 400 && errors.push(`HTTP ${r.status()} ${r.url()}`));
  const counter = networkCounter(context);
  await page.goto(`${origin}/__bench/${engine.kind}.html`, { waitUntil: 'load' });
  return { context, page, counter, errors };
}

async function measure(browser, origin, engine, query) {
  const cold = await fresh(browser, origin, engine);
  const c = await step(cold.page, cold.counter, engine, query);
  const w = await step(cold.page, cold.counter, engine, query);
  await cold.context.close();
  const second = await fresh(browser, origin, engine);
  await step(second.page, second.counter, engine, config.primer);
  const s = await step(second.page, second.counter, engine, query);
  await second.context.close();
  const focused = await fresh(browser, origin, engine);
  const f = await step(focused.page, focused.counter, engine, query, true);
  await focused.context.close();
  const errors = [...cold.errors, ...second.errors, ...focused.errors];
  if (errors.length) throw new Error(`${engine.name} "${query}": ${errors.join('; ')}`);
  return { cold: c, second: s, focused: f, warm: w };
}

const browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: CHROMIUM_ARGS });
const out = { engines: {} };
try {
  for (const engine of config.engines) {
    const server = await startServer(engine.gzip);
    const origin = `http://127.0.0.1:${server.address().port}`;
    try {
      // Warm-up: the disk cache, the server's gzip cache, Chromium's code caches of nothing
      // (every measured run is a new context).
      for (const q of [config.primer, ...config.queries]) await measure(browser, origin, engine, q);
      const result = {};
      for (const q of config.queries) {
        const runs = [];
        for (let i = 0; i < config.runs; i++) runs.push(await measure(browser, origin, engine, q));
        const summary = {};
        for (const kind of ['cold', 'second', 'focused', 'warm']) {
          summary[kind] = {
            bytes: median(runs.map((r) => r[kind].bytes)),
            body: median(runs.map((r) => r[kind].body)),
            requests: median(runs.map((r) => r[kind].requests)),
            ms: median(runs.map((r) => r[kind].ms)),
            all_ms: runs.map((r) => Math.round(r[kind].ms * 10) / 10),
            files: runs[0][kind].files,
          };
        }
        summary.total = runs[0].cold.total;
        summary.timeline = runs[0].cold.timeline;
        summary.titles = runs[0].cold.titles.slice(0, 3);
        summary.marked = runs[0].cold.marked;
        result[q] = summary;
      }
      out.engines[engine.name] = result;
    } finally {
      server.closeAllConnections?.();
      server.close();
    }
  }
} finally {
  await browser.close();
}
process.stdout.write(`${JSON.stringify(out)}\n`);
