// Lighthouse (mobile, its defaults) on one page of every page type of the bundled site: builds it
// with target/debug/katalog (or KATALOG_BIN), serves it on loopback under its base path like the
// browser tests (tests/browser/helpers.mjs), runs the Lighthouse CLI pinned in
// benches/package-lock.json on each page with Debian's Chromium, and prints the four category
// scores, the cumulative layout shift and every audit below 1 that counts for a category.
//
//   (cd benches && npm ci) && node benches/lighthouse.mjs [--json FILE]
//
// On a loopback static server some audits are the environment's, not the site's (HTTPS, HTTP/2,
// text compression, caching headers): they are printed as they are, to be read as such.

import { execFile } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildSite, cleanup, openData, serve, CHROMIUM } from '../tests/browser/helpers.mjs';

const HERE = path.dirname(fileURLToPath(import.meta.url));
const LIGHTHOUSE = path.join(HERE, 'node_modules', '.bin', 'lighthouse');
/** Chromium as the tests run it: headless, and nothing of its own on the network. */
const FLAGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
].join(' ');

/** One page of each page type of the bundled site (paths under its base path). */
const PAGES = [
  ['front page', '/'],
  ['case', '/eksempler/suldal-grendeutval/'],
  ['facet (taxonomy)', '/modelltype/'],
  ['term', '/modelltype/innbyggerpanel/'],
  ['search', '/sok/'],
  ['municipalities', '/kommune/'],
  ['municipality', '/kommune/suldal/'],
  ['print', '/trykk/'],
  ['page', '/om/'],
  ['not found', '/404.html'],
];

function lighthouse(url) {
  const args = [
    url,
    '--output=json',
    '--output-path=stdout',
    '--quiet',
    `--chrome-flags=${FLAGS}`,
  ];
  return new Promise((resolve, reject) => {
    execFile(LIGHTHOUSE, args, { env: { ...process.env, CHROME_PATH: CHROMIUM }, maxBuffer: 1 << 28 }, (err, stdout, stderr) => {
      if (err) reject(new Error(`lighthouse ${url} failed: ${stderr}`));
      else resolve(JSON.parse(stdout));
    });
  });
}

async function main() {
  if (!fs.existsSync(LIGHTHOUSE)) throw new Error(`${LIGHTHOUSE} is missing: run \`npm ci\` in benches/`);
  const jsonOut = process.argv.includes('--json') ? process.argv[process.argv.indexOf('--json') + 1] : null;
  const site = buildSite();
  const prefix = new URL(openData(site).base_url).pathname;
  const server = await serve(site, { prefix });
  const rows = [];
  try {
    for (const [kind, p] of PAGES) {
      const report = await lighthouse(`${server.url}${p}`);
      const score = (c) => Math.round(report.categories[c].score * 100);
      const cls = report.audits['cumulative-layout-shift'].numericValue;
      const failing = new Set();
      for (const cat of Object.values(report.categories)) {
        for (const ref of cat.auditRefs) {
          const a = report.audits[ref.id];
          if (ref.weight > 0 && a.score !== null && a.score < 1) failing.add(`${ref.id} (${a.displayValue || a.score})`);
        }
      }
      const row = {
        kind,
        path: p,
        performance: score('performance'),
        accessibility: score('accessibility'),
        'best-practices': score('best-practices'),
        seo: score('seo'),
        cls: Number(cls.toFixed(3)),
        below: [...failing],
        version: report.lighthouseVersion,
      };
      rows.push(row);
      console.error(JSON.stringify(row));
    }
  } finally {
    await server.close();
    cleanup();
  }
  console.log(`Lighthouse ${rows[0]?.version}, mobile (its defaults), Chromium ${CHROMIUM}, ${new Date().toISOString()}\n`);
  console.log('| page type | path | performance | accessibility | best practices | SEO | CLS | audits below 1 |');
  console.log('| --- | --- | ---: | ---: | ---: | ---: | ---: | --- |');
  for (const r of rows) {
    console.log(`| ${r.kind} | \`${r.path}\` | ${r.performance} | ${r.accessibility} | ${r['best-practices']} | ${r.seo} | ${r.cls} | ${r.below.join(', ') || '–'} |`);
  }
  if (jsonOut) fs.writeFileSync(jsonOut, JSON.stringify(rows, null, 1));
}

main().catch((e) => {
  console.error(e.stack || String(e));
  process.exit(2);
});
