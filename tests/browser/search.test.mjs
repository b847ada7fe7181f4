// The search box of the front page and the search page /sok/ in headless Chromium: results as
// you type (the index's metadata loaded on focus), the same ranked list as `katalog search`,
// matched words marked as text, facet counts and URL following the words and the filters,
// reload and Back, one history entry per typed query, a hostile query; /sok/ for a plain GET
// from another site (with and without JavaScript, by keyboard); a case whose title is markup
// shows as text in the results.

import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import {
  KATALOG,
  PROJECT,
  buildSite,
  collectErrors,
  fixtureProject,
  newContext,
  serve,
  sharedSite,
} from './helpers.mjs';

let site;
let server;
let browser;

sharedSite((s) => ({ site, server, browser } = s));

/** `katalog search --json` over the index a build stored in ROOT/.katalog-cache (PROJECT's by
 * the build above, unless another root is given). */
function cli(query, filters = {}, n = 30, root = PROJECT) {
  const args = ['search', '--json', '-n', String(n), '--root', root];
  for (const [key, values] of Object.entries(filters)) {
    for (const v of values) args.push('--filter', `${key}=${v}`);
  }
  args.push('--', query);
  return JSON.parse(execFileSync(KATALOG, args, { encoding: 'utf8' }));
}

/** Opens `where` (`/`, `/sok/`) with `query` (`?q=...`) once the script has built its form. */
async function openFront(context, query = '', where = '/', url = server.url) {
  const page = await context.newPage();
  page.errors = collectErrors(page);
  await page.goto(`${url}${where}${query}`, { waitUntil: 'load' });
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

/** Waits until the page shows `answer`, the CLI's: its titles in order, each with its snippet
 * and marked words, and the list no longer busy loading. Titles alone are not enough: an
 * earlier view (the listing, the filters' view, the previous query's results) can hold the
 * same cases, and a test that went on from it would assert on a search that has not run. */
async function settle(page, answer, what) {
  const expected = answer.results.map((r) => ({
    title: r.title,
    snippet: r.snippet.map((p) => p.text).join(''),
    marks: r.snippet.filter((p) => p.match).map((p) => p.text),
  }));
  try {
    await page.waitForFunction(
      (expected) => {
        const now = [...document.querySelectorAll('#case-list > li')].map((li) => {
          const snippet = li.querySelector('.card__snippet');
          return {
            title: (li.querySelector('h3')?.textContent ?? '').replace(/\s+/g, ' ').trim(),
            snippet: snippet ? snippet.textContent : null,
            marks: [...(snippet?.querySelectorAll('mark') ?? [])].map((m) => m.textContent),
          };
        });
        const busy = document.getElementById('results')?.hasAttribute('aria-busy');
        return !busy && JSON.stringify(now) === JSON.stringify(expected);
      },
      expected,
      { timeout: 10_000, polling: 50 },
    );
  } catch {
    const now = (await shown(page)).cards.map(({ title, snippet, marks }) => ({ title, snippet, marks }));
    assert.fail(`${what}: expected the cards ${JSON.stringify(expected)}, got ${JSON.stringify(now)}`);
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
      // Focus alone loads what every query needs, before the first letter is typed.
      const meta = page.waitForRequest((r) => r.url().endsWith('/search/meta.json.gz'), { timeout: 5_000 });
      await page.focus('#search-q');
      await meta;
      await page.locator('#search-q').pressSequentially('kommunestyret', { delay: 30 });
      const answer = cli('kommunestyret');
      assert.ok(answer.total > 0);
      await settle(page, answer, 'typing kommunestyret');
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
      await settle(page, filtered, 'with a filter');
      await page.waitForFunction((slug) => location.search === `?q=kommunestyret&fylke=${slug}`, slug);
      expectMatches(await shown(page), filtered, 'kommunestyret + fylke');

      // Reload restores the view from the URL; Back returns to the unfiltered search.
      await page.reload({ waitUntil: 'load' });
      await settle(page, filtered, 'after reload');
      assert.equal(await page.inputValue('#search-q'), 'kommunestyret');
      await page.goBack();
      await settle(page, answer, 'after Back');
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
        await settle(page, answer, query);
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
      await settle(page, answer, 'hostile query from the URL');
      assert.equal(await page.locator('#case-list img').count(), 0);
      await page.fill('#search-q', 'grendeutval');
      await page.press('#search-q', 'Enter');
      await page.waitForFunction(() => document.activeElement?.id === 'results-heading');
      await settle(page, cli('grendeutval'), 'Enter');
      assert.deepEqual(page.errors, []);
    } finally {
      await context.close();
    }
  });
});

