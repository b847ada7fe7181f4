// (d) /trykk/ printed to PDF by Chromium: the table of contents lists every case title, and
// every case starts on a page of its own.

import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { after, before, test } from 'node:test';
import {
  buildSite,
  cleanup,
  collectErrors,
  newContext,
  openData,
  tempDir,
  withSite,
} from './helpers.mjs';

let site;
let pdfPages; // the PDF's pages as text, white space normalised
let titles; // case titles in listing order
let pageErrors;
let outline; // per printed case: its headings' levels, the title's first

/** Text as pdftotext and the DOM may write it, made comparable. */
function flat(s) {
  return s
    .normalize('NFKC')
    .replace(/\u00ad/g, '') // soft hyphens
    .replace(/[\u2010\u2011]/g, '-')
    .replace(/[\s\u00a0\u202f]+/g, ' ')
    .trim();
}

before(async () => {
  site = buildSite();
  titles = openData(site).cases.map((c) => c.title);
  const pdf = path.join(tempDir('katalog-pdf'), 'trykk.pdf');
  await withSite(site, async ({ server, browser }) => {
    const context = await newContext(browser, server.url);
    const page = await context.newPage();
    pageErrors = collectErrors(page);
    await page.goto(`${server.url}/trykk/`, { waitUntil: 'load' });
    outline = await page.$$eval('article.print-case', (articles) =>
      articles.map((a) => ({
        id: a.id,
        levels: [...a.querySelectorAll('h1, h2, h3, h4, h5, h6')].map((h) => Number(h.tagName[1])),
      })),
    );
    await page.emulateMedia({ media: 'print' });
    await page.pdf({ path: pdf, format: 'A4', printBackground: true, timeout: 60_000 });
    pageErrors.push(...context.blocked.map((u) => `blocked non-loopback request: ${u}`));
    await context.close();
  });
  const text = execFileSync('pdftotext', ['-enc', 'UTF-8', pdf, '-'], {
    encoding: 'utf8',
    timeout: 60_000,
    maxBuffer: 64 * 1024 * 1024,
  });
  pdfPages = text.split('\f').map(flat);
  if (pdfPages.length && pdfPages.at(-1) === '') pdfPages.pop();
}, { timeout: 180_000 });
after(cleanup);

test('print: the bundled site has cases to print', () => {
  assert.ok(titles.length >= 2, `katalog.json lists ${titles.length} cases; the test needs two or more`);
  assert.ok(pdfPages.length > titles.length, `the PDF has ${pdfPages.length} pages for ${titles.length} cases`);
});

test('print: /trykk/ loads without console errors', () => {
  assert.deepEqual(pageErrors, []);
});

test('print: each case is an h2 with its sections one level below it', () => {
  assert.equal(outline.length, titles.length, 'one article per case');
  const wrong = outline.filter(({ levels }) => levels[0] !== 2 || levels.slice(1).some((l) => l < 3));
  assert.deepEqual(wrong, [], 'a case body heading at the level of the case titles breaks the outline');
  assert.ok(outline.some(({ levels }) => levels.includes(3)), 'the bundled cases have sections (h2 in their Markdown)');
});

/** Index of the last page of the table of contents: the first pages holding all titles. */
function tocEnd() {
  let acc = '';
  for (let i = 0; i < pdfPages.length; i++) {
    acc += ` ${pdfPages[i]}`;
    if (titles.every((t) => acc.includes(flat(t)))) return i;
  }
  return -1;
}

test('print: the table of contents lists every case title, in listing order', () => {
  const end = tocEnd();
  const missing = end < 0 ? titles.filter((t) => !pdfPages.join(' ').includes(flat(t))) : [];
  assert.ok(end >= 0, `case titles missing from the PDF: ${JSON.stringify(missing)}`);
  // The table of contents comes before the first case's own page: it holds every title in
  // order, and it is over before any case begins (the first case is not on a TOC page).
  const toc = pdfPages.slice(0, end + 1).join(' ');
  let at = -1;
  for (const t of titles) {
    const i = toc.indexOf(flat(t), at + 1);
    assert.ok(i > at, `the table of contents lists "${t}" out of order (or not at all)\n--- TOC text:\n${toc.slice(0, 3000)}`);
    at = i;
  }
  const firstCasePage = pdfPages.findIndex((p, i) => i > end && p.includes(flat(titles[0])));
  assert.ok(
    firstCasePage > end,
    `the first case "${titles[0]}" does not appear after the table of contents (pages 1..${end + 1})`,
  );
});

test('print: every case starts on a new page', () => {
  const end = tocEnd();
  assert.ok(end >= 0, 'no table of contents holding every title');
  let prev = end;
  const report = [];
  for (const t of titles) {
    const ft = flat(t);
    const p = pdfPages.findIndex((text, i) => i > prev && text.includes(ft));
    if (p < 0) {
      report.push(`"${t}": no page after page ${prev + 1} shows this title`);
      continue;
    }
    // The case's heading begins its page: at most a short line (a kicker such as the
    // municipality, a running head) may come before it, never the end of the previous case.
    const before = pdfPages[p].slice(0, pdfPages[p].indexOf(ft));
    if (before.length > 160) {
      report.push(
        `"${t}" (PDF page ${p + 1}) does not start its page; before it on that page:\n    ${JSON.stringify(before.slice(-300))}`,
      );
    }
    prev = p;
  }
  assert.deepEqual(report, [], `\n${report.join('\n')}`);
});
