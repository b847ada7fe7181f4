// (e) Hostile content: case bodies, titles and summaries that try to run script. The site built
// from them runs none of it in Chromium, on any page, even when every javascript: link is
// clicked; and no contributor markup survives as a script, an event handler or a frame.

import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { after, before, test } from 'node:test';
import {
  buildSite,
  cleanup,
  fixtureProject,
  htmlPages,
  newContext,
  openData,
  serve,
  tempDir,
  launchBrowser,
} from './helpers.mjs';
import { ldScripts, readJsonLd } from './linked-data.mjs';

const EVIL_TITLE = 'Farlig <img src=x onerror=alert(1)> tittel';
const EVIL_TITLE_2 = 'Farlig 2 "><script>alert(1)</script> \'><svg onload=alert(1)>';
// Tries to end the JSON-LD script element, or to hide its end in a comment.
const EVIL_TITLE_3 = 'Farlig 3 </script><script>alert(1)</script><!-- <script> & </SCRIPT >';
// katalog refuses a summary with a whole tag in it (tested below); this one has the start of
// a tag only, which the markup after it would complete if it were not escaped.
const EVIL_SUMMARY = 'Sammendrag \'"<img src=x onerror=alert(1) title=';
const TAG_SUMMARY = 'Sammendrag <img src=x onerror=alert(1)> med <script>alert(1)</script> i.';

const EVIL_BODY = `
Innleiing.

<script>alert(1)</script>

<img src=x onerror="alert(1)">

[lenke](javascript:alert(1))

[stor lenke](JaVaScRiPt:alert(1))

[mellomrom]( javascript:alert(1) )

[referanse][ref]

<javascript:alert(1)>

![bilete](javascript:alert(1))

<a href="javascript:alert(1)">html-lenke</a>

<a href="&#106;avascript:alert(1)">koda lenke</a>

<a href=" javascript:alert(1)" onclick="alert(1)" onmouseover="alert(1)">klikk</a>

<svg><script>alert(1)</script></svg>

<svg onload="alert(1)"><a xlink:href="javascript:alert(1)"><text>svg-lenke</text></a></svg>

<math><mi xlink:href="javascript:alert(1)">matte</mi></math>

<iframe srcdoc="<script>parent.alert(1)</script>"></iframe>

<iframe src="javascript:alert(1)"></iframe>

<object data="javascript:alert(1)"></object>

<embed src="javascript:alert(1)">

<form action="javascript:alert(1)"><button>send</button></form>

<details open ontoggle="alert(1)"><summary>detaljar</summary>tekst</details>

<div style="background:url(javascript:alert(1))">stil</div>

<style>body { background: url(javascript:alert(1)) }</style>

<base href="javascript:alert(1)//">

<meta http-equiv="refresh" content="0;url=javascript:alert(1)">

<noscript><p title="</noscript><img src=x onerror=alert(1)>"></noscript>

## Overskrift <img src=x onerror=alert(1)>

| a | b |
| - | - |
| <img src=x onerror=alert(1)> | <script>alert(1)</script> |

[ref]: javascript:alert(1)
`;

function evilCase(title, summary) {
  return `---
title: ${JSON.stringify(title)}
municipality: Suldal
municipality_number: "1134"
county: Rogaland
population: 3889
model_types: [naerdemokrati]
target_groups: [alle-innbyggere]
summary: ${JSON.stringify(summary)}
date: 2099-01-01
---
${EVIL_BODY}`;
}

let site;
let cleanInline; // inline executable scripts the theme itself writes (from the bundled site)

