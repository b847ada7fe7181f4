// Comparing cases side by side (issue 39), in Chromium on the bundled site:
// - every card (term and municipality pages too) and the case page have the toggle;
// - three cases chosen with the cards' "Sammenlign" buttons, two on the front page and one in a
//   search's results, are the bar's and then the comparison's columns in the order chosen; one
//   removed there is gone from the URL, and a reload keeps the other two;
// - the URL alone (a fresh browser) gives the same page, fetching only the chosen cases' pages;
//   the rows hold the cases' facts and their sections' first paragraphs, or "Ikke beskrevet";
// - a bad list (unknown, repeated, too many, markup, empty) shows a notice naming what was left
//   out, with the slugs as text;
// - axe finds no violation in light and dark mode; nothing scrolls sideways at 320 CSS px;
// - printed, the comparison is a landscape A4 PDF with the three titles and their addresses;
// - every step again with the keyboard only.

import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { describe, test } from 'node:test';
import { REPO, collectErrors, newContext, norm, sharedSite, tempDir } from './helpers.mjs';

const AXE = path.join(REPO, 'node_modules', 'axe-core', 'axe.min.js');
const TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'];
const WORDS = 'ungdomsråd'; // finds Lørenskog's youth council among others

let data;
let server;
let browser;
sharedSite((s) => ({ data, server, browser } = s), { underBasePath: true });

const bySlug = (slug) => data.cases.find((c) => c.slug === slug);
const toggleOf = (page, slug) => page.locator(`.compare-toggle[data-compare-slug="${slug}"]`);
const columns = (page) =>
  page.$$eval('.compare-table thead th.compare-table__case a', (as) => as.map((a) => a.textContent.trim()));
const slugsOf = (page) => new URL(page.url()).searchParams.get('saker');

async function comparisonReady(page) {
  await page.locator('#compare[data-compare="ready"]').waitFor({ state: 'attached' });
}

/** The slugs of the cards the front page or search shows, in order. */
async function cardSlugs(page) {
  await page.locator('#case-list li.card .compare-toggle').first().waitFor();
  return page.$$eval('#case-list li.card .compare-toggle', (bs) => bs.map((b) => b.dataset.compareSlug));
}

/** A case whose title the search for WORDS lists, other than those in `not`. */
async function searchResult(page, not) {
  await page.goto(`${server.url}/sok/?q=${encodeURIComponent(WORDS)}`);
  await page.locator('#case-list .card__snippet').first().waitFor();
  const slug = (await cardSlugs(page)).find((s) => !not.includes(s));
  assert.ok(slug, `the search for ${WORDS} lists a case not chosen yet`);
  return slug;
}

async function announced(page, text) {
  await page.waitForFunction(
    (t) => document.getElementById('compare-announce')?.textContent.includes(t),
    text,
  );
}

async function runAxe(page) {
  await page.addScriptTag({ path: AXE });
  return page.evaluate(
    (tags) => axe.run(document, { runOnly: { type: 'tag', values: tags }, resultTypes: ['violations'] }),
    TAGS,
  );
}

test('three cases chosen on the front page and in a search are compared in that order; one removed stays removed on reload', { timeout: 90_000 }, async () => {
  const context = await newContext(browser, server.url);
  const page = await context.newPage();
  const errors = collectErrors(page);
  await page.goto(`${server.url}/`);
  const [a, b] = await cardSlugs(page);
  for (const slug of [a, b]) {
    const toggle = toggleOf(page, slug);
    assert.equal(await toggle.getAttribute('aria-pressed'), 'false');
    await toggle.click();
    assert.equal(await toggle.getAttribute('aria-pressed'), 'true');
    await announced(page, bySlug(slug).title);
  }
  const bar = page.locator('#compare-bar');
  assert.ok(await bar.isVisible(), 'the bar shows the chosen cases');
  assert.equal(await bar.locator('#compare-bar-count').textContent(), '2');
  assert.deepEqual(await bar.locator('.compare-bar__title').allTextContents(), [bySlug(a).title, bySlug(b).title]);

  const c = await searchResult(page, [a, b]);
  await toggleOf(page, c).click();
  await announced(page, bySlug(c).title);
  assert.equal(await toggleOf(page, c).getAttribute('aria-pressed'), 'true');

  await page.locator('#compare-bar-open').click();
  await comparisonReady(page);
  assert.equal(slugsOf(page), [a, b, c].join(','));
  assert.deepEqual(await columns(page), [a, b, c].map((s) => bySlug(s).title));

  await page.locator(`.compare-table__remove[data-slug="${b}"]`).click();
  assert.deepEqual(await columns(page), [a, c].map((s) => bySlug(s).title));
  assert.equal(slugsOf(page), [a, c].join(','));
  assert.equal(
    await page.evaluate(() => document.activeElement.getAttribute('data-slug')),
    c,
    'focus is on the remove button of the column that took the removed one\'s place',
  );
  await page.reload();
  await comparisonReady(page);
  assert.deepEqual(await columns(page), [a, c].map((s) => bySlug(s).title));

  // The choice follows the reader to the other pages.
  await page.goto(`${server.url}/`);
  await cardSlugs(page);
  assert.equal(await toggleOf(page, a).getAttribute('aria-pressed'), 'true');
  assert.equal(await toggleOf(page, b).getAttribute('aria-pressed'), 'false');
  assert.deepEqual(errors, []);
  await context.close();
});

