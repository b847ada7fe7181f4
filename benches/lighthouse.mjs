// Lighthouse (mobile, its defaults) on one page of every page type of the bundled site: builds it
// with target/debug/katalog (or KATALOG_BIN), serves it on loopback under its base path like the
// browser tests (tests/browser/helpers.mjs), runs the Lighthouse CLI pinned in
// benches/package-lock.json on each page with Debian's Chromium, and prints the four category
// scores, the cumulative layout shift and every audit below 1 that counts for a category.
//
//   (cd benches && npm ci) && node benches/lighthouse.mjs [--gzip] [--json FILE]
//
// On a loopback static server some audits are the environment's, not the site's (HTTP/2, text
// compression, caching headers): they are printed as they are, to be read as such; --gzip puts
// a proxy in front that compresses text as a real static host does.

import { execFile } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import zlib from 'node:zlib';
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

/** Text types a static host sends gzipped (GitHub Pages, Netlify, nginx's gzip_types). */
const COMPRESSED = /^(text\/|application\/(json|xml|atom\+xml)|image\/svg\+xml)/;

/**
 * With --gzip: a proxy on loopback in front of `inner` (the tests' static server, which sends
 * no compression) that gzips text for a client that asks for it, as a real host does, so that
 * `uses-text-compression` measures the site and not the test server. Resolves to its origin
 * and close().
 */
function gzipProxy(inner) {
  const target = new URL(inner.origin);
  const srv = http.createServer((req, res) => {
    const upstream = http.request(
      { host: target.hostname, port: target.port, path: req.url, method: req.method, headers: req.headers },
      (up) => {
        const headers = { ...up.headers };
        const gzip = /\bgzip\b/.test(req.headers['accept-encoding'] || '') && COMPRESSED.test(headers['content-type'] || '');
        if (!gzip) {
          res.writeHead(up.statusCode, headers);
          return up.pipe(res);
        }
        delete headers['content-length'];
        res.writeHead(up.statusCode, { ...headers, 'content-encoding': 'gzip', vary: 'accept-encoding' });
        up.pipe(zlib.createGzip()).pipe(res);
      },
    );
    upstream.on('error', () => res.destroy());
    req.pipe(upstream);
  });
  return new Promise((resolve) => {
    srv.listen(0, '127.0.0.1', () => {
      resolve({
        origin: `http://127.0.0.1:${srv.address().port}`,
        close: () => new Promise((r) => { srv.closeAllConnections?.(); srv.close(() => r()); }),
      });
    });
  });
}

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
  const gzip = process.argv.includes('--gzip');
  const site = buildSite();
  const prefix = new URL(openData(site).base_url).pathname;
  const server = await serve(site, { prefix });
  const proxy = gzip ? await gzipProxy(server) : null;
  const base = proxy ? `${proxy.origin}${prefix.replace(/\/$/, '')}` : server.url;
  const rows = [];
  try {
    for (const [kind, p] of PAGES) {
      const report = await lighthouse(`${base}${p}`);
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
    await proxy?.close();
    await server.close();
    cleanup();
  }
  console.log(`Lighthouse ${rows[0]?.version}, mobile (its defaults), Chromium ${CHROMIUM}, ${gzip ? 'gzip' : 'no compression'}, ${new Date().toISOString()}\n`);
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
