// (g) The editors' form at /admin/ (issue 26), with Decap CMS's local backend (decap-server,
// on loopback, writing into a copied project) and `katalog serve`: a Hjelmeland case made
// through the form passes `katalog check` and shows in the preview after its next build; a
// bundled case saved through the form keeps every value; a term added to katalog.yaml is a
// choice in the form after the next build; axe-core finds no WCAG 2.1 A/AA violation on the
// editing form. The CMS script comes from node_modules in place of the CDN, and must be the
// bytes the page's integrity hash names.

import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import http from 'node:http';
import net from 'node:net';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import YAML from 'yaml';
import {
  KATALOG,
  PROJECT,
  REPO,
  buildSite,
  cleanup,
  collectErrors,
  fixtureProject,
  launchBrowser,
  newContext,
  norm,
  startProcess,
  startServe,
  stopProcess,
} from './helpers.mjs';

const DECAP_DIST = path.join(REPO, 'node_modules', 'decap-cms', 'dist');
const DECAP_SERVER = path.join(REPO, 'node_modules', 'decap-server', 'dist', 'index.js');
const AXE = path.join(REPO, 'node_modules', 'axe-core', 'axe.min.js');
/** Where Decap CMS looks for its local backend (it then saves through it, not the Git host). */
const LOCAL_BACKEND = 'http://localhost:8081/';
const EDITOR = '\neditor:\n  host: github\n  repository: kommune/inspirasjonskatalog\n  branch: main\n';
const SAVE_TIMEOUT = 30_000;
/**
 * What Decap CMS 3.16.3 itself gets wrong on the editing form (listed in the README, "The
 * editors' form"), each rule with the elements of the CMS it is excused for, matched on
 * `TARGET HTML`: no other element, and no other rule, is.
 */
const CMS_OWN = [
  // The Markdown editor is a contenteditable textbox; its <label for> names an id it lacks.
  ['aria-input-field-name', /^\S+ <div role="textbox"[^>]* data-slate-editor="true"/],
  // The preview's iframe has no title.
  ['frame-title', /^#preview-pane <iframe id="preview-pane"/],
  // Grey-on-grey and white-on-teal in the top bar: the unsaved badge, Publish, the site link.
  ['color-contrast', /^\S*(BackStatus|PublishButton|AppHeaderSiteLink)\S* /],
];

let root; // the copied project both servers work on
let serve; // katalog serve: { proc, origin, output() }
let decap; // decap-server: { proc, port }
let browser;
const cdnRequests = [];

/** `katalog.yaml` of the bundled project with `extra` after it. */
const katalogYaml = (extra = '') =>
  fs.readFileSync(path.join(PROJECT, 'content', 'katalog.yaml'), 'utf8') + EDITOR + extra;

/** A free port on 127.0.0.1 (decap-server takes its port from PORT and does not report it). */
function freePort() {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address();
      s.close(() => resolve(port));
    });
  });
}

/**
 * The preview's server-sent events, counted by name as they arrive: `count(name)` is how many
 * came so far, `after(name, n)` resolves once more than `n` have come, `close()` ends the stream.
 */
function subscribe(origin) {
  const counts = new Map();
  const waiters = [];
  let buffer = '';
  const req = http.get(`${origin}/__katalog/events`, (res) => {
    res.setEncoding('utf8');
    res.on('data', (chunk) => {
      buffer += chunk;
      let end;
      while ((end = buffer.indexOf('\n\n')) >= 0) {
        const name = /^event: (.*)$/m.exec(buffer.slice(0, end))?.[1];
        buffer = buffer.slice(end + 2);
        counts.set(name, (counts.get(name) ?? 0) + 1);
        for (const w of waiters.filter((w) => w.name === name && counts.get(name) > w.n)) {
          waiters.splice(waiters.indexOf(w), 1);
          w.resolve();
        }
      }
    });
  });
  req.on('error', () => {});
  const count = (name) => counts.get(name) ?? 0;
  return {
    count,
    after: (name, n) =>
      new Promise((resolve, reject) => {
        if (count(name) > n) return resolve();
        const timer = setTimeout(() => reject(new Error(`no ${name} event`)), SAVE_TIMEOUT);
        waiters.push({ name, n, resolve: () => (clearTimeout(timer), resolve()) });
      }),
    close: () => req.destroy(),
  };
}

