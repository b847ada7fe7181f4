// The printed selection and the handout (issue 22), in Chromium, printed to PDF and read back
// with pdftotext:
// - the front page filtered to one model type, then "Skriv ut utvalget": /trykk/ holds exactly
//   the list's cases in its order, the cover names the filter, the PDF's table of contents lists
//   those cases only, each starts a page, and it ends with that model type's questions; the
//   same for a search with words;
// - a case page printed has no navigation text and shows the addresses of its links;
// - above print_limit, /trykk/ offers selections instead of cases, prints a chosen one from the
//   case pages, and refuses one above the limit.

import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import {
  buildSite,
  cleanup,
  collectErrors,
  fixtureProject,
  newContext,
  openData,
  tempDir,
  withSite,
} from './helpers.mjs';

const TERM = 'naerdemokrati'; // a model type of some of the bundled cases, not all
const TERM_LABEL = 'Nærdemokrati';
const WORDS = 'ungdomsråd';

/** Text as pdftotext and the DOM may write it, made comparable. */
function flat(s) {
  return s
    .normalize('NFKC')
    .replace(/\u00ad/g, '')
    .replace(/[\u2010\u2011]/g, '-')
    .replace(/[\s\u00a0\u202f]+/g, ' ')
    .trim();
}

/** The PDF of the page, as the text of each of its pages. */
async function pdfPages(page, name) {
  const pdf = path.join(tempDir('katalog-pdf'), `${name}.pdf`);
  await page.emulateMedia({ media: 'print' });
  await page.pdf({ path: pdf, format: 'A4', printBackground: true, timeout: 60_000 });
  const text = execFileSync('pdftotext', ['-enc', 'UTF-8', pdf, '-'], { encoding: 'utf8', timeout: 60_000 });
  const pages = text.split('\f').map(flat);
  if (pages.length && pages.at(-1) === '') pages.pop();
  return pages;
}

/** Waits until static/booklet.js has made the page; returns its state. */
async function bookletState(page) {
  await page.locator('#booklet[data-booklet]').waitFor({ state: 'attached' });
  return page.locator('#booklet').getAttribute('data-booklet');
}

const articleTitles = (page) =>
  page.$$eval('#print-cases article.print-case .print-case__title', (hs) => hs.map((h) => h.textContent.trim()));

/** The titles of the cases the front page lists now (a search also finds plain pages). */
const listTitles = (page) =>
  page.$$eval('#case-list .card__title a[href*="eksempler/"]', (as) => as.map((a) => a.textContent.trim()));

let site;
let data;
let views = {}; // name -> { list, booklet, cover, pages, errors }

/**
 * Opens `where` on the front page, lets `act` make the selection, then follows "Skriv ut
 * utvalget" and prints the booklet.
 */
