// (b) axe-core finds no WCAG 2.0/2.1 A and AA violation on the front page (filters active, the
// filter panel open; with search results open), the search page /sok/ with results, a case page,
// a term page, /om/, /tilgjengelighet/, /trykk/ (whole, and a printed selection) and the not-found page, in light
// and in dark mode. And two AA criteria axe cannot check, on the same pages: reflow at 320 CSS
// px (1.4.10) and text spacing (1.4.12).

import assert from 'node:assert/strict';
import path from 'node:path';
import { describe, test } from 'node:test';
import {
  REPO,
  collectErrors,
  newContext,
  sharedSite,
} from './helpers.mjs';

const AXE = path.join(REPO, 'node_modules', 'axe-core', 'axe.min.js');
const TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'];

let site;
let data;
let server;
let browser;

// Under the path of base_url, as on the real host, so that the not-found page, whose links
// are absolute, finds its stylesheet.
sharedSite((s) => ({ site, data, server, browser } = s), { underBasePath: true });

/** Opens every closed filter disclosure (details, aria-expanded=false buttons) on the front page. */
async function openFilterPanel(page) {
  await page.evaluate(() => {
    for (const d of document.querySelectorAll('details')) {
      if (d.querySelector('input')) d.open = true;
    }
  });
  const toggles = page.locator('button[aria-expanded="false"][aria-controls]');
  for (let i = (await toggles.count()) - 1; i >= 0; i--) {
    const t = toggles.nth(i);
    if (await t.isVisible()) await t.click();
  }
}

async function runAxe(page) {
  await page.addScriptTag({ path: AXE });
  return page.evaluate(
    (tags) => axe.run(document, { runOnly: { type: 'tag', values: tags }, resultTypes: ['violations'] }),
    TAGS,
  );
}

function formatViolations(violations) {
  return violations
    .map((v) => {
      const nodes = v.nodes
        .slice(0, 8)
        .map(
          (n) =>
            `      at ${n.target.join(' ')}\n        ${n.html.replace(/\s+/g, ' ').slice(0, 200)}\n        ${(n.failureSummary || '').replace(/\n\s*/g, ' | ')}`,
        )
        .join('\n');
      const more = v.nodes.length > 8 ? `\n      … and ${v.nodes.length - 8} more` : '';
      return `  [${v.impact}] ${v.id}: ${v.help} (${v.helpUrl})\n${nodes}${more}`;
    })
    .join('\n');
}

/**
 * The pages checked, each with its path for the site's first case `c` (its first model type
 * is the term): the tests are declared before the site is built.
 */
const PAGES = [
  { name: 'front page, filters active and open', path: (c) => `/?modelltype=${encodeURIComponent(c.model_types[0])}`, front: true },
  { name: 'front page', path: () => '/', front: true },
  { name: 'front page, search results open', path: () => '/?q=kommunestyret', front: true, results: true },
  { name: 'search page with results', path: () => `/sok/?q=${encodeURIComponent('ungdomsråd')}&modelltype=barn-og-unge`, front: true, results: true },
  { name: 'search page, nothing found, suggestions shown', path: () => `/sok/?q=${encodeURIComponent('innbygerpannel gjøvik')}`, front: true, suggestions: true },
  { name: 'case page', path: (c) => `/eksempler/${c.slug}/` },
  { name: 'term page', path: (c) => `/modelltype/${c.model_types[0]}/` },
  { name: 'taxonomy page', path: () => '/modelltype/' },
  { name: 'about page', path: () => '/om/' },
  { name: 'accessibility page', path: () => '/tilgjengelighet/' },
  { name: 'print page', path: () => '/trykk/' },
  { name: 'print page with a selection', path: (c) => `/trykk/?modelltype=${encodeURIComponent(c.model_types[0])}`, booklet: true },
  { name: 'not-found page', path: () => '/finnes-ikke/', status: 404 },
];

/**
 * Opens the page of `spec` in `context` as a visitor sees it: the expected HTTP status, search
 * results drawn (spec.results), suggestions drawn (spec.suggestions), the filter panel drawn and opened (spec.front). Returns the
 * page, the list its console errors go into (the not-found page's own 404 left out) and
 * its path.
 */
async function openPage(context, spec) {
  const page = await context.newPage();
  const errors = collectErrors(page);
  const path = spec.path(data.cases[0]);
  const url = `${server.url}${path}`;
  const res = await page.goto(url, { waitUntil: 'load' });
  assert.equal(res.status(), spec.status ?? 200, `${path} answered ${res.status()}`);
  if (spec.status === 404) {
    const own = errors.filter((e) => e.includes(url) || /status of 404/.test(e));
    for (const e of own) errors.splice(errors.indexOf(e), 1);
  }
  if (spec.results) {
    // The ranked results, with their marked words, are on the page.
    await page.locator('#case-list .card__snippet mark').first().waitFor();
  }
  if (spec.booklet) {
    // static/booklet.js has made the page the selection.
    await page.locator('#booklet[data-booklet="ready"]').waitFor({ state: 'attached' });
  }
  if (spec.suggestions) {
    // A query that finds nothing: what to try instead is on the page, as links.
    await page.locator('#search-suggestions a').first().waitFor();
  }
  if (spec.front) {
    await page.locator('#search-form').waitFor(); // the script has drawn the panel
    await openFilterPanel(page);
  }
  return { page, errors, path };
}

