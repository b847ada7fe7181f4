// (a) The front page filters in headless Chromium, a case's budget sums, and no console errors
// on any page of the built site.

import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import {
  PROJECT,
  buildSite,
  collectErrors,
  fixtureProject,
  htmlPages,
  newContext,
  norm,
  openData,
  parseNok,
  serve,
  sharedSite,
} from './helpers.mjs';

const FACETS = ['modelltype', 'malgruppe', 'landsdel', 'fylke', 'storrelse'];

let site;
let data; // katalog.json
let server;
let browser;

sharedSite((s) => ({ site, data, server, browser } = s));

/* What the content says, from katalog.json -------------------------------------------- */

/** The values of facet `key` a case has: slugs, or labels for landsdel and fylke. */
function valuesOf(c, key) {
  switch (key) {
    case 'modelltype':
      return c.model_types;
    case 'malgruppe':
      return c.target_groups ?? [];
    case 'landsdel':
      return c.landsdel ? [c.landsdel] : [];
    case 'fylke':
      return c.county ? [c.county] : [];
    case 'storrelse':
      return c.size_class ? [c.size_class] : [];
    default:
      throw new Error(key);
  }
}

/**
 * The cases a selection shows, and the count beside each term: values OR within a facet,
 * facets AND; a term's count is the number of cases that match every OTHER facet's selection
 * and have the term. `sel` maps a facet key to a list of values (as valuesOf gives them).
 */
function expected(sel) {
  const matchesExcept = (c, skip) =>
    FACETS.every(
      (k) => k === skip || !(sel[k]?.length) || valuesOf(c, k).some((v) => sel[k].includes(v)),
    );
  const cases = data.cases.filter((c) => matchesExcept(c, null));
  const counts = {};
  for (const k of FACETS) {
    counts[k] = {};
    for (const c of data.cases) {
      if (!matchesExcept(c, k)) continue;
      for (const v of valuesOf(c, k)) counts[k][v] = (counts[k][v] ?? 0) + 1;
    }
  }
  return { cases, counts };
}

/* What the page shows ------------------------------------------------------------------- */

async function openFront(context, query = '', base = server.url) {
  const page = await context.newPage();
  page.errors = collectErrors(page);
  await page.goto(`${base}/${query}`, { waitUntil: 'load' });
  await waitForFilters(page);
  return page;
}

async function waitForFilters(page) {
  // The script replaces the term links by checkboxes once it has data/facets.json.
  await page.locator('input[type=checkbox][name=modelltype]').first().waitFor({ state: 'attached' });
}

/**
 * The visible state of the front page: every filter checkbox (facet, the value as valuesOf
 * gives it, checked, count), the card titles in order, the result count text, the query.
 */
async function view(page) {
  return page.evaluate((facets) => {
    const boxes = [];
    for (const key of facets) {
      for (const input of document.querySelectorAll(`input[type=checkbox][name="${key}"]`)) {
        const label = input.labels?.[0] ?? document.querySelector(`label[for="${input.id}"]`);
        const text = (label?.textContent ?? '').replace(/\s+/g, ' ').trim();
        const m = /^(.*?)\s*\(([\d\s\u00a0]+)\)$/.exec(text);
        boxes.push({
          key,
          slug: input.value,
          label: m ? m[1] : text,
          checked: input.checked,
          count: m ? Number(m[2].replace(/\D/g, '')) : null,
        });
      }
    }
    const cards = [...document.querySelectorAll('#case-list > li')].map((li) =>
      (li.querySelector('h2, h3, h4')?.textContent ?? '').replace(/\s+/g, ' ').trim(),
    );
    const count = (document.getElementById('result-count')?.textContent ?? '').replace(/\s+/g, ' ').trim();
    return { boxes, cards, count, search: location.search, path: location.pathname };
  }, FACETS);
}

/**
 * The view once the page has drawn the state `sel` should give: rendering a filtered view
 * waits for data/cards-K.json, the result count is briefly empty when it is announced again,
 * and a page opened at a filtered address is busy until its first view is drawn. Waits (bounded) for the expected cards and a result count, then reads the view; if
 * they never come, the view as it is, for assertView to report.
 */
