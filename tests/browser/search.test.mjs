// The search box of the front page in headless Chromium: results as you type, the same ranked
// list as `katalog search`, matched words marked as text, facet counts and URL following the
// words and the filters, reload and Back, one history entry per typed query, a hostile query.

import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { after, before, describe, test } from 'node:test';
import {
  KATALOG,
  PROJECT,
  buildSite,
  cleanup,
  collectErrors,
  launchBrowser,
  newContext,
  serve,
} from './helpers.mjs';

let site;
let server;
let browser;

before(async () => {
  site = buildSite();
  server = await serve(site);
  browser = await launchBrowser();
}, { timeout: 180_000 });
after(async () => {
  await browser?.close();
  await server?.close();
  cleanup();
});

/** `katalog search --json` over the index the build above stored in PROJECT/.katalog-cache. */
function cli(query, filters = {}, n = 30) {
  const args = ['search', '--json', '-n', String(n), '--root', PROJECT];
  for (const [key, values] of Object.entries(filters)) {
    for (const v of values) args.push('--filter', `${key}=${v}`);
  }
  args.push('--', query);
  return JSON.parse(execFileSync(KATALOG, args, { encoding: 'utf8' }));
}

async function openFront(context, query = '') {
  const page = await context.newPage();
  page.errors = collectErrors(page);
  await page.goto(`${server.url}/${query}`, { waitUntil: 'load' });
  await page.locator('input[type=checkbox][name=modelltype]').first().waitFor({ state: 'attached' });
  return page;
}

/** Titles, snippets (text and marked words), the count and the checkbox counts on the page. */
function shown(page) {
  return page.evaluate(() => {
    const cards = [...document.querySelectorAll('#case-list > li')].map((li) => ({
      title: (li.querySelector('h3')?.textContent ?? '').replace(/\s+/g, ' ').trim(),
      snippet: li.querySelector('.card__snippet')?.textContent ?? null,
      marks: [...li.querySelectorAll('.card__snippet mark')].map((m) => m.textContent),
      elements: [...(li.querySelector('.card__snippet')?.children ?? [])].map((c) => c.localName),
    }));
    const counts = {};
    for (const input of document.querySelectorAll('input[type=checkbox]')) {
      const label = document.querySelector(`label[for="${input.id}"]`);
      const m = /\(([\d\s\u00a0]+)\)\s*$/.exec(label?.textContent ?? '');
      counts[`${input.name}=${input.value}`] = m ? Number(m[1].replace(/\D/g, '')) : null;
    }
    return {
      cards,
      counts,
      count: document.getElementById('result-count')?.textContent.trim(),
      live: document.getElementById('result-count')?.getAttribute('aria-live'),
      url: location.search,
    };
  });
}

/** Waits until the cards are exactly `titles`. */
async function settle(page, titles, what) {
  try {
    await page.waitForFunction(
      (titles) => {
        const now = [...document.querySelectorAll('#case-list > li')].map((li) =>
          (li.querySelector('h3')?.textContent ?? '').replace(/\s+/g, ' ').trim(),
        );
        return JSON.stringify(now) === JSON.stringify(titles);
      },
      titles,
      { timeout: 10_000, polling: 50 },
    );
  } catch {
    assert.fail(`${what}: expected the cards ${JSON.stringify(titles)}, got ${JSON.stringify((await shown(page)).cards.map((c) => c.title))}`);
  }
}

function expectMatches(view, answer, what) {
  assert.deepEqual(view.cards.map((c) => c.title), answer.results.map((r) => r.title), what);
  view.cards.forEach((card, i) => {
    const pieces = answer.results[i].snippet;
    assert.equal(card.snippet, pieces.map((p) => p.text).join(''), `${what}: snippet ${i}`);
    assert.deepEqual(card.marks, pieces.filter((p) => p.match).map((p) => p.text), `${what}: marks ${i}`);
    assert.ok(card.elements.every((e) => e === 'mark'), `${what}: only <mark> inside snippets`);
  });
  for (const [key, terms] of Object.entries(answer.facets)) {
    for (const [slug, n] of Object.entries(terms)) {
      const box = view.counts[`${key}=${slug}`];
      if (box !== undefined) assert.equal(box, n, `${what}: count of ${key}=${slug}`);
    }
  }
  const digits = view.count.replace(/\D/g, '');
  assert.equal(Number(digits), answer.total, `${what}: the count says ${view.count}`);
}