before(() => {
  const root = fixtureProject({
    'content/eksempler/farlig-innhald.md': evilCase(EVIL_TITLE, EVIL_SUMMARY),
    'content/eksempler/farlig-innhald-to.md': evilCase(EVIL_TITLE_2, EVIL_SUMMARY),
    'content/eksempler/farlig-innhald-tre.md': evilCase(EVIL_TITLE_3, EVIL_SUMMARY),
    'content/farleg-side.md': `---\ntitle: ${JSON.stringify(EVIL_TITLE)}\ndescription: ${JSON.stringify(TAG_SUMMARY)}\n---\n${EVIL_BODY}`,
  });
  site = buildSite({ root });
  const clean = buildSite();
  cleanInline = new Set();
  for (const p of htmlPages(clean)) {
    const file = path.join(clean, p.endsWith('/') ? `${p}index.html` : p);
    const html = fs.readFileSync(file, 'utf8');
    for (const m of html.matchAll(/<script\b([^>]*)>([\s\S]*?)<\/script>/gi)) {
      if (!/\bsrc\s*=/.test(m[1])) cleanInline.add(m[2].trim());
    }
  }
}, { timeout: 180_000 });
after(cleanup);

/** Records every alert/confirm/prompt (overridden in every frame) and every dialog. */
async function armDetector(context) {
  const hits = [];
  await context.exposeBinding('__katalogXss', ({ frame }, what) => {
    hits.push(`${what} in ${frame?.url() ?? '?'}`);
  });
  await context.addInitScript(() => {
    for (const name of ['alert', 'confirm', 'prompt']) {
      const fake = function (...args) {
        try {
          window.__katalogXss(`${name}(${args.map(String).join(', ')})`);
        } catch {
          /* the binding is missing: the dialog listener still sees nothing, so count here */
        }
        window.__katalogXssCount = (window.__katalogXssCount || 0) + 1;
        return name === 'prompt' ? null : false;
      };
      try {
        Object.defineProperty(window, name, { value: fake, writable: false, configurable: false });
      } catch {
        window[name] = fake;
      }
    }
  });
  context.on('page', (page) => {
    page.on('dialog', (d) => {
      hits.push(`dialog ${d.type()}(${d.message()}) on ${page.url()}`);
      d.dismiss().catch(() => {});
    });
  });
  return hits;
}

/** What on the page could run contributor script: scripts, handlers, frames, javascript: URLs. */
async function inspect(page, origin) {
  return page.evaluate(
    ({ origin, cleanInline }) => {
      const found = [];
      const allowed = new Set(cleanInline);
      const dataTypes = ['application/json', 'application/ld+json', 'importmap', 'speculationrules'];
      const describe = (el) => el.outerHTML.slice(0, 160);
      const all = [...document.querySelectorAll('*')];
      for (const s of document.querySelectorAll('script')) {
        const src = s.getAttribute('src');
        const type = (s.getAttribute('type') || '').trim().toLowerCase();
        if (src !== null) {
          if (!s.src.startsWith(`${origin}/static/`)) found.push(`script not from /static/: ${describe(s)}`);
        } else if (dataTypes.includes(type)) {
          if (type !== 'speculationrules' && type !== 'importmap') {
            try {
              JSON.parse(s.textContent);
            } catch {
              found.push(`data script that is not JSON (broken out of?): ${describe(s)}`);
            }
          } else {
            found.push(`unexpected ${type} script: ${describe(s)}`);
          }
        } else if (!allowed.has(s.textContent.trim())) {
          found.push(`inline script the theme does not write: ${describe(s)}`);
        }
      }
      for (const el of all) {
        for (const a of el.getAttributeNames()) {
          const v = el.getAttribute(a) || '';
          if (/^on/i.test(a)) found.push(`event handler attribute ${a}: ${describe(el)}`);
          if (
            /^(href|src|action|formaction|data|xlink:href|srcdoc|background|poster|ping)$/i.test(a) &&
            /^\s*(javascript|vbscript|data\s*:\s*text\/html)/i.test(
              v.replace(/[\u0000-\u001f]/g, ''),
            )
          ) {
            found.push(`${a}="${v}" on ${describe(el)}`);
          }
          if (a.toLowerCase() === 'srcdoc') found.push(`srcdoc on ${describe(el)}`);
        }
      }
      for (const el of document.querySelectorAll('iframe, frame, object, embed, base, meta[http-equiv]')) {
        const he = (el.getAttribute('http-equiv') || '').toLowerCase();
        if (el.localName === 'meta' && he !== 'refresh') continue;
        found.push(`element that can load or redirect: ${describe(el)}`);
      }
      return found;
    },
    { origin, cleanInline: [...cleanInline] },
  );
}

