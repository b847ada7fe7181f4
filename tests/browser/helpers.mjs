// Shared helpers of the browser acceptance tests: building a site with the katalog binary into
// a fresh temporary folder, fixture projects, a loopback-only static file server, and Chromium
// (Debian's, driven by playwright-core) with per-page console and page error collection, and
// servers the tests start as processes (katalog serve, decap-server) and stop.

import { execFileSync, spawn } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { after, before } from 'node:test';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

export const REPO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
export const KATALOG =
  process.env.KATALOG_BIN ||
  path.join(process.env.CARGO_TARGET_DIR || path.join(REPO, 'target'), 'debug', 'katalog');
/**
 * The project whose site is tested: the repository (its content/ and themes/), or another one
 * named by KATALOG_TEST_ROOT (e.g. a copy with a deliberately broken theme, to see a test fail).
 */
export const PROJECT = process.env.KATALOG_TEST_ROOT ? path.resolve(process.env.KATALOG_TEST_ROOT) : REPO;
export const CHROMIUM = process.env.CHROMIUM_BIN || '/usr/bin/chromium';

/** Milliseconds a single page action (goto, click, wait) may take. */
export const ACTION_TIMEOUT = 15_000;

const tempDirs = [];

/** A fresh temporary folder, removed by cleanup(). */
export function tempDir(tag = 'katalog-browser') {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), `${tag}-`));
  tempDirs.push(dir);
  return dir;
}