describe('a failed download', () => {
  test('shows the filters for that query and says the search failed; the next query searches again', { timeout: 60_000 }, async () => {
    const context = await newContext(browser, server.url);
    try {
      // The first shard request fails as on a bad connection; the rest go through.
      let failed = 0;
      await context.route('**/search/shards/**', (route) => {
        if (failed++ === 0) return route.fulfill({ status: 503, body: 'busy' });
        return route.fallback();
      });
      const page = await openFront(context);
      await page.fill('#search-q', 'grendeutval');
      // The notice is what says that the search has run (and failed): only then has the shard
      // been asked for. The list is the filters' view, and the notice says why.
      const notice = page.locator('#search-notice');
      await notice.waitFor({ state: 'visible' });
      assert.equal(failed, 1, 'the first query asked for a shard');
      assert.deepEqual(await params(page), [['q', 'grendeutval']]);
      assert.equal(await page.locator('#case-list .card__snippet').count(), 0, 'no search results');
      assert.equal(await notice.getAttribute('role'), 'status');
      assert.equal(
        (await notice.textContent()).trim(),
        await page.locator('#filter-panel').getAttribute('data-t-search-failed'),
      );
      const answer = cli('kommunestyret');
      await page.fill('#search-q', 'kommunestyret');
      await settle(page, answer, 'the query after a failed download');
      expectMatches(await shown(page), answer, 'kommunestyret');
      assert.ok(await notice.isHidden(), 'the failure notice stays after a search that worked');
      assert.deepEqual(page.errors.filter((e) => !/503/.test(e)), []);
    } finally {
      await context.close();
    }
  });
});

/** The query string of `page` as [key, value] pairs, decoded. */
function params(page) {
  return page.evaluate(() => [...new URLSearchParams(location.search)]);
}

