// «Din kommune» in Chromium (issue 21, done-when 3, 4 and 6): the front page's chooser lands on
// Hjelmeland's page from "hjelm" with the keyboard (and its form without JavaScript on the
// index); the map's marks are links to the pages that list each municipality's cases, and
// every page with the map credits Kartverket and draws the land from one shared file (issue 34); axe-core finds no WCAG 2.1 A/AA violation on /kommune/ and a municipality page, light
// and dark; they reflow at 320 px; the Nu HTML Checker finds no error in them; no page type
// logs a console error or asks for a missing /favicon.ico; at 390×844 the front page shows the
// search box and the chooser without scrolling.

import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { describe, test } from 'node:test';
import {
  REPO,
  collectErrors,
  htmlPages,
  newContext,
  sharedSite,
} from './helpers.mjs';

const AXE = path.join(REPO, 'node_modules', 'axe-core', 'axe.min.js');
const VNU = path.join(REPO, 'node_modules', 'vnu-jar', 'build', 'dist', 'vnu.jar');
const TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'];

let site;
let data;
let server;
let browser;

sharedSite((s) => ({ site, data, server, browser } = s), { underBasePath: true });

/** Opens `p` (a path under the site) and returns the page and its error list. */
async function open(context, p) {
  const page = await context.newPage();
  const errors = collectErrors(page);
  const res = await page.goto(`${server.url}${p}`, { waitUntil: 'load' });
  assert.equal(res.status(), 200, `${p} answered ${res.status()}`);
  return { page, errors };
}

test('typing "hjelm" in the front page\'s chooser and choosing with the keyboard lands on Hjelmeland', { timeout: 60_000 }, async () => {
  const context = await newContext(browser, server.url);
  try {
    const { page, errors } = await open(context, '/');
    const input = page.locator('#kommune-q');
    assert.equal(await input.getAttribute('role'), 'combobox');
    await input.focus();
    await input.pressSequentially('hjelm');
    const option = page.getByRole('option', { name: /^Hjelmeland/ });
    await option.waitFor();
    assert.equal(await input.getAttribute('aria-expanded'), 'true');
    assert.match(await page.locator('#kommune-status').textContent(), /^1 forslag/);
    await page.keyboard.press('ArrowDown');
    const id = await input.getAttribute('aria-activedescendant');
    assert.equal(id, await option.getAttribute('id'), 'the arrow key makes Hjelmeland the active option');
    assert.equal(await option.getAttribute('aria-selected'), 'true');
    await Promise.all([page.waitForURL(/\/kommune\/hjelmeland\/$/), page.keyboard.press('Enter')]);
    assert.equal(await page.locator('h1').textContent(), 'Hjelmeland');
    assert.deepEqual(errors, []);
  } finally {
    await context.close();
  }
});

test('without JavaScript the chooser\'s form lands on the index of every municipality', { timeout: 60_000 }, async () => {
  const context = await newContext(browser, server.url, { javaScriptEnabled: false });
  try {
    const { page } = await open(context, '/');
    await page.locator('#kommune-q').fill('hjelm');
    await Promise.all([page.waitForURL(/\/kommune\/\?kommune=hjelm$/), page.locator('#kommune-q').press('Enter')]);
    assert.ok(await page.getByRole('link', { name: 'Hjelmeland', exact: true }).isVisible());
  } finally {
    await context.close();
  }
});

const KOMMUNE_PAGES = ['/kommune/', '/kommune/hjelmeland/', '/kommune/suldal/'];