/** Resolves once `file` exists (watching its folder, not polling). */
function appears(file) {
  return new Promise((resolve, reject) => {
    const dir = path.dirname(file);
    const watcher = fs.watch(dir, () => {
      if (fs.existsSync(file)) done();
    });
    const timer = setTimeout(() => done(new Error(`${file} did not appear`)), SAVE_TIMEOUT);
    const done = (err) => {
      clearTimeout(timer);
      watcher.close();
      if (err) reject(err);
      else resolve();
    };
    if (fs.existsSync(file)) done();
  });
}

/** The front matter of a Markdown file, parsed (YAML 1.2: dates stay text, as katalog reads them). */
function frontMatter(file) {
  const text = fs.readFileSync(file, 'utf8');
  const m = /^---\r?\n([\s\S]*?)\r?\n---\r?\n/.exec(text);
  assert.ok(m, `${file} has no front matter`);
  return YAML.parse(m[1]);
}

/** `katalog check` on the copied project: exit 0, or a failure with its output. */
function check() {
  try {
    execFileSync(KATALOG, ['check', '--root', root], { encoding: 'utf8', stdio: 'pipe' });
  } catch (e) {
    assert.fail(`katalog check failed (exit ${e.status}):\n${e.stdout}${e.stderr}`);
  }
}

/** A context whose pages get Decap CMS from node_modules and reach decap-server on loopback. */
async function cmsContext() {
  const context = await newContext(browser, serve.origin, { viewport: { width: 1280, height: 1000 } });
  await context.route('https://unpkg.com/**', (route) => {
    const url = route.request().url();
    cdnRequests.push(url);
    const m = /^https:\/\/unpkg\.com\/decap-cms@([^/]+)\/dist\/decap-cms\.js$/.exec(url);
    if (!m) return route.abort('blockedbyclient');
    return route.fulfill({
      path: path.join(DECAP_DIST, 'decap-cms.js'),
      headers: { 'content-type': 'text/javascript', 'access-control-allow-origin': '*' },
    });
  });
  await context.route(`${LOCAL_BACKEND}**`, async (route) => {
    const url = route.request().url().replace(LOCAL_BACKEND, `http://127.0.0.1:${decap.port}/`);
    return route.fulfill({ response: await route.fetch({ url }) });
  });
  return context;
}

/** Opens `hash` of /admin/ (e.g. `#/collections/eksempler/new`), logged in to the local backend. */
async function openForm(context, hash) {
  const page = await context.newPage();
  page.errors = collectErrors(page);
  await page.goto(`${serve.origin}/admin/`);
  await page.getByRole('button', { name: 'Logg inn' }).click();
  await page.getByRole('link', { name: 'Eksempler' }).first().waitFor();
  await page.goto(`${serve.origin}/admin/${hash}`);
  return page;
}

/** The form's input for the case key `name` (Decap gives each control the id NAME-field-N). */
const control = (page, name) =>
  page.locator(`input[id^="${name}-field-"], textarea[id^="${name}-field-"], button[id^="${name}-field-"]`);

/** Saves the entry open in `page` ("Publiser nå") and waits until the CMS says it is saved. */
async function save(page) {
  await page.getByRole('button', { name: 'Publiser', exact: true }).click();
  await page.getByRole('menuitem', { name: 'Publiser nå' }).click();
  await page.getByRole('button', { name: 'Publisert', exact: true }).waitFor({ timeout: SAVE_TIMEOUT });
}