/**
 * Visits `paths` of the site served at `origin` (a server's url, with its prefix), clicks
 * every javascript: link, returns what ran and what was found.
 */
async function visitAll(browser, origin, paths, { clickJs = true } = {}) {
  const context = await newContext(browser, origin);
  const hits = await armDetector(context);
  const findings = [];
  let jsLinks = 0;
  try {
    // One tab for all: every navigation starts a fresh document with the detector armed.
    const page = await context.newPage();
    for (const p of paths) {
      await page.goto(`${origin}${p}`, { waitUntil: 'load' });
      // Give the theme's script (the front page fetches its data) and any delayed handler
      // time to run.
      await page.waitForTimeout(100);
      for (const f of await inspect(page, origin)) findings.push(`${p}: ${f}`);
      if (clickJs) {
        const n = await page.evaluate(() => {
          const links = [...document.querySelectorAll('a[href], area[href]')].filter((a) =>
            /^\s*javascript:/i.test(a.getAttribute('href').replace(/[\u0000-\u001f]/g, '')),
          );
          for (const a of links) a.setAttribute('data-katalog-test-js', '');
          return links.length;
        });
        jsLinks += n;
        for (let i = 0; i < n; i++) {
          await page
            .locator('[data-katalog-test-js]')
            .nth(i)
            .evaluate((a) => a.click())
            .catch(() => {});
          await page.waitForTimeout(50);
        }
      }
    }
  } finally {
    await context.close();
  }
  return { hits, findings, jsLinks };
}

test('hostile: a summary with an HTML tag is refused by the build, naming the file and key', () => {
  const root = fixtureProject({ 'content/eksempler/farlig-sammendrag.md': evilCase('Farlig', TAG_SUMMARY) });
  assert.throws(
    () => buildSite({ root }),
    (e) => /farlig-sammendrag\.md:\d+:\d+: error\[summary\]/.test(e.message),
  );
});

test('hostile: the detector sees script that runs (the check can fail)', { timeout: 60_000 }, async () => {
  const dir = tempDir('katalog-canary');
  fs.mkdirSync(path.join(dir, 'static'));
  fs.writeFileSync(
    path.join(dir, 'index.html'),
    `<!DOCTYPE html><html lang="nb"><head><title>canary</title></head><body>
<script>alert('inline')</script>
<img src="data:," onerror="alert('onerror')">
<iframe srcdoc="<script>alert('srcdoc')</script>"></iframe>
<a href="javascript:alert('link')">x</a>
</body></html>`,
  );
  const server = await serve(dir);
  const browser = await launchBrowser();
  try {
    const { hits, findings, jsLinks } = await visitAll(browser, server.url, ['/']);
    assert.equal(jsLinks, 1);
    for (const w of ['inline', 'onerror', 'srcdoc', 'link']) {
      assert.ok(hits.some((h) => h.includes(`alert(${w})`)), `the detector missed alert('${w}'): ${JSON.stringify(hits)}`);
    }
    assert.ok(findings.some((f) => f.includes('inline script')), JSON.stringify(findings));
    assert.ok(findings.some((f) => f.includes('event handler attribute onerror')), JSON.stringify(findings));
    assert.ok(findings.some((f) => f.includes('iframe')), JSON.stringify(findings));
  } finally {
    await browser.close();
    await server.close();
  }
});