async function settledView(page, sel) {
  const titles = expected(sel).cases.slice(0, 30).map((c) => c.title);
  await page
    .waitForFunction(
      (titles) => {
        const shown = [...document.querySelectorAll('#case-list > li')].map((li) =>
          (li.querySelector('h2, h3, h4')?.textContent ?? '').replace(/\s+/g, ' ').trim(),
        );
        const count = document.getElementById('result-count')?.textContent.trim();
        const busy = document.getElementById('results')?.hasAttribute('aria-busy');
        return count && !busy && JSON.stringify(shown) === JSON.stringify(titles);
      },
      titles,
      { timeout: 5_000, polling: 50 },
    )
    .catch(() => {});
  return view(page);
}

/** The value valuesOf() uses for a checkbox: the slug, or the term's label for landsdel/fylke. */
function valueOfBox(b) {
  return b.key === 'landsdel' || b.key === 'fylke' ? b.label : b.slug;
}

/** Asserts the page shows exactly what `sel` should show (cards, counts, checked boxes). */
function assertView(v, sel, what) {
  const exp = expected(sel);
  const perPage = 30;
  assert.deepEqual(
    v.cards,
    exp.cases.slice(0, perPage).map((c) => c.title),
    `${what}: the cards shown are not the cases the filters select`,
  );
  const n = exp.cases.length;
  assert.ok(
    n === 1 ? /\b1\b/.test(v.count) : new RegExp(`(^|\\D)${n}(\\D|$)`).test(v.count.replace(/[\s\u00a0]/g, '')),
    `${what}: the result count "${v.count}" does not say ${n}`,
  );
  for (const b of v.boxes) {
    const want = (sel[b.key] ?? []).includes(valueOfBox(b));
    assert.equal(b.checked, want, `${what}: ${b.key}=${b.slug} checked is ${b.checked}`);
    assert.equal(
      b.count,
      exp.counts[b.key][valueOfBox(b)] ?? 0,
      `${what}: the count beside ${b.key}=${b.slug} ("${b.label}") is ${b.count}`,
    );
  }
}

function queryOf(v) {
  const p = new URLSearchParams(v.search);
  const out = {};
  for (const k of FACETS) {
    const vals = p.getAll(k).flatMap((x) => x.split(',')).filter(Boolean);
    if (vals.length) out[k] = vals.sort();
  }
  return out;
}

/** A term of facet `key` that narrows the list (some but not all cases), as a checkbox. */
function narrowingBox(v, key, sel = {}) {
  const total = expected(sel).cases.length;
  return v.boxes.find((b) => {
    if (b.key !== key || b.checked) return false;
    const n = expected({ ...sel, [key]: [valueOfBox(b)] }).cases.length;
    return n > 0 && n < total;
  });
}

/**
 * Waits (bounded) until the page's URL satisfies `pred` (given a URL); fails with what the URL
 * is instead of a bare timeout.
 */
async function waitForQuery(page, pred, what, timeout = 5_000) {
  try {
    await page.waitForURL((u) => pred(new URL(u)), { timeout, waitUntil: 'commit' });
  } catch {
    assert.fail(`the URL does not follow ${what}: it is ${page.url()}`);
  }
}

const box = (page, b) => page.locator(`input[type=checkbox][name="${b.key}"][value="${b.slug}"]`);

/* Tests --------------------------------------------------------------------------------- */