test('the map\'s marks are links, reached by keyboard, to the pages that list the cases', { timeout: 60_000 }, async () => {
  const context = await newContext(browser, server.url);
  try {
    const { page, errors } = await open(context, '/');
    const marks = page.locator('svg.map a');
    const byNumber = new Map();
    for (const c of data.cases) byNumber.set(c.municipality_number, [...(byNumber.get(c.municipality_number) ?? []), c]);
    assert.equal(await marks.count(), byNumber.size, 'one mark per municipality with cases');
    const labels = await marks.evaluateAll((as) => as.map((a) => a.querySelector('title').textContent));
    for (const [, cases] of byNumber) {
      const n = cases.length === 1 ? '1 eksempel' : `${cases.length} eksempler`;
      assert.ok(labels.includes(`${cases[0].municipality}: ${n}`), `a mark named for ${cases[0].municipality}: ${labels}`);
    }
    const suldal = data.cases.find((c) => c.municipality === 'Suldal');
    const mark = page.locator('svg.map').getByRole('link', { name: /^Suldal: \d/ });
    await mark.focus();
    assert.equal(await page.evaluate(() => document.activeElement.closest('svg.map') !== null), true);
    await Promise.all([page.waitForURL(/\/kommune\/suldal\/$/), page.keyboard.press('Enter')]);
    const caseLink = page.locator(`a[href$="eksempler/${suldal.slug}/"]`).first();
    await Promise.all([page.waitForURL(new RegExp(`/eksempler/${suldal.slug}/$`)), caseLink.click()]);
    assert.deepEqual(errors, []);
  } finally {
    await context.close();
  }
});

