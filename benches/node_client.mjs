// katalog's search client under node for the benchmark scripts (compounds.mjs,
// suggestions.mjs): the theme's scripts run as a page runs them (one global scope, as
// tests/search-js/search.mjs loads them), over a built bundle read from disk once and kept in
// memory, with each file's size on the wire (the bundle's files are gzip data, which
// search_in_browser.mjs's server sends as they are).

import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import vm from 'node:vm';
import { gunzipSync, gzipSync } from 'node:zlib';

const scripts = fileURLToPath(new URL('../themes/default/static/search/', import.meta.url));

/** A fresh global scope with stemmer.js, search.js and suggest.js run in it: its KatalogSearch. */
export function loadClient() {
  const page = {};
  vm.createContext(page);
  for (const name of ['stemmer.js', 'search.js', 'suggest.js']) {
    vm.runInContext(readFileSync(join(scripts, name), 'utf8'), page, { filename: name });
  }
  return page.KatalogSearch;
}

/** The gzipped size of one of the theme's search scripts. */
export function scriptBytes(name) {
  return gzipSync(readFileSync(join(scripts, name)), { level: 6 }).length;
}

/** The files of the bundle in `dir`: read(path) (the JSON text, inflated, cached) and
 * gzipped(path) (the bytes sent: the file's own). */
export function bundleReader(dir) {
  const files = new Map();
  const gz = new Map();
  const read = (path) => {
    if (!files.has(path)) files.set(path, gunzipSync(readFileSync(join(dir, path))).toString('utf8'));
    return files.get(path);
  };
  const gzipped = (path) => {
    if (!gz.has(path)) gz.set(path, readFileSync(join(dir, path)).length);
    return gz.get(path);
  };
  return { read, gzipped };
}

/** The queries of a query-set file: one a line, blank lines and # comments skipped. */
export function readQueries(file) {
  return readFileSync(file, 'utf8')
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l && !l.startsWith('#'));
}