async function printView(server, browser, name, where, act) {
  const context = await newContext(browser, server.url);
  const page = await context.newPage();
  const errors = collectErrors(page);
  await page.goto(`${server.url}${where}`, { waitUntil: 'load' });
  await page.locator('input[type=checkbox][name=modelltype]').first().waitFor({ state: 'attached' });
  const expected = await act(page);
  await page.waitForFunction((n) => document.querySelectorAll('#case-list .card').length === n, await expected);
  const list = await listTitles(page);
  const href = await page.locator('#print-link').getAttribute('href');
  await page.locator('#print-link').click();
  await page.waitForURL(/\/trykk\//);
  const state = await bookletState(page);
  const booklet = await articleTitles(page);
  const cover = flat(await page.locator('.print-cover').innerText());
  const pages = await pdfPages(page, name);
  errors.push(...context.blocked.map((u) => `blocked non-loopback request: ${u}`));
  await context.close();
  views[name] = { list, href, state, booklet, cover, pages, errors };
}

before(async () => {
  site = buildSite();
  data = openData(site);
  await withSite(site, async ({ server, browser }) => {
    const inTerm = data.cases.filter((c) => c.model_types.includes(TERM)).length;
    await printView(server, browser, 'filter', '/', async (page) => {
      await page.locator(`input[name=modelltype][value=${TERM}]`).check();
      await page.waitForURL((u) => new URL(u).searchParams.get('modelltype') === TERM);
      return inTerm;
    });
    await printView(server, browser, 'words', '/', async (page) => {
      await page.locator('#search-q').fill(WORDS);
      await page.locator('#search-q').press('Enter');
      await page.waitForURL((u) => new URL(u).searchParams.get('q') === WORDS);
      await page.locator('#case-list .card__snippet').first().waitFor();
      return page.locator('#case-list .card').count();
    });
  });
}, { timeout: 240_000 });
after(cleanup);

/** The bundled katalog.yaml's questions of a model type (its terms' `questions`). */
function questionsOf(slug) {
  const text = fs.readFileSync(new URL('../../content/katalog.yaml', import.meta.url), 'utf8');
  const block = text.split(/\n\s+- slug: /).find((b) => b.startsWith(`${slug}\n`)) || '';
  const after = block.split(/\n\s+questions:\n/)[1] || '';
  return after
    .split('\n')
    .map((l) => /^\s+- (.*)$/.exec(l))
    .filter(Boolean)
    .map((m) => m[1]);
}

for (const name of ['filter', 'words']) {
  describe(`print the selection (${name})`, () => {
    test('/trykk/ holds exactly the cases of the list, in its order', () => {
      const v = views[name];
      assert.equal(v.state, 'ready');
      assert.ok(v.list.length >= 1 && v.list.length < data.cases.length, `the ${name} view lists ${v.list.length} of ${data.cases.length} cases`);
      assert.deepEqual(v.booklet, v.list);
      assert.deepEqual(v.errors, []);
    });

    test('the cover names the selection and its size', () => {
      const v = views[name];
      const what = name === 'filter' ? TERM_LABEL : `«${WORDS}»`;
      const n = v.list.length === 1 ? '1 eksempel' : `${v.list.length} eksempler`;
      assert.ok(v.cover.includes(`Utvalg: ${what} — ${n}`), `the cover says:\n${v.cover}`);
      assert.ok(/Laget \d{1,2}\. \S+ \d{4} fra http/.test(v.cover), `no date and address on the cover:\n${v.cover}`);
    });

    test('the PDF lists those cases only, each on a page of its own, then the questions', () => {
      const { pages, list } = views[name];
      const all = pages.join(' ');
      for (const c of data.cases) {
        if (!list.includes(c.title)) assert.ok(!all.includes(flat(c.title)), `"${c.title}" is printed but not in the list`);
      }
      const toc = pages.findIndex((p) => p.startsWith('Innhold'));
      assert.ok(toc > 0, 'no page begins with the table of contents');
      let prev = toc;
      for (const t of list) {
        const p = pages.findIndex((text, i) => i > prev && text.includes(flat(t)));
        assert.ok(p > prev, `"${t}" has no page of its own after page ${prev + 1}`);
        assert.ok(pages[p].indexOf(flat(t)) < 160, `"${t}" does not start PDF page ${p + 1}`);
        prev = p;
      }
      const questions = pages.findIndex((p, i) => i > prev && p.startsWith('Spørsmål å drøfte'));
      assert.ok(questions > prev, 'no page after the last case begins with the questions to discuss');
      const last = pages.slice(questions).join(' ');
      if (name === 'filter') {
        for (const q of questionsOf(TERM)) assert.ok(last.includes(flat(q)), `the question "${q}" is missing`);
      }
      const unused = questionsOf('budsjettprosess')[0]; // no bundled case has this model type
      assert.ok(unused && !last.includes(flat(unused)), 'questions of a model type outside the selection are printed');
      assert.ok(last.includes('For alle eksemplene'), 'the general questions are missing');
    });
  });
}

test('a case page prints as a handout: no navigation, the addresses of its links', { timeout: 120_000 }, async () => {
  const c = data.cases.find((x) => x.links?.length) || data.cases[0];
  await withSite(site, async ({ server, browser }) => {
    const context = await newContext(browser, server.url);
    const page = await context.newPage();
    await page.goto(`${server.url}/eksempler/${c.slug}/`, { waitUntil: 'load' });
    const external = await page.$$eval('.prose a[href^="http"]', (as) => as.map((a) => a.getAttribute('href')));
    // The page's navigation, less the words the case itself uses ("Modelltype" is a fact too).
    const nav = await page.evaluate(() => {
      const own = document.querySelector('article.case').innerText;
      return [...document.querySelectorAll('.skip-link, .site-header a, .case-nav a, .related h2, .site-footer a')]
        .map((a) => a.textContent.trim())
        .filter((t) => !own.includes(t));
    });
    assert.ok(nav.length >= 5, `navigation texts: ${JSON.stringify(nav)}`);
    const pages = await pdfPages(page, 'case');
    await context.close();
    const all = pages.join(' ');
    // pdftotext joins a line broken after a hyphen and drops the hyphen: compare without both.
    const bare = (t) => t.replace(/[\s-]/g, '');
    for (const n of nav) assert.ok(!all.includes(flat(n)), `navigation text "${n}" is printed`);
    assert.ok(external.length > 0, 'the case links to no other site');
    const own = `${data.base_url}eksempler/${c.slug}/`;
    // The text without each page's foot (the case's address, the page number), for addresses
    // broken across a page.
    const body = pages.map((p) => bare(p).split(bare(own)).join('').replace(/\d+$/, '')).join('');
    for (const href of external) assert.ok(body.includes(bare(href)), `the address ${href} is not printed`);
    const footed = pages.filter((p) => bare(p).includes(bare(own)));
    assert.equal(footed.length, pages.length, `the case's address is at the foot of ${footed.length} of ${pages.length} pages`);
  });
});

test('above print_limit /trykk/ offers selections, prints one from the case pages, refuses a big one', { timeout: 120_000 }, async () => {
  const yaml = fs.readFileSync(new URL('../../content/katalog.yaml', import.meta.url), 'utf8');
  const root = fixtureProject({ 'content/katalog.yaml': `print_limit: 3\n${yaml}` });
  const big = buildSite({ root });
  const html = fs.readFileSync(path.join(big, 'trykk', 'index.html'), 'utf8');
  assert.ok(!html.includes('class="print-case"'), 'a catalogue above the limit prints its cases on /trykk/');
  await withSite(big, async ({ server, browser }) => {
    const context = await newContext(browser, server.url);
    const page = await context.newPage();
    const errors = collectErrors(page);
    await page.goto(`${server.url}/trykk/`, { waitUntil: 'load' });
    assert.equal(await bookletState(page), 'whole');
    const choice = page.locator(`#print-choices a[href="?modelltype=${TERM}"]`);
    assert.equal(await choice.count(), 1, 'no choice to print the model type');
    await choice.click();
    await page.waitForURL(/modelltype=/);
    assert.equal(await bookletState(page), 'ready');
    const want = data.cases.filter((c) => c.model_types.includes(TERM)).map((c) => c.title);
    assert.deepEqual(await articleTitles(page), want);
    // The fetched articles fit the page: one h1, case titles h2, ids unique.
    const outline = await page.evaluate(() => ({
      h1: document.querySelectorAll('h1').length,
      ids: [...document.querySelectorAll('[id]')].map((e) => e.id),
    }));
    assert.equal(outline.h1, 1);
    assert.equal(new Set(outline.ids).size, outline.ids.length, 'an id is used twice');
    const pages = await pdfPages(page, 'fetched');
    assert.ok(pages.at(-1).includes('Spørsmål å drøfte') || pages.slice(-2).join(' ').includes('Spørsmål å drøfte'));
    await page.goto(`${server.url}/trykk/?modelltype=politisk-organisering`, { waitUntil: 'load' });
    assert.equal(await bookletState(page), 'too-many');
    assert.match(await page.locator('#booklet-status').innerText(), /4 eksempler, flere enn de 3 /);
    assert.deepEqual(errors, []);
    await context.close();
  });
});

test('a municipality page prints what it lists: its own cases, the most alike, the nearest', { timeout: 120_000 }, async () => {
  await withSite(site, async ({ server, browser }) => {
    const context = await newContext(browser, server.url);
    const page = await context.newPage();
    const errors = collectErrors(page);
    await page.goto(`${server.url}/kommune/hjelmeland/`, { waitUntil: 'load' });
    // The page's case links in its order, each once, by title.
    const listed = await page.$$eval('.with-map__main a[href*="eksempler/"]', (as) => {
      const seen = new Map();
      for (const a of as) {
        const path = new URL(a.href).pathname;
        if (!seen.has(path)) seen.set(path, a.textContent.trim());
      }
      return [...seen.values()];
    });
    assert.ok(listed.length >= 2, `Hjelmeland's page lists ${listed.length} cases`);
    await page.locator('#print-link').click();
    await page.waitForURL(/\/trykk\/\?kommune=hjelmeland$/);
    assert.equal(await bookletState(page), 'ready');
    assert.deepEqual(await articleTitles(page), listed);
    const cover = flat(await page.locator('.print-cover').innerText());
    assert.ok(cover.includes(`Utvalg: Hjelmeland — ${listed.length} eksempler`), `the cover says:\n${cover}`);
    errors.push(...context.blocked.map((u) => `blocked non-loopback request: ${u}`));
    await context.close();
    assert.deepEqual(errors, []);
  });
});