/** Removes every folder tempDir() made in this test file. */
export function cleanup() {
  for (const dir of tempDirs.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
}

/**
 * Builds the project at `root` (default: PROJECT, i.e. the bundled content and theme)
 * into `<fresh temp dir>/site` and returns that folder. Throws with katalog's output on failure.
 */
export function buildSite({ root = PROJECT, drafts = false, baseUrl } = {}) {
  if (!fs.existsSync(KATALOG)) {
    throw new Error(`${KATALOG} does not exist: run \`cargo build\` first (tests/run does)`);
  }
  const out = path.join(tempDir('katalog-site'), 'site');
  const args = ['build', '--root', root, '--output', out];
  if (drafts) args.push('--drafts');
  if (baseUrl) args.push('--base-url', baseUrl);
  try {
    execFileSync(KATALOG, args, { encoding: 'utf8', stdio: 'pipe', timeout: 120_000 });
  } catch (e) {
    throw new Error(
      `katalog ${args.join(' ')} failed (exit ${e.status}):\n${e.stdout ?? ''}${e.stderr ?? ''}`,
    );
  }
  return out;
}

/**
 * A copy of PROJECT's content/ and themes/ in a fresh temp folder, for fixture sites:
 * `files` maps paths relative to the copy (e.g. `content/eksempler/x.md`) to their new text
 * (null deletes the file). Returns the copy's root.
 */
export function fixtureProject(files = {}, { keepCases = true } = {}) {
  const root = tempDir('katalog-fixture');
  fs.cpSync(path.join(PROJECT, 'content'), path.join(root, 'content'), { recursive: true });
  fs.cpSync(path.join(PROJECT, 'themes'), path.join(root, 'themes'), { recursive: true });
  if (!keepCases) {
    const dir = path.join(root, 'content', 'eksempler');
    for (const f of fs.readdirSync(dir)) if (f.endsWith('.md')) fs.rmSync(path.join(dir, f));
  }
  for (const [rel, text] of Object.entries(files)) {
    const p = path.join(root, rel);
    if (text === null) {
      fs.rmSync(p, { force: true });
    } else {
      fs.mkdirSync(path.dirname(p), { recursive: true });
      fs.writeFileSync(p, text);
    }
  }
  return root;
}

/** Every `.html` file of a built site, as URL paths (`/`, `/eksempler/x/`, `/404.html`), sorted. */
export function htmlPages(siteDir) {
  const pages = [];
  const walk = (dir, rel) => {
    for (const ent of fs.readdirSync(dir, { withFileTypes: true })) {
      const r = rel + ent.name;
      if (ent.isDirectory()) walk(path.join(dir, ent.name), `${r}/`);
      else if (ent.name.endsWith('.html')) {
        pages.push(ent.name === 'index.html' ? `/${rel}` : `/${r}`);
      }
    }
  };
  walk(siteDir, '');
  return pages.sort();
}

/** The site's open data (`katalog.json`). */
export function openData(siteDir) {
  return JSON.parse(fs.readFileSync(path.join(siteDir, 'katalog.json'), 'utf8'));
}

const TYPES = {
  '.html': 'text/html; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.json': 'application/json',
  '.csv': 'text/csv; charset=utf-8',
  '.xml': 'application/xml',
  '.txt': 'text/plain; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.gif': 'image/gif',
  '.webp': 'image/webp',
  '.avif': 'image/avif',
  '.ico': 'image/x-icon',
  '.woff': 'font/woff',
  '.woff2': 'font/woff2',
  '.pdf': 'application/pdf',
  '.webmanifest': 'application/manifest+json',
};

/**
 * Serves `dir` on 127.0.0.1 (an ephemeral port) like a plain static host: a folder serves its
 * index.html (a folder path without a trailing slash is redirected to one), an unknown path
 * gets 404.html with status 404, nothing outside `dir` is reachable.
 * With `prefix` (e.g. `/katalog/`, the path of the site's base_url) the site is served under
 * that path, as on a real host, and everything outside it is a 404 (with 404.html).
 * Resolves to `{ url, origin, close() }`: `origin` is `http://127.0.0.1:PORT`, `url` is
 * origin + prefix without its trailing slash.
 */
export function serve(dir, { prefix = '/' } = {}) {
  const rootDir = fs.realpathSync(dir);
  if (!prefix.startsWith('/') || !prefix.endsWith('/')) throw new Error(`bad prefix ${prefix}`);
  const server = http.createServer((req, res) => {
    const send = (status, file, headers = {}) => {
      const body = file ? fs.readFileSync(file) : Buffer.from(`${status}\n`);
      const type = file ? TYPES[path.extname(file).toLowerCase()] : undefined;
      res.writeHead(status, {
        'content-type': type || 'application/octet-stream',
        'content-length': body.length,
        'cache-control': 'no-store',
        ...headers,
      });
      res.end(req.method === 'HEAD' ? undefined : body);
    };
    try {
      if (req.method !== 'GET' && req.method !== 'HEAD') return send(405, null);
      const url = new URL(req.url, 'http://127.0.0.1');
      const notFound = () => {
        const page = path.join(rootDir, '404.html');
        return fs.existsSync(page) ? send(404, page) : send(404, null);
      };
      if (`${url.pathname}/` === prefix) {
        return send(301, null, { location: `${prefix}${url.search}` });
      }
      if (!url.pathname.startsWith(prefix)) return notFound();
      let rel;
      try {
        rel = decodeURIComponent(url.pathname.slice(prefix.length - 1));
      } catch {
        return send(400, null);
      }
      if (rel.includes('\0')) return send(400, null);
      let file = path.join(rootDir, path.normalize(rel));
      if (file !== rootDir && !file.startsWith(rootDir + path.sep)) return notFound();
      let st = fs.statSync(file, { throwIfNoEntry: false });
      if (st?.isDirectory()) {
        if (!url.pathname.endsWith('/')) {
          return send(301, null, { location: `${url.pathname}/${url.search}` });
        }
        file = path.join(file, 'index.html');
        st = fs.statSync(file, { throwIfNoEntry: false });
      }
      if (!st?.isFile()) return notFound();
      // No symbolic link may lead out of the folder.
      const real = fs.realpathSync(file);
      if (!real.startsWith(rootDir + path.sep)) return notFound();
      return send(200, real);
    } catch (e) {
      return send(500, null);
    }
  });
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      const origin = `http://127.0.0.1:${port}`;
      resolve({
        origin,
        url: `${origin}${prefix.replace(/\/$/, '')}`,
        close: () =>
          new Promise((r) => {
            server.closeAllConnections?.();
            server.close(() => r());
          }),
      });
    });
  });
}

export const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--disable-dev-shm-usage',
];

/**
 * Debian's Chromium through playwright-core. playwright-core's launch() gives every browser a
 * fresh temporary profile (its own --user-data-dir, removed on close), so no state leaks between
 * runs; it refuses a --user-data-dir in `args`.
 */
export async function launchBrowser() {
  if (!fs.existsSync(CHROMIUM)) throw new Error(`${CHROMIUM} is missing (apt-get install chromium)`);
  return chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: CHROMIUM_ARGS,
    timeout: 60_000,
  });
}

/**
 * A new browser context whose pages may load only from the loopback server at `origin` (a
 * server's `url` or `origin`): every other request is aborted and recorded in `context.blocked`.
 */
export async function newContext(browser, serverUrl, options = {}) {
  const origin = new URL(serverUrl).origin;
  const context = await browser.newContext({ serviceWorkers: 'block', ...options });
  context.setDefaultTimeout(ACTION_TIMEOUT);
  context.setDefaultNavigationTimeout(ACTION_TIMEOUT);
  context.blocked = [];
  await context.route('**/*', (route) => {
    const u = route.request().url();
    if (u.startsWith(`${origin}/`) || u === origin || u.startsWith('data:') || u.startsWith('blob:')) {
      return route.continue();
    }
    context.blocked.push(u);
    return route.abort('blockedbyclient');
  });
  return context;
}

