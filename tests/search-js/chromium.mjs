// Chromium driver for tests/search_parity.rs: the same requests and answers as search.mjs, but
// answered by the built site itself in headless Chromium.
//
//   node tests/search-js/chromium.mjs < requests
//
// Each stdin line is a JSON request {"dir": ".../output/search", "query": "...",
// "filters": {"KEY": ["SLUG"]}, "limit": 10}; each stdout line is the answer as JSON (with
// suggest()'s "suggestions" when it found nothing, null otherwise, as the CLI's), or
// {"error": "..."} when the client rejected the request. The site folder (the parent of `dir`)
// is served on loopback like a static host (tests/browser/helpers.mjs), its front page is
// opened, and the queries run in that page through the search client the page itself loaded
// (its <script> tags: static/search/stemmer.js, static/search/search.js; search.js fetches
// suggest.js when a query first finds nothing), fetching the bundle
// over HTTP from the path the page's own script uses (data-root + "search/"). One browser for
// the whole run, one page and one client per site folder, every query of a folder in one
// page.evaluate. Exits 2 with a message when playwright-core or Chromium is missing, or when
// the page logs an error.

import { readFileSync } from 'node:fs';
import path from 'node:path';

function fail(message) {
  process.stderr.write(`chromium.mjs: ${message}\n`);
  process.exit(2);
}

let helpers;
try {
  helpers = await import('../browser/helpers.mjs');
} catch (e) {
  fail(
    `cannot load the browser test helpers (${e.message}); run tests/run, which installs ` +
      'node_modules (npm ci) and Chromium before the Rust tests',
  );
}
const { launchBrowser, newContext, serve, collectErrors } = helpers;

const requests = readFileSync(0, 'utf8')
  .split('\n')
  .filter((l) => l !== '')
  .map((l) => JSON.parse(l));

// Site folder -> the indices of its requests, in order of first appearance.
const bySite = new Map();
requests.forEach((request, i) => {
  if (path.basename(request.dir) !== 'search') fail(`"dir" must be a site's search/ folder: ${request.dir}`);
  const site = path.dirname(request.dir);
  if (!bySite.has(site)) bySite.set(site, []);
  bySite.get(site).push(i);
});

let browser;
try {
  browser = await launchBrowser();
} catch (e) {
  fail(`cannot start Chromium (${e.message}); run tests/run, which installs it`);
}

const answers = new Array(requests.length);
try {
  for (const [site, indices] of bySite) {
    const server = await serve(site);
    try {
      const context = await newContext(browser, server.url);
      const page = await context.newPage();
      const errors = collectErrors(page);
      await page.goto(`${server.url}/`, { waitUntil: 'load' });
      const batch = indices.map((i) => ({
        query: requests[i].query,
        filters: requests[i].filters,
        limit: requests[i].limit,
      }));
      const lines = await page.evaluate(async (batch) => {
        const ks = window.KatalogSearch;
        if (!ks || typeof ks.open !== 'function' || typeof ks.analyzeTokens !== 'function') {
          throw new Error('the front page did not load the search client (window.KatalogSearch)');
        }
        const panel = document.getElementById('filter-panel');
        const root = new URL(panel.getAttribute('data-root') || './', location.href);
        const index = ks.open({ base: new URL('search/', root).href });
        const out = [];
        for (const r of batch) {
          try {
            const options = { filters: r.filters, limit: r.limit };
            const answer = await index.search(r.query, options);
            answer.suggestions = answer.total === 0 ? await index.suggest(r.query, options) : null;
            out.push(JSON.stringify(answer));
          } catch (e) {
            out.push(JSON.stringify({ error: String(e && e.message ? e.message : e) }));
          }
        }
        return out;
      }, batch);
      lines.forEach((line, j) => {
        answers[indices[j]] = line;
      });
      // A failed fetch or a script error would be an answer no user gets.
      if (errors.length) throw new Error(`errors in the page of ${site}:\n  ${errors.join('\n  ')}`);
      if (context.blocked.length) throw new Error(`the page asked for other hosts: ${context.blocked.join(', ')}`);
      await context.close();
    } finally {
      await server.close();
    }
  }
} catch (e) {
  await browser.close().catch(() => {});
  fail(e.message || String(e));
}
await browser.close();
process.stdout.write(answers.map((a) => `${a}\n`).join(''));
