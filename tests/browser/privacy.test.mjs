// No third parties, no cookies, and a Content-Security-Policy that Chromium enforces (issue 35):
// every page type of the bundled site (the front page, a case, each facet and one of its terms,
// /sok/ with and without words, /kommune/ and a municipality, /trykk/, the about page and the
// not-found page; the feeds and data files are not pages) is loaded, its scripts run to the end
// (the filter view and the booklet say when they are ready; the search box and the
// municipality chooser are used), and the test fails on any request to another origin, any
// cookie, any localStorage or IndexedDB write, any sessionStorage key the site does not
// document, and any CSP violation. A script and an image from another origin put into a page
// are refused by the policy, while the site's own scripts run.
// The editors' form at /admin/ is excepted: it is Decap CMS, loaded from unpkg.com, with no
// policy of its own; it is not part of the published site a reader sees (tests/browser/admin.test.mjs).

import assert from 'node:assert/strict';
import fs from 'node:fs';
import http from 'node:http';
import { after, before, test } from 'node:test';
import {
  buildSite,
  cleanup,
  fixtureProject,
  htmlPages,
  launchBrowser,
  newContext,
  openData,
  serve,
} from './helpers.mjs';

/**
 * The sessionStorage keys the site may write (per tab, gone with it: no consent needed), each
 * documented in themes/README.md, by the prefix of their key: the comparison's chosen cases
 * (`katalog-compare:` and the site's path, static/compare.js). A feature that keeps something
 * for the tab adds its key here and documents it. Cookies, localStorage and IndexedDB are never
 * allowed.
 */
const SESSION_KEY_PREFIXES = ['katalog-compare:'];
const SESSION_KEYS = { has: (key) => SESSION_KEY_PREFIXES.some((p) => String(key).startsWith(p)) };

/** Records, before any script of the page runs, every storage and cookie write and every CSP
    violation into window.__privacy, and `katalog:ready` / `katalog:booklet` as promises. */
function instrument() {
  const log = { writes: [], violations: [] };
  Object.defineProperty(window, '__privacy', { value: log });
  const storageName = (s) => (s === window.localStorage ? 'localStorage' : 'sessionStorage');
  for (const method of ['setItem', 'removeItem', 'clear']) {
    const original = Storage.prototype[method];
    Storage.prototype[method] = function (...args) {
      log.writes.push({ kind: storageName(this), method, key: args[0] });
      return original.apply(this, args);
    };
  }
  const cookie = Object.getOwnPropertyDescriptor(Document.prototype, 'cookie');
  Object.defineProperty(Document.prototype, 'cookie', {
    get() {
      return cookie.get.call(this);
    },
    set(value) {
      log.writes.push({ kind: 'cookie', method: 'document.cookie', key: String(value).split('=')[0] });
      cookie.set.call(this, value);
    },
  });
  if (window.cookieStore) {
    const set = window.cookieStore.set;
    window.cookieStore.set = function (...args) {
      log.writes.push({ kind: 'cookie', method: 'cookieStore.set', key: String(args[0]?.name ?? args[0]) });
      return set.apply(this, args);
    };
  }
  const open = IDBFactory.prototype.open;
  IDBFactory.prototype.open = function (...args) {
    log.writes.push({ kind: 'indexedDB', method: 'open', key: String(args[0]) });
    return open.apply(this, args);
  };
  if (window.caches) {
    const cacheOpen = CacheStorage.prototype.open;
    CacheStorage.prototype.open = function (...args) {
      log.writes.push({ kind: 'caches', method: 'open', key: String(args[0]) });
      return cacheOpen.apply(this, args);
    };
  }
  document.addEventListener('securitypolicyviolation', (e) => {
    log.violations.push(`${e.violatedDirective} refused ${e.blockedURI || '(inline)'} at ${e.sourceFile}:${e.lineNumber}`);
  });
  const once = (name) => new Promise((resolve) => document.addEventListener(name, resolve, { once: true }));
  Object.defineProperty(window, '__ready', { value: once('katalog:ready') });
  Object.defineProperty(window, '__booklet', { value: once('katalog:booklet') });
}