describe('front page filters', () => {
  test('the bundled content can exercise the filters', () => {
    assert.ok(data.cases.length >= 3, `only ${data.cases.length} cases in katalog.json`);
  });

  test('every facet term with cases has a checkbox whose count equals the count from katalog.json', { timeout: 60_000 }, async () => {
    const context = await newContext(browser, server.url);
    try {
      const page = await openFront(context);
      const v = await settledView(page, {});
      const exp = expected({});
      for (const key of FACETS) {
        const shown = v.boxes.filter((b) => b.key === key).map(valueOfBox).sort();
        const want = Object.keys(exp.counts[key]).sort();
        assert.deepEqual(shown, want, `the ${key} checkboxes are not the terms that have cases`);
      }
      for (const b of v.boxes) {
        assert.ok(b.count !== null, `no count shown beside ${b.key}=${b.slug}`);
      }
      assertView(v, {}, 'unfiltered front page');
      // The server-rendered cards are the first page of all cases.
      assert.equal(v.cards.length, Math.min(30, data.cases.length));
      // The taxonomy vocabularies: every modelltype term with a case has the right count.
      for (const t of data.taxonomies.find((x) => x.key === 'modelltype').terms) {
        const n = data.cases.filter((c) => c.model_types.includes(t.slug)).length;
        const b = v.boxes.find((x) => x.key === 'modelltype' && x.slug === t.slug);
        if (n === 0) assert.equal(b, undefined, `a checkbox for ${t.slug}, which has no case`);
        else assert.equal(b?.count, n, `modelltype=${t.slug}`);
      }
      assert.deepEqual(page.errors, []);
    } finally {
      await context.close();
    }
  });

  test('checking values narrows the cards; counts and URL follow; reload and Back restore the views', { timeout: 90_000 }, async () => {
    const context = await newContext(browser, server.url);
    try {
      const page = await openFront(context);
      const v0 = await settledView(page, {});
      assert.equal(v0.search, '');

      // 1. One model type.
      const b1 = narrowingBox(v0, 'modelltype');
      assert.ok(b1, 'no model type narrows the list');
      await box(page, b1).check();
      const sel1 = { modelltype: [b1.slug] };
      await waitForQuery(page, (u) => u.searchParams.getAll('modelltype').includes(b1.slug), `checking modelltype=${b1.slug}`);
      const v1 = await settledView(page, sel1);
      assert.deepEqual(queryOf(v1), { modelltype: [b1.slug] }, `URL query is ${v1.search}`);
      assert.ok(v1.cards.length < v0.cards.length, 'checking a filter did not narrow the cards');
      assertView(v1, sel1, `after checking modelltype=${b1.slug}`);

      // 2. A second value in another facet narrows further (AND between facets).
      let b2;
      let sel2;
      for (const key of ['malgruppe', 'storrelse', 'landsdel', 'fylke']) {
        b2 = narrowingBox(v1, key, sel1);
        if (b2) {
          sel2 = { ...sel1, [key]: [valueOfBox(b2)] };
          break;
        }
      }
      assert.ok(b2, 'no second facet narrows the list further');
      await box(page, b2).check();
      await waitForQuery(page, (u) => u.searchParams.getAll(b2.key).includes(b2.slug), `checking ${b2.key}=${b2.slug}`);
      const v2 = await settledView(page, sel2);
      assert.deepEqual(queryOf(v2), { modelltype: [b1.slug], [b2.key]: [b2.slug] });
      assertView(v2, sel2, `after also checking ${b2.key}=${b2.slug}`);

      // 3. A second value in the same facet widens (OR within a facet).
      const b3 = v2.boxes.find(
        (b) =>
          b.key === 'modelltype' &&
          !b.checked &&
          expected({ ...sel2, modelltype: [b1.slug, b.slug] }).cases.length > expected(sel2).cases.length,
      );
      let v3 = v2;
      let sel3 = sel2;
      if (b3) {
        await box(page, b3).check();
        await waitForQuery(page, (u) => u.searchParams.getAll('modelltype').includes(b3.slug), `checking modelltype=${b3.slug}`);
        sel3 = { ...sel2, modelltype: [b1.slug, b3.slug] };
        v3 = await settledView(page, sel3);
        assertView(v3, sel3, `after also checking modelltype=${b3.slug}`);
      }

      // 4. Reloading the URL shows the same view.
      const url3 = page.url();
      await page.reload({ waitUntil: 'load' });
      await waitForFilters(page);
      const r3 = await settledView(page, sel3);
      assert.equal(page.url(), url3);
      assertView(r3, sel3, 'after reload');
      assert.deepEqual(r3.cards, v3.cards);

      // The same URL in a fresh tab shows it too.
      const fresh = await context.newPage();
      fresh.errors = collectErrors(fresh);
      await fresh.goto(url3, { waitUntil: 'load' });
      await waitForFilters(fresh);
      assertView(await settledView(fresh, sel3), sel3, 'the same URL opened in a new tab');
      assert.deepEqual(fresh.errors, []);
      await fresh.close();

      // 5. Back restores each previous view, back to the unfiltered page.
      if (b3) {
        await page.goBack({ waitUntil: 'commit' });
        await waitForQuery(page, (u) => !u.searchParams.getAll('modelltype').includes(b3.slug), 'Back');
        assertView(await settledView(page, sel2), sel2, 'after Back (to two filters)');
      }
      await page.goBack({ waitUntil: 'commit' });
      await waitForQuery(page, (u) => !u.searchParams.has(b2.key), 'Back');
      const back1 = await settledView(page, sel1);
      assert.deepEqual(queryOf(back1), { modelltype: [b1.slug] });
      assertView(back1, sel1, 'after Back (to one filter)');
      await page.goBack({ waitUntil: 'commit' });
      await waitForQuery(page, (u) => u.search === '', 'Back');
      const back0 = await settledView(page, {});
      assertView(back0, {}, 'after Back (to no filter)');
      assert.deepEqual(back0.cards, v0.cards);
      // And Forward again.
      await page.goForward({ waitUntil: 'commit' });
      await waitForQuery(page, (u) => u.searchParams.has('modelltype'), 'Forward');
      assertView(await settledView(page, sel1), sel1, 'after Forward');

      // 6. Unchecking and the reset button bring back the whole list.
      const reset = page.locator('#filter-form button[type=button], #filter-form button[type=reset]').first();
      if (await reset.count()) {
        await reset.click();
        await waitForQuery(page, (u) => u.search === '', 'the reset button');
        assertView(await settledView(page, {}), {}, 'after reset');
      }
      assert.deepEqual(page.errors, []);
    } finally {
      await context.close();
    }
  });

  test('a hand-written URL with filters for every facet shows the right view', { timeout: 60_000 }, async () => {
    const context = await newContext(browser, server.url);
    try {
      // One value of each facet from one case, so the result holds at least that case.
      const page = await openFront(context);
      const v = await view(page);
      const c = data.cases[data.cases.length - 1];
      const sel = {};
      const params = new URLSearchParams();
      for (const key of FACETS) {
        const val = valuesOf(c, key)[0];
        if (val === undefined) continue;
        const b = v.boxes.find((x) => x.key === key && valueOfBox(x) === val);
        assert.ok(b, `no checkbox for ${key}=${val}`);
        sel[key] = [val];
        params.append(key, b.slug);
      }
      await page.goto(`${server.url}/?${params}`, { waitUntil: 'load' });
      await waitForFilters(page);
      const got = await settledView(page, sel);
      assertView(got, sel, `/?${params}`);
      assert.ok(got.cards.includes(c.title));
      assert.deepEqual(page.errors, []);
    } finally {
      await context.close();
    }
  });

  test('a shared link says it is loading until its view is drawn, instead of showing the unfiltered list', { timeout: 60_000 }, async () => {
    const context = await newContext(browser, server.url);
    try {
      // A slow connection: the filter data arrives only when the test lets it.
      let release;
      const arrived = new Promise((resolve) => {
        release = resolve;
      });
      await context.route('**/data/facets.json', async (route) => {
        await arrived;
        await route.fallback();
      });
      const c = data.cases[data.cases.length - 1];
      const slug = c.model_types[0];
      const sel = { modelltype: [slug] };
      const page = await context.newPage();
      page.errors = collectErrors(page);
      await page.goto(`${server.url}/?modelltype=${encodeURIComponent(slug)}`, { waitUntil: 'load' });
      const loading = await page.locator('#filter-panel').getAttribute('data-t-loading');
      assert.ok(loading, 'the filter panel carries no loading text');
      const waiting = await page.evaluate(() => ({
        busy: document.getElementById('results').getAttribute('aria-busy'),
        count: document.getElementById('result-count').textContent.trim(),
        cardsShown: [...document.querySelectorAll('#case-list > li')].some((li) => getComputedStyle(li).visibility === 'visible'),
      }));
      assert.deepEqual(waiting, { busy: 'true', count: loading, cardsShown: false });

      release();
      await waitForFilters(page);
      const got = await settledView(page, sel);
      assertView(got, sel, `/?modelltype=${slug}`);
      assert.equal(await page.locator('#results').getAttribute('aria-busy'), null);
      assert.ok(await page.locator('#case-list > li').first().isVisible(), 'the drawn cards are hidden');
      assert.deepEqual(page.errors, []);
    } finally {
      await context.close();
    }
  });

  test('keyboard alone (Tab, Shift+Tab, Space) reaches and operates every filter', { timeout: 120_000 }, async () => {
    const context = await newContext(browser, server.url);
    try {
      const page = await openFront(context);
      const ids = await page.$$eval('input[type=checkbox]', (xs) => xs.map((x) => x.id));
      assert.ok(ids.length > 0);
      assert.ok(ids.every(Boolean), 'every checkbox needs an id (for its label)');
      const active = () =>
        page.evaluate(() => {
          const a = document.activeElement;
          if (!a || a === document.body) return 'body';
          return a.id ? `#${a.id}` : `${a.localName}.${a.className}:${(a.textContent || '').trim().slice(0, 30)}`;
        });

      // Forward with Tab from the top of the page through the whole page.
      const forward = [];
      await page.locator('body').evaluate((b) => b.focus());
      for (let i = 0; i < 400; i++) {
        await page.keyboard.press('Tab');
        const a = await active();
        if (forward.includes(a) && a === forward[0]) break;
        forward.push(a);
        if (ids.every((id) => forward.includes(`#${id}`)) && forward.length > ids.length + 30) break;
      }
      const missed = ids.filter((id) => !forward.includes(`#${id}`));
      assert.deepEqual(missed, [], `Tab never reaches these filters: ${missed.join(', ')}`);
      const order = forward.filter((a) => ids.includes(a.slice(1)));
      assert.deepEqual(order, ids.map((id) => `#${id}`), 'Tab visits the filters out of their order');

      // Backward with Shift+Tab from the last filter to the first.
      await page.focus(`#${ids.at(-1)}`);
      const backward = [`#${ids.at(-1)}`];
      for (let i = 0; i < ids.length * 3 && backward.at(-1) !== `#${ids[0]}`; i++) {
        await page.keyboard.press('Shift+Tab');
        const a = await active();
        if (ids.includes(a.slice(1))) backward.push(a);
      }
      assert.deepEqual(backward, ids.map((id) => `#${id}`).reverse(), 'Shift+Tab does not walk the filters back');

      // Space toggles each filter, and the view follows. Reach each one by Tab from the
      // previous one, so nothing but the keyboard moves the focus.
      await page.focus(`#${ids[0]}`);
      for (let i = 0; i < ids.length; i++) {
        for (let n = 0; n < 10 && (await active()) !== `#${ids[i]}`; n++) await page.keyboard.press('Tab');
        assert.equal(await active(), `#${ids[i]}`, `Tab from the previous filter does not reach #${ids[i]}`);
        const b = await page.$eval(`#${ids[i]}`, (x) => ({ key: x.name, slug: x.value }));
        await page.keyboard.press('Space');
        await waitForQuery(page, (u) => u.searchParams.getAll(b.key).includes(b.slug), `Space on #${ids[i]}`);
        assert.equal(await page.isChecked(`#${ids[i]}`), true, `Space did not check #${ids[i]}`);
        const label = (await view(page)).boxes.find((x) => x.key === b.key && x.slug === b.slug);
        const sel = { [b.key]: [valueOfBox(label)] };
        assertView(await settledView(page, sel), sel, `after Space on #${ids[i]}`);
        assert.equal(await active(), `#${ids[i]}`, `checking #${ids[i]} moved the focus away`);
        await page.keyboard.press('Space');
        await waitForQuery(page, (u) => !u.searchParams.has(b.key), `Space again on #${ids[i]}`);
        assert.equal(await page.isChecked(`#${ids[i]}`), false, `Space did not uncheck #${ids[i]}`);
      }
      assertView(await settledView(page, {}), {}, 'after checking and unchecking every filter');
      assert.deepEqual(page.errors, []);
    } finally {
      await context.close();
    }
  });

  test('on a narrow screen the filter panel opens and works from the keyboard', { timeout: 60_000 }, async () => {
    const context = await newContext(browser, server.url, { viewport: { width: 375, height: 740 } });
    try {
      const page = await openFront(context);
      const first = page.locator('input[type=checkbox]').first();
      const summary = page.locator('#filter-panel summary, #filter-panel button[aria-expanded]').first();
      if (!(await first.isVisible())) {
        assert.ok(await summary.count(), 'filters hidden on a narrow screen, with no control to show them');
        await page.locator('body').evaluate((b) => b.focus());
        let reached = false;
        for (let i = 0; i < 60 && !reached; i++) {
          await page.keyboard.press('Tab');
          reached = await summary.evaluate((s) => s === document.activeElement);
        }
        assert.ok(reached, 'Tab does not reach the control that shows the filters');
        await page.keyboard.press('Space');
        await first.waitFor({ state: 'visible', timeout: 5_000 });
      }
      await page.keyboard.press('Tab');
      for (let i = 0; i < 5 && !(await first.evaluate((x) => x === document.activeElement)); i++) {
        await page.keyboard.press('Tab');
      }
      assert.ok(await first.evaluate((x) => x === document.activeElement), 'Tab does not reach the first filter');
      await page.keyboard.press('Space');
      assert.ok(await first.isChecked());
      await waitForQuery(page, (u) => u.search !== '', 'Space on the first filter');
      assert.deepEqual(page.errors, []);
    } finally {
      await context.close();
    }
  });
});

