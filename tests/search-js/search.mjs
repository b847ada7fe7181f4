// Node driver for tests/search_parity.rs: runs the browser search client
// (themes/default/static/search/search.js, with stemmer.js) on a built site's search/ folder.
//
//   node tests/search-js/search.mjs < requests
//
// Each stdin line is a JSON request {"dir": ".../output/search", "query": "...",
// "filters": {"KEY": ["SLUG"]}, "limit": 10}; each stdout line is the client's answer as JSON
// (search(), and suggest() as "suggestions" when it found nothing, null otherwise),
// or {"error": "..."} when the client rejected the request. Files are read from disk through the
// client's injectable loader, as the bytes a host sends (gzip data, which the client inflates with
// DecompressionStream, as in a browser); one client per folder, so its file cache is exercised too. With
// "fresh": true the request gets a client of its own, and its answer lists in "files" every
// file the client read (what a browser would download for that query alone) and in "rounds"
// the round trip in which it asked for each: the loader answers in rounds, every request
// waiting until the client has asked for all it can before any file arrives, so that round 1
// is what the client asks for first and round n+1 what it asks for once round n has arrived.
//
// The scripts are loaded the way a browser loads them: plain scripts in one global scope (a vm
// context), stemmer.js first, then search.js and suggest.js, all adding to KatalogSearch. A second load
// checks the CommonJS form (module.exports, analyzer passed in).

import { readFileSync } from "node:fs";
import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import vm from "node:vm";

const dir = fileURLToPath(new URL("../../themes/default/static/search/", import.meta.url));
const stemmerSource = readFileSync(join(dir, "stemmer.js"), "utf8");
const searchSource = readFileSync(join(dir, "search.js"), "utf8");
const suggestSource = readFileSync(join(dir, "suggest.js"), "utf8");

function fail(message) {
  process.stderr.write(`search.mjs: ${message}\n`);
  process.exit(2);
}

// What a page has and a bare vm context lacks: what the client inflates the bundle's files with.
const browser = { Response, DecompressionStream, TextDecoder };
vm.createContext(browser);
vm.runInContext(stemmerSource, browser, { filename: "stemmer.js" });
vm.runInContext(searchSource, browser, { filename: "search.js" });
vm.runInContext(suggestSource, browser, { filename: "suggest.js" });
const web = browser.KatalogSearch;
if (typeof web.open !== "function" || typeof web.analyzeTokens !== "function" ||
  typeof web.suggestions !== "function") {
  fail("as browser scripts, stemmer.js, search.js and suggest.js must all add to window.KatalogSearch");
}

const commonjs = { module: { exports: {} } };
vm.runInNewContext(searchSource, commonjs, { filename: "search.js" });
if (typeof commonjs.module.exports.open !== "function" || "KatalogSearch" in commonjs) {
  fail("under CommonJS, search.js must set module.exports and leave the global alone");
}

/** A loader of `folder` that answers in round trips (see above), noting each file's round. */
function roundTrips(folder, rounds) {
  let waiting = [];
  let round = 1;
  return (path) =>
    new Promise((resolve, reject) => {
      rounds[path] = round;
      if (waiting.length === 0) {
        // Once the client's pending reactions (microtasks) have run: it has asked for all it can.
        setImmediate(async () => {
          const arriving = waiting;
          waiting = [];
          round++;
          // All of a round arrives at once, so that what the client asks for next is one round.
          const read = await Promise.allSettled(arriving.map(([file]) => readFile(join(folder, file))));
          read.forEach((r, i) => (r.status === "fulfilled" ? arriving[i][1](r.value) : arriving[i][2](r.reason)));
        });
      }
      waiting.push([path, resolve, reject]);
    });
}

const clients = new Map();
function client(folder, rounds) {
  if (rounds) return web.open({ base: "", load: roundTrips(folder, rounds) });
  if (!clients.has(folder)) {
    clients.set(folder, web.open({ base: "", load: (path) => readFile(join(folder, path)) }));
  }
  return clients.get(folder);
}

const lines = readFileSync(0, "utf8").split("\n").filter((l) => l !== "");
const out = [];
for (const line of lines) {
  const request = JSON.parse(line);
  try {
    const rounds = request.fresh ? {} : null;
    const index = client(request.dir, rounds);
    const options = { filters: request.filters, limit: request.limit };
    const answer = await index.search(request.query, options);
    // As `katalog search --json` answers: what to try instead when nothing was found.
    answer.suggestions = answer.total === 0 ? await index.suggest(request.query, options) : null;
    if (rounds) {
      answer.files = Object.keys(rounds).sort();
      answer.rounds = rounds;
    }
    // Out of the vm's realm, through JSON, like the CLI's output.
    out.push(JSON.stringify(answer));
  } catch (e) {
    out.push(JSON.stringify({ error: String(e && e.message ? e.message : e) }));
  }
}
process.stdout.write(out.join("\n") + (out.length ? "\n" : ""));