test('hostile: the hostile texts are shown as text, escaped, not dropped', { timeout: 60_000 }, async () => {
  const server = await serve(site);
  const browser = await launchBrowser();
  try {
    const context = await newContext(browser, server.url);
    const page = await context.newPage();
    for (const [slug, title] of [
      ['farlig-innhald', EVIL_TITLE],
      ['farlig-innhald-to', EVIL_TITLE_2],
    ]) {
      await page.goto(`${server.url}/eksempler/${slug}/`);
      const h1 = (await page.locator('h1').first().textContent()).replace(/\s+/g, ' ').trim();
      assert.ok(h1.includes(title), `h1 of /eksempler/${slug}/ is ${JSON.stringify(h1)}, expected it to contain ${JSON.stringify(title)}`);
      assert.ok((await page.title()).includes(title), `<title> ${JSON.stringify(await page.title())}`);
      const body = await page.locator('body').textContent();
      assert.ok(body.includes('Innleiing.'), 'the body of the hostile case is missing');
    }
    await context.close();
  } finally {
    await browser.close();
    await server.close();
  }
});

test('hostile: no page of the hostile site runs contributor script', { timeout: 300_000 }, async () => {
  const pages = htmlPages(site);
  for (const must of ['/eksempler/farlig-innhald/', '/eksempler/farlig-innhald-to/', '/farleg-side/', '/trykk/', '/']) {
    assert.ok(pages.includes(must), `${must} was not built`);
  }
  // Served under the path of base_url, as on the real host, so that /404.html finds its assets.
  const server = await serve(site, { prefix: new URL(openData(site).base_url).pathname });
  const browser = await launchBrowser();
  try {
    const { hits, findings } = await visitAll(browser, server.url, [...pages, '/finnes-ikke/']);
    assert.deepEqual(hits, [], `script ran:\n${hits.join('\n')}`);
    assert.deepEqual(findings, [], `dangerous markup in the built pages:\n${findings.join('\n')}`);
  } finally {
    await browser.close();
    await server.close();
  }
});

test('hostile: a title with </script> stays inside the case page\'s JSON-LD, verbatim', { timeout: 60_000 }, async () => {
  const server = await serve(site);
  const browser = await launchBrowser();
  try {
    const context = await newContext(browser, server.url);
    const page = await context.newPage();
    /** Every script element of the page: its src, or its type and that it is inline. */
    const scripts = () =>
      page.$$eval('script', (els) => els.map((e) => e.getAttribute('src') ?? `inline ${e.getAttribute('type')}`));
    // A bundled case on the same site is the reference: the scripts a case page has.
    await page.goto(`${server.url}/eksempler/suldal-grendeutval/`, { waitUntil: 'load' });
    const expected = await scripts();
    assert.equal(expected.filter((s) => s === 'inline application/ld+json').length, 1, JSON.stringify(expected));
    for (const [slug, title] of [
      ['farlig-innhald-to', EVIL_TITLE_2],
      ['farlig-innhald-tre', EVIL_TITLE_3],
    ]) {
      await page.goto(`${server.url}/eksempler/${slug}/`, { waitUntil: 'load' });
      assert.deepEqual(await scripts(), expected, `/eksempler/${slug}/ has other scripts than a case page`);
      const texts = await ldScripts(page);
      assert.equal(texts.length, 1);
      const { json, expanded } = await readJsonLd(texts[0]);
      assert.equal(json.headline, title);
      assert.equal(json.description, EVIL_SUMMARY);
      assert.equal(expanded[0]['http://schema.org/headline'][0]['@value'], title);
    }
    await context.close();
  } finally {
    await browser.close();
    await server.close();
  }
});