describe('budget', () => {
  const BUDGET_CASE = `---
title: "Testby: budsjett med summar"
municipality: Suldal
municipality_number: "1134"
county: Rogaland
population: 3889
model_types: [budsjettprosess]
summary: Eit eksempel med budsjett, til testing av summane.
grant_nok: 300000
budget:
  - period: Hausten 2022
    items:
      - { item: Møte i grendene, nok: 80000 }
      - { item: Digital dialog, nok: 120000 }
      - { item: Kaffi og kaker, nok: 1250 }
  - period: Våren 2023
    items:
      - { item: Evaluering, nok: 150000 }
      - { item: Rapport, nok: 45500 }
language: nn
date: 2024-01-15
---
Innleiing.

## Lokaldemokratimodellen

Tekst.
`;
  const PERIODS = [
    { period: 'Hausten 2022', items: [['Møte i grendene', 80000], ['Digital dialog', 120000], ['Kaffi og kaker', 1250]] },
    { period: 'Våren 2023', items: [['Evaluering', 150000], ['Rapport', 45500]] },
  ];
  const sumOf = (p) => p.items.reduce((a, [, n]) => a + n, 0);
  const TOTAL = PERIODS.reduce((a, p) => a + sumOf(p), 0);

  let bsite;
  let bserver;
  before(async () => {
    bsite = buildSite({ root: fixtureProject({ 'content/eksempler/testby-budsjett.md': BUDGET_CASE }) });
    bserver = await serve(bsite);
  }, { timeout: 180_000 });
  after(async () => bserver?.close());

  test('katalog.json carries the budget sums', () => {
    const c = openData(bsite).cases.find((x) => x.slug === 'testby-budsjett');
    assert.ok(c?.budget, 'no budget in katalog.json');
    assert.deepEqual(
      c.budget.periods.map((p) => p.sum_nok),
      PERIODS.map(sumOf),
    );
    assert.equal(c.budget.total_nok, TOTAL);
  });

  for (const where of ['/eksempler/testby-budsjett/', '/trykk/']) {
    test(`${where} shows each period's sum and the total, equal to the sums of the items`, { timeout: 60_000 }, async () => {
      const context = await newContext(browser, bserver.url);
      try {
        const page = await context.newPage();
        const errors = collectErrors(page);
        await page.goto(`${bserver.url}${where}`, { waitUntil: 'load' });
        // The budget table: the table that lists the first item.
        const table = page
          .locator('table')
          .filter({ has: page.locator('th, td', { hasText: PERIODS[0].items[0][0] }) })
          .first();
        assert.equal(await table.count(), 1, 'no table lists the budget items');
        const rows = await table.evaluate((t) =>
          [...t.rows].map((r) => ({
            section: r.parentElement.localName,
            group: [...t.tBodies].indexOf(r.parentElement),
            cells: [...r.cells].map((c) => c.textContent.replace(/[\s\u00a0\u202f]+/g, ' ').trim()),
            header: r.cells[0]?.localName === 'th',
          })),
        );
        const text = rows.map((r) => r.cells.join(' | ')).join('\n');
        let shownTotal = 0;
        for (const [pi, p] of PERIODS.entries()) {
          // The period's heading, each item with its amount, then its sum.
          const at = rows.findIndex((r) => r.cells.some((c) => c.includes(p.period)) && r.cells.length === 1);
          assert.ok(at >= 0, `no row names the period "${p.period}":\n${text}`);
          let itemSum = 0;
          for (const [ii, [item, nok]] of p.items.entries()) {
            const r = rows[at + 1 + ii];
            assert.ok(r && norm(r.cells[0]) === item, `row ${at + 1 + ii} should be "${item}":\n${text}`);
            assert.equal(parseNok(r.cells.at(-1)), nok, `the amount of "${item}"`);
            itemSum += parseNok(r.cells.at(-1));
          }
          const sumRow = rows[at + 1 + p.items.length];
          assert.ok(sumRow && /sum/i.test(sumRow.cells[0]), `no sum row after the items of "${p.period}":\n${text}`);
          const shown = parseNok(sumRow.cells.at(-1));
          assert.equal(shown, itemSum, `the sum shown for "${p.period}" is not the sum of its items shown`);
          assert.equal(shown, sumOf(p), `the sum shown for "${p.period}"`);
          shownTotal += shown;
          assert.ok(pi >= 0);
        }
        const totalRow = rows.findLast((r) => /total/i.test(r.cells[0]));
        assert.ok(totalRow, `no total row:\n${text}`);
        assert.equal(parseNok(totalRow.cells.at(-1)), shownTotal, 'the total shown is not the sum of the period sums');
        assert.equal(parseNok(totalRow.cells.at(-1)), TOTAL, 'the total shown');
        // Amounts are written the Norwegian way: 201 250, not 201250 or 201,250.
        assert.match(totalRow.cells.at(-1), /^(kr )?\d{1,3}( \d{3})*( kr)?$/);
        assert.deepEqual(errors, []);
      } finally {
        await context.close();
      }
    });
  }
});