before(async () => {
  root = fixtureProject({ 'content/katalog.yaml': katalogYaml() });
  serve = await startServe(root);
  const port = await freePort();
  const d = await startProcess(process.execPath, [DECAP_SERVER], /listening on 127\.0\.0\.1:\d+/, {
    cwd: root,
    env: { ...process.env, PORT: String(port), BIND_HOST: '127.0.0.1', MODE: 'fs', GIT_REPO_DIRECTORY: root },
  });
  decap = { proc: d.proc, port };
  browser = await launchBrowser();
}, { timeout: 180_000 });

after(async () => {
  await browser?.close().catch(() => {});
  await stopProcess(serve?.proc);
  await stopProcess(decap?.proc);
  cleanup();
});

describe('the editors\' form at /admin/', () => {
  test('the page loads the pinned Decap CMS by a hash of the npm copy', async () => {
    const html = await (await fetch(`${serve.origin}/admin/`)).text();
    const script = /<script src="(https:\/\/unpkg\.com\/decap-cms@([^/]+)\/dist\/decap-cms\.js)" integrity="([^"]+)" crossorigin="anonymous">/.exec(html);
    assert.ok(script, `no Decap CMS script with an integrity hash in /admin/:\n${html.slice(0, 600)}`);
    const pinned = JSON.parse(fs.readFileSync(path.join(REPO, 'package.json'), 'utf8')).devDependencies['decap-cms'];
    assert.equal(script[2], pinned, 'the page loads the version package.json pins');
    const bytes = fs.readFileSync(path.join(DECAP_DIST, 'decap-cms.js'));
    assert.equal(script[3], `sha384-${crypto.createHash('sha384').update(bytes).digest('base64')}`);
  });

  test('a Hjelmeland case made through the form passes katalog check and is previewed', { timeout: 180_000 }, async () => {
    const context = await cmsContext();
    const events = subscribe(serve.origin);
    try {
      const page = await openForm(context, '#/collections/eksempler/new');
      const title = 'Hjelmeland: innbyggermøte laget i skjemaet';
      await control(page, 'title').fill(title);
      await control(page, 'municipality_number').fill('Hjelmeland');
      await page.getByRole('option', { name: 'Hjelmeland (1133, Rogaland)' }).click();
      for (const term of ['Innbyggerpanel', 'Nærdemokrati']) {
        await control(page, 'model_types').fill(term);
        await page.getByRole('option', { name: term, exact: true }).click();
      }
      await control(page, 'summary').fill('Et eksempel laget i testen av skjemaet for redaktører.');
      for (const [i, period] of ['Høst 2024', 'Vår 2025'].entries()) {
        await page.getByRole('button', { name: 'Add budsjett' }).click();
        await control(page, 'period').nth(i).fill(period);
        await page.getByRole('button', { name: 'Add poster' }).nth(i).click();
        await control(page, 'item').nth(i).fill(`Folkemøte ${i + 1}`);
        await control(page, 'nok').nth(i).fill(String(10_000 * (i + 1)));
      }
      await control(page, 'draft').click(); // a new case is a draft; this one is published
      // The preview is drawn with the theme's stylesheet.
      const preview = page.frameLocator('iframe').first();
      await preview.locator('link[href$="/static/katalog.css"]').waitFor({ state: 'attached' });

      const file = path.join(root, 'content', 'eksempler', 'hjelmeland-innbyggermote-laget-i-skjemaet.md');
      const written = appears(file);
      const builds = events.count('done');
      await save(page);
      await written;
      const fm = frontMatter(file);
      assert.deepEqual(
        { ...fm },
        {
          title,
          municipality: 'Hjelmeland',
          municipality_number: '1133',
          population: fm.population,
          model_types: ['innbyggerpanel', 'naerdemokrati'],
          summary: 'Et eksempel laget i testen av skjemaet for redaktører.',
          budget: [
            { period: 'Høst 2024', items: [{ item: 'Folkemøte 1', nok: 10000 }] },
            { period: 'Vår 2025', items: [{ item: 'Folkemøte 2', nok: 20000 }] },
          ],
          draft: false,
        },
      );
      assert.ok(fm.population > 0, 'the population is filled in from the list');
      check();

      // The preview's next build has the case's page.
      const visitor = await context.newPage();
      visitor.errors = collectErrors(visitor);
      visitor.expect404 = true;
      // A round may have begun before the file was whole: then the next one has the page.
      let res;
      for (let round = builds; round < builds + 3; round++) {
        await events.after('done', round);
        res = await visitor.goto(`${serve.origin}/eksempler/hjelmeland-innbyggermote-laget-i-skjemaet/`);
        if (res.status() === 200) break;
      }
      assert.equal(res.status(), 200);
      assert.equal(norm(await visitor.locator('h1').first().textContent()), title);
      assert.deepEqual(page.errors, []);
      assert.deepEqual(cdnRequests.filter((u) => !u.endsWith('/dist/decap-cms.js')), [], 'only the integrity-checked bundle comes from the CDN');
    } finally {
      events.close();
      await context.close();
    }
  });

  test('a bundled case saved through the form keeps every value', { timeout: 180_000 }, async () => {
    const file = path.join(root, 'content', 'eksempler', 'suldal-grendeutval.md');
    const before = frontMatter(file);
    const context = await cmsContext();
    try {
      const page = await openForm(context, '#/collections/eksempler/entries/suldal-grendeutval');
      const title = control(page, 'title').first();
      // Decap CMS saves only a changed entry: add a character, save, take it away, save again.
      for (const [key, expected] of [['!', `${before.title}!`], ['Backspace', before.title]]) {
        const seen = page.errors.length;
        await page.reload();
        // What the form had in flight is aborted by this reload itself: not a failure.
        const after = page.errors.splice(seen).filter((e) => !e.endsWith('(net::ERR_ABORTED)'));
        page.errors.push(...after);
        await title.waitFor();
        await title.press('End');
        await title.press(key);
        await save(page);
        const now = frontMatter(file);
        assert.deepEqual(now, { ...before, title: expected });
        check();
      }
      assert.deepEqual(page.errors, []);
    } finally {
      await context.close();
    }
  });

  test('axe-core finds no WCAG 2.1 A/AA violation on the editing form', { timeout: 120_000 }, async () => {
    const context = await cmsContext();
    try {
      const page = await openForm(context, '#/collections/eksempler/new');
      await control(page, 'title').waitFor();
      await page.addScriptTag({ path: AXE });
      const result = await page.evaluate(() =>
        axe.run(document, {
          runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] },
          resultTypes: ['violations'],
        }),
      );
      const excused = (id, n) =>
        CMS_OWN.some(([rule, element]) => rule === id && element.test(`${n.target.join(' ')} ${n.html}`));
      const found = result.violations
        .map((v) => ({ ...v, nodes: v.nodes.filter((n) => !excused(v.id, n)) }))
        .filter((v) => v.nodes.length > 0)
        .map((v) => `${v.id}: ${v.help}\n${v.nodes.slice(0, 5).map((n) => `  ${n.target.join(' ')}: ${n.html.slice(0, 160)}`).join('\n')}`);
      assert.deepEqual(found, []);
    } finally {
      await context.close();
    }
  });
});

describe('the form is generated', () => {
  test('a term added to katalog.yaml is a choice in the form after the next build', () => {
    const term = '\n      - slug: folkemote-test\n        label: Folkemøte i testen\n';
    const text = katalogYaml().replace(/(\n  modelltype:\n    label: [^\n]*\n    terms:\n)/, `$1${term.slice(1)}`);
    assert.notEqual(text, katalogYaml(), 'the term was added to the vocabulary');
    const site = buildSite({ root: fixtureProject({ 'content/katalog.yaml': text }) });
    const config = YAML.parse(fs.readFileSync(path.join(site, 'admin', 'config.yml'), 'utf8'));
    const cases = config.collections.find((c) => c.name === 'eksempler');
    const field = cases.fields.find((f) => f.name === 'model_types');
    assert.deepEqual(field.options[0], { label: 'Folkemøte i testen', value: 'folkemote-test' });
    const bundled = buildSite();
    assert.ok(!fs.existsSync(path.join(bundled, 'admin')), 'without editor: no /admin/');
  });
});
