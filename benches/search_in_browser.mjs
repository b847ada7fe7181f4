// The browser half of benches/search_vs_pagefind.py: the bytes a cold browser downloads for a
// search, and the time the search takes in the page, for katalog's client and Pagefind's, in
// headless Chromium (the binary and flags of tests/browser/helpers.mjs).
//
//   node benches/search_in_browser.mjs CONFIG.json
//
// CONFIG: {"site": katalog's built site, "mounts": {"/pagefind/": a Pagefind bundle, ...},
//          "engines": [{"name", "kind": "katalog" | "pagefind", "base": URL path of the bundle,
//                       "gzip": true | false}],
//          "queries": [...], "primer": a query run before each query for the "second query"
//          figures, "runs": N, "limit": 10, optional "link": {"rtt_ms", "kbit_s"}, optional
//          "second": false (no second-query step) and "warmup": false (warm up with the primer
//          and the first query only, not every query: for a long query set)}
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
// `files` (each request with its bytes), `ms` and `all_ms` (performance.now() in the page
// around the whole step, loading the engine's code included when the step loads it) and
// `instrumented_ms` (the same, from the runs that count the bytes; for comparison only), and
// (katalog) `timelines`, each timing run's requests as [path, asked ms, arrived ms]; and from
// the first run's counted cold step `total`, `titles`, `marked` and (katalog) `timeline`.
//
// Two kinds of runs, one of each per measurement, the same steps in each:
//   - the counting runs: playwright-core, whose network events give the bytes, and which also
//     fail the run on any page error, console error or HTTP status >= 400. playwright-core
//     enables the DevTools Network domain on every page and worker, so Chromium reports each
//     request to it as it happens; on this 2-core machine that costs a few ms per request
//     (a cold katalog query took 57-106 ms counted, 30-89 ms not counted), so the `ms` of
//     these runs is kept only as `instrumented_ms`;
//   - the timing runs, which give `ms`: a second Chromium (same binary and flags) driven over
//     --remote-debugging-pipe with nothing but Target.createBrowserContext, createTarget,
//     attachToTarget, Runtime.evaluate and Target.disposeBrowserContext: no domain is enabled,
//     so the page runs as it does with no DevTools attached, as a visitor's browser does. The
//     page is opened when its load event has passed; ms is the value window.benchSearch returns
//     (the page's own performance.now()). A timing run must give the same result titles as the
//     counting run of the same measurement, and its evaluations must not throw.
// In both, cold, second and focused each start in a new browser context (no cache, no code
// cache of the engine), warm in cold's page; the two browsers run the same steps in turn. Each
// page is left IDLE_MS after its load event before its first step (see idleAfterLoad).
//
// The server is a child process of this script (the script itself with --serve), so that no
// request waits for the driver's event loop (playwright-core's, or the pipe's) nor the other
// way round: loopback, HTTP/1.1, `cache-control: no-store`. With "gzip", responses of text
// types (.js, .json, .html, .css) are gzip-compressed (zlib level 6, compressed once and kept,
// so compression is never inside a timing after the warm-up); Pagefind's .pagefind/.pf_* files
// are gzip data already and are served as they are, which is how Pagefind expects a static
// host to serve them. It reports the bodies it sent over IPC (see networkCounter.settle).
// With "link", it serves as over a slow link, the visitor's connection to a distant host: each
// response is sent no sooner than rtt_ms after its request, and the responses share kbit_s,
// one after another in the order they were asked for (the body's bytes, headers left out; no
// TCP slow start, handshakes or upload time). The same for every engine, workers included.

import { fork, spawn } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import zlib from 'node:zlib';

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

/** Waits IDLE_MS after a page's load event, before its first step. Chromium is still busy
 *  for a while after a new context's page has loaded (here also with the previous context's
 *  teardown), and on this 2-core machine that work shared the CPU with a search started at
 *  once: cold katalog queries took 32-45 ms (medians of 7, three queries, two rounds) without
 *  the wait and 18-39 ms with it, the same steps. A visitor searches seconds after the page
 *  has loaded, not within a millisecond. The wait is outside every timing and the same for
 *  every engine. */
const IDLE_MS = 300;
const idleAfterLoad = () => new Promise((r) => setTimeout(r, IDLE_MS));

// ---- the server (a child process: node search_in_browser.mjs --serve CONFIG gzip) --------