/**
 * Listens to `page` and returns the list its console errors, uncaught page errors, failed
 * requests and responses >= 400 go into (each a readable string).
 */
export function collectErrors(page) {
  const errors = [];
  page.on('console', (msg) => {
    if (msg.type() === 'error') {
      const loc = msg.location();
      errors.push(`console.error: ${msg.text()}${loc?.url ? ` (${loc.url}:${loc.lineNumber})` : ''}`);
    }
  });
  page.on('pageerror', (err) => errors.push(`pageerror: ${err.stack || err.message || err}`));
  page.on('requestfailed', (req) =>
    errors.push(`request failed: ${req.url()} (${req.failure()?.errorText})`),
  );
  page.on('response', (res) => {
    // The main document of a deliberate visit to a missing page is expected to be a 404.
    if (res.status() >= 400 && !(res.request().isNavigationRequest() && page.expect404)) {
      errors.push(`HTTP ${res.status()}: ${res.url()}`);
    }
  });
  return errors;
}

/**
 * For a whole test file: before its tests, builds the bundled site, serves it (under the path
 * of base_url with `underBasePath`, as on the real host) and launches a browser, then hands
 * `{ site, data, server, browser }` to `take`; after them, stops both and removes the files.
 */
export function sharedSite(take, { underBasePath = false } = {}) {
  let server;
  let browser;
  before(async () => {
    const site = buildSite();
    const data = openData(site);
    server = await serve(site, underBasePath ? { prefix: new URL(data.base_url).pathname } : {});
    browser = await launchBrowser();
    take({ site, data, server, browser });
  }, { timeout: 180_000 });
  after(async () => {
    await browser?.close();
    await server?.close();
    cleanup();
  });
}

/** Runs `fn` with a server on `siteDir`, a browser, and a context; closes them all afterwards. */
export async function withSite(siteDir, fn) {
  const server = await serve(siteDir);
  const browser = await launchBrowser();
  try {
    return await fn({ server, browser });
  } finally {
    await browser.close().catch(() => {});
    await server.close();
  }
}

/** `s` with no-break and thin spaces as plain spaces, runs of white space as one. */
export function norm(s) {
  return String(s).replace(/[\u00a0\u202f\u2009\s]+/g, ' ').trim();
}

/** `1 234 567` / `1 234 567 kr` / `kr 1.234` -> 1234567 (digits only), or NaN. */
export function parseNok(s) {
  const digits = String(s).replace(/[^0-9]/g, '');
  return digits ? Number(digits) : NaN;
}

/**
 * Spawns `cmd args` and resolves once its output (stdout and stderr) matches `re`, to
 * `{ proc, match, output() }`; `output()` is all it has printed so far.
 */
export function startProcess(cmd, args, re, options) {
  const proc = spawn(cmd, args, { stdio: ['ignore', 'pipe', 'pipe'], ...options });
  let out = '';
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`${cmd} did not start:\n${out}`)), 120_000);
    const onData = (chunk) => {
      out += chunk;
      const m = re.exec(out);
      if (m) {
        clearTimeout(timer);
        resolve({ proc, match: m, output: () => out });
      }
    };
    proc.stdout.setEncoding('utf8').on('data', onData);
    proc.stderr.setEncoding('utf8').on('data', onData);
    proc.once('exit', (code, signal) => {
      clearTimeout(timer);
      reject(new Error(`${cmd} exited (${code ?? signal}) before it was ready:\n${out}`));
    });
  });
}

/** Ends a process started here (SIGTERM, then SIGKILL) and waits, bounded, for it to go. */
export async function stopProcess(proc) {
  if (!proc || proc.exitCode !== null || proc.signalCode !== null) return;
  const gone = new Promise((r) => proc.once('exit', r));
  proc.kill('SIGTERM');
  const timer = setTimeout(() => proc.kill('SIGKILL'), 5_000);
  await Promise.race([gone, new Promise((r) => setTimeout(r, 10_000))]);
  clearTimeout(timer);
}

/** Starts `katalog serve --root root --port 0`; resolves to `{ proc, origin, output() }`. */
export async function startServe(root) {
  if (!fs.existsSync(KATALOG)) {
    throw new Error(`${KATALOG} does not exist: run \`cargo build\` first (tests/run does)`);
  }
  const started = await startProcess(
    KATALOG,
    ['serve', '--root', root, '--port', '0'],
    /^serving .* at (http:\/\/127\.0\.0\.1:\d+)\/ \(Ctrl-C to stop\)$/m,
  );
  return { ...started, origin: started.match[1] };
}
