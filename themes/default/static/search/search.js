/*
 * katalog search: the browser client of the static search bundle (output/search/).
 *
 * The JavaScript twin of src/search/query/: the same query language, the same alternatives
 * for prefixes and typos, the same filters and faceted counts, the same snippets, and the same
 * scores, bit for bit: both sides add the same f64 values in the same order, and the only
 * non-elementary operation (ln, for idf) is done once in Rust and shipped. tests/search_parity.rs
 * compares the two on hundreds of queries. The rules are documented in src/search/query/ and
 * the bundle format in src/search/export.rs; what follows mirrors them.
 *
 * Loading: a plain script, no modules, no build step. In a browser, load stemmer.js first, then
 * this file; both add to window.KatalogSearch (and suggest.js, fetched when first needed). Under node (CommonJS) it is module.exports, and
 * the analyzer is require("./stemmer.js") unless options.analyzer is given.
 *
 * API:
 *   var index = KatalogSearch.open({ base: "search/", load: optionalLoader, analyzer: optional });
 *   index.search("kommunestyret", { filters: { fylke: ["rogaland"] }, limit: 10, offset: 0 })
 *     -> Promise of { query, filters, total, results: [{ slug, url, title, score,
 *                     snippet: [{ text, match }] }], facets: { KEY: { SLUG: count } } }
 *   `offset` skips that many results (paging; `katalog search` has no offset, it is 0 there).
 *   `countOnly: true` (without filters) answers only `total`: no results, every count 0, and
 *   neither facets nor documents fetched (suggest.js's counts).
 *   index.suggest("kommunedelsutval bodo", { filters }) -> Promise of what to try instead when
 *     that query found nothing (null when it has no words): `katalog search --json`'s
 *     "suggestions" (src/search/query/suggest.rs), computed by suggest.js.
 *   index.prepare() -> Promise: loads what every query needs (call it on the search box's focus).
 *   load(path) returns a Promise of the file's bytes (an ArrayBuffer or a typed array: gzip data,
 *   inflated here with DecompressionStream, or JSON), of its text, or of its parsed JSON; the
 *   default fetches base + path. Every file is fetched at most once per index object.
 *   Errors (an unknown filter, a file that cannot be loaded) reject the promise.
 */