test('the map draws its land from one shared file, which every page with a map points to', { timeout: 60_000 }, async () => {
  const files = new Set();
  for (const p of htmlPages(site)) {
    const html = fs.readFileSync(path.join(site, p.endsWith('/') ? `${p}index.html` : p), 'utf8');
    if (!html.includes('<svg class="map"')) continue;
    assert.ok(!html.includes('<path class="map__land"'), `${p} carries the land inline`);
    for (const [, href] of html.matchAll(/<use class="map__(?:land|borders)" href="([^"#]+)#/g)) {
      files.add(new URL(href, `https://x.test${p}`).pathname);
    }
  }
  assert.deepEqual([...files], ['/kommune/kart.svg'], 'one file for every page');
  const context = await newContext(browser, server.url);
  try {
    const { page, errors } = await open(context, '/kommune/hjelmeland/');
    const answer = await page.evaluate(async () => {
      const use = document.querySelector('svg.map use.map__land');
      const r = await fetch(new URL(use.getAttribute('href'), location.href));
      return { status: r.status, type: r.headers.get('content-type'), land: (await r.text()).includes('id="land"') };
    });
    assert.deepEqual(answer, { status: 200, type: 'image/svg+xml', land: true });
    // The land takes the page's colours: the <use> is filled from the stylesheet.
    const fill = await page.evaluate(() => getComputedStyle(document.querySelector('svg.map use.map__land')).fill);
    assert.notEqual(fill, 'none');
    assert.notEqual(fill, 'rgb(0, 0, 0)');
    assert.deepEqual(errors, []);
  } finally {
    await context.close();
  }
});

test('every page that shows the map credits Kartverket', () => {
  const withMap = [];
  for (const p of htmlPages(site)) {
    const file = path.join(site, p.endsWith('/') ? `${p}index.html` : p);
    const html = fs.readFileSync(file, 'utf8');
    if (html.includes('<svg class="map"')) {
      withMap.push(p);
      assert.ok(html.includes('Kartgrunnlag: © Kartverket (CC BY 4.0)'), `${p} shows the map without its credit`);
    }
  }
  for (const p of ['/', '/kommune/', '/kommune/hjelmeland/']) assert.ok(withMap.includes(p), `${p} shows the map`);
});

async function runAxe(page) {
  await page.addScriptTag({ path: AXE });
  return page.evaluate(
    (tags) => axe.run(document, { runOnly: { type: 'tag', values: tags }, resultTypes: ['violations'] }),
    TAGS,
  );
}

for (const scheme of ['light', 'dark']) {
  describe(`axe on the municipality pages, ${scheme}`, () => {
    for (const p of [...KOMMUNE_PAGES, 'the chooser with suggestions']) {
      test(`${p} (${scheme})`, { timeout: 60_000 }, async () => {
        // bypassCSP: axe-core is injected as an inline script, which the pages' policy refuses.
        const context = await newContext(browser, server.url, { colorScheme: scheme, bypassCSP: true });
        try {
          const suggestions = !p.startsWith('/');
          const { page, errors } = await open(context, suggestions ? '/kommune/' : p);
          if (suggestions) {
            await page.locator('#kommune-q').pressSequentially('bo');
            await page.getByRole('option').first().waitFor();
            await page.keyboard.press('ArrowDown');
          }
          const result = await runAxe(page);
          const found = result.violations.map((v) => `${v.id}: ${v.help} at ${v.nodes.map((n) => n.target.join(' ')).slice(0, 5).join(', ')}`);
          assert.deepEqual(found, [], `axe on ${p} (${scheme})`);
          assert.deepEqual(errors, []);
        } finally {
          await context.close();
        }
      });
    }
  });
}

test('the municipality pages reflow at 320 px: nothing scrolls sideways', { timeout: 60_000 }, async () => {
  const context = await newContext(browser, server.url, { viewport: { width: 320, height: 640 } });
  try {
    for (const p of KOMMUNE_PAGES) {
      const { page } = await open(context, p);
      const { width, scrollWidth } = await page.evaluate(() => ({
        width: document.documentElement.clientWidth,
        scrollWidth: document.documentElement.scrollWidth,
      }));
      assert.equal(width, 320);
      assert.ok(scrollWidth <= width, `${p} is ${scrollWidth} px wide at 320 px`);
      await page.close();
    }
  } finally {
    await context.close();
  }
});

test('the Nu HTML Checker finds no error in the municipality pages', { timeout: 120_000 }, async () => {
  const files = KOMMUNE_PAGES.map((p) => path.join(site, p, 'index.html'));
  const report = await new Promise((resolve, reject) => {
    execFile('java', ['-Xss8m', '-jar', VNU, '--errors-only', '--format', 'json', ...files], { timeout: 100_000 }, (err, stdout, stderr) => {
      try {
        resolve(JSON.parse((stderr || stdout || '').trim()));
      } catch {
        reject(new Error(`vnu gave no JSON report (${err?.message}):\n${stderr}`));
      }
    });
  });
  const errors = report.messages.filter((m) => m.type === 'error' || m.subType === 'fatal');
  assert.deepEqual(errors.map((m) => `${m.url}:${m.lastLine}: ${m.message}`), []);
});

test('no page type logs an error, and none asks for a /favicon.ico', { timeout: 120_000 }, async () => {
  const c = data.cases[0];
  const pages = [
    '/',
    `/eksempler/${c.slug}/`,
    '/modelltype/',
    `/modelltype/${c.model_types[0]}/`,
    '/om/',
    '/trykk/',
    '/sok/?q=ungdom',
    ...KOMMUNE_PAGES,
  ];
  const context = await newContext(browser, server.url);
  try {
    const requested = [];
    context.on('request', (r) => requested.push(new URL(r.url()).pathname));
    for (const p of pages) {
      const { page, errors } = await open(context, p);
      // Read here, not in the page: its Content-Security-Policy lets it fetch only the site.
      const href = await page.evaluate(() => document.querySelector('link[rel="icon"]')?.href);
      const res = href && (await fetch(href));
      const icon = res && { status: res.status, type: res.headers.get('content-type') };
      assert.deepEqual(icon, { status: 200, type: 'image/svg+xml' }, `${p}: its icon`);
      assert.deepEqual(errors, [], `console errors on ${p}`);
      await page.close();
    }
    assert.deepEqual(requested.filter((r) => r.endsWith('/favicon.ico')), []);
  } finally {
    await context.close();
  }
});

test('at 390×844 the front page shows the search box and the chooser without scrolling', { timeout: 60_000 }, async () => {
  const context = await newContext(browser, server.url, { viewport: { width: 390, height: 844 } });
  try {
    const { page } = await open(context, '/');
    // The script has run: the introduction has folded away.
    await page.waitForFunction(() => document.getElementById('intro-more')?.open === false);
    for (const id of ['#search-q', '#kommune-q']) {
      const box = await page.locator(id).boundingBox();
      assert.ok(box && box.y >= 0 && box.y + box.height <= 844, `${id} is at ${JSON.stringify(box)}`);
    }
    // What folded away is one click on the summary away, and a wider window opens it again
    // (it has no summary to click there).
    await page.locator('#intro-more summary').click();
    assert.ok(await page.locator('.intro__text').isVisible());
    await page.locator('#intro-more summary').click();
    assert.ok(!(await page.locator('.intro__text').isVisible()));
    await page.setViewportSize({ width: 1200, height: 844 });
    await page.waitForFunction(() => document.getElementById('intro-more').open);
    assert.ok(await page.locator('.intro__text').isVisible());
  } finally {
    await context.close();
  }
});