function serve(configPath, gzip) {
  const config = JSON.parse(fs.readFileSync(configPath, 'utf8'));
  const gzipped = new Map();
  let served = []; // [path, body bytes] since the driver last took the list
  const link = config.link || null;
  let linkFree = 0; // when the link has sent the responses asked for so far (performance.now())

  const resolve = (urlPath) => {
    for (const [prefix, dir] of Object.entries(config.mounts || {})) {
      if (urlPath.startsWith(prefix)) return path.join(dir, urlPath.slice(prefix.length));
    }
    return path.join(config.site, urlPath);
  };

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
    const reply = () => {
      served.push([p, body.length]);
      res.writeHead(200, headers);
      res.end(body);
    };
    if (!link) return reply();
    // One link for the whole browser: a response starts a round trip after its request at the
    // soonest, and holds the link for its bytes after the responses before it.
    const now = performance.now();
    const start = Math.max(now + link.rtt_ms, linkFree);
    linkFree = start + (body.length * 8) / link.kbit_s;
    setTimeout(reply, linkFree - now);
  });
  // {take: id} -> {id, served}: the bodies sent since the last take. A body is listed before
  // its first byte is written, so a take after the page has the response lists it.
  process.on('message', (m) => {
    if (m && m.take !== undefined) {
      process.send({ id: m.take, served });
      served = [];
    }
  });
  process.on('disconnect', () => process.exit(0)); // the driver is gone
  server.listen(0, '127.0.0.1', () => process.send({ port: server.address().port }));
}

/**
 * Requests to a child process, each answered by its id: ask(what, send) calls send(id) and
 * resolves to the answer (or fails after 60 s); all fail once the process is gone (fail(e)).
 */
function requests() {
  const waiting = new Map();
  let next = 0;
  let failure = null;
  return {
    get failed() {
      return failure;
    },
    ask(what, send) {
      if (failure) return Promise.reject(failure);
      const id = ++next;
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => {
          waiting.delete(id);
          reject(new Error(`${what}: no answer in 60 s`));
        }, 60_000);
        waiting.set(id, {
          what,
          resolve: (r) => (clearTimeout(timer), resolve(r)),
          reject: (e) => (clearTimeout(timer), reject(e)),
        });
        send(id);
      });
    },
    /** Settles request id with value, or with error (a message) if one is given. */
    answer(id, value, error) {
      const w = waiting.get(id);
      if (!w) return;
      waiting.delete(id);
      if (error) w.reject(new Error(`${w.what}: ${error}`));
      else w.resolve(value);
    },
    fail(e) {
      failure = e;
      for (const w of waiting.values()) w.reject(e);
      waiting.clear();
    },
  };
}

/** Starts the server process; resolves to {origin, take(): Promise<[path, bytes][]>, close()}. */
function startServer(configPath, gzip) {
  const child = fork(fileURLToPath(import.meta.url), ['--serve', configPath, gzip ? '1' : '0'], {
    stdio: ['ignore', 'ignore', 'inherit', 'ipc'], // stdout is this script's JSON
  });
  const pending = requests();
  return new Promise((ok, fail) => {
    child.on('message', (m) => {
      if (m.port) {
        ok({
          origin: `http://127.0.0.1:${m.port}`,
          take: () => pending.ask('the served list', (id) => child.send({ take: id })),
          close() {
            if (pending.failed) return Promise.resolve();
            return new Promise((resolve) => {
              child.once('exit', resolve);
              child.kill();
            });
          },
        });
      } else {
        pending.answer(m.id, m.served);
      }
    });
    child.on('exit', (code, signal) => {
      pending.fail(new Error(`the server process exited (${signal || code})`));
      fail(pending.failed);
    });
  });
}

// ---- the counting runs: playwright-core's network events, page and workers ----------------

/**
 * Counts the bytes of every request of `context`: its pages' and their dedicated workers'.
 * Workers are separate DevTools targets whose fetches never reach the page's Network domain,
 * and a CDPSession of our own attaches to them too late (playwright-core resumes a new worker
 * before our Network.enable arrives, so a worker's first fetches would be missed), so this
 * reads playwright-core's own Network events, which it takes from every target, page and
 * worker: request.sizes() is Network.loadingFinished's encodedDataLength split into headers
 * and body (bytes on the wire, after any content encoding).
 */