describe('/sok/, the search page', () => {
  test('a plain GET shows the CLI\'s results with marked words; the URL round-trips', { timeout: 90_000 }, async () => {
    const context = await newContext(browser, server.url);
    try {
      const unfiltered = cli('ungdomsråd');
      const [slug] = Object.entries(unfiltered.facets.modelltype).find(([, n]) => n > 0 && n < unfiltered.total);
      const filtered = cli('ungdomsråd', { modelltype: [slug] });
      assert.ok(filtered.total > 0 && filtered.total < unfiltered.total);

      // As another site's form sends it: the raw UTF-8 query in the URL.
      const page = await openFront(context, `?q=${encodeURIComponent('ungdomsråd')}&modelltype=${slug}`, '/sok/');
      await settle(page, filtered, 'GET /sok/?q=ungdomsråd&modelltype');
      const view = await shown(page);
      expectMatches(view, filtered, '/sok/ with a filter');
      assert.equal(view.live, 'polite');
      // A case may name the word only past the snippet's reach (the first 150 words of its body).
      assert.ok(view.cards.some((c) => c.marks.length > 0), 'a result marks a word');
      assert.equal(await page.inputValue('#search-q'), 'ungdomsråd', 'the box holds the query');
      assert.ok(await page.isChecked(`input[name=modelltype][value="${slug}"]`), 'the filter is checked');
      assert.ok(await page.locator('#search-fallback').isHidden(), 'the no-script text is hidden');
      assert.equal(await page.title(), 'Søk i katalogen – ' + (await page.locator('.site-title').textContent()).trim());
      // The results link to the cases.
      const first = page.locator('#case-list > li h3 a').first();
      assert.equal(
        new URL(await first.getAttribute('href'), page.url()).href,
        `${server.url}/${filtered.results[0].url}`,
      );

      // Unchecking the filter stays on /sok/; reload, Back and Forward restore each view.
      await page.uncheck(`input[name=modelltype][value="${slug}"]`);
      await settle(page, unfiltered, 'filter removed');
      assert.equal(new URL(page.url()).pathname, '/sok/');
      assert.deepEqual(await params(page), [['q', 'ungdomsråd']]);
      expectMatches(await shown(page), unfiltered, '/sok/ without the filter');
      await page.reload({ waitUntil: 'load' });
      await settle(page, unfiltered, 'after reload');
      assert.equal(await page.inputValue('#search-q'), 'ungdomsråd');
      await page.goBack();
      await settle(page, filtered, 'after Back');
      assert.deepEqual(await params(page), [['q', 'ungdomsråd'], ['modelltype', slug]]);
      assert.ok(await page.isChecked(`input[name=modelltype][value="${slug}"]`));
      await page.goForward();
      await settle(page, unfiltered, 'after Forward');

      // Typing a new query replaces the results and the URL, still on /sok/.
      await page.fill('#search-q', 'grendeutval');
      const grende = cli('grendeutval');
      await settle(page, grende, 'typed on /sok/');
      await page.waitForFunction(() => location.pathname === '/sok/' && location.search === '?q=grendeutval');
      expectMatches(await shown(page), grende, 'grendeutval on /sok/');
      assert.deepEqual(page.errors, []);
    } finally {
      await context.close();
    }
  });

  test('by keyboard: Tab to the box, type, Enter to the results, Tab and Enter to a case', { timeout: 60_000 }, async () => {
    const context = await newContext(browser, server.url);
    try {
      const page = await openFront(context, '', '/sok/');
      let tabs = 0;
      while ((await page.evaluate(() => document.activeElement?.id)) !== 'search-q') {
        assert.ok(++tabs < 20, 'the search box is reachable with Tab');
        await page.keyboard.press('Tab');
      }
      await page.keyboard.type('innbyggerpanle');
      await page.keyboard.press('Enter');
      await page.waitForFunction(() => document.activeElement?.id === 'results-heading');
      const answer = cli('innbyggerpanle');
      await settle(page, answer, 'Enter on /sok/');
      assert.match((await shown(page)).count, new RegExp(`^${answer.total}\\b`));
      await page.keyboard.press('Tab');
      assert.equal(
        await page.evaluate(() => document.activeElement?.closest('#case-list > li')?.querySelector('h3')?.textContent.trim()),
        answer.results[0].title,
        'Tab after the heading goes to the first result',
      );
      await Promise.all([page.waitForURL(`${server.url}/${answer.results[0].url}`), page.keyboard.press('Enter')]);
      assert.deepEqual(page.errors, []);
    } finally {
      await context.close();
    }
  });

  test('words in the URL: the search does not wait for the page data to ask for its index', { timeout: 60_000 }, async () => {
    const context = await newContext(browser, server.url);
    try {
      const page = await context.newPage();
      page.errors = collectErrors(page);
      const events = [];
      // The filter panel's data comes late, as over a slow link at 10,000 cases.
      await page.route('**/data/facets.json', async (route) => {
        await new Promise((resolve) => setTimeout(resolve, 1500));
        events.push('data/facets.json answered');
        await route.continue();
      });
      page.on('request', (r) => {
        if (new URL(r.url()).pathname === '/search/meta.json.gz') events.push('meta.json asked for');
      });
      const answer = cli('ungdomsråd');
      await page.goto(`${server.url}/sok/?q=${encodeURIComponent('ungdomsråd')}`, { waitUntil: 'load' });
      await settle(page, answer, 'GET /sok/?q=ungdomsråd, the data late');
      assert.deepEqual(events, ['meta.json asked for', 'data/facets.json answered']);
      assert.deepEqual(page.errors, []);
    } finally {
      await context.close();
    }
  });

  test('words in the URL: a search script that arrives after the page data still searches', { timeout: 60_000 }, async () => {
    const context = await newContext(browser, server.url);
    try {
      const page = await context.newPage();
      page.errors = collectErrors(page);
      // search.js is held until the page has the data (its resource timing entry is there), as
      // when a slow link brings the files in another order.
      await page.route('**/static/search/search.js', async (route) => {
        await page.waitForFunction(
          () => performance.getEntriesByType('resource').some((e) => new URL(e.name).pathname === '/data/facets.json'),
          null,
          { timeout: 20_000, polling: 50 },
        );
        await route.continue();
      });
      const answer = cli('ungdomsråd');
      await page.goto(`${server.url}/sok/?q=${encodeURIComponent('ungdomsråd')}`, { waitUntil: 'load' });
      await settle(page, answer, 'GET /sok/?q=ungdomsråd, search.js after the data');
      assert.equal(await page.locator('#search-notice').count(), 0, 'no failure notice');
      assert.deepEqual(page.errors, []);
    } finally {
      await context.close();
    }
  });

  test('without JavaScript: the front page\'s search goes to /sok/, which explains and links to browsing', { timeout: 60_000 }, async () => {
    const context = await newContext(browser, server.url, { javaScriptEnabled: false });
    try {
      const page = await context.newPage();
      page.errors = collectErrors(page);
      await page.goto(`${server.url}/`, { waitUntil: 'load' });
      await page.fill('#search-q', 'ungdomsråd');
      await Promise.all([page.waitForURL(/\/sok\/\?q=/), page.press('#search-q', 'Enter')]);
      assert.deepEqual(await params(page), [['q', 'ungdomsråd']]);
      const fallback = page.locator('#search-fallback');
      assert.ok(await fallback.isVisible(), 'the explanation is shown');
      assert.match(await fallback.textContent(), /JavaScript/);
      const links = await fallback.locator('a').evaluateAll((as) => as.map((a) => a.href));
      for (const key of ['modelltype', 'malgruppe', 'landsdel', 'fylke', 'storrelse']) {
        assert.ok(links.includes(`${server.url}/${key}/`), `links to /${key}/: ${links}`);
      }
      // The facet links of the panel work too, and lead to cases.
      await Promise.all([page.waitForURL(/\/modelltype\/[a-z-]+\/$/), page.locator('#filter-links a').first().click()]);
      assert.ok((await page.locator('.cards > li').count()) > 0);
      assert.deepEqual(page.errors, []);
    } finally {
      await context.close();
    }
  });
});