test('every card has the toggle: term pages, municipality pages, a case page\'s own', { timeout: 60_000 }, async () => {
  const c = data.cases.find((x) => x.slug === 'suldal-grendeutval');
  const context = await newContext(browser, server.url);
  const page = await context.newPage();
  const errors = collectErrors(page);
  for (const where of [`/modelltype/${c.model_types[0]}/`, '/kommune/suldal/']) {
    await page.goto(`${server.url}${where}`);
    await page.locator('li.card .compare-toggle').first().waitFor();
    const cards = await page.locator('main li.card').count();
    assert.ok(cards > 0, where);
    assert.equal(await page.locator('main li.card .compare-toggle[aria-pressed="false"]').count(), cards, where);
  }
  await page.goto(`${server.url}/eksempler/${c.slug}/`);
  const own = page.locator('.case__header .compare-toggle');
  assert.equal(await own.getAttribute('data-compare-slug'), c.slug);
  await own.click();
  assert.equal(await own.getAttribute('aria-pressed'), 'true');
  assert.deepEqual(errors, []);
  await context.close();
});

test('the URL alone gives the comparison, from the chosen cases\' pages only', { timeout: 60_000 }, async () => {
  const chosen = ['gjovik-bylab', 'suldal-grendeutval', 'vadso-foregangskommune'];
  const context = await newContext(browser, server.url);
  const page = await context.newPage();
  const errors = collectErrors(page);
  const fetched = [];
  page.on('request', (r) => {
    if (['fetch', 'xhr'].includes(r.resourceType())) fetched.push(new URL(r.url()).pathname);
  });
  await page.goto(`${server.url}/sammenlign/?saker=${chosen.join(',')}`);
  await comparisonReady(page);
  assert.deepEqual(await columns(page), chosen.map((s) => bySlug(s).title));
  const prefix = new URL(server.url).pathname;
  assert.deepEqual(fetched.sort(), chosen.map((s) => `${prefix}/eksempler/${s}/`).sort());
  assert.ok(await page.locator('#compare-fallback').isHidden());
  assert.ok(await page.locator('#compare-notice').isHidden());

  const row = async (label) => {
    const tr = page.locator('.compare-table tbody tr', { has: page.locator('th', { hasText: label }) }).first();
    return tr.locator('td').evaluateAll((tds) =>
      tds.map((td) => [...td.children].slice(1).map((e) => e.textContent).join(' ').replace(/\s+/g, ' ').trim()),
    );
  };
  const rowLabels = await page.$$eval('.compare-table tbody th', (ths) => ths.map((th) => th.textContent.trim()));
  assert.deepEqual(rowLabels, [
    'Kommune', 'Innbyggere', 'Fylke', 'Landsdel', 'Kommunestørrelse', 'Målform', 'Modelltype',
    'Målgruppe', 'Prosjektperiode', 'Budsjett', 'Tilskudd', 'Sammendrag',
    'Kobling til politisk organisering', 'Kilder', 'Kilder og usikkerhet',
  ]);
  assert.deepEqual(await row('Kommune'), chosen.map((s) => bySlug(s).municipality));
  assert.deepEqual((await row('Innbyggere')).map((p) => Number(p.replace(/\D/g, ''))), chosen.map((s) => bySlug(s).population));
  assert.deepEqual(await row('Målform'), ['bokmål', 'nynorsk', 'bokmål']);
  assert.deepEqual(await row('Sammendrag'), chosen.map((s) => norm(bySlug(s).summary)));
  assert.deepEqual(await row('Kilder'), chosen.map((s) => `${bySlug(s).links.length} lenker`));
  const politics = await row('Kobling til politisk organisering');
  assert.match(politics[1], /grendeutval/i, 'Suldal\'s nynorsk section "Kopling til politisk organisering"');
  assert.match(politics[1], /Les resten: Suldal/);
  assert.match(politics[2], /Ungdomstinget/, 'Vadsø\'s section "Kobling til politisk organisering"');
  const more = page.locator('.compare-table tbody tr').nth(12).locator('td').nth(1).locator('a');
  assert.match(await more.getAttribute('href'), /eksempler\/suldal-grendeutval\/#kopling-til-politisk-organisering$/);
  // Suldal's words are marked nynorsk; the facts' labels are the site's.
  const suldal = (n) => page.locator('.compare-table tbody tr').nth(n).locator('td').nth(1);
  assert.equal(await suldal(11).locator('p').getAttribute('lang'), 'nn', 'the summary');
  assert.equal(await suldal(12).locator('p').first().getAttribute('lang'), 'nn', 'the section');
  assert.equal(await suldal(6).locator('ul').getAttribute('lang'), null, 'the model types');
  // Suldal's "Kjelder og usikkerheit" has its own id (#kjelder): found by its heading.
  assert.notEqual((await row('Kilder og usikkerhet'))[1], 'Ikke beskrevet');

  // Rows where all agree fold away, and come back.
  const fold = page.locator('#compare-fold');
  const same = await page.locator('.compare-table__row--same').count();
  assert.ok(same > 0, 'the three agree somewhere (Kilder og usikkerhet is no such row, the landsdel may be)');
  await fold.click();
  assert.equal(await fold.getAttribute('aria-pressed'), 'true');
  assert.equal(await page.locator('.compare-table tbody tr:visible').count(), rowLabels.length - same);
  await fold.click();
  assert.equal(await page.locator('.compare-table tbody tr:visible').count(), rowLabels.length);
  assert.deepEqual(errors, []);
  await context.close();
});

describe('a bad list shows a notice naming what was left out', () => {
  const cases = () => data.cases.map((c) => c.slug);
  const notice = (page) => page.locator('#compare-notice li').allTextContents();

  test('unknown, repeated, markup and more than four', { timeout: 60_000 }, async () => {
    const [s1, s2, s3, s4, s5] = cases();
    const markup = '<img src=x id=injected>';
    const list = [s1, 'finnes-ikke', s1, markup, s2, s3, s4, s5].map(encodeURIComponent).join(',');
    const context = await newContext(browser, server.url);
    const page = await context.newPage();
    const errors = collectErrors(page);
    await page.goto(`${server.url}/sammenlign/?saker=${list}`);
    await comparisonReady(page);
    assert.deepEqual(await columns(page), [s1, s2, s3, s4].map((s) => bySlug(s).title));
    assert.ok(await page.locator('#compare-notice').isVisible());
    assert.deepEqual(await notice(page), [
      `Finnes ikke og er utelatt: ${markup}, finnes-ikke`,
      `Valgt flere ganger, tatt med én gang: ${s1}`,
      `Høyst fire eksempler kan sammenlignes; utelatt: ${s5}`,
    ]);
    assert.equal(await page.locator('#injected').count(), 0, 'a slug is never markup');
    // The missing case's page is the one failed request, and expected.
    assert.deepEqual(errors.filter((e) => !e.includes('eksempler/finnes-ikke/')), []);
    await context.close();
  });

  test('an empty list', { timeout: 30_000 }, async () => {
    const context = await newContext(browser, server.url);
    const page = await context.newPage();
    for (const query of ['?saker=', '?saker=,,', '']) {
      await page.goto(`${server.url}/sammenlign/${query}`);
      await comparisonReady(page);
      assert.deepEqual(await notice(page), ['Ingen eksempler er valgt ennå.'], query);
      assert.equal(await page.locator('.compare-table').count(), 0);
    }
    await context.close();
  });

  test('without JavaScript the page says what it needs and links to the cases', { timeout: 30_000 }, async () => {
    const context = await newContext(browser, server.url, { javaScriptEnabled: false });
    const page = await context.newPage();
    await page.goto(`${server.url}/sammenlign/?saker=${cases()[0]}`);
    const fallback = page.locator('#compare-fallback');
    assert.match(await fallback.textContent(), /trenger JavaScript/);
    assert.ok(await fallback.locator('a', { hasText: 'Alle eksempler' }).isVisible());
    await context.close();
  });
});

/** Pages with the comparison's parts on them: the bar with two cases unfolded, the comparison. */
async function comparisonPages(context) {
  const [a, b, c, d] = data.cases.map((x) => x.slug);
  const page = await context.newPage();
  const errors = collectErrors(page);
  await page.goto(`${server.url}/eksempler/${a}/`);
  await toggleOf(page, a).click();
  await page.goto(`${server.url}/`);
  await cardSlugs(page);
  await toggleOf(page, b).click();
  await announced(page, bySlug(b).title);
  await page.locator('.compare-bar__summary').click(); // the chosen titles and their buttons
  await page.locator('.compare-bar__remove').first().waitFor();
  const front = { name: 'front page with the bar unfolded', page, errors };
  const compare = await context.newPage();
  const compareErrors = collectErrors(compare);
  await compare.goto(`${server.url}/sammenlign/?saker=${[a, b, c, d].join(',')}`);
  await comparisonReady(compare);
  return [front, { name: 'comparison of four', page: compare, errors: compareErrors }];
}

for (const scheme of ['light', 'dark']) {
  test(`axe finds no violation on the bar and the comparison (${scheme})`, { timeout: 90_000 }, async () => {
    // bypassCSP: axe-core is injected as an inline script, which the pages' policy refuses.
    const context = await newContext(browser, server.url, { colorScheme: scheme, bypassCSP: true });
    for (const { name, page, errors } of await comparisonPages(context)) {
      const result = await runAxe(page);
      assert.deepEqual(
        result.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`),
        [],
        `${name} (${scheme})`,
      );
      assert.deepEqual(errors, []);
    }
    await context.close();
  });
}

// WCAG 1.4.12's spacing, as tests/browser/axe.test.mjs applies it.
const TEXT_SPACING =
  '* { line-height: 1.5 !important; letter-spacing: 0.12em !important; word-spacing: 0.16em !important; } p { margin-bottom: 2em !important; }';

test('no sideways scroll at 320 CSS px, with and without text spacing: the bar, the comparison as a sequence', { timeout: 90_000 }, async () => {
  // bypassCSP: the text spacing is injected as an inline style, which the policy refuses.
  const context = await newContext(browser, server.url, { viewport: { width: 320, height: 640 }, bypassCSP: true });
  const pages = await comparisonPages(context);
  for (const spacing of [false, true]) {
    for (const { name, page } of pages) {
      if (spacing) await page.addStyleTag({ content: TEXT_SPACING });
      const layout = await page.evaluate(() => ({
        width: document.documentElement.clientWidth,
        scrollWidth: document.documentElement.scrollWidth,
      }));
      assert.equal(layout.width, 320);
      assert.ok(layout.scrollWidth <= 320, `${name}${spacing ? ', text spacing' : ''} is ${layout.scrollWidth} px wide`);
    }
  }
  // On the phone every value is labelled with its case.
  assert.ok(await pages[1].page.locator('.compare-table td .compare-table__for').first().isVisible());
  await context.close();
});

test('printed, the comparison is a landscape A4 table with the titles and addresses', { timeout: 120_000 }, async () => {
  const chosen = data.cases.slice(0, 3);
  const context = await newContext(browser, server.url);
  const page = await context.newPage();
  await page.goto(`${server.url}/sammenlign/?saker=${chosen.map((c) => c.slug).join(',')}`);
  await comparisonReady(page);
  await page.emulateMedia({ media: 'print' });
  const pdf = path.join(tempDir('katalog-pdf'), 'compare.pdf');
  await page.pdf({ path: pdf, preferCSSPageSize: true, printBackground: true, timeout: 60_000 });
  const text = norm(execFileSync('pdftotext', ['-enc', 'UTF-8', pdf, '-'], { encoding: 'utf8' }))
    .replace(/\u00ad/g, '');
  const info = execFileSync('pdfinfo', [pdf], { encoding: 'utf8' });
  const [, w, h] = /Page size:\s+([\d.]+) x ([\d.]+)/.exec(info);
  assert.ok(Math.abs(Number(w) - 841.9) < 2 && Math.abs(Number(h) - 595.3) < 2, `A4 landscape, not ${w} x ${h}`);
  for (const c of chosen) {
    // pdftotext may break a long title across lines: compare without the spaces.
    const flat = text.replace(/\s/g, '');
    assert.ok(flat.includes(norm(c.title).replace(/\s/g, '')), `the PDF has "${c.title}"`);
    assert.ok(flat.includes(c.url.replace(/\s/g, '')), `the PDF has ${c.url}`);
  }
  assert.doesNotMatch(text, /Skriv ut sammenligningen|Fjern/, 'no buttons on paper');
  await context.close();
});

test('keyboard only: choose, open, remove, fold', { timeout: 120_000 }, async () => {
  const context = await newContext(browser, server.url);
  const page = await context.newPage();
  const errors = collectErrors(page);
  const focused = () =>
    page.evaluate(() => {
      const e = document.activeElement;
      return {
        cls: e.className,
        slug: e.getAttribute('data-compare-slug') || e.getAttribute('data-slug'),
        id: e.id,
        pressed: e.getAttribute('aria-pressed'),
      };
    });
  /** Presses Tab until `want` holds for the focused element. */
  async function tabTo(want, what) {
    for (let i = 0; i < 400; i++) {
      await page.keyboard.press('Tab');
      const f = await focused();
      if (want(f)) return f;
    }
    throw new Error(`Tab never reached ${what}`);
  }
  await page.goto(`${server.url}/`);
  const chosen = [];
  await cardSlugs(page);
  for (const key of ['Enter', 'Space']) {
    const f = await tabTo((f) => /compare-toggle/.test(f.cls) && !chosen.includes(f.slug), 'a card\'s toggle');
    await page.keyboard.press(key);
    await announced(page, bySlug(f.slug).title);
    const after = await focused();
    assert.equal(after.slug, f.slug, 'focus stays on the pressed button');
    assert.equal(after.pressed, 'true');
    chosen.push(f.slug);
  }
  // A search typed and its result chosen.
  await page.goto(`${server.url}/sok/`);
  await tabTo((f) => f.id === 'search-q', 'the search box');
  await page.keyboard.type(WORDS);
  await page.locator('#case-list .card__snippet').first().waitFor();
  const f = await tabTo((f) => /compare-toggle/.test(f.cls) && !chosen.includes(f.slug), 'a result\'s toggle');
  await page.keyboard.press('Enter');
  await announced(page, bySlug(f.slug).title);
  chosen.push(f.slug);
  // The bar's link, then the comparison.
  await tabTo((f) => f.id === 'compare-bar-open', 'the bar\'s link');
  await page.keyboard.press('Enter');
  await comparisonReady(page);
  assert.deepEqual(await columns(page), chosen.map((s) => bySlug(s).title));
  await tabTo((f) => /compare-table__remove/.test(f.cls) && f.slug === chosen[0], 'the first remove button');
  await page.keyboard.press('Enter');
  assert.deepEqual(await columns(page), chosen.slice(1).map((s) => bySlug(s).title));
  assert.equal((await focused()).slug, chosen[1], 'focus moves to the next column\'s remove button');
  await page.keyboard.press('Shift+Tab');
  await tabTo((f) => f.id === 'compare-fold', 'the fold button');
  await page.keyboard.press('Space');
  assert.equal((await focused()).pressed, 'true');
  await page.waitForFunction(() => /skjult/.test(document.getElementById('compare-status').textContent));
  // The bar's remove buttons too: back on the front page, one removed, focus on the next.
  await page.goto(`${server.url}/`);
  await cardSlugs(page);
  await tabTo((f) => /compare-bar__summary/.test(f.cls), 'the bar\'s list of the chosen');
  await page.keyboard.press('Enter');
  await tabTo((f) => /compare-bar__remove/.test(f.cls), 'the bar\'s remove button');
  await page.keyboard.press('Enter');
  await page.waitForFunction(() => document.querySelectorAll('.compare-bar__remove').length === 1);
  assert.match((await focused()).cls, /compare-bar__remove/, 'focus on the remaining remove button');
  assert.deepEqual(errors, []);
  await context.close();
});