function networkCounter(context, server) {
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
    async reset() {
      pending = [];
      failed = [];
      await server.take();
    },
    async settle() {
      // requestfinished may trail the promise that consumed the data by a few milliseconds.
      await new Promise((r) => setTimeout(r, 100));
      if (failed.length) throw new Error(`requests failed: ${failed.join(', ')}`);
      const served = await server.take();
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

async function step(page, counter, engine, query, limit, prepare = false) {
  await counter.reset();
  if (prepare) await page.evaluate((b) => window.benchPrepare(b), engine.base);
  const r = await page.evaluate(([b, q, l]) => window.benchSearch(b, q, l), [engine.base, query, limit]);
  return { ...r, ...(await counter.settle()) };
}

async function fresh(browser, server, engine) {
  const context = await browser.newContext({ serviceWorkers: 'block' });
  const page = await context.newPage();
  const errors = [];
  page.on('pageerror', (e) => errors.push(String(e)));
  page.on('console', (m) => m.type() === 'error' && errors.push(m.text()));
  page.on('response', (r) => r.status() >= 400 && errors.push(`HTTP ${r.status()} ${r.url()}`));
  const counter = networkCounter(context, server);
  await page.goto(`${server.origin}/__bench/${engine.kind}.html`, { waitUntil: 'load' });
  await idleAfterLoad();
  return { context, page, counter, errors };
}

/** One measurement with byte counts: {cold, second, focused, warm}. */
async function counted(browser, server, engine, query, config) {
  const cold = await fresh(browser, server, engine);
  const c = await step(cold.page, cold.counter, engine, query, config.limit);
  const w = await step(cold.page, cold.counter, engine, query, config.limit);
  await cold.context.close();
  const errors = [...cold.errors];
  const out = { cold: c, focused: null, warm: w };
  if (config.second !== false) {
    const second = await fresh(browser, server, engine);
    await step(second.page, second.counter, engine, config.primer, config.limit);
    out.second = await step(second.page, second.counter, engine, query, config.limit);
    await second.context.close();
    errors.push(...second.errors);
  }
  const focused = await fresh(browser, server, engine);
  out.focused = await step(focused.page, focused.counter, engine, query, config.limit, true);
  await focused.context.close();
  errors.push(...focused.errors);
  if (errors.length) throw new Error(`${engine.name} "${query}": ${errors.join('; ')}`);
  return out;
}

// ---- the timing runs: Chromium over --remote-debugging-pipe, no domain enabled -------------

/**
 * Chromium with a fresh profile, driven through its DevTools pipe (fd 3 the browser's input,
 * fd 4 its output, JSON messages ended by a NUL byte). Only commands are sent and only their
 * answers are read: no domain is enabled, so Chromium sends no events about the page.
 */
function pipeBrowser(executable, args) {
  const profile = fs.mkdtempSync(path.join(os.tmpdir(), 'katalog-bench-chromium-'));
  const argv = [...args, '--remote-debugging-pipe', `--user-data-dir=${profile}`, 'about:blank'];
  const proc = spawn(executable, argv, {
    stdio: ['ignore', 'ignore', 'ignore', 'pipe', 'pipe'],
    detached: true, // its own process group, to see when all of its processes are gone
  });
  const input = proc.stdio[3];
  const output = proc.stdio[4];
  const pending = requests();
  let partial = [];
  output.on('data', (chunk) => {
    let start = 0;
    for (let end; (end = chunk.indexOf(0, start)) !== -1; start = end + 1) {
      partial.push(chunk.subarray(start, end));
      const m = JSON.parse(Buffer.concat(partial).toString('utf8'));
      partial = [];
      if (m.id === undefined) continue; // an event (none are asked for)
      pending.answer(m.id, m.result, m.error && `${m.error.message} ${m.error.data || ''}`);
    }
    if (start < chunk.length) partial.push(chunk.subarray(start));
  });
  input.on('error', () => {}); // EPIPE when Chromium is gone: the exit handler reports it
  const gone = new Promise((resolve) => proc.on('exit', resolve).on('error', resolve));
  proc.on('exit', (code, signal) => pending.fail(new Error(`Chromium exited (${signal || code})`)));
  proc.on('error', (e) => pending.fail(e));

  function send(method, params = {}, sessionId = undefined) {
    return pending.ask(method, (id) => input.write(`${JSON.stringify({ id, method, params, sessionId })}\0`));
  }

  return {
    /** A page at `url` in a new browser context, once its load event has passed. */
    async open(url) {
      const { browserContextId } = await send('Target.createBrowserContext');
      const { targetId } = await send('Target.createTarget', { url, browserContextId });
      const { sessionId } = await send('Target.attachToTarget', { targetId, flatten: true });
      const evaluate = async (expression) => {
        const params = { expression, awaitPromise: true, returnByValue: true };
        const r = await send('Runtime.evaluate', params, sessionId);
        if (r.exceptionDetails) {
          const d = r.exceptionDetails;
          throw new Error(`${expression}: ${d.exception?.description || d.text}`);
        }
        return r.result.value;
      };
      // Until the page (not the initial about:blank) has loaded; an evaluation may fail while
      // the navigation replaces the document.
      const ready = `document.readyState === 'complete' && typeof window.benchSearch === 'function'
        && location.href === ${JSON.stringify(url)}`;
      for (let t0 = Date.now(); !(await evaluate(ready).catch(() => false)); ) {
        if (Date.now() - t0 > 15_000) throw new Error(`${url} did not load in 15 s`);
        await new Promise((r) => setTimeout(r, 20));
      }
      await idleAfterLoad();
      return { evaluate, close: () => send('Target.disposeBrowserContext', { browserContextId }) };
    },
    /** Closes the pipe, on which Chromium shuts down, and waits for its processes to end. */
    async close() {
      input.end();
      const kill = setTimeout(() => proc.kill('SIGKILL'), 10_000);
      await gone;
      clearTimeout(kill);
      for (let i = 0; proc.pid !== undefined; i++) {
        try {
          process.kill(-proc.pid, i < 100 ? 0 : 'SIGKILL'); // renderers may outlive the browser a moment
        } catch {
          break; // the group is empty
        }
        await new Promise((r) => setTimeout(r, 50));
      }
      fs.rmSync(profile, { recursive: true, force: true });
    },
  };
}

/** One measurement with times only: {cold, second, focused, warm}, the steps of counted(). */
async function timed(browser, server, engine, query, config) {
  const call = (fn, ...args) => `window.${fn}(${args.map((a) => JSON.stringify(a)).join(', ')})`;
  const search = (q) => call('benchSearch', engine.base, q, config.limit);
  const url = `${server.origin}/__bench/${engine.kind}.html`;
  const cold = await browser.open(url);
  const c = await cold.evaluate(search(query));
  const w = await cold.evaluate(search(query));
  await cold.close();
  const out = { cold: c, focused: null, warm: w };
  if (config.second !== false) {
    const second = await browser.open(url);
    await second.evaluate(search(config.primer));
    out.second = await second.evaluate(search(query));
    await second.close();
  }
  const focused = await browser.open(url);
  await focused.evaluate(call('benchPrepare', engine.base));
  out.focused = await focused.evaluate(search(query));
  await focused.close();
  return out;
}

// ---- the runs -----------------------------------------------------------------------------

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};

const KINDS = ['cold', 'second', 'focused', 'warm'];
/** The steps a config measures: all, or without `second` when "second" is false. */
const kindsOf = (config) => KINDS.filter((k) => k !== 'second' || config.second !== false);

/** A counting run and a timing run of `query`; throws unless both found the same titles. */
async function measure(browsers, server, engine, query, config) {
  const c = await counted(browsers.counting, server, engine, query, config);
  const t = await timed(browsers.timing, server, engine, query, config);
  for (const kind of kindsOf(config)) {
    const [a, b] = [JSON.stringify(c[kind].titles), JSON.stringify(t[kind].titles)];
    if (a !== b) throw new Error(`${engine.name} "${query}" ${kind}: counted ${a}, timed ${b}`);
  }
  return { counted: c, timed: t };
}

async function drive(configPath) {
  const config = JSON.parse(fs.readFileSync(configPath, 'utf8'));
  const { CHROMIUM, CHROMIUM_ARGS } = await import('../tests/browser/helpers.mjs');
  const { chromium } = await import('playwright-core');
  const out = { engines: {} };
  const browsers = {};
  try {
    browsers.counting = await chromium.launch({
      executablePath: CHROMIUM,
      headless: true,
      args: CHROMIUM_ARGS,
    });
    browsers.timing = pipeBrowser(CHROMIUM, CHROMIUM_ARGS);
    for (const engine of config.engines) {
      const server = await startServer(configPath, engine.gzip);
      try {
        // Warm-up: the disk cache, the server's gzip cache, Chromium's code caches of nothing
        // (every measured run is a new context).
        const warmup = config.warmup === false ? [config.primer, config.queries[0]] : [config.primer, ...config.queries];
        for (const q of warmup) {
          await measure(browsers, server, engine, q, config);
        }
        const result = {};
        for (const q of config.queries) {
          const runs = [];
          for (let i = 0; i < config.runs; i++) runs.push(await measure(browsers, server, engine, q, config));
          const summary = {};
          for (const kind of kindsOf(config)) {
            const counts = runs.map((r) => r.counted[kind]);
            const times = runs.map((r) => r.timed[kind]);
            summary[kind] = {
              bytes: median(counts.map((r) => r.bytes)),
              body: median(counts.map((r) => r.body)),
              requests: median(counts.map((r) => r.requests)),
              ms: median(times.map((r) => r.ms)),
              all_ms: times.map((r) => Math.round(r.ms * 10) / 10),
              instrumented_ms: median(counts.map((r) => r.ms)),
              files: counts[0].files,
              timelines: times.map((r) => r.timeline),
            };
          }
          const first = runs[0].counted.cold;
          summary.total = first.total;
          summary.timeline = first.timeline;
          summary.titles = first.titles.slice(0, 3);
          summary.marked = first.marked;
          result[q] = summary;
        }
        out.engines[engine.name] = result;
      } finally {
        await server.close();
      }
    }
  } finally {
    await browsers.counting?.close();
    await browsers.timing?.close();
  }
  process.stdout.write(`${JSON.stringify(out)}\n`);
}

if (process.argv[2] === '--serve') serve(process.argv[3], process.argv[4] === '1');
else await drive(process.argv[2]);