for (const scheme of ['light', 'dark']) {
  describe(`axe, ${scheme} mode`, () => {
    for (const spec of PAGES) {
      test(`${spec.name} (${scheme})`, { timeout: 90_000 }, async () => {
        // bypassCSP: axe-core is injected as an inline script, which the pages' policy refuses.
        const context = await newContext(browser, server.url, { colorScheme: scheme, bypassCSP: true });
        try {
          const { page, errors, path } = await openPage(context, spec);
          assert.equal(
            await page.evaluate(() => matchMedia('(prefers-color-scheme: dark)').matches),
            scheme === 'dark',
          );
          if (spec.front) {
            const filters = [...new URL(path, server.url).searchParams.keys()].filter((k) => k !== 'q');
            if (filters.length) {
              const checked = await page.locator('input[type=checkbox]:checked').count();
              assert.ok(checked > 0, `${path}: no filter checkbox is checked, so the filters are not active`);
            }
          }
          // Let transitions and the script's drawing settle before measuring contrast.
          await page.waitForTimeout(400);
          const result = await runAxe(page);
          assert.equal(
            result.violations.length,
            0,
            `axe found ${result.violations.length} violation(s) on ${path} (${scheme}):\n${formatViolations(result.violations)}`,
          );
          assert.deepEqual(errors, [], `console errors on ${path}`);
        } finally {
          await context.close();
        }
      });
    }
  });
}

// WCAG 2.1 1.4.10 (Reflow, AA), which axe does not check: at 320 CSS px wide (a small phone, or
// 1280 px at 400 % zoom) no page needs scrolling sideways. A wide table may scroll inside its
// own box; the page itself may not. And 1.4.12 (Text spacing, AA): with the criterion's larger
// line, paragraph, letter and word spacing, still nothing is pushed past the edge or cut off.
const TEXT_SPACING =
  '* { line-height: 1.5 !important; letter-spacing: 0.12em !important; word-spacing: 0.16em !important; } p { margin-bottom: 2em !important; }';

for (const spacing of [false, true]) {
  describe(`reflow at 320 CSS px${spacing ? ', with WCAG text spacing' : ''}`, () => {
    for (const spec of PAGES) {
      test(`${spec.name} does not scroll sideways${spacing ? ' or cut text off' : ''}`, { timeout: 60_000 }, async () => {
        // bypassCSP: the text spacing is injected as an inline style, which the policy refuses.
        const context = await newContext(browser, server.url, { viewport: { width: 320, height: 640 }, bypassCSP: true });
        try {
          const { page, errors, path } = await openPage(context, spec);
          if (spacing) await page.addStyleTag({ content: TEXT_SPACING });
          const layout = await page.evaluate(() => {
            const width = document.documentElement.clientWidth;
            const name = (el) =>
              `${el.tagName.toLowerCase()}${el.id ? `#${el.id}` : ''}${el.className ? `.${String(el.className).trim().split(/\s+/).join('.')}` : ''}`;
            const beyond = [];
            const clipped = [];
            for (const el of document.body.querySelectorAll('*')) {
              const box = el.getBoundingClientRect();
              if (box.width > 0 && box.right > width + 0.5) beyond.push(`${name(el)} (right edge ${Math.round(box.right)} px)`);
              const style = getComputedStyle(el);
              const cut =
                (/hidden|clip/.test(style.overflowX) && el.scrollWidth > el.clientWidth + 1) ||
                (/hidden|clip/.test(style.overflowY) && el.scrollHeight > el.clientHeight + 1);
              // A visually hidden label (1 px, for screen readers) is meant to be cut.
              if (cut && box.width > 1 && el.textContent.trim()) clipped.push(name(el));
            }
            return { width, scrollWidth: document.documentElement.scrollWidth, beyond: beyond.slice(0, 8), clipped };
          });
          assert.equal(layout.width, 320);
          assert.ok(
            layout.scrollWidth <= layout.width,
            `${path} is ${layout.scrollWidth} px wide in a 320 px viewport; past the edge:\n  ${layout.beyond.join('\n  ')}`,
          );
          assert.deepEqual(layout.clipped, [], `${path}: text cut off by its box`);
          assert.deepEqual(errors, [], `console errors on ${path}`);
        } finally {
          await context.close();
        }
      });
    }
  });
}

test('axe: the check does find a violation on a broken page (the check can fail)', { timeout: 30_000 }, async () => {
  const context = await newContext(browser, server.url);
  try {
    const page = await context.newPage();
    await page.setContent(
      '<!DOCTYPE html><html><head><title>x</title></head><body><img src="data:,"><p style="color:#bbb;background:#fff">grå</p><input type="checkbox"></body></html>',
    );
    const ids = (await runAxe(page)).violations.map((v) => v.id).sort();
    for (const id of ['color-contrast', 'html-has-lang', 'image-alt', 'label']) {
      assert.ok(ids.includes(id), `axe did not report ${id}; it reported ${JSON.stringify(ids)}`);
    }
  } finally {
    await context.close();
  }
});