describe('search box', () => {
  test('typing shows the CLI\'s ranked results with marked words; counts and URL follow', { timeout: 90_000 }, async () => {
    const context = await newContext(browser, server.url);
    try {
      const page = await openFront(context);
      const before = await page.evaluate(() => history.length);
      await page.locator('#search-q').pressSequentially('kommunestyret', { delay: 30 });
      const answer = cli('kommunestyret');
      assert.ok(answer.total > 0);
      await settle(page, answer.results.map((r) => r.title), 'typing kommunestyret');
      await page.waitForFunction(() => location.search === '?q=kommunestyret');
      const view = await shown(page);
      expectMatches(view, answer, 'kommunestyret');
      assert.equal(view.live, 'polite');
      assert.ok(view.cards.some((c) => c.marks.length > 0), 'some word is marked');
      const after = await page.evaluate(() => history.length);
      assert.ok(after - before <= 1, `typing one query added ${after - before} history entries`);

      // A filter narrows the search; the counts are the CLI's faceted counts.
      const box = page.locator('input[type=checkbox][name=fylke]').first();
      const slug = await box.getAttribute('value');
      await box.check();
      const filtered = cli('kommunestyret', { fylke: [slug] });
      await settle(page, filtered.results.map((r) => r.title), 'with a filter');
      await page.waitForFunction((slug) => location.search === `?q=kommunestyret&fylke=${slug}`, slug);
      expectMatches(await shown(page), filtered, 'kommunestyret + fylke');

      // Reload restores the view from the URL; Back returns to the unfiltered search.
      await page.reload({ waitUntil: 'load' });
      await settle(page, filtered.results.map((r) => r.title), 'after reload');
      assert.equal(await page.inputValue('#search-q'), 'kommunestyret');
      await page.goBack();
      await settle(page, answer.results.map((r) => r.title), 'after Back');
      assert.equal(await page.inputValue('#search-q'), 'kommunestyret');

      // Clearing the box brings the plain listing back.
      await page.fill('#search-q', '');
      await page.waitForFunction(() => location.search === '');
      await page.waitForFunction(() => !document.querySelector('.card__snippet'));
      assert.deepEqual(page.errors, []);
    } finally {
      await context.close();
    }
  });

  test('typos, prefixes and no results', { timeout: 60_000 }, async () => {
    const context = await newContext(browser, server.url);
    try {
      const page = await openFront(context);
      for (const query of ['innbyggerpanle', 'deltakende budsj', 'ungdomsrde']) {
        await page.fill('#search-q', query);
        const answer = cli(query);
        await settle(page, answer.results.map((r) => r.title), query);
        expectMatches(await shown(page), answer, query);
      }
      await page.fill('#search-q', 'qqqqqqqqqqqq');
      await page.waitForFunction(() => document.getElementById('no-results') && !document.getElementById('no-results').hidden);
      const view = await shown(page);
      assert.equal(view.cards.length, 0);
      assert.deepEqual(page.errors, []);
    } finally {
      await context.close();
    }
  });

  test('Enter moves to the results; a hostile query is only text', { timeout: 60_000 }, async () => {
    const context = await newContext(browser, server.url);
    try {
      const page = await openFront(context, '?q=' + encodeURIComponent('<img src=x onerror=alert(1)> kommunestyret'));
      const answer = cli('<img src=x onerror=alert(1)> kommunestyret');
      await settle(page, answer.results.map((r) => r.title), 'hostile query from the URL');
      assert.equal(await page.locator('#case-list img').count(), 0);
      await page.fill('#search-q', 'grendeutval');
      await page.press('#search-q', 'Enter');
      await page.waitForFunction(() => document.activeElement?.id === 'results-heading');
      await settle(page, cli('grendeutval').results.map((r) => r.title), 'Enter');
      assert.deepEqual(page.errors, []);
    } finally {
      await context.close();
    }
  });
});