describe('a site without search', () => {
  let nsite;
  let nserver;
  before(async () => {
    const config = fs.readFileSync(path.join(PROJECT, 'content', 'katalog.yaml'), 'utf8');
    nsite = buildSite({ root: fixtureProject({ 'content/katalog.yaml': `search: false\n${config}` }) });
    nserver = await serve(nsite);
  }, { timeout: 180_000 });
  after(async () => nserver?.close());

  test('a shared link with words shows the filters\' view, without a search box or a failure notice', { timeout: 60_000 }, async () => {
    const slug = [...new Set(data.cases.flatMap((c) => c.model_types))].find((s) => {
      const n = expected({ modelltype: [s] }).cases.length;
      return n > 0 && n < data.cases.length;
    });
    assert.ok(slug, 'no model type narrows the list');
    const context = await newContext(browser, nserver.url);
    try {
      const page = await openFront(context, `?q=innbyggerpanel&modelltype=${slug}`, nserver.url);
      const sel = { modelltype: [slug] };
      assertView(await settledView(page, sel), sel, 'words and a filter on a site without search');
      assert.equal(await page.locator('#search-q').count(), 0, 'a search box');
      assert.equal(await page.locator('#search-notice').count(), 0, 'a notice that the search failed');
      assert.deepEqual(page.errors, []);
    } finally {
      await context.close();
    }
  });
});

