// When a search finds nothing, in headless Chromium: the page offers what `katalog search`
// offers (the nearest words, the query without the word that emptied it, close taxonomy
// terms) as links in a polite live region; choosing one runs it, shows its results and puts
// it in the URL, with a history entry to go back to. (axe-core on a page with suggestions
// shown: tests/browser/axe.test.mjs.)

import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { describe, test } from 'node:test';
import {
  KATALOG,
  PROJECT,
  collectErrors,
  newContext,
  sharedSite,
} from './helpers.mjs';

let site;
let server;
let browser;

sharedSite((s) => ({ site, server, browser } = s));

/** `katalog search --json` over the index the build above stored. */
function cli(query, filters = {}) {
  const args = ['search', '--json', '-n', '30', '--root', PROJECT];
  for (const [key, values] of Object.entries(filters)) {
    for (const v of values) args.push('--filter', `${key}=${v}`);
  }
  args.push('--', query);
  return JSON.parse(execFileSync(KATALOG, args, { encoding: 'utf8' }));
}

async function open(context, where) {
  const page = await context.newPage();
  page.errors = collectErrors(page);
  await page.goto(`${server.url}${where}`, { waitUntil: 'load' });
  await page.locator('input[type=checkbox][name=modelltype]').first().waitFor({ state: 'attached' });
  return page;
}

/** The suggestion links once shown: text and href. */
async function suggestions(page) {
  await page.locator('#search-suggestions a').first().waitFor({ timeout: 10_000 });
  return page.evaluate(() =>
    [...document.querySelectorAll('#search-suggestions a')].map((a) => ({
      text: a.textContent,
      href: a.getAttribute('href'),
    })),
  );
}

/** The links the CLI's suggestions make, in the page's order. */
function expected(answer) {
  const s = answer.suggestions;
  assert.ok(s, `${answer.query} finds nothing and has suggestions`);
  return [
    ...s.nearest.map((n) => n.query),
    ...(s.without ? [s.without.query] : []),
    ...s.terms.map((t) => t.query || t.label),
  ];
}

/** Waits until the list shows `answer`'s titles, the count its total, and nothing is busy. */
async function showsResults(page, answer, what) {
  const titles = answer.results.map((r) => r.title);
  await page
    .waitForFunction(
      (titles) => {
        const now = [...document.querySelectorAll('#case-list > li h3')].map((h) =>
          h.textContent.replace(/\s+/g, ' ').trim(),
        );
        const busy = document.getElementById('results')?.hasAttribute('aria-busy');
        return !busy && JSON.stringify(now) === JSON.stringify(titles);
      },
      titles,
      { timeout: 10_000, polling: 50 },
    )
    .catch(() => assert.fail(`${what}: expected the cards ${JSON.stringify(titles)}`));
}

describe('suggestions', () => {
  test('a search that finds nothing offers the CLI\'s suggestions; one runs and updates the URL', { timeout: 90_000 }, async () => {
    const context = await newContext(browser, server.url);
    try {
      const page = await open(context, '/');
      const answer = cli('gjøvik xyzzy');
      assert.equal(answer.total, 0);
      await page.locator('#search-q').fill('gjøvik xyzzy');
      const links = await suggestions(page);
      assert.deepEqual(links.map((l) => l.text), expected(answer));
      assert.equal(await page.getAttribute('#search-suggestions', 'aria-live'), 'polite');
      const region = await page.textContent('#search-suggestions');
      assert.match(region, /uten «xyzzy»/, region);

      // The query without "xyzzy": its results, its URL, its words in the box, one more entry.
      const length = await page.evaluate(() => history.length);
      const without = cli(answer.suggestions.without.query);
      assert.ok(without.total > 0);
      await page.locator('#search-suggestions a', { hasText: /^gjøvik$/ }).click();
      await showsResults(page, without, 'after choosing "gjøvik"');
      assert.equal(await page.evaluate(() => new URLSearchParams(location.search).get('q')), 'gjøvik');
      assert.equal(await page.inputValue('#search-q'), 'gjøvik');
      assert.equal(await page.locator('#search-suggestions a').count(), 0, 'no suggestions with results');
      assert.equal(await page.evaluate(() => history.length), length + 1);
      // Focus went to the results, not to the body the link vanished from.
      assert.equal(await page.evaluate(() => document.activeElement?.id), 'results-heading');
      assert.deepEqual(page.errors, []);
    } finally {
      await context.close();
    }
  });

  test('/sok/ offers the nearest word and a model type, and the model type filters', { timeout: 90_000 }, async () => {
    const context = await newContext(browser, server.url);
    try {
      const page = await open(context, `/sok/?q=${encodeURIComponent('innbygerpannel')}`);
      const answer = cli('innbygerpannel');
      assert.equal(answer.total, 0);
      const links = await suggestions(page);
      assert.deepEqual(links.map((l) => l.text), expected(answer));
      assert.ok(answer.suggestions.nearest.length > 0);

      // The nearest word: a plain link to its view, run in place.
      const nearest = answer.suggestions.nearest[0].query;
      await page.locator('#search-suggestions a', { hasText: nearest }).first().click();
      await showsResults(page, cli(nearest), `after choosing ${nearest}`);
      assert.equal(await page.evaluate(() => new URLSearchParams(location.search).get('q')), nearest);

      // Back to the empty search, then the model type: the filter is set and in the URL.
      await page.goBack();
      await suggestions(page);
      await page.locator('#search-suggestions a', { hasText: 'Innbyggerpanel' }).click();
      await page.waitForFunction(() => new URLSearchParams(location.search).get('modelltype') === 'innbyggerpanel');
      assert.equal(await page.evaluate(() => new URLSearchParams(location.search).get('q')), null);
      assert.ok(await page.isChecked('input[name=modelltype][value=innbyggerpanel]'));
      const filtered = cli('', { modelltype: ['innbyggerpanel'] });
      await page.waitForFunction(
        (n) => document.querySelectorAll('#case-list > li').length === n,
        filtered.total,
        { timeout: 10_000 },
      );
      assert.deepEqual(page.errors, []);
    } finally {
      await context.close();
    }
  });
});
