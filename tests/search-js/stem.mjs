// Runs themes/default/static/search/stemmer.js for tests/stemmer.rs.
//
//   node tests/search-js/stem.mjs stem     stdin: one JSON string (a word) per line
//                                          stdout: one JSON string (its stem) per line
//   node tests/search-js/stem.mjs analyze  stdin: one JSON string (a text) per line
//                                          stdout: one JSON array of [position, term] per line
//   node tests/search-js/stem.mjs merge    stdin: one JSON string (a stem) per line
//                                          stdout: one JSON string (it merged) per line
//   node tests/search-js/stem.mjs info     stdout: {STEMMER_VERSION, MAX_TOKEN_BYTES, STOP_WORDS,
//                                          KEPT_PREFIX}
//
// The script is loaded twice with node's vm module, as a browser loads it (no `module`: it must
// add itself to the global KatalogSearch, keeping what is there) and as CommonJS (`module`
// defined: it must export itself and touch no global). Every answer is computed both ways and
// must agree. vm rather than require(): the repository's package.json says "type": "module",
// which would make require() treat the plain script as an ES module.

import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import vm from "node:vm";

const file = fileURLToPath(new URL("../../themes/default/static/search/stemmer.js", import.meta.url));
const source = readFileSync(file, "utf8");

function fail(message) {
  process.stderr.write(`stem.mjs: ${message}\n`);
  process.exit(2);
}

const browser = { KatalogSearch: { alreadyThere: true } };
vm.runInNewContext(source, browser, { filename: file });
const web = browser.KatalogSearch;
if (!web.alreadyThere || typeof web.analyze !== "function" || typeof web.stem !== "function") {
  fail("as a browser script, stemmer.js must add analyze/stem to an existing window.KatalogSearch");
}

const commonjs = { module: { exports: {} } };
vm.runInNewContext(source, commonjs, { filename: file });
const cjs = commonjs.module.exports;
if (typeof cjs.analyze !== "function" || "KatalogSearch" in commonjs) {
  fail("under CommonJS, stemmer.js must set module.exports and leave the global alone");
}

function answer(api, name, input) {
  if (name === "stem") return api.stem(input);
  if (name === "merge") return api.merge(input);
  return pairs(api.analyzeTokens(input));
}

function both(name, input) {
  const a = JSON.stringify(answer(web, name, input));
  const b = JSON.stringify(answer(cjs, name, input));
  if (a !== b) fail(`browser and CommonJS loads disagree on ${JSON.stringify(input)}: ${a} / ${b}`);
  return a;
}

function pairs(tokens) {
  return tokens.map((t) => [t.position, t.term]);
}

const mode = process.argv[2];
if (mode === "info") {
  process.stdout.write(
    JSON.stringify({
      STEMMER_VERSION: web.STEMMER_VERSION,
      MAX_TOKEN_BYTES: web.MAX_TOKEN_BYTES,
      STOP_WORDS: Array.from(web.STOP_WORDS),
      KEPT_PREFIX: web.KEPT_PREFIX,
    }) + "\n",
  );
} else if (mode === "stem" || mode === "merge" || mode === "analyze") {
  const input = readFileSync(0, "utf8");
  const lines = input.split("\n");
  if (lines[lines.length - 1] === "") lines.pop();
  const out = new Array(lines.length);
  for (let i = 0; i < lines.length; i++) out[i] = both(mode, JSON.parse(lines[i]));
  process.stdout.write(out.join("\n") + (out.length ? "\n" : ""));
} else {
  fail("usage: stem.mjs stem|merge|analyze|info");
}