let site;
let server;
let browser;

before(async () => {
  site = buildSite();
  server = await serve(site, { prefix: new URL(openData(site).base_url).pathname });
  browser = await launchBrowser();
}, { timeout: 180_000 });

after(async () => {
  await browser?.close();
  await server?.close();
  cleanup();
});

/** One page of each type, as paths under the site: [path, what to do once it has loaded]. */
function pageTypes() {
  const pages = htmlPages(site);
  const data = openData(site);
  const list = [
    ['/', 'filters'],
    [`/${data.cases[0].url.replace(data.base_url, '')}`, null],
    ['/sok/', 'filters'],
    ['/sok/?q=ungdomsr%C3%A5d&fylke=akershus', 'filters'],
    ['/kommune/', 'chooser'],
    ['/kommune/suldal/', null],
    ['/trykk/', 'booklet'],
    ['/trykk/?q=innbyggerpanel', 'booklet'],
    ['/om/', null],
    ['/finst-ikkje/', 'missing'],
  ];
  // Every facet (the five of data/facets.json, derived ones too) and one of its terms.
  const facets = JSON.parse(fs.readFileSync(`${site}/data/facets.json`, 'utf8')).facets;
  for (const { key } of facets) {
    list.push([`/${key}/`, null]);
    const term = pages.find((p) => p.startsWith(`/${key}/`) && p !== `/${key}/`);
    assert.ok(term, `a term page of ${key}`);
    list.push([term, null]);
  }
  return list;
}

/** Loads `p` in `context`, runs what the page does, and returns its log and the other origins
    it asked for. */
async function visit(context, p, action) {
  const page = await context.newPage();
  const foreign = [];
  const origin = new URL(server.url).origin;
  page.on('request', (req) => {
    const u = req.url();
    if (!u.startsWith(`${origin}/`) && !u.startsWith('data:')) foreign.push(u);
  });
  const res = await page.goto(`${server.url}${p}`, { waitUntil: 'load' });
  assert.equal(res.status(), action === 'missing' ? 404 : 200, `${p} answered ${res.status()}`);
  if (action === 'filters') {
    await page.evaluate(() => window.__ready);
    await page.locator('#search-q').fill('medvirkning');
    await page.locator('#search-q').press('Enter');
    await page.locator('#results:not([aria-busy])').waitFor();
    await page.locator('#case-list li').first().waitFor();
  } else if (action === 'chooser') {
    await page.locator('#kommune-q').pressSequentially('sul');
    await page.getByRole('option', { name: /^Suldal/ }).waitFor();
  } else if (action === 'booklet') {
    await page.evaluate(() => window.__booklet);
  }
  const state = await page.evaluate(async () => ({
    log: window.__privacy,
    cookie: document.cookie,
    local: Object.keys(localStorage),
    session: Object.keys(sessionStorage),
    databases: indexedDB.databases ? (await indexedDB.databases()).map((d) => d.name) : [],
  }));
  await page.close();
  return { ...state, foreign };
}

test('no page type asks another origin for anything, sets a cookie or stores anything, or breaks its CSP', { timeout: 300_000 }, async () => {
  const context = await newContext(browser, server.url);
  await context.addInitScript(instrument);
  const problems = [];
  try {
    const types = pageTypes();
    for (const [p, action] of types) {
      const s = await visit(context, p, action);
      const say = (what) => problems.push(`${p}: ${what}`);
      for (const u of s.foreign) say(`asked another origin for ${u}`);
      for (const w of s.log.writes) {
        if (!(w.kind === 'sessionStorage' && SESSION_KEYS.has(w.key))) say(`wrote ${w.kind} (${w.method} ${w.key})`);
      }
      for (const v of s.log.violations) say(`CSP violation: ${v}`);
      if (s.cookie) say(`document.cookie is ${s.cookie}`);
      if (s.local.length) say(`localStorage holds ${s.local.join(', ')}`);
      for (const k of s.session) if (!SESSION_KEYS.has(k)) say(`sessionStorage holds ${k}`);
      if (s.databases.length) say(`IndexedDB holds ${s.databases.join(', ')}`);
    }
    assert.ok(types.length >= 20, `${types.length} pages`);
    const cookies = await context.cookies();
    if (cookies.length) problems.push(`the browser holds cookies: ${cookies.map((c) => c.name).join(', ')}`);
    if (context.blocked.length) problems.push(`requests to other origins: ${context.blocked.join(', ')}`);
  } finally {
    await context.close();
  }
  assert.deepEqual(problems, []);
});