describe('a case whose title is markup', () => {
  const evil = '<img src=x onerror=alert(1)>';
  let evilServer;
  let evilRoot;

  before(async () => {
    const caseFile = path.join(PROJECT, 'content', 'eksempler', 'lorenskog-ungdomsrad.md');
    const text = fs.readFileSync(caseFile, 'utf8').replace(/^title: .*$/m, `title: ${JSON.stringify(`Lørenskog ${evil} ungdomsrådet`)}`);
    assert.ok(text.includes(evil));
    evilRoot = fixtureProject({ 'content/eksempler/lorenskog-ungdomsrad.md': text });
    evilServer = await serve(buildSite({ root: evilRoot }));
  }, { timeout: 180_000 });
  after(async () => {
    await evilServer?.close();
  });

  for (const where of ['/', '/sok/']) {
    test(`shows in the search results on ${where} as text`, { timeout: 60_000 }, async () => {
      const context = await newContext(browser, evilServer.url);
      const dialogs = [];
      await context.addInitScript(() => {
        window.alert = () => {
          document.documentElement.dataset.alerted = 'yes';
        };
      });
      try {
        for (const query of ['ungdomsrådet', 'onerror']) {
          const page = await openFront(context, `?q=${encodeURIComponent(query)}`, where, evilServer.url);
          page.on('dialog', (d) => {
            dialogs.push(d.message());
            d.dismiss().catch(() => {});
          });
          // The ranked results (not the listing the server rendered), the title as its text.
          const answer = cli(query, {}, 30, evilRoot);
          assert.ok(answer.results.some((r) => r.title === `Lørenskog ${evil} ungdomsrådet`), query);
          await settle(page, answer, query);
          await page.locator('#case-list .card__snippet').first().waitFor();
          assert.equal(await page.locator('#case-list img').count(), 0, `${query}: no img element`);
          assert.ok(await page.getByText(evil, { exact: false }).first().isVisible(), `${query}: the characters are visible`);
          await page.waitForTimeout(300); // an onerror would fire by now
          assert.equal(await page.evaluate(() => document.documentElement.dataset.alerted ?? 'no'), 'no');
          assert.deepEqual(page.errors, [], `${query}: console errors`);
          await page.close();
        }
        assert.deepEqual(dialogs, []);
      } finally {
        await context.close();
      }
    });
  }
});
