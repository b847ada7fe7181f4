// (f) `katalog serve` in headless Chromium: an open case page reloads by itself when its case
// file changes, takes a changed stylesheet without a navigation, shows a broken save in the
// error overlay over the last good page, and drops the overlay once the file is fixed. The test
// does nothing to the page between these steps: it only writes files of a copied project.

import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import {
  cleanup,
  collectErrors,
  fixtureProject,
  launchBrowser,
  newContext,
  norm,
  startServe,
  stopProcess,
} from './helpers.mjs';

const SLUG = 'suldal-grendeutval';
const CASE_FILE = `content/eksempler/${SLUG}.md`;
const CSS_FILE = 'themes/default/static/katalog.css';
/** How long a save may take to reach the open page (debounce, rebuild, event, reload). */
const LIVE_TIMEOUT = 20_000;

let root; // the copied project katalog serve watches
let serving; // the katalog serve process: { proc, origin, output() }
let origin; // http://127.0.0.1:PORT
let browser;

before(async () => {
  root = fixtureProject();
  serving = await startServe(root);
  origin = serving.origin;
  browser = await launchBrowser();
}, { timeout: 180_000 });
after(async () => {
  await browser?.close().catch(() => {});
  await stopProcess(serving?.proc);
  cleanup();
});

/** Replaces the one line of `rel` (in the copied project) that matches `re` by `line`. */
function editLine(rel, re, line) {
  const file = path.join(root, rel);
  const text = fs.readFileSync(file, 'utf8');
  assert.match(text, re, `${rel} has no line matching ${re}`);
  fs.writeFileSync(file, text.replace(re, line));
}

/** The case page's <h1>, normalized. */
const h1 = (page) => page.locator('h1.case__title').textContent().then(norm);

/** Waits until the page's open stream of live events has been answered by the server. */
function eventsOpened(page) {
  const opened = page.waitForResponse((r) => new URL(r.url()).pathname === '/__katalog/events', {
    timeout: LIVE_TIMEOUT,
  });
  opened.catch(() => {}); // awaited later; no unhandled rejection if the test fails before that
  return opened;
}

describe('katalog serve: live reload, stylesheet swap and error overlay', () => {
  test('an open case page follows saves of its case file and the stylesheet', { timeout: 150_000 }, async () => {
    const context = await newContext(browser, origin);
    try {
      const page = await context.newPage();
      page.errors = collectErrors(page);
      let navigations = 0;
      page.on('framenavigated', (f) => {
        if (f === page.mainFrame()) navigations += 1;
      });

      // 1. The page as first served, with the live script listening.
      let opened = eventsOpened(page);
      const res = await page.goto(`${origin}/eksempler/${SLUG}/`, { waitUntil: 'load' });
      assert.equal(res.status(), 200);
      await opened;
      const oldTitle = 'Suldal: grendeutval gjev bygdene ei eiga stemme i kommunen';
      assert.equal(await h1(page), oldTitle);
      assert.ok(
        (await page.title()).startsWith(`${oldTitle} – `),
        `document.title is ${JSON.stringify(await page.title())}`,
      );
      assert.equal(
        await page.locator('script[src="/__katalog/live.js"]').count(),
        1,
        'the live script is injected once',
      );

      // 2. A new title: the page reloads by itself and shows it.
      const newTitle = 'Suldal: grendeutval med ny tittel frå testen';
      await page.evaluate(() => {
        window.__marker = 1;
      });
      let before = navigations;
      opened = eventsOpened(page);
      editLine(CASE_FILE, /^title: .*$/m, `title: "${newTitle}"`);
      await page.waitForFunction(
        (t) => document.querySelector('h1.case__title')?.textContent.trim() === t,
        newTitle,
        { timeout: LIVE_TIMEOUT, polling: 50 },
      );
      await page.waitForLoadState('load');
      await opened;
      assert.ok(navigations > before, 'the page was reloaded');
      assert.equal(await page.evaluate(() => window.__marker), undefined, 'a reload clears window.__marker');
      assert.equal(await h1(page), newTitle);
      assert.ok((await page.title()).startsWith(`${newTitle} – `), `document.title is ${await page.title()}`);

      // 3. A changed stylesheet: the computed style changes, without a navigation.
      const sentinel = 'rgb(1, 2, 3)';
      const outline = () => page.evaluate(() => getComputedStyle(document.body).outlineColor);
      assert.notEqual(await outline(), sentinel);
      await page.evaluate(() => {
        window.__marker = 1;
      });
      before = navigations;
      fs.appendFileSync(path.join(root, CSS_FILE), `\nbody { outline: 7px solid ${sentinel} }\n`);
      await page.waitForFunction(
        (c) => getComputedStyle(document.body).outlineColor === c,
        sentinel,
        { timeout: LIVE_TIMEOUT, polling: 50 },
      );
      assert.equal(await page.evaluate(() => window.__marker), 1, 'the page was not reloaded');
      assert.equal(navigations, before, 'no navigation');
      assert.equal(await page.evaluate(() => getComputedStyle(document.body).outlineWidth), '7px');
      const sheet = await page.evaluate(
        () => document.querySelector('link[rel="stylesheet"][href*="katalog.css"]').href,
      );
      assert.match(sheet, /\/static\/katalog\.css\?v=\d+$/);

      // 4. A broken save: the overlay names the file and the key; the last good page stays.
      before = navigations;
      editLine(CASE_FILE, /^model_types: .*$/m, 'model_types: [ukjend]');
      const overlay = page.locator('#katalog-error-overlay');
      await overlay.waitFor({ state: 'visible', timeout: LIVE_TIMEOUT });
      const text = await overlay.textContent();
      assert.ok(text.includes(`${CASE_FILE}:`), `the overlay names ${CASE_FILE}: ${text}`);
      assert.ok(text.includes('error[model_types[0]]'), `the overlay names the key: ${text}`);
      assert.equal(await page.evaluate(() => window.__marker), 1, 'the page was not reloaded');
      assert.equal(navigations, before, 'no navigation');
      assert.equal(await h1(page), newTitle, 'the last good page stays behind the overlay');
      assert.equal(await outline(), sentinel, 'the new stylesheet stays');

      // 5. The fix: the page reloads and the overlay is gone.
      opened = eventsOpened(page);
      editLine(CASE_FILE, /^model_types: .*$/m, 'model_types: [naerdemokrati, politisk-organisering]');
      await page.waitForFunction(() => window.__marker === undefined, null, {
        timeout: LIVE_TIMEOUT,
        polling: 50,
      });
      await page.waitForLoadState('load');
      await opened;
      assert.equal(await overlay.count(), 0, 'no overlay after the fix');
      assert.equal(await h1(page), newTitle);
      assert.equal(await outline(), sentinel);

      // 6. Nothing went wrong on the page.
      // Every reload ends the old page's open event stream: that abort is expected.
      const streamAborted = `request failed: ${origin}/__katalog/events (net::ERR_ABORTED)`;
      assert.deepEqual(
        page.errors.filter((e) => e.startsWith('console.error')),
        [],
        'console errors',
      );
      assert.deepEqual(
        page.errors.filter((e) => e !== streamAborted),
        [],
        'page errors, failed requests, HTTP errors',
      );
      assert.deepEqual(context.blocked, [], 'requests off the loopback server');
    } catch (e) {
      e.message += `\n--- katalog serve stderr ---\n${serving.output()}`;
      throw e;
    } finally {
      await context.close().catch(() => {});
    }
  });
});
