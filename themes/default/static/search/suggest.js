/*
 * katalog search: what to try when a query finds nothing. The JavaScript twin of
 * src/search/query/suggest.rs (rule 7 of the query language, documented there): the nearest
 * index terms for the word that matched nothing, the query without the piece that emptied it
 * (with its count), and the taxonomy terms whose labels are close. tests/search_parity.rs
 * compares the two.
 *
 * Data: the nearest terms come from the bundle's length files (search/lengths/L.json.gz, every
 * term of a length, read only here), the counts from ordinary searches, the labels from meta;
 * all only once a query has found nothing, like this file itself.
 *
 * Loading: a plain script that adds KatalogSearch.suggestions; search.js fetches it from beside
 * itself the first time a query finds nothing (a page may also load it after search.js).
 * Under node (CommonJS) it is module.exports.suggestions, which search.js requires.
 *
 *   suggestions(index, query, filters, api) -> Promise of {word, nearest: [{term, query}],
 *     without: {removed, query, total} | null, terms: [{key, slug, label, query}]}
 *   `index` is the search.js index, `api` {words(query), editDistance(a, b, max)}; search.js's
 *   index.suggest(query, options) calls it.
 */
(function (factory) {
  "use strict";
  var root = typeof globalThis !== "undefined" ? globalThis : self;
  if (typeof module === "object" && module && module.exports) {
    module.exports = factory();
    return;
  }
  var ns = root.KatalogSearch || (root.KatalogSearch = {});
  ns.suggestions = factory().suggestions;
})(function () {
  "use strict";

  /* Rust's char::is_whitespace (White_Space), which split_whitespace splits on. */
  var SPACE = /[\t\n\v\f\r \u0085\u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]+/;

  function pieces(query) {
    return query.split(SPACE).filter(function (p) {
      return p !== "";
    });
  }

  /* The letters Norwegian keyboards have and others lack, one code point for one. */
  function fold(s) {
    return Array.from(s, function (c) {
      return c === "æ" || c === "å" ? "a" : c === "ø" ? "o" : c;
    });
  }

  function startsWith(list, prefix) {
    if (prefix.length > list.length) return false;
    for (var i = 0; i < prefix.length; i++) if (list[i] !== prefix[i]) return false;
    return true;
  }

  function suggestions(index, query, filters, api) {
    var ps = pieces(query);
    var rules;
    var out = { word: null, nearest: [], without: null, terms: [] };
    function total(q) {
      return index.search(q, { filters: filters, limit: 0, countOnly: true }).then(function (a) {
        return a.total;
      });
    }
    /* The first piece e whose query of pieces 0..e has words and no result. */
    function emptied(e) {
      if (e >= ps.length) return Promise.resolve(-1);
      var head = ps.slice(0, e + 1).join(" ");
      if (index.analyzer.analyzeTokens(head).length === 0) return emptied(e + 1);
      /* The whole query is known to find nothing. */
      if (e + 1 === ps.length) return Promise.resolve(e);
      return total(head).then(function (n) {
        return n === 0 ? e : emptied(e + 1);
      });
    }
    function rest(e, replacement) {
      var kept = ps.slice();
      if (replacement === null) kept.splice(e, 1);
      else kept[e] = replacement;
      return kept.join(" ");
    }
    return index.meta().then(function (meta) {
      rules = meta.rules;
      return emptied(0).then(function (e) {
        if (e < 0) return out;
        var without = rest(e, null);
        var counted = api.words(without).length === 0 ? Promise.resolve(0) : total(without);
        return counted.then(function (n) {
          if (n > 0) out.without = { removed: ps[e], query: without, total: n };
          var before = index.analyzer.analyzeTokens(ps.slice(0, e).join(" ")).length;
          var ws = api.words(ps.slice(0, e + 1).join(" "));
          return index.alternatives(meta, ws, new Map()).then(function (alts) {
            var word = null;
            for (var i = before; i < ws.length && word === null; i++) {
              if (!ws[i].prefixOnly && alts[i].length === 0 && !alts[i].parts) word = ws[i];
            }
            if (word === null) return out;
            out.word = word.lower;
            var letters = Array.from(word.lower).length;
            if (letters < rules.prefix_min_chars) return out;
            var max = letters < rules.fuzzy_one_min_chars ? 1 : letters < rules.fuzzy_two_min_chars ? 2 : 3;
            var span = letters < rules.fuzzy_two_min_chars ? 1 : 2;
            return nearest(index, meta, api, fold(word.term), span, max).then(function (near) {
              out.nearest = near.map(function (term) {
                return { term: term, query: rest(e, term) };
              });
              out.terms = close(meta, index, api, fold(word.lower), max, out.without ? out.without.query : "");
              return out;
            });
          });
        });
      });
    });
  }

  /* The index terms within max edits of target (folded) and span of its length (the length
   * files of typo tolerance's span: unlike its own files, not cut by the first letter), that
   * analyse back to themselves: nearest, most frequent,
   * then term order (= ordinal), at most rules.suggest_max. */
  function nearest(index, meta, api, target, span, max) {
    var lengths = meta.lengths.filter(function (l) {
      return Math.abs(l - target.length) <= span;
    });
    return Promise.all(lengths.map(function (l) {
      return index.file("lengths/" + l + ".json.gz");
    })).then(function (files) {
      var found = [];
      var far = tooFar(target, max);
      files.forEach(function (f) {
        for (var t = 0; t < f.terms.length; t++) {
          if (far(f.terms[t])) continue;
          var d = api.editDistance(target, fold(f.terms[t]), max);
          if (d === null) continue;
          var again = api.words(f.terms[t]);
          if (again.length === 1 && again[0].term === f.terms[t]) found.push([d, f.df[t], f.ordinals[t], f.terms[t]]);
        }
      });
      found.sort(function (x, y) {
        return x[0] - y[0] || y[1] - x[1] || x[2] - y[2];
      });
      return found.slice(0, meta.rules.suggest_max).map(function (c) {
        return c[3];
      });
    });
  }

  /* A test that a term is surely more than max edits from target (folded code points), much
   * cheaper than the distance itself, so that only the few terms it lets through are measured
   * (tens of thousands of terms of a length at 10,000 cases). An insertion or a deletion changes
   * the counts of the characters by one, a substitution by two, a swap not at all: a term whose
   * counts differ from target's by more than 2 · max is more than max edits away. */
  function tooFar(target, max) {
    var counts = new Int32Array(0x10000);
    var astral = false;
    target.forEach(function (c) {
      var code = c.codePointAt(0);
      if (code > 0xffff) astral = true;
      else counts[code]++;
    });
    var taken = [];
    return function (term) {
      if (astral) return false;
      var matched = 0;
      taken.length = 0;
      for (var i = 0; i < term.length; i++) {
        var code = term.charCodeAt(i);
        /* Outside the first plane: leave it to the distance. */
        if (code >= 0xd800 && code <= 0xdfff) return restore(false);
        if (code === 0xe6 || code === 0xe5) code = 0x61;
        else if (code === 0xf8) code = 0x6f;
        if (counts[code] > 0) {
          counts[code]--;
          taken.push(code);
          matched++;
        }
      }
      return restore(term.length - matched + (target.length - matched) > 2 * max);
    };
    function restore(result) {
      for (var j = 0; j < taken.length; j++) counts[taken[j]]++;
      return result;
    }
  }

  /* The taxonomy terms with a label word the typed word begins or is within max edits of. */
  function close(meta, index, api, typed, max, query) {
    var found = [];
    meta.facets.forEach(function (facet, fi) {
      facet.terms.forEach(function (term, ti) {
        var best = null;
        index.analyzer.lowercase(term.label).split(SPACE).forEach(function (w) {
          var letters = fold(w);
          if (w === "" || letters.length < meta.rules.prefix_min_chars) return;
          var d = startsWith(letters, typed) ? 0 : api.editDistance(typed, letters, max);
          if (d !== null && (best === null || d < best)) best = d;
        });
        if (best !== null) found.push([best, fi, ti]);
      });
    });
    found.sort(function (x, y) {
      return x[0] - y[0] || x[1] - y[1] || x[2] - y[2];
    });
    return found.slice(0, meta.rules.suggest_max).map(function (c) {
      var facet = meta.facets[c[1]];
      var term = facet.terms[c[2]];
      return { key: facet.key, slug: term.slug, label: term.label, query: query };
    });
  }

  return { suggestions: suggestions };
});
