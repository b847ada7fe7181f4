// The bytes a comparison of four cases fetches (issue 39), in headless Chromium: a fresh
// browser context opens /sammenlign/?saker=A,B,C,D on a built site and waits until
// static/compare-page.js has drawn the table; every response's body is counted, by kind.
//
//   node benches/compare_bytes.mjs SITE_DIR [SLUG,SLUG,SLUG,SLUG]
//
// Without slugs, the first four cases of the site's katalog.json. Prints one JSON object:
// `total` (bytes of all bodies, as the server sent them: no compression), `cases` (the chosen
// cases' pages, the comparison's only data), `frame` (the page, its stylesheet and scripts),
// `requests`, and each request with its bytes.

import fs from 'node:fs';
import path from 'node:path';
import { launchBrowser, newContext, serve } from '../tests/browser/helpers.mjs';

const [siteDir, list] = process.argv.slice(2);
if (!siteDir) {
  console.error('usage: node benches/compare_bytes.mjs SITE_DIR [SLUG,SLUG,SLUG,SLUG]');
  process.exit(2);
}
const data = JSON.parse(fs.readFileSync(path.join(siteDir, 'katalog.json'), 'utf8'));
const slugs = list ? list.split(',') : data.cases.slice(0, 4).map((c) => c.slug);
const server = await serve(siteDir);
const browser = await launchBrowser();
try {
  const context = await newContext(browser, server.url);
  const page = await context.newPage();
  const files = [];
  page.on('response', async (res) => {
    const body = await res.body().catch(() => Buffer.alloc(0));
    files.push({ path: new URL(res.url()).pathname + new URL(res.url()).search, bytes: body.length, status: res.status() });
  });
  await page.goto(`${server.url}/sammenlign/?saker=${slugs.join(',')}`);
  await page.locator('#compare[data-compare="ready"]').waitFor({ state: 'attached' });
  const columns = await page.locator('.compare-table thead th.compare-table__case').count();
  if (columns !== slugs.length) throw new Error(`${columns} columns for ${slugs.length} cases`);
  await page.waitForLoadState('networkidle');
  const sum = (fs) => fs.reduce((n, f) => n + f.bytes, 0);
  const cases = files.filter((f) => f.path.startsWith('/eksempler/'));
  console.log(
    JSON.stringify(
      {
        site_cases: data.cases.length,
        slugs,
        total: sum(files),
        cases: sum(cases),
        frame: sum(files) - sum(cases),
        requests: files.length,
        files,
      },
      null,
      1,
    ),
  );
} finally {
  await browser.close();
  await server.close();
}