test('hostile: the front page filters render hostile titles and summaries as text', { timeout: 120_000 }, async () => {
  const server = await serve(site);
  const browser = await launchBrowser();
  try {
    const context = await newContext(browser, server.url);
    const hits = await armDetector(context);
    const page = await context.newPage();
    // Filtering makes the theme's script draw the cards from data/facets.json and cards-K.json.
    for (const q of ['?modelltype=naerdemokrati', '?malgruppe=alle-innbyggere', '?fylke=rogaland']) {
      await page.goto(`${server.url}/${q}`, { waitUntil: 'load' });
      await page.waitForTimeout(300);
      const findings = await inspect(page, server.url);
      assert.deepEqual(findings, [], `/${q}:\n${findings.join('\n')}`);
      const text = await page.locator('main').first().textContent();
      assert.ok(text.includes(EVIL_TITLE), `/${q}: the hostile case's title is not shown as text`);
    }
    // Operate every checkbox filter as a user would, one after the other.
    await page.goto(`${server.url}/`, { waitUntil: 'load' });
    const boxes = page.locator('input[type=checkbox]');
    const n = await boxes.count();
    for (let i = 0; i < n; i++) {
      await boxes.nth(i).evaluate((b) => b.click());
      await page.waitForTimeout(30);
      await boxes.nth(i).evaluate((b) => b.click());
    }
    assert.deepEqual(await inspect(page, server.url), []);
    assert.deepEqual(hits, [], `script ran:\n${hits.join('\n')}`);
    await context.close();
  } finally {
    await browser.close();
    await server.close();
  }
});

test('hostile: typing the hostile strings into the search box and opening each result runs nothing', { timeout: 240_000 }, async () => {
  const server = await serve(site);
  const browser = await launchBrowser();
  // What a contributor or a link could put into the box: the hostile titles and summaries, each
  // line of the hostile body, and words of the hostile case that find it.
  const queries = [
    EVIL_TITLE,
    EVIL_TITLE_2,
    EVIL_SUMMARY,
    TAG_SUMMARY,
    ...EVIL_BODY.split('\n').map((l) => l.trim()).filter(Boolean),
    'farlig',
    'farlig tittel',
    'innleiing',
    'javascript alert',
    'onerror',
  ];
  try {
    const context = await newContext(browser, server.url);
    const hits = await armDetector(context);
    const page = await context.newPage();
    const opened = new Set();
    let withResults = 0;
    for (const q of queries) {
      await page.goto(`${server.url}/`, { waitUntil: 'load' });
      const box = page.locator('#search-q');
      await box.fill('');
      await box.pressSequentially(q, { delay: 2 });
      // Results come as the user types (debounced): wait until the list reflects the query.
      await page.waitForFunction(
        (q) => new URLSearchParams(location.search).get('q') === q,
        q,
        { timeout: 10_000 },
      );
      await page.waitForTimeout(200);
      const findings = await inspect(page, server.url);
      assert.deepEqual(findings, [], `query ${JSON.stringify(q)}:\n${findings.join('\n')}`);
      const links = await page.$$eval('#case-list > li a[href]', (as) => as.map((a) => a.href));
      if (links.length) withResults++;
      for (const href of links) {
        if (opened.has(href)) continue;
        opened.add(href);
        await page.goto(href, { waitUntil: 'load' });
        await page.waitForTimeout(50);
        const f = await inspect(page, server.url);
        assert.deepEqual(f, [], `result ${href} of ${JSON.stringify(q)}:\n${f.join('\n')}`);
      }
    }
    // The check can fail only if the hostile cases were actually found and opened.
    console.log(`hostile search: ${queries.length} queries, ${withResults} with results, ${opened.size} results opened`);
    assert.ok(withResults >= 3, `only ${withResults} hostile queries found anything`);
    assert.ok(
      [...opened].some((h) => h.includes('/eksempler/farlig-innhald/')),
      `the hostile case was never opened from the results: ${[...opened].join(', ')}`,
    );
    assert.deepEqual(hits, [], `script ran:\n${hits.join('\n')}`);
    await context.close();
  } finally {
    await browser.close();
    await server.close();
  }
});