(function (factory) {
  "use strict";
  var root = typeof globalThis !== "undefined" ? globalThis : self;
  if (typeof module === "object" && module && module.exports) {
    module.exports = factory(root, typeof require === "function" ? require : null);
    return;
  }
  var ns = root.KatalogSearch || (root.KatalogSearch = {});
  var api = factory(root, null);
  for (var key in api) {
    if (Object.prototype.hasOwnProperty.call(api, key)) ns[key] = api[key];
  }
})(function (root, req) {
  "use strict";

  var FORMAT = "katalog-search-bundle";
  var VERSION = 5;
  /* Every file of the bundle is gzip-compressed JSON (export.rs). */
  var SUFFIX = ".json.gz";
  var FACET_KEYS = ["modelltype", "malgruppe", "landsdel", "fylke", "storrelse"];
  /* At most this many shards are asked for ahead for a last word's prefix (prefixShards). */
  var PREFIX_SHARDS = 8;

  /* ---- helpers ------------------------------------------------------------------------- */

  /* suggest.js's suggestions(): required under node; in a page, KatalogSearch.suggestions,
   * which suggest.js adds when it runs. A page does not load it: it is fetched from beside this
   * script the first time a query finds nothing, so that a search that finds something costs
   * no byte of it. */
  var suggestModule = req ? req("./suggest.js") : null;
  var doc = root.document;
  var scriptSrc = doc && doc.currentScript ? doc.currentScript.src : null;
  var suggestLoading = null;
  function suggester() {
    if (suggestModule) return suggestModule.suggestions;
    var ns = root.KatalogSearch;
    return ns && typeof ns.suggestions === "function" ? ns.suggestions : null;
  }
  function loadSuggester() {
    var found = suggester();
    if (found || !scriptSrc) return Promise.resolve(found);
    if (!suggestLoading) {
      suggestLoading = new Promise(function (resolve) {
        var script = doc.createElement("script");
        script.src = new URL("suggest.js", scriptSrc).href;
        script.onload = function () {
          resolve(suggester());
        };
        /* No suggestions this time; the next query that finds nothing tries again. */
        script.onerror = function () {
          suggestLoading = null;
          resolve(null);
        };
        doc.head.appendChild(script);
      });
    }
    return suggestLoading;
  }

  /* Compares strings by code point (Rust's order of UTF-8 strings), not by UTF-16 unit. */
  function compare(a, b) {
    var i = 0;
    var j = 0;
    while (i < a.length && j < b.length) {
      var ca = a.codePointAt(i);
      var cb = b.codePointAt(j);
      if (ca !== cb) return ca < cb ? -1 : 1;
      i += ca > 0xffff ? 2 : 1;
      j += cb > 0xffff ? 2 : 1;
    }
    if (i < a.length) return 1;
    if (j < b.length) return -1;
    return 0;
  }

  /* First index in the sorted list of strings whose entry is not below target. */
  function lowerBound(list, target) {
    var lo = 0;
    var hi = list.length;
    while (lo < hi) {
      var mid = (lo + hi) >>> 1;
      if (compare(list[mid], target) < 0) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  function chars(s) {
    return Array.from(s);
  }

  /* Edit distance with adjacent swaps (optimal string alignment) over code points; null when
   * above max. The same dynamic programme as alternatives.rs edit_distance (src/search/query/). */
  function editDistance(a, b, max) {
    if (Math.abs(a.length - b.length) > max) return null;
    var width = b.length + 1;
    var prev2 = new Array(width).fill(0);
    var prev = new Array(width);
    var cur = new Array(width).fill(0);
    for (var j0 = 0; j0 < width; j0++) prev[j0] = j0;
    for (var i = 1; i <= a.length; i++) {
      cur[0] = i;
      var rowMin = cur[0];
      for (var j = 1; j <= b.length; j++) {
        var cost = a[i - 1] === b[j - 1] ? 0 : 1;
        var d = Math.min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + cost);
        if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) {
          d = Math.min(d, prev2[j - 2] + 1);
        }
        cur[j] = d;
        if (d < rowMin) rowMin = d;
      }
      if (rowMin > max) return null;
      var t = prev2;
      prev2 = prev;
      prev = cur;
      cur = t;
    }
    var dist = prev[b.length];
    return dist <= max ? dist : null;
  }

  /* ---- the query language (query/mod.rs rule 1) -------------------------------------------- */

  function words(analyzer, query, rules) {
    var tokens = analyzer.analyzeTokens(query);
    var out = [];
    if (tokens.length === 0) {
      /* Only stop words (or too long ones): the last, if long enough, as a prefix-only word. */
      var raw = analyzer.tokenize(query);
      var last = raw.length ? raw[raw.length - 1] : null;
      if (last === null || analyzer.utf8Length(last) >= analyzer.MAX_TOKEN_BYTES) return out;
      var low = analyzer.lowercase(last);
      if (chars(low).length >= rules.prefix_min_chars) {
        out.push({ term: low, lower: low, prefix: true, prefixOnly: true });
      }
      return out;
    }
    for (var i = 0; i < tokens.length; i++) {
      var t = tokens[i];
      var lower = analyzer.lowercase(query.slice(t.start, t.end));
      out.push({
        term: t.term,
        lower: lower,
        prefix: i + 1 === tokens.length && chars(lower).length >= rules.prefix_min_chars,
        prefixOnly: false
      });
    }
    return out;
  }

  /* ---- BM25 (query/mod.rs rule 4), the same operations in the same order ------------------- */

  /* Per field, the `norm` of each fieldnorm id: K1 · (1 − B + B · dl / avgdl), as scoring.rs.
   * Made once, by the first query that scores postings. */
  function norms(meta) {
    if (meta.norms) return meta.norms;
    meta.norms = meta.fields.map(function (field) {
      var avgdl = field.tokens / meta.docs;
      var out = new Float64Array(meta.fieldnorms.length);
      for (var i = 0; i < out.length; i++) {
        out[i] = meta.k1 * (1.0 - meta.b + meta.b * meta.fieldnorms[i] / avgdl);
      }
      return out;
    });
    return meta.norms;
  }

  /* ---- snippets (query/mod.rs rule 6) ------------------------------------------------------ */

  /* tokens: the snippet source's tokens before stemming (stemmer.js lowerTokens); term: the
   * analyzer's term of a token (memoised by the caller); kept: how many of a term's first
   * characters are always its word's (stemmer.js KEPT_PREFIX). */
  function snippet(term, kept, text, tokens, marked, rules) {
    var len = tokens.length;
    if (len === 0) return [];
    /* Only a token that starts as a marked term does can have it: the others are not analysed. */
    var starts = Array.from(new Set(Array.from(marked, function (t) { return t.slice(0, kept); })));
    var terms = new Array(len); /* a marked token's term, else null */
    for (var m0 = 0; m0 < len; m0++) {
      var lower = tokens[m0].lower;
      var found = null;
      for (var i0 = 0; i0 < starts.length; i0++) {
        if (lower.startsWith(starts[i0])) {
          var t0 = term(lower);
          if (marked.has(t0)) found = t0;
          break;
        }
      }
      terms[m0] = found;
    }
    var W = rules.snippet_tokens;
    var start = 0;
    var best = null;
    var lastStart = -1;
    for (var m = 0; m < len; m++) {
      if (terms[m] === null) continue;
      var s = Math.max(0, m - rules.snippet_context);
      if (s === lastStart) continue;
      lastStart = s;
      var end0 = Math.min(s + W, len);
      var distinct = new Set();
      var count = 0;
      for (var i = s; i < end0; i++) {
        if (terms[i] !== null) {
          distinct.add(terms[i]);
          count++;
        }
      }
      if (best === null || distinct.size > best[0] || (distinct.size === best[0] && count > best[1])) {
        best = [distinct.size, count];
        start = s;
      }
    }
    var end = Math.min(start + W, len);
    var pieces = [];
    function push(t, matched) {
      if (t === "") return;
      var last = pieces[pieces.length - 1];
      if (last && !matched && !last.match) last.text += t;
      else pieces.push({ text: t, match: matched });
    }
    var cursor = start === 0 ? 0 : tokens[start].start;
    if (start > 0) push("… ", false);
    for (var k = start; k < end; k++) {
      if (terms[k] !== null) {
        push(text.slice(cursor, tokens[k].start), false);
        push(text.slice(tokens[k].start, tokens[k].end), true);
        cursor = tokens[k].end;
      }
    }
    var stop = end === len ? text.length : tokens[end - 1].end;
    push(text.slice(cursor, stop), false);
    if (end < len) push(" …", false);
    return pieces;
  }

  /* ---- the index ----------------------------------------------------------------------- */

  function defaultLoader(base) {
    return function (path) {
      return fetch(base + path).then(function (r) {
        if (!r.ok) {
          var e = new Error("search: " + base + path + " answered HTTP " + r.status);
          e.status = r.status; /* 404: the site has no search bundle; else maybe a passing fault */
          throw e;
        }
        return r.arrayBuffer();
      });
    };
  }

  function Index(options) {
    options = options || {};
    this.base = options.base || "search/";
    this.loader = options.load || defaultLoader(this.base);
    this.analyzer = options.analyzer ||
      (root.KatalogSearch && typeof root.KatalogSearch.analyzeTokens === "function"
        ? root.KatalogSearch
        : req ? req("./stemmer.js") : null);
    if (!this.analyzer || typeof this.analyzer.lowerTokens !== "function" ||
        typeof this.analyzer.term !== "function") {
      throw new Error("search.js needs stemmer.js: load it first, or pass options.analyzer");
    }
    this.files = Object.create(null);
    this.shards = Object.create(null);
    this.facetTable = null; /* the promise of every document's facets, decoded (allFacets) */
    /* Terms of the words in shown documents, and each shown document's tokens: a query that
     * shows a document again does not analyse it again. */
    var terms = new Map();
    var analyzer = this.analyzer;
    this.term = function (lower) {
      var term = terms.get(lower);
      if (term === undefined) {
        term = analyzer.term(lower);
        terms.set(lower, term);
      }
      return term;
    };
    this.tokens = new WeakMap();
  }

  /* The tokens (before stemming) of a loaded document's snippet source. */
  Index.prototype.sourceTokens = function (doc) {
    var tokens = this.tokens.get(doc);
    if (!tokens) {
      tokens = this.analyzer.lowerTokens(doc.text);
      this.tokens.set(doc, tokens);
    }
    return tokens;
  };

  /* cache[key], made by make() (a promise) when first asked for; a failed one is forgotten, so
   * that a later query may try again. */
  function once(cache, key, make) {
    if (!cache[key]) {
      cache[key] = make();
      cache[key].catch(function () {
        delete cache[key];
      });
    }
    return cache[key];
  }

  /* The text of a file's data as a loader gives it: text as it is, bytes as UTF-8 once
   * inflated when they are gzip data (a host that sends them with Content-Encoding has inflated
   * them already); null for data already parsed. By internal slots, not instanceof, so that a
   * loader of another realm (node's vm) may answer. */
  function text(data) {
    if (typeof data === "string") return Promise.resolve(data);
    var tag = Object.prototype.toString.call(data);
    if (tag !== "[object ArrayBuffer]" && !ArrayBuffer.isView(data)) return null;
    var bytes = tag === "[object ArrayBuffer]" ? new Uint8Array(data)
      : new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
    if (bytes.length < 2 || bytes[0] !== 0x1f || bytes[1] !== 0x8b) {
      return Promise.resolve(new TextDecoder().decode(bytes));
    }
    return new Response(new Response(bytes).body.pipeThrough(new DecompressionStream("gzip"))).text();
  }

  Index.prototype.file = function (path) {
    var loader = this.loader;
    return once(this.files, path, function () {
      return Promise.resolve(loader(path)).then(function (data) {
        var read = text(data);
        return read === null ? data : read.then(JSON.parse);
      });
    });
  };

  /* Loads what every query needs (meta.json): when a search box gets focus, so that the first
   * query waits only for the files of its own words. */
  Index.prototype.prepare = function () {
    return this.meta().then(function () {});
  };

  Index.prototype.meta = function () {
    return this.file("meta" + SUFFIX).then(function (meta) {
      if (meta.format !== FORMAT || meta.version !== VERSION) {
        throw new Error("search: meta.json is not a " + FORMAT + " version " + VERSION);
      }
      return meta;
    });
  };

  /* The range (shard or block) that would hold term: the last whose first term is not above
   * it; -1 when term sorts before every term. */
  function rangeOf(ranges, term) {
    var i = lowerBound(ranges, term);
    if (i < ranges.length && compare(ranges[i], term) === 0) return i;
    return i - 1;
  }

  /* The ranges (of a cut, as rangeOf) that can hold terms starting with p, as [first, last]:
   * the one that would hold p and each next one whose first term starts with p; none (last <
   * first) in an empty index. */
  function prefixRanges(ranges, p) {
    if (ranges.length === 0) return [0, -1];
    var first = Math.max(0, rangeOf(ranges, p));
    var last = first;
    while (last + 1 < ranges.length && ranges[last + 1].startsWith(p)) last++;
    return [first, last];
  }

  /* Shard k as a map term -> {ordinal, fields: [[field, idf, postings]...]}. */
  Index.prototype.shard = function (meta, k) {
    var self = this;
    return once(this.shards, k, function () {
      return self.file("shards/" + k + SUFFIX).then(function (data) {
        var map = new Map();
        for (var i = 0; i < data.terms.length; i++) {
          var t = data.terms[i];
          map.set(t[0], { ordinal: data.base + i, fields: t[1], decoded: null });
        }
        return map;
      });
    });
  };

  /* The entry of term, or null when the index does not have it. */
  Index.prototype.entry = function (meta, term) {
    var k = rangeOf(meta.shards, term);
    if (k < 0) return Promise.resolve(null);
    return this.shard(meta, k).then(function (map) {
      return map.get(term) || null;
    });
  };

  /* The blocks of the term list that can hold the terms that start with p, all asked for at
   * once (a short prefix such as `for` spans several). */
  Index.prototype.blocksOf = function (meta, p) {
    var range = prefixRanges(meta.blocks, p);
    var blocks = [];
    for (var k = range[0]; k <= range[1]; k++) blocks.push(this.file("terms/" + k + SUFFIX));
    return Promise.all(blocks);
  };

  /* Asks for the blocks of the prefixes of the last word w (prefixesOf). */
  Index.prototype.prefixBlocks = function (meta, w) {
    var self = this;
    this.prefixesOf(w).forEach(function (p) {
      self.blocksOf(meta, p).catch(function () {}); /* a failure is reported where it is used */
    });
  };

  /* The terms that start with p, as [term, df, ordinal], from the blocks that can hold them. */
  Index.prototype.withPrefix = function (meta, p) {
    return this.blocksOf(meta, p).then(function (loaded) {
      var out = [];
      loaded.forEach(function (block) {
        var terms = block.terms;
        var i = lowerBound(terms, p);
        for (; i < terms.length && terms[i].startsWith(p); i++) {
          out.push([terms[i], block.df[i], block.base + i]);
        }
      });
      return out;
    });
  };

  /* Asks for the shards of the terms that start with the last word w beside its term blocks,
   * when they are few: its alternatives are among those terms, and their shards would
   * otherwise be asked for only once the blocks have said which they are (a round trip more).
   * The entries are then taken from the shard cache (once). */
  Index.prototype.prefixShards = function (meta, w) {
    var self = this;
    this.prefixesOf(w).forEach(function (p) {
      var range = prefixRanges(meta.shards, p);
      if (range[1] - range[0] >= PREFIX_SHARDS) return;
      for (var k = range[0]; k <= range[1]; k++) {
        self.shard(meta, k).catch(function () {}); /* a failure is reported where it is used */
      }
    });
  };

  /* The terms within max edits of target (an array of code points), those at the smallest
   * distance found, as [term, df, ordinal], from the length files. */
  Index.prototype.near = function (meta, target, max) {
    var self = this;
    /* Asked again for the same word by the suggestions of a query that found nothing. */
    if (!this.nearby) this.nearby = {};
    return once(this.nearby, target.join("") + "\u0000" + max, function () {
      return self.nearUncached(meta, target, max);
    });
  };

  Index.prototype.nearUncached = function (meta, target, max) {
    var self = this;
    /* The terms of the word's first letter (query/mod.rs rule 2): the files whose lengths (from
     * their own to the next file's) reach target's length ± max. */
    var starts = target.length && meta.near[target[0]] || [];
    var files = [];
    starts.forEach(function (l, i) {
      var next = i + 1 < starts.length ? starts[i + 1] : Infinity;
      if (l <= target.length + max && next > target.length - max) {
        files.push(self.file("near/" + target[0].codePointAt(0) + "-" + l + SUFFIX));
      }
    });
    return Promise.all(files).then(function (files) {
      var best = Infinity;
      var found = [];
      files.forEach(function (f) {
        for (var t = 0; t < f.terms.length; t++) {
          var d = editDistance(target, chars(f.terms[t]), Math.min(max, best));
          if (d === null) continue;
          if (d < best) {
            best = d;
            found = [];
          }
          found.push([f.terms[t], f.df[t]]);
        }
      });
      return found;
    });
  };

  /* Sorts [term, df, …] by df desc, then term (code-point order), keeps max terms. */
  function mostFrequent(candidates, max) {
    candidates.sort(function (x, y) {
      return y[1] - x[1] || compare(x[0], y[0]);
    });
    return candidates.slice(0, max).map(function (c) {
      return c[0];
    });
  }

  /* The prefixes whose terms a last word w may stand for: its own, its stem, and the
   * standards' rewritten forms of it (query/mod.rs rule 2). */
  Index.prototype.prefixesOf = function (w) {
    return [w.lower, w.term].concat(this.analyzer.rewrittenPrefixes(w.lower));
  };

  /* A term's document frequency summed over the fields, from its term block; 0 when the
   * index does not have it. */
  Index.prototype.dfOf = function (meta, term) {
    var k = rangeOf(meta.blocks, term);
    if (k < 0) return Promise.resolve(0);
    return this.file("terms/" + k + SUFFIX).then(function (block) {
      var i = lowerBound(block.terms, term);
      return block.terms[i] === term ? block.df[i] : 0;
    });
  };

  /* A compound the index does not hold as two terms it does (alternatives.rs compound): the
   * longest known head, then the links in order, with a known tail; null when there is none.
   * The heads share the word's term block; a tail is looked up only behind a known head. */
  Index.prototype.compound = function (meta, term, df) {
    var self = this;
    var rules = meta.rules;
    var cps = Array.from(term);
    var min = rules.compound_part_min_chars;
    var ats = [];
    for (var at = cps.length - min; at >= min; at--) ats.push(at);
    return Promise.all(ats.map(function (at) {
      return self.dfOf(meta, cps.slice(0, at).join(""));
    })).then(function (heads) {
      function next(h) {
        if (h === ats.length) return Promise.resolve(null);
        if (heads[h] === 0) return next(h + 1);
        var head = cps.slice(0, ats[h]).join("");
        var rest = cps.slice(ats[h]).join("");
        var tails = rules.compound_links.filter(function (link) {
          return rest.startsWith(link) && chars(rest.slice(link.length)).length >= min;
        }).map(function (link) {
          return rest.slice(link.length);
        });
        return Promise.all(tails.map(function (tail) {
          return self.dfOf(meta, tail);
        })).then(function (found) {
          for (var i = 0; i < tails.length; i++) {
            if (found[i] > 0) {
              df.set(head, heads[h]);
              df.set(tails[i], found[i]);
              return [head, tails[i]];
            }
          }
          return next(h + 1);
        });
      }
      return next(0);
    });
  };

  /* The alternatives of each word (query/mod.rs rule 2): an array of terms, with `parts` the two
   * parts of a compound ([head, tail], both to be found) or null; df gets each term's document
   * frequency summed over the fields. */
  Index.prototype.alternatives = function (meta, ws, df) {
    var self = this;
    var rules = meta.rules;
    return Promise.all(
      ws.map(function (w) {
        /* The word's own entry and its prefix blocks are fetched at the same time. */
        var own = w.prefixOnly ? Promise.resolve(null) : self.entry(meta, w.term);
        var lists = w.prefix
          ? Promise.all(self.prefixesOf(w).map(function (p) {
              return self.withPrefix(meta, p);
            }))
          : null;
        /* A failure is reported through `own` or below, not as an unhandled rejection. */
        if (lists) lists.catch(function () {});
        return own.then(function (exact) {
          var alts = exact ? [w.term] : [];
          if (exact) {
            df.set(w.term, exact.fields.reduce(function (sum, f) {
              return sum + f[2].length / 3;
            }, 0));
          }
          var prefixed = !w.prefix
            ? Promise.resolve(alts)
            : lists.then(function (found) {
                var seen = new Set();
                var candidates = [];
                found.forEach(function (list) {
                  list.forEach(function (c) {
                    if (c[0] !== w.term && !seen.has(c[2])) {
                      seen.add(c[2]);
                      df.set(c[0], c[1]);
                      candidates.push(c);
                    }
                  });
                });
                return alts.concat(mostFrequent(candidates, rules.prefix_max_terms));
              });
          return prefixed.then(function (alts) {
            var sum = alts.reduce(function (n, t) {
              return n + df.get(t);
            }, 0);
            var split = w.prefixOnly || sum >= rules.compound_few
              ? Promise.resolve(null)
              : self.compound(meta, w.term, df);
            return split.then(function (parts) {
              alts.parts = parts;
              var letters = chars(w.lower).length;
              if (alts.length > 0 || parts !== null || w.prefixOnly ||
                letters < rules.fuzzy_one_min_chars) return alts;
              var max = letters >= rules.fuzzy_two_min_chars ? 2 : 1;
              return self.near(meta, chars(w.term), max).then(function (found) {
                found.forEach(function (c) {
                  df.set(c[0], c[1]);
                });
                var near = mostFrequent(found, rules.fuzzy_max_terms);
                near.parts = null;
                return near;
              });
            });
          });
        });
      })
    );
  };

  /* Filters {key: [slug...]} -> per facet a Set of term indices; throws on unknown ones. */
  function selection(meta, filters) {
    var sel = meta.facets.map(function () {
      return new Set();
    });
    filters = filters || {};
    Object.keys(filters).forEach(function (key) {
      var fi = -1;
      for (var i = 0; i < meta.facets.length; i++) if (meta.facets[i].key === key) fi = i;
      if (fi < 0) {
        throw new Error("search: unknown facet " + JSON.stringify(key) + " (keys: " +
          FACET_KEYS.join(", ") + ")");
      }
      var values = filters[key];
      if (typeof values === "string") values = values.split(",");
      values.forEach(function (v) {
        v = String(v).trim();
        if (v === "") return;
        var ti = -1;
        var terms = meta.facets[fi].terms;
        for (var j = 0; j < terms.length; j++) if (terms[j].slug === v) ti = j;
        if (ti < 0) {
          throw new Error("search: no published case has " + key + " " + JSON.stringify(v));
        }
        sel[fi].add(ti);
      });
    });
    return sel;
  }

  /* The place in meta.json `phrases` of the words' stems, a label with a stored answer; -1
   * when they are not one. */
  function phraseOf(meta, ws) {
    if (!meta.phraseIndex) {
      meta.phraseIndex = new Map((meta.phrases || []).map(function (stems, i) {
        return [stems.join(" "), i];
      }));
    }
    var i = meta.phraseIndex.get(ws.map(function (w) {
      return w.term;
    }).join(" "));
    return i === undefined ? -1 : i;
  }

  /* The stored answer to the words ws (search/answers/, export.rs), null when there is none: a
   * label's is in the file of its place in `phrases`, a word's in that of its ordinal, which its
   * term block gives with the terms that have one. `phrase` is phraseOf(meta, ws). */
  Index.prototype.storedAnswer = function (meta, ws, phrase) {
    var self = this;
    if (ws.length > 1) {
      return phrase < 0 ? Promise.resolve(null) : this.file("answers/p" + phrase + SUFFIX);
    }
    var term = ws[0].term;
    var k = rangeOf(meta.blocks, term);
    if (k < 0) return Promise.resolve(null);
    return this.file("terms/" + k + SUFFIX).then(function (block) {
      var i = lowerBound(block.terms, term);
      if (block.terms[i] !== term || block.answers.indexOf(i) < 0) return null;
      return self.file("answers/" + (block.base + i) + SUFFIX);
    });
  };

  /* Whether a selection filters on any facet. */
  function filtered(sel) {
    return sel.some(function (s) {
      return s.size > 0;
    });
  }

  /* What to try instead of `query`, which found nothing with `options.filters` (rule 7,
   * static/search/suggest.js, fetched the first time): a Promise of the suggestions, or of null
   * when the query has no words (or suggest.js cannot be had). Asked for apart from search(),
   * so that a query that finds nothing says so at once. */
  Index.prototype.suggest = function (query, options) {
    var self = this;
    query = String(query);
    return this.meta().then(function (meta) {
      var api = {
        words: function (q) {
          return words(self.analyzer, q, meta.rules);
        },
        editDistance: editDistance
      };
      if (api.words(query).length === 0) return null;
      return loadSuggester().then(function (suggest) {
        return suggest ? suggest(self, query, options && options.filters, api) : null;
      });
    });
  };

  Index.prototype.search = function (query, options) {
    var self = this;
    options = options || {};
    var limit = options.limit === undefined ? 10 : options.limit;
    var offset = options.offset > 0 ? Math.floor(options.offset) : 0;
    query = String(query);
    return this.meta().then(function (meta) {
      var sel = selection(meta, options.filters);
      var ws = words(self.analyzer, query, meta.rules);
      var df = new Map();
      /* A frequent word typed alone, or a label of the taxonomy (`meta.phrases`), without
       * filters: its answer may be stored (search/answers/) with its first results, which
       * depend on the stems alone. Nothing is scored then and nothing else is fetched: a
       * word's own files are asked for only once its term block has said it has no answer
       * (a frequent word's postings are tens of kB, a round trip on the way is less). */
      var last = ws.length ? ws[ws.length - 1] : null;
      var phrase = ws.length > 1 ? phraseOf(meta, ws) : -1;
      var quick = last !== null && last.prefix && !last.prefixOnly && !filtered(sel) &&
        (ws.length === 1 || phrase >= 0);
      var stored = quick ? self.storedAnswer(meta, ws, phrase) : Promise.resolve(null);
      var own = quick ? null : self.alternatives(meta, ws, df);
      if (own) own.catch(function () {}); /* a failure is reported where it is used */
      /* A word's term blocks for its prefixes, in case it has no answer: a few kB, and no
       * round trip more for a word without one (a label's answer is sure to be there). */
      if (quick && ws.length === 1) self.prefixBlocks(meta, last);
      if (!quick && last !== null && last.prefix) self.prefixShards(meta, last);
      return stored.then(function (top) {
        if (top && (offset + limit <= top.results.length || top.results.length === top.total)) {
          var shown = top.results.slice(offset, offset + limit);
          return self.respond(meta, query, sel, shown, top.total, top.counts);
        }
        return (own || self.alternatives(meta, ws, df)).then(function (alternatives) {
          return self.scored(meta, query, sel, ws, alternatives, df, offset, limit,
            options.countOnly === true && !filtered(sel));
        });
      });
    });
  };

  /* The answer from the postings of the words' alternatives, scored here. */
  /* countOnly: the total is all that is wanted (no filters): no facets, no documents. */
  Index.prototype.scored = function (meta, query, sel, ws, alternatives, df, offset, limit, countOnly) {
    var self = this;
    /* When more documents may match than are shown, the counts will need the facet table of
     * every document (facetsOf): fetched now, beside the postings. */
    var most = Math.min.apply(null, alternatives.map(function (alts) {
      return alts.concat(alts.parts || []).reduce(function (sum, t) {
        return sum + df.get(t);
      }, 0);
    }).concat([meta.docs]));
    if (most > limit && !countOnly) this.allFacets(meta).catch(function () {});
    var all = new Set();
    alternatives.forEach(function (alts) {
      alts.concat(alts.parts || []).forEach(function (t) {
        all.add(t);
      });
    });
    var terms = Array.from(all);
    return Promise.all(
      terms.map(function (t) {
        return self.entry(meta, t);
      })
    ).then(function (entries) {
      return self.answer(meta, query, sel, ws, alternatives, terms, entries, offset, limit, countOnly);
    });
  };

  /* The facet terms of documents as bit sets: per facet, `words[f]` words of 30 bits per
   * document (bit i of word w = term 30·w + i of the facet), in `bits[f]`, an Int32Array over
   * every document ordinal. `fill(table, d)`, when given, sets document d's bits the first time
   * d is asked about: a query looks at its candidates only, often a small part of the index. */
  function FacetTable(meta, fill) {
    this.words = meta.facets.map(function (f) {
      return Math.max(1, Math.ceil(f.terms.length / 30));
    });
    var words = this.words;
    this.bits = meta.facets.map(function (f, fi) {
      return new Int32Array(meta.docs * words[fi]);
    });
    this.fill = fill || null;
    this.filled = fill ? new Uint8Array(meta.docs) : null;
  }

  FacetTable.prototype.add = function (d, fi, t) {
    this.bits[fi][d * this.words[fi] + ((t / 30) | 0)] |= 1 << (t % 30);
  };

  FacetTable.prototype.need = function (d) {
    if (this.filled !== null && this.filled[d] === 0) {
      this.filled[d] = 1;
      this.fill(this, d);
    }
  };

  /* Adds the bits of document d's facet fi to counts (one per term of the facet). */
  FacetTable.prototype.count = function (d, fi, counts) {
    this.need(d);
    var w = this.words[fi];
    var bits = this.bits[fi];
    for (var k = 0; k < w; k++) {
      var x = bits[d * w + k];
      while (x !== 0) {
        var low = x & -x;
        counts[k * 30 + 31 - Math.clz32(low)]++;
        x ^= low;
      }
    }
  };

  /* Whether document d has one of the terms of facet fi set in mask (words[fi] words). */
  FacetTable.prototype.any = function (d, fi, mask) {
    this.need(d);
    var w = this.words[fi];
    var bits = this.bits[fi];
    for (var k = 0; k < w; k++) if ((bits[d * w + k] & mask[k]) !== 0) return true;
    return false;
  };

  var BASE64URL = new Int8Array(128).fill(-1);
  "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_".split("").forEach(
    function (c, i) {
      BASE64URL[c.charCodeAt(0)] = i;
    }
  );

  /* The facet table of every document, from search/facets.json (export.rs), each document
   * decoded when first asked about. */
  function decodeFacets(meta, data) {
    var masks = [];
    data.masks.forEach(function (mask, fi) {
      if (mask !== null) masks.push([fi, mask, Math.max(1, Math.ceil(meta.facets[fi].terms.length / 6))]);
    });
    var single = data.single;
    var place = 1;
    while (Math.pow(64, place) < single.values.length) place++;
    return new FacetTable(meta, function (table, d) {
      for (var m = 0; m < masks.length; m++) {
        var fi = masks[m][0];
        var mask = masks[m][1];
        var chars = masks[m][2];
        var words = table.words[fi];
        var bits = table.bits[fi];
        for (var c = 0; c < chars; c++) {
          var six = BASE64URL[mask.charCodeAt(d * chars + c) & 127];
          bits[d * words + ((c / 5) | 0)] |= six << ((c % 5) * 6);
        }
      }
      var code = 0;
      for (var k = 0; k < place; k++) {
        code = code * 64 + BASE64URL[single.codes.charCodeAt(d * place + k) & 127];
      }
      var value = single.values[code];
      for (var j = 0; j < single.facets.length; j++) {
        if (value[j] >= 0) table.add(d, single.facets[j], value[j]);
      }
    });
  }

  Index.prototype.allFacets = function (meta) {
    var self = this;
    return once(this, "facetTable", function () {
      return self.file("facets" + SUFFIX).then(function (data) {
        return decodeFacets(meta, data);
      });
    });
  };

  /* A facet table holding (at least) the documents docs: from the documents' own files when
   * there are no more than `few` (a results page, which shows them anyway), else the table of
   * every document. */
  Index.prototype.facetsOf = function (meta, docs, few) {
    if (docs.length > few) return this.allFacets(meta);
    return this.documents(meta, docs).then(function (loaded) {
      var table = new FacetTable(meta);
      docs.forEach(function (d, i) {
        loaded[i].facets.forEach(function (terms, fi) {
          terms.forEach(function (t) {
            table.add(d, fi, t);
          });
        });
      });
      return table;
    });
  };

  /* A term's postings per field, decoded once: the documents and the BM25 contribution of
   * each (query/mod.rs rule 4, computed as there). */
  function decode(meta, entry) {
    if (entry.decoded) return entry.decoded;
    var decoded = [];
    for (var fi = 0; fi < entry.fields.length; fi++) {
      var f = entry.fields[fi];
      var flat = f[2];
      var count = flat.length / 3;
      var docs = new Int32Array(count);
      var parts = new Float64Array(count);
      var norm = norms(meta)[f[0]];
      /* w · tf / (tf + norm), w = idf · (1 + K1) · boost, in scoring.rs's order of operations. */
      var w = f[1] * (1.0 + meta.k1) * meta.fields[f[0]].boost;
      var doc = 0;
      for (var p = 0, q = 0; p < flat.length; p += 3, q++) {
        doc += flat[p];
        docs[q] = doc;
        var tf = flat[p + 1];
        parts[q] = w * tf / (tf + norm[flat[p + 2]]);
      }
      decoded.push({ docs: docs, parts: parts });
    }
    entry.decoded = decoded;
    return decoded;
  }

  Index.prototype.answer = function (meta, query, sel, ws, alternatives, terms, entries, offset,
    limit, countOnly) {
    var self = this;
    var n = meta.docs;
    var byTerm = new Map();
    var postings = [];
    for (var e = 0; e < terms.length; e++) {
      /* Every alternative comes from the index's own term list, so it has postings. */
      var item = { ordinal: entries[e].ordinal, fields: decode(meta, entries[e]) };
      byTerm.set(terms[e], item);
      postings.push(item);
    }

    /* Rule 2: every word has an alternative in the document. A document is a candidate when
     * its last word is counted (so the candidates are not in document order). */
    var candidates = [];
    var emptyWord = alternatives.some(function (a) {
      return a.length === 0 && !a.parts;
    });
    /* The documents of term, over its fields (a document may come once per field). */
    function docsOf(term) {
      var out = [];
      byTerm.get(term).fields.forEach(function (f) {
        for (var i = 0; i < f.docs.length; i++) out.push(f.docs[i]);
      });
      return out;
    }
    if (ws.length === 0) {
      for (var d0 = 0; d0 < n; d0++) candidates.push(d0);
    } else if (!emptyWord) {
      var hitWord = new Int32Array(n).fill(-1);
      var hits = new Int32Array(n);
      var need = ws.length;
      for (var wi = 0; wi < alternatives.length; wi++) {
        var alts = alternatives[wi];
        var hit = function (d) {
          if (hitWord[d] !== wi) {
            hitWord[d] = wi;
            if (++hits[d] === need) candidates.push(d);
          }
        };
        for (var ai = 0; ai < alts.length; ai++) docsOf(alts[ai]).forEach(hit);
        /* A compound's documents: those with both parts. */
        if (alts.parts) {
          var heads = new Set(docsOf(alts.parts[0]));
          docsOf(alts.parts[1]).forEach(function (d) {
            if (heads.has(d)) hit(d);
          });
        }
      }
    }
    if (countOnly) {
      return Promise.resolve(this.respond(meta, query, sel, [], candidates.length, meta.facets.map(function (f) {
        return new Int32Array(f.terms.length);
      })));
    }

    /* Rule 4: in (term ordinal, field) order. */
    postings.sort(function (x, y) {
      return x.ordinal - y.ordinal;
    });
    var score = new Float64Array(n);
    for (var pi = 0; pi < postings.length; pi++) {
      var pfields = postings[pi].fields;
      for (var pf = 0; pf < pfields.length; pf++) {
        var sdocs = pfields[pf].docs;
        var parts = pfields[pf].parts;
        for (var si = 0; si < sdocs.length; si++) score[sdocs[si]] += parts[si];
      }
    }
    /* The first k of list in rank order (score, then ordinal), without sorting all of it. */
    function best(list, k) {
      if (k >= list.length / 4) {
        return list.slice().sort(function (p, q) {
          return score[q] - score[p] || p - q;
        }).slice(0, k);
      }
      var top = [];
      for (var i = 0; i < list.length && k > 0; i++) {
        var d = list[i];
        if (top.length === k && !(score[d] > score[top[k - 1]] ||
          (score[d] === score[top[k - 1]] && d < top[k - 1]))) continue;
        var lo = 0;
        var hi = top.length;
        while (lo < hi) {
          var mid = (lo + hi) >>> 1;
          var m = top[mid];
          if (score[m] > score[d] || (score[m] === score[d] && m < d)) lo = mid + 1;
          else hi = mid;
        }
        top.splice(lo, 0, d);
        if (top.length > k) top.pop();
      }
      return top;
    }

    /* Rules 3 and 5: the facets of the candidates. Without filters the ranking needs none, so
     * the shown documents are fetched at the same time. */
    var early = filtered(sel) ? null : best(candidates, offset + limit).slice(offset);
    var earlyDocs = early ? this.documents(meta, early) : null;
    return this.facetsOf(meta, candidates, limit).then(function (table) {
      var counts = meta.facets.map(function (f) {
        return new Int32Array(f.terms.length);
      });
      /* The filtered facets, each with its selection as bit words. */
      var active = [];
      var masks = sel.map(function (set, fi) {
        var mask = new Int32Array(table.words[fi]);
        set.forEach(function (t) {
          mask[(t / 30) | 0] |= 1 << (t % 30);
        });
        if (set.size > 0) active.push(fi);
        return mask;
      });
      var results = [];
      for (var c = 0; c < candidates.length; c++) {
        var d = candidates[c];
        var failed = -1;
        var fails = 0;
        for (var a = 0; a < active.length; a++) {
          if (!table.any(d, active[a], masks[active[a]])) {
            fails++;
            failed = active[a];
          }
        }
        if (fails === 0) {
          results.push(d);
          for (var g = 0; g < counts.length; g++) table.count(d, g, counts[g]);
        } else if (fails === 1) {
          table.count(d, failed, counts[failed]);
        }
      }
      var shown = early || best(results, offset + limit).slice(offset);
      return (earlyDocs || self.documents(meta, shown)).then(function (docs) {
        var marked = new Set(terms);
        var hits = docs.map(function (doc, i) {
          return {
            slug: doc.slug,
            url: doc.url,
            title: doc.title,
            score: score[shown[i]],
            snippet: snippet(self.term, self.analyzer.KEPT_PREFIX, doc.text, self.sourceTokens(doc), marked, meta.rules)
          };
        });
        return self.respond(meta, query, sel, hits, results.length, counts);
      });
    });
  };

  /* The answer: `results` those shown, `counts` per facet per term. */
  Index.prototype.respond = function (meta, query, sel, results, total, counts) {
    var filters = {};
    meta.facets.forEach(function (f, fi) {
      if (sel[fi].size === 0) return;
      filters[f.key] = Array.from(sel[fi]).sort(function (p, q) {
        return p - q;
      }).map(function (ti) {
        return f.terms[ti].slug;
      });
    });
    var facetCounts = {};
    meta.facets.forEach(function (f, fi) {
      var cs = {};
      f.terms.forEach(function (t, ti) {
        cs[t.slug] = counts[fi][ti];
      });
      facetCounts[f.key] = cs;
    });
    return {
      query: query,
      filters: filters,
      total: total,
      results: results,
      facets: facetCounts
    };
  };

  /* The stored fields of the documents ords (search/docs/K, meta.docs_per_file documents a
   * file). Each one's snippet source is analysed when it arrives, while the others are still on
   * their way. */
  Index.prototype.documents = function (meta, ords) {
    var self = this;
    var per = meta.docs_per_file;
    var docs = Promise.all(ords.map(function (ord) {
      return self.file("docs/" + Math.floor(ord / per) + SUFFIX).then(function (group) {
        var doc = group[ord % per];
        self.sourceTokens(doc);
        return doc;
      });
    }));
    /* A failure is reported where the documents are used, not as an unhandled rejection. */
    docs.catch(function () {});
    return docs;
  };

  function open(options) {
    return new Index(options);
  }

  return {
    open: open,
    searchWords: function (analyzer, query, rules) {
      return words(analyzer, query, rules);
    },
    editDistance: editDistance,
    compareCodePoints: compare
  };
});