test('the checks can fail: a cookie, a localStorage write and an unlisted sessionStorage key are each caught', { timeout: 60_000 }, async () => {
  const context = await newContext(browser, server.url);
  await context.addInitScript(instrument);
  try {
    const page = await context.newPage();
    await page.goto(`${server.url}/om/`, { waitUntil: 'load' });
    await page.evaluate(() => {
      document.cookie = 'sporing=1';
      localStorage.setItem('sporing', '1');
      sessionStorage.setItem('ukjent', '1');
    });
    const log = await page.evaluate(() => window.__privacy);
    assert.deepEqual(
      log.writes.map((w) => `${w.kind} ${w.key}`),
      ['cookie sporing', 'localStorage sporing', 'sessionStorage ukjent'],
    );
    assert.equal((await context.cookies()).length, 1);
  } finally {
    await context.close();
  }
});

/** A server on 127.0.0.2, another origin, that counts what it is asked for. */
function foreignServer() {
  const asked = [];
  const srv = http.createServer((req, res) => {
    asked.push(req.url);
    res.writeHead(200, { 'content-type': req.url.endsWith('.js') ? 'text/javascript' : 'image/png' });
    res.end(req.url.endsWith('.js') ? 'window.__foreign = true;' : '');
  });
  return new Promise((resolve) => {
    srv.listen(0, '127.0.0.2', () => {
      resolve({
        origin: `http://127.0.0.2:${srv.address().port}`,
        asked,
        close: () => new Promise((r) => { srv.closeAllConnections?.(); srv.close(() => r()); }),
      });
    });
  });
}

test('a script and an image from another origin in a page are refused by its CSP; the site\'s own scripts run', { timeout: 180_000 }, async () => {
  const foreign = await foreignServer();
  try {
    // Content may link an image from anywhere: the policy keeps the reader's browser from asking.
    const root = fixtureProject();
    const file = `${root}/content/om.md`;
    fs.appendFileSync(file, `\n\n![Eit bilete frå ein annan stad](${foreign.origin}/bilete.png)\n`);
    const fixture = buildSite({ root });
    const local = await serve(fixture);
    const context = await newContext(browser, local.url);
    await context.addInitScript(instrument);
    try {
      const page = await context.newPage();
      await page.goto(`${local.url}/`, { waitUntil: 'load' });
      await page.evaluate(() => window.__ready);
      assert.ok(await page.locator('#filter-form').count(), "the site's own script ran: the filter form is there");
      // A script put into the page by anything but the site (a hostile extension, an injection).
      await page.evaluate((src) => {
        const s = document.createElement('script');
        s.src = src;
        document.head.appendChild(s);
      }, `${foreign.origin}/inn.js`);
      await page.waitForFunction(() => window.__privacy.violations.length >= 1);
      assert.equal(await page.evaluate(() => window.__foreign), undefined, 'the foreign script did not run');
      await page.goto(`${local.url}/om/`, { waitUntil: 'load' });
      await page.waitForFunction(() => window.__privacy.violations.length >= 1);
      const about = await page.evaluate(() => window.__privacy.violations);
      assert.match(about[0], new RegExp(`^img-src refused ${foreign.origin}/bilete.png`));
      assert.deepEqual(foreign.asked, [], 'the other origin was never asked');
      assert.deepEqual(context.blocked, [], 'the policy, not the test, stopped the requests');
    } finally {
      await context.close();
      await local.close();
    }
  } finally {
    await foreign.close();
  }
});