describe('console', () => {
  test('no console error or page error on any page of the built site', { timeout: 300_000 }, async () => {
    // Served under the path of base_url, as on the real host, so /404.html finds its assets.
    const prefix = new URL(data.base_url).pathname;
    const sub = await serve(site, { prefix });
    const context = await newContext(browser, sub.url);
    const problems = [];
    try {
      let pages = htmlPages(site);
      assert.ok(pages.length > 10, `only ${pages.length} HTML pages`);
      if (pages.length > 150) {
        // A big site: every kind of page, and an even spread of the rest.
        const step = Math.ceil(pages.length / 150);
        pages = pages.filter((p, i) => i % step === 0 || !/\/(side\/\d+\/)$/.test(p));
      }
      const page = await context.newPage();
      const errors = collectErrors(page);
      for (const p of [...pages, '/finnes-ikke/']) {
        errors.length = 0;
        const url = `${sub.url}${p}`;
        const res = await page.goto(url, { waitUntil: 'load' });
        if (p === '/' || /^\/side\/\d+\/$/.test(p)) await waitForFilters(page);
        // /sok/ renders its results in the browser: wait until they are counted.
        if (p === '/sok/') {
          await page.waitForFunction(() => document.getElementById('result-count')?.textContent.trim() !== '');
        }
        await page.waitForTimeout(50);
        let errs = errors;
        if (p === '/finnes-ikke/') {
          assert.equal(res.status(), 404);
          // The 404 status of the page itself is expected; nothing else may fail.
          errs = errors.filter((e) => !e.includes(url) && !/status of 404/.test(e));
          assert.ok((await page.title()).length > 0);
          const css = await page.evaluate(() => document.styleSheets.length);
          assert.ok(css > 0, '404 page at an unknown path has no stylesheet');
        } else {
          assert.equal(res.status(), 200, `${p} answered ${res.status()}`);
        }
        for (const e of errs) problems.push(`${p}: ${e}`);
      }
      for (const u of context.blocked) problems.push(`request outside the site: ${u}`);
    } finally {
      await context.close();
      await sub.close();
    }
    assert.deepEqual(problems, [], `\n${problems.join('\n')}`);
  });
});
