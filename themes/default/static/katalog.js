/* katalog: the default theme's script. Vanilla JavaScript (ES2019), no framework, no build
 * step, no requests outside the site. Every page loads it; each part runs only when its
 * element is on the page.
 *
 * 1. /trykk/: shows the print button (#print-button).
 * 2. The selection: data/facets.json as a table, what the URL's filters and words select from
 *    it, in the view's order. The filter panel (4) shows it; the printed selection
 *    (static/booklet.js, on /trykk/) prints it, through window.KatalogSelection.
 * 3. The front page on a phone: its introduction (#intro-more) folds away. (The municipality
 *    chooser is static/kommune.js.)
 * 4. The front page and /sok/ (templates/partials/filter-panel.html): turns the filter panel
 *    (#filter-panel) from links to term pages into checkboxes that filter the cards in place
 *    over data/facets.json, and runs the search box (#search-q) over the static search index
 *    (static/search/search.js, output/search/): results as you type (debounced), ranked, with
 *    the matched words marked in the snippets, the facet counts following the words. The panel's
 *    data-home says which page the view lives at (the front page, or /sok/), data-page which
 *    listing page the server rendered (0 on /sok/, which renders no results: its
 *    #search-fallback, shown without JavaScript, is hidden once the script runs).
 *
 * Filter state lives in the URL query so a filtered view can be shared, reloaded and reached
 * with Back/Forward: one parameter per facet key, REPEATED for several values, e.g.
 *   ?modelltype=innbyggerpanel&modelltype=gjestebud&storrelse=under-5000&side=2
 * Values within one facet combine with OR, facets with AND; `side` is the page of the filtered
 * result (1 when left out). Reading also accepts comma-separated values
 * (?modelltype=innbyggerpanel,gjestebud), so hand-written links work too. The search words are
 * `q` (?q=kommunestyret&fylke=rogaland); typing replaces the history entry instead of adding
 * one per keystroke.
 *
 * Text from the data (titles, names, summaries) is only ever inserted with textContent and
 * createElement, never as HTML: contributors are not trusted. The link "Skriv ut utvalget"
 * (#print-link) follows the view: /trykk/ with the same parameters.
 */
(function () {
  'use strict';

  /* 1. Print button ------------------------------------------------------------------- */

  var printButton = document.getElementById('print-button');
  if (printButton && typeof window.print === 'function') {
    printButton.hidden = false;
    printButton.addEventListener('click', function () {
      window.print();
    });
  }

  /* 2. The selection -------------------------------------------------------------------- */

  function hasQuery(st) {
    return typeof st.q === 'string' && st.q.trim() !== '';
  }

  /* data/facets.json (format in themes/README.md) with, per case and facet, its terms. */
  function Table(json) {
    if (!json || !Array.isArray(json.facets) || !Array.isArray(json.cases)) {
      throw new Error('data/facets.json is not the facet table');
    }
    var byKey = {}; // facet key -> index
    var counts = []; // per facet, per term: number of cases
    var bySlug = {}; // slug -> index into data.cases
    json.facets.forEach(function (f, fi) {
      byKey[f.key] = fi;
      counts[fi] = new Array(f.terms.length).fill(0);
    });
    json.cases.forEach(function (row, i) {
      bySlug[row[0]] = i;
    });
    this.data = json;
    this.F = byKey;
    this.totals = counts;
    this.caseIndex = bySlug;
    this.rowTerms = json.cases.map(function (row) {
      var terms = Array.isArray(row[5]) ? row[5] : [];
      return json.facets.map(function (f, fi) {
        var t = Array.isArray(terms[fi]) ? terms[fi] : [];
        t.forEach(function (ti) {
          if (ti >= 0 && ti < f.terms.length) counts[fi][ti]++;
        });
        return t;
      });
    });
  }

  /* Promise of data/facets.json of the site at rootUrl (a URL object). */
  Table.load = function (rootUrl) {
    return fetch(new URL('data/facets.json', rootUrl).href).then(function (r) {
      if (!r.ok) throw new Error(String(r.status));
      return r.json();
    });
  };

  Table.prototype.emptySelection = function () {
    return this.data.facets.map(function (f) {
      return new Uint8Array(f.terms.length);
    });
  };

  /* The filters and words of URL parameters: { sel: per facet a mask of its terms, q }. */
  Table.prototype.read = function (params) {
    var sel = this.emptySelection();
    this.data.facets.forEach(function (facet, fi) {
      params.getAll(facet.key).forEach(function (value) {
        value.split(',').forEach(function (slug) {
          slug = slug.trim();
          for (var ti = 0; ti < facet.terms.length; ti++) {
            if (facet.terms[ti].slug === slug) sel[fi][ti] = 1;
          }
        });
      });
    });
    return { sel: sel, q: params.get('q') || '' };
  };

  /* The URL query of a state (with `side` when page > 1). */
  Table.prototype.queryOf = function (st, page) {
    var params = new URLSearchParams();
    if (hasQuery(st)) params.append('q', st.q);
    this.data.facets.forEach(function (facet, fi) {
      facet.terms.forEach(function (term, ti) {
        if (st.sel[fi][ti]) params.append(facet.key, term.slug);
      });
    });
    if (page > 1) params.append('side', String(page));
    var q = params.toString();
    return q ? '?' + q : '';
  };

  /* Faceted counting: a case counts for a term of facet f when it matches the selections of
     every OTHER facet; matching all facets puts it in the result. One pass over the cases. */
  Table.prototype.compute = function (sel) {
    var rowTerms = this.rowTerms;
    var nf = this.data.facets.length;
    var any = sel.map(function (mask) {
      return mask.some(function (v) {
        return v === 1;
      });
    });
    var counts = this.data.facets.map(function (f) {
      return new Array(f.terms.length).fill(0);
    });
    var matches = [];
    for (var i = 0; i < rowTerms.length; i++) {
      var terms = rowTerms[i];
      var failed = -1;
      var fails = 0;
      for (var f = 0; f < nf; f++) {
        if (!any[f]) continue;
        var ok = false;
        var tf = terms[f];
        for (var k = 0; k < tf.length; k++) {
          if (sel[f][tf[k]]) {
            ok = true;
            break;
          }
        }
        if (!ok) {
          fails++;
          failed = f;
          if (fails > 1) break;
        }
      }
      if (fails === 0) {
        matches.push(i);
        for (var g = 0; g < nf; g++) {
          var tg = terms[g];
          for (var m = 0; m < tg.length; m++) counts[g][tg[m]]++;
        }
      } else if (fails === 1) {
        var tx = terms[failed];
        for (var x = 0; x < tx.length; x++) counts[failed][tx[x]]++;
      }
    }
    return { matches: matches, counts: counts };
  };

  /* The selection as the search's filters: { KEY: [slug, ...] }. */
  Table.prototype.filtersOf = function (sel) {
    var filters = {};
    this.data.facets.forEach(function (facet, fi) {
      var slugs = facet.terms
        .filter(function (term, ti) {
          return sel[fi][ti] === 1;
        })
        .map(function (term) {
          return term.slug;
        });
      if (slugs.length) filters[facet.key] = slugs;
    });
    return filters;
  };

  /* The index of the case a search hit is, or undefined (a plain page). */
  Table.prototype.caseOf = function (hit) {
    var i = this.caseIndex[hit.slug];
    return i !== undefined && hit.url === 'eksempler/' + hit.slug + '/' ? i : undefined;
  };

  /* Every case a state selects, in the view's order: the filters' matches, or with words the
     search's ranking under the filters (engine: a KatalogSearch.open index, or null). Promise
     of { cases: [index], searched }. */
  Table.prototype.select = function (st, engine) {
    var self = this;
    if (!hasQuery(st) || !engine) {
      return Promise.resolve({ cases: this.compute(st.sel).matches, searched: false });
    }
    var filters = this.filtersOf(st.sel);
    function ask(limit) {
      return engine.search(st.q, { filters: filters, limit: limit, offset: 0 });
    }
    return ask(this.data.cases.length)
      .then(function (answer) {
        return answer.results.length < answer.total ? ask(answer.total) : answer;
      })
      .then(function (answer) {
        var cases = [];
        answer.results.forEach(function (hit) {
          var i = self.caseOf(hit);
          if (i !== undefined) cases.push(i);
        });
        return { cases: cases, searched: true };
      });
  };

  window.KatalogSelection = { Table: Table, hasQuery: hasQuery };

  /* 3. The front page on a phone -------------------------------------------------------- */

  // On a phone the search box and the chooser come first: the introduction is rendered folded.
  // A wider screen has no summary to open it with (katalog.css, which shows it there already
  // where the browser can): it opens there.
  var introMore = document.getElementById('intro-more');
  if (introMore && window.matchMedia) {
    var phone = window.matchMedia('(max-width: 40rem)');
    if (!phone.matches) introMore.open = true;
    var widen = function (e) {
      if (!e.matches) introMore.open = true;
    };
    if (phone.addEventListener) phone.addEventListener('change', widen);
    else if (phone.addListener) phone.addListener(widen);
  }

  /* 4. Filters ------------------------------------------------------------------------- */

  var panel = document.getElementById('filter-panel');
  if (!panel) return;
  if (
    !window.fetch ||
    !window.URLSearchParams ||
    !window.URL ||
    !window.history ||
    typeof history.pushState !== 'function' ||
    location.protocol === 'file:'
  ) {
    return; // the links to the term pages keep working
  }

  // data-root is relative to the page the server rendered; after pushState the page's folder
  // can change (/side/3/ -> /), so keep the root as an absolute URL and derive relative links
  // from it whenever they are rendered.
  var rootUrl = new URL(panel.getAttribute('data-root') || './', location.href);
  var homeUrl = new URL(panel.getAttribute('data-home') || '', rootUrl);
  var serverPage = parseInt(panel.getAttribute('data-page'), 10);
  if (isNaN(serverPage)) serverPage = 1;
  var initialPath = location.pathname;

  // The relative path from the current location to the site root, like the templates' `root`.
  function relRoot() {
    var path = location.pathname;
    if (path.indexOf(rootUrl.pathname) !== 0) return rootUrl.pathname;
    var rest = path.slice(rootUrl.pathname.length);
    return new Array(rest.split('/').length).join('../');
  }
  var T = {
    cases: panel.getAttribute('data-t-cases') || '{n}',
    caseOne: panel.getAttribute('data-t-case-one') || '1',
    inhabitants: panel.getAttribute('data-t-inhabitants') || '',
    page: panel.getAttribute('data-t-page') || '',
    of: panel.getAttribute('data-t-of') || '/',
    previous: panel.getAttribute('data-t-previous') || '‹',
    next: panel.getAttribute('data-t-next') || '›',
    pagination: panel.getAttribute('data-t-pagination') || '',
    reset: panel.getAttribute('data-t-reset') || 'Reset',
    noResults: panel.getAttribute('data-t-no-results') || '',
    noHits: panel.getAttribute('data-t-no-hits') || panel.getAttribute('data-t-no-results') || '',
    loading: panel.getAttribute('data-t-loading') || '…',
    searchFailed: panel.getAttribute('data-t-search-failed') || '',
    suggestIntro: panel.getAttribute('data-t-suggest-intro') || '',
    suggestNearest: panel.getAttribute('data-t-suggest-nearest') || '',
    suggestWithout: panel.getAttribute('data-t-suggest-without') || '',
    suggestTerm: panel.getAttribute('data-t-suggest-term') || ''
  };

  var list = document.getElementById('case-list');
  var countEl = document.getElementById('result-count');
  var pagerSlot = document.getElementById('pager-slot');
  var resultsHeading = document.getElementById('results-heading');
  var details = document.getElementById('filter-details');
  var linkPanel = document.getElementById('filter-links');
  var searchForm = document.getElementById('search-form');
  var searchInput = document.getElementById('search-q');
  if (!list || !countEl || !pagerSlot || !linkPanel) return;
  var fallback = document.getElementById('search-fallback');
  if (fallback) fallback.hidden = true;

  // The panel is rendered folded, as on a phone; it opens beside the cards, or when the address
  // chooses filters (any parameter but the words and the page), before anything is drawn.
  if (details && window.matchMedia) {
    var narrow = window.matchMedia('(max-width: 55.99rem)');
    var chosen = false;
    new URLSearchParams(location.search).forEach(function (value, key) {
      if (key !== 'q' && key !== 'side') chosen = true;
    });
    if (!narrow.matches || chosen) details.open = true;
    var widenPanel = function (e) {
      if (!e.matches) details.open = true;
    };
    if (narrow.addEventListener) narrow.addEventListener('change', widenPanel);
    else if (narrow.addListener) narrow.addListener(widenPanel);
  }

  // The server-rendered view, put back when the state is that view again (Back button).
  var original = {
    list: Array.prototype.slice.call(list.childNodes),
    pager: Array.prototype.slice.call(pagerSlot.childNodes),
    count: countEl.textContent
  };
  /* A view the server did not render (a shared link with filters or words; /sok/) would show
     the server's list as if it were the answer until the data and the search have come: on a
     slow connection, seconds. Until the first view is drawn the list is marked busy and the
     count says that it is loading. */
  var resultsEl = document.getElementById('results');
  function setPending(on) {
    if (resultsEl) {
      resultsEl.classList.toggle('results--pending', on);
      if (on) resultsEl.setAttribute('aria-busy', 'true');
      else resultsEl.removeAttribute('aria-busy');
    }
    if (on) countEl.textContent = T.loading;
    else if (countEl.textContent === T.loading) countEl.textContent = original.count;
  }
  if (serverPage === 0 || location.search.length > 1) setPending(true);

  var noResultsEl = document.getElementById('no-results');
  var originalNoResults = noResultsEl
    ? { text: noResultsEl.textContent, hidden: noResultsEl.hidden }
    : null;

  var table = null; // the selection's Table, once data/facets.json is in
  var data = null; // table.data
  var F = {}; // table.F
  var rowTerms = []; // table.rowTerms
  var totals = []; // table.totals
  var checkboxes = []; // per facet: {termIndex: input}
  var countSpans = []; // per facet: {termIndex: span}
  var chunkCache = {}; // K -> Promise of summaries
  var engine = null; // the search index (KatalogSearch.open), false when unavailable
  var typingTimer = null;
  var renderToken = 0;
  var state = null;

  var NBSP = '\u00a0';

  function formatNumber(n) {
    return String(n).replace(/\B(?=(\d{3})+(?!\d))/g, NBSP);
  }

  function formatCount(n) {
    return n === 1 ? T.caseOne : T.cases.replace('{n}', formatNumber(n));
  }

  function el(tag, attrs, text) {
    var node = document.createElement(tag);
    if (attrs) {
      Object.keys(attrs).forEach(function (k) {
        if (attrs[k] !== null && attrs[k] !== undefined) node.setAttribute(k, attrs[k]);
      });
    }
    if (text !== undefined && text !== null) node.textContent = String(text);
    return node;
  }

  /* State <-> URL */

  function hasFilters(sel) {
    return sel.some(function (mask) {
      return mask.some(function (v) {
        return v === 1;
      });
    });
  }

  function readState() {
    var params = new URLSearchParams(location.search);
    var st = table.read(params);
    var page = parseInt(params.get('side'), 10);
    if (!(page >= 1)) {
      // A server-rendered listing page, /side/N/ (reached with Back after a reload).
      var rest = location.pathname.slice(rootUrl.pathname.length);
      var m = location.pathname.indexOf(rootUrl.pathname) === 0 && /^side\/(\d+)\//.exec(rest);
      page = m ? parseInt(m[1], 10) : 1;
    }
    // A site without search has no search box, and words in its URL are not a view of it.
    return { sel: st.sel, page: page, q: (searchInput && st.q) || '' };
  }

  function queryOf(st, page) {
    return table.queryOf(st, page);
  }

  // A link (relative to the current location) to the home page showing `st` at `page`.
  function hrefOf(st, page) {
    var href = relRoot() + homeUrl.pathname.slice(rootUrl.pathname.length) + queryOf(st, page);
    return href === '' ? './' : href;
  }

  // The absolute URL of the same, for history.pushState.
  function urlOf(st, page) {
    return homeUrl.pathname + queryOf(st, page);
  }

  function isServerView(st) {
    return (
      serverPage > 0 &&
      !hasFilters(st.sel) &&
      !hasQuery(st) &&
      st.page === serverPage &&
      location.pathname === initialPath &&
      !new URLSearchParams(location.search).has('side')
    );
  }

  /* Building the form */

  function buildForm() {
    var form = el('form', { id: 'filter-form', class: 'filters__body', novalidate: 'novalidate' });
    form.addEventListener('submit', function (e) {
      e.preventDefault();
    });
    var initial = readState().sel;
    var actions = el('div', { class: 'filters__actions' });
    var reset = el('button', { type: 'button', class: 'button button--secondary', id: 'filter-reset' }, T.reset);
    reset.addEventListener('click', function () {
      state = { sel: table.emptySelection(), page: 1, q: state.q };
      commit();
    });
    actions.appendChild(reset);
    form.appendChild(actions);
    data.facets.forEach(function (facet, fi) {
      checkboxes[fi] = {};
      countSpans[fi] = {};
      var shown = facet.terms.filter(function (term, ti) {
        return totals[fi][ti] > 0 || initial[fi][ti];
      });
      if (!shown.length) return;
      var fieldset = el('fieldset', { class: 'facet', id: 'facet-' + facet.key });
      fieldset.appendChild(el('legend', null, facet.label));
      facet.terms.forEach(function (term, ti) {
        if (!(totals[fi][ti] > 0 || initial[fi][ti])) return;
        var id = 'filter-' + facet.key + '-' + term.slug;
        var row = el('div', { class: 'check' });
        var input = el('input', { type: 'checkbox', id: id, name: facet.key, value: term.slug });
        input.addEventListener('change', function () {
          state.sel[fi][ti] = input.checked ? 1 : 0;
          state.page = 1;
          commit();
        });
        var label = el('label', { for: id }, term.label + ' ');
        var count = el('span', { class: 'count' }, '(' + formatNumber(totals[fi][ti]) + ')');
        label.appendChild(count);
        row.appendChild(input);
        row.appendChild(label);
        fieldset.appendChild(row);
        checkboxes[fi][ti] = input;
        countSpans[fi][ti] = count;
      });
      form.appendChild(fieldset);
    });
    return form;
  }

  function syncForm(st, counts) {
    data.facets.forEach(function (facet, fi) {
      Object.keys(checkboxes[fi]).forEach(function (ti) {
        var input = checkboxes[fi][ti];
        input.checked = st.sel[fi][ti] === 1;
        var n = counts[fi][ti];
        countSpans[fi][ti].textContent = '(' + formatNumber(n) + ')';
        var row = input.parentNode;
        if (n === 0 && !input.checked) row.classList.add('check--empty');
        else row.classList.remove('check--empty');
      });
    });
  }

  /* Cards: exactly the markup of templates/partials/card.html */

  function renderCard(i, summary) {
    var row = data.cases[i];
    var terms = rowTerms[i];
    // The case's language: the 7th element of the row when katalog writes it.
    var caseLang = typeof row[6] === 'string' ? row[6] : null;
    var langAttr = caseLang && caseLang !== document.documentElement.lang ? caseLang : null;
    var li = el('li', { class: 'card' });
    var h3 = el('h3', { class: 'card__title', lang: langAttr });
    h3.appendChild(el('a', { href: relRoot() + 'eksempler/' + row[0] + '/' }, row[1]));
    li.appendChild(h3);
    var meta = el('p', { class: 'card__meta' });
    var place = String(row[2]);
    if (F.fylke !== undefined && terms[F.fylke] && terms[F.fylke].length) {
      place += ', ' + data.facets[F.fylke].terms[terms[F.fylke][0]].label;
    }
    meta.appendChild(el('span', { class: 'card__place' }, place));
    meta.appendChild(document.createTextNode(' '));
    meta.appendChild(
      el('span', { class: 'card__population' }, formatNumber(row[3]) + ' ' + T.inhabitants)
    );
    li.appendChild(meta);
    var mt = F.modelltype;
    if (mt !== undefined && terms[mt] && terms[mt].length) {
      var tags = el('ul', { class: 'card__tags', 'aria-label': data.facets[mt].label });
      terms[mt].forEach(function (ti) {
        tags.appendChild(el('li', null, data.facets[mt].terms[ti].label));
      });
      li.appendChild(tags);
    }
    li.appendChild(el('p', { class: 'card__summary', lang: langAttr }, summary || ''));
    return li;
  }

  function summaries(indices) {
    var chunk = data.chunk || 100;
    var wanted = {};
    indices.forEach(function (i) {
      wanted[Math.floor(i / chunk)] = true;
    });
    var keys = Object.keys(wanted);
    return Promise.all(
      keys.map(function (k) {
        if (!chunkCache[k]) {
          chunkCache[k] = fetch(new URL('data/cards-' + k + '.json', rootUrl).href)
            .then(function (r) {
              if (!r.ok) throw new Error(String(r.status));
              return r.json();
            })
            .catch(function () {
              delete chunkCache[k];
              return [];
            });
        }
        return chunkCache[k];
      })
    ).then(function (lists) {
      var byChunk = {};
      keys.forEach(function (k, j) {
        byChunk[k] = lists[j];
      });
      return function (i) {
        var l = byChunk[Math.floor(i / chunk)];
        var s = l && l[i % chunk];
        return typeof s === 'string' ? s : '';
      };
    });
  }

  /* Pager: exactly the markup of templates/partials/pager.html */

  function renderPager(st, page, total) {
    if (total <= 1) return null;
    var nav = el('nav', { class: 'pager', 'aria-label': T.pagination });
    var ul = el('ul', { class: 'pager__list' });
    function link(n, text, cls, rel) {
      var li = el('li', { class: 'pager__item' + (cls ? ' ' + cls : '') });
      var a = el('a', { href: hrefOf(st, n), rel: rel || null });
      if (n === page && !rel) a.setAttribute('aria-current', 'page');
      if (text === null) {
        a.appendChild(el('span', { class: 'visually-hidden' }, T.page + ' '));
        a.appendChild(document.createTextNode(String(n)));
      } else if (rel === 'prev') {
        a.appendChild(el('span', { 'aria-hidden': 'true' }, '‹ '));
        a.appendChild(document.createTextNode(text));
      } else {
        a.appendChild(document.createTextNode(text));
        a.appendChild(el('span', { 'aria-hidden': 'true' }, ' ›'));
      }
      a.addEventListener('click', function (e) {
        if (e.button !== 0 || e.metaKey || e.ctrlKey || e.shiftKey || e.altKey) return;
        e.preventDefault();
        state.page = n;
        commit(true);
      });
      li.appendChild(a);
      ul.appendChild(li);
    }
    if (page > 1) link(page - 1, T.previous, 'pager__item--prev', 'prev');
    var last = 0;
    for (var n = 1; n <= total; n++) {
      if (n !== 1 && n !== total && Math.abs(n - page) > 2) continue;
      if (last && n - last > 1) {
        ul.appendChild(el('li', { class: 'pager__item pager__gap', 'aria-hidden': 'true' }, '…'));
      }
      link(n, null);
      last = n;
    }
    if (page < total) link(page + 1, T.next, 'pager__item--next', 'next');
    nav.appendChild(ul);
    nav.appendChild(el('p', { class: 'pager__status' }, T.page + ' ' + page + ' ' + T.of + ' ' + total));
    return nav;
  }

  /* Rendering a state */

  function announce(text) {
    if (countEl.textContent === text) {
      // Same text again: clear first so screen readers announce the change.
      countEl.textContent = '';
      window.setTimeout(function () {
        countEl.textContent = text;
      }, 100);
    } else {
      countEl.textContent = text;
    }
  }

  function setNoResults(show, text) {
    if (!noResultsEl && show) {
      noResultsEl = el('p', { class: 'results__empty', id: 'no-results' });
      list.parentNode.insertBefore(noResultsEl, list.nextSibling);
    }
    if (noResultsEl) {
      noResultsEl.textContent = text || T.noResults;
      noResultsEl.hidden = !show;
    }
  }

  /* Words in the box, but the search could not run (its files did not download, or the site
     has none): the list shows the filters' view, and says so, lest it be taken for the answer
     to the words. */
  var searchNoticeEl = null;
  function setSearchNotice(show) {
    // A theme whose own filter panel lacks data-t-search-failed gets no empty box.
    if (!searchNoticeEl && show && T.searchFailed) {
      searchNoticeEl = el('p', { class: 'notice', id: 'search-notice', role: 'status' }, T.searchFailed);
      list.parentNode.insertBefore(searchNoticeEl, list);
    }
    if (searchNoticeEl) searchNoticeEl.hidden = !show;
  }

  /* When a search finds nothing: what to try instead (search.js's index.suggest(), rules in
     src/search/query/suggest.rs), each a link to its view that runs it in place. The region is
     on the page from the start, empty, so that screen readers announce what appears in it. */
  var suggestEl = searchInput ? el('div', { class: 'suggestions', id: 'search-suggestions', 'aria-live': 'polite' }) : null;
  if (suggestEl) list.parentNode.insertBefore(suggestEl, list.nextSibling);

  function suggestionLink(st, query, filter) {
    var next = { sel: st.sel.map(function (mask) { return mask.slice(); }), page: 1, q: query };
    if (filter) next.sel[filter[0]][filter[1]] = 1;
    var a = el('a', { href: hrefOf(next, 1) }, query.trim() || (filter && data.facets[filter[0]].terms[filter[1]].label));
    a.addEventListener('click', function (e) {
      if (e.button !== 0 || e.metaKey || e.ctrlKey || e.shiftKey || e.altKey) return;
      e.preventDefault();
      window.clearTimeout(typingTimer);
      state = next;
      if (searchInput) searchInput.value = next.q;
      commit(true, false);
    });
    return a;
  }

  function renderSuggestions(st, s) {
    if (!suggestEl) return;
    var items = [];
    function item(link, why) {
      var li = el('li', { class: 'suggestions__item' });
      li.appendChild(link);
      li.appendChild(document.createTextNode(' (' + why + ')'));
      items.push(li);
    }
    if (s) {
      s.nearest.forEach(function (n) {
        item(suggestionLink(st, n.query, null), T.suggestNearest.replace('{word}', s.word));
      });
      if (s.without) {
        item(suggestionLink(st, s.without.query, null),
          T.suggestWithout.replace('{word}', s.without.removed).replace('{n}', formatCount(s.without.total)));
      }
      s.terms.forEach(function (t) {
        var fi = F[t.key];
        var ti = fi === undefined ? -1 : data.facets[fi].terms.findIndex(function (term) {
          return term.slug === t.slug;
        });
        if (ti < 0) return;
        var facet = data.facets[fi];
        item(suggestionLink(st, t.query, [fi, ti]),
          T.suggestTerm.replace('{facet}', facet.label).replace('{term}', facet.terms[ti].label));
      });
    }
    var nodes = [];
    if (items.length) {
      nodes.push(el('p', { class: 'suggestions__intro' }, T.suggestIntro));
      var ul = el('ul', { class: 'suggestions__list' });
      items.forEach(function (li) {
        ul.appendChild(li);
      });
      nodes.push(ul);
    }
    replaceChildren(suggestEl, nodes);
  }

  function replaceChildren(parent, nodes) {
    while (parent.firstChild) parent.removeChild(parent.firstChild);
    nodes.forEach(function (n) {
      parent.appendChild(n);
    });
  }

  var printLink = document.getElementById('print-link');
  // "Skriv ut utvalget": the view's selection on /trykk/ (its filters and words, not its page).
  function syncPrintLink(st) {
    if (!printLink) return;
    printLink.setAttribute('href', relRoot() + 'trykk/' + queryOf(st, 1));
    printLink.parentNode.hidden = false;
  }

  function render(st, focusResults) {
    var token = ++renderToken;
    syncPrintLink(st);
    if (hasQuery(st) && searchEngine()) return renderSearch(st, token, focusResults);
    setSearchNotice(hasQuery(st));
    return renderFilters(st, token, focusResults);
  }

  function renderFilters(st, token, focusResults) {
    renderSuggestions(st, null);
    var result = table.compute(st.sel);
    syncForm(st, result.counts);
    if (isServerView(st)) {
      replaceChildren(list, original.list);
      replaceChildren(pagerSlot, original.pager);
      announce(original.count);
      if (noResultsEl) {
        if (originalNoResults) {
          noResultsEl.textContent = originalNoResults.text;
          noResultsEl.hidden = originalNoResults.hidden;
        } else {
          noResultsEl.hidden = true;
        }
      }
      if (focusResults) focusHeading();
      return Promise.resolve();
    }
    var perPage = data.per_page || 30;
    var total = Math.max(1, Math.ceil(result.matches.length / perPage));
    var page = Math.min(Math.max(1, st.page), total);
    var shown = result.matches.slice((page - 1) * perPage, page * perPage);
    return summaries(shown).then(function (summaryOf) {
      if (token !== renderToken) return; // a newer state was rendered meanwhile
      replaceChildren(
        list,
        shown.map(function (i) {
          return renderCard(i, summaryOf(i));
        })
      );
      var pager = renderPager(st, page, total);
      replaceChildren(pagerSlot, pager ? [pager] : []);
      setNoResults(result.matches.length === 0);
      announce(formatCount(result.matches.length));
      if (focusResults) focusHeading();
    });
  }

  /* Search: the words over the search index, the filters as its filters. */

  function searchEngine() {
    if (engine === null) {
      var ks = window.KatalogSearch;
      engine = ks && typeof ks.open === 'function'
        ? ks.open({ base: new URL('search/', rootUrl).href })
        : false;
    }
    return engine || null;
  }

  // The snippet as text and <mark> elements (never HTML: the text is contributors').
  function snippetOf(hit, lang) {
    var p = el('p', { class: 'card__summary card__snippet', lang: lang || null });
    (hit.snippet || []).forEach(function (piece) {
      p.appendChild(piece.match ? el('mark', null, piece.text) : document.createTextNode(piece.text));
    });
    return p;
  }

  // A case's card with the snippet in place of the summary; a plain page gets title and snippet.
  function renderHit(hit) {
    var i = table.caseOf(hit);
    if (i !== undefined) {
      var card = renderCard(i, '');
      var summary = card.lastChild;
      card.replaceChild(snippetOf(hit, summary.getAttribute('lang')), summary);
      return card;
    }
    var li = el('li', { class: 'card' });
    var h3 = el('h3', { class: 'card__title' });
    h3.appendChild(el('a', { href: relRoot() + hit.url }, hit.title));
    li.appendChild(h3);
    li.appendChild(snippetOf(hit, null));
    return li;
  }

  function renderSearch(st, token, focusResults) {
    var perPage = data.per_page || 30;
    var page = Math.max(1, st.page);
    var filters = table.filtersOf(st.sel);
    function ask(p) {
      return searchEngine().search(st.q, { filters: filters, limit: perPage, offset: (p - 1) * perPage });
    }
    return ask(page)
      .then(function (answer) {
        var last = Math.max(1, Math.ceil(answer.total / perPage));
        if (page <= last) return answer;
        page = last;
        return ask(page);
      })
      .then(
        function (answer) {
          if (token !== renderToken) return;
          var counts = data.facets.map(function (facet) {
            var c = (answer.facets && answer.facets[facet.key]) || {};
            return facet.terms.map(function (term) {
              return c[term.slug] || 0;
            });
          });
          syncForm(st, counts);
          setSearchNotice(false);
          replaceChildren(list, answer.results.map(renderHit));
          var pager = renderPager(st, page, Math.max(1, Math.ceil(answer.total / perPage)));
          replaceChildren(pagerSlot, pager ? [pager] : []);
          setNoResults(answer.total === 0, T.noHits);
          renderSuggestions(st, null);
          // What to try instead comes after the count, when it is ready (it may need files).
          if (answer.total === 0) {
            searchEngine().suggest(st.q, { filters: filters }).then(function (s) {
              if (token === renderToken) renderSuggestions(st, s);
            }, function () {});
          }
          announce(formatCount(answer.total));
          if (focusResults) focusHeading();
        },
        function (err) {
          // The filters alone. Only a missing bundle turns search off for good: after a failed
          // download (a bad connection) the next query tries again.
          if (err && err.status === 404) engine = false;
          if (token !== renderToken) return;
          setSearchNotice(true);
          return renderFilters(st, token, focusResults);
        }
      );
  }

  function setQuery(value, immediate, focusResults) {
    window.clearTimeout(typingTimer);
    var apply = function () {
      if (!state) return;
      if (value === state.q && !focusResults) return;
      // While typing, one history entry for the whole query.
      var typing = hasQuery(state) && value.trim() !== '';
      state.q = value;
      state.page = 1;
      commit(focusResults, typing);
    };
    if (immediate) apply();
    else typingTimer = window.setTimeout(apply, 250);
  }

  function focusHeading() {
    if (!resultsHeading) return;
    resultsHeading.focus({ preventScroll: true });
    resultsHeading.scrollIntoView({ block: 'start' });
  }

  function commit(focusResults, replace) {
    var url = urlOf(state, state.page);
    if (replace) history.replaceState({ katalog: true }, '', url);
    else history.pushState({ katalog: true }, '', url);
    render(state, focusResults);
  }

  window.addEventListener('popstate', function () {
    if (!data) return;
    state = readState();
    if (searchInput) searchInput.value = state.q;
    render(state, false);
  });

  /* Start: fetch the data, swap the links for the form, apply the URL's state. */

  /* Words in the URL (/sok/?q=…, a shared link) are searched once the data is in: what every
     query needs (the index's meta.json) is asked for beside the data, not after it. Once the
     page's scripts have all run (search.js loads after this one). */
  document.addEventListener('DOMContentLoaded', function () {
    var words = new URLSearchParams(location.search).get('q');
    if (searchInput && hasQuery({ q: words }) && searchEngine()) {
      searchEngine().prepare().catch(function () {});
    }
  });

  /* search.js comes after this script and can arrive after the data: the page starts only once
     every script has run (DOMContentLoaded), or searchEngine() would find no search and turn it
     off for good. */
  var scriptsRun = new Promise(function (resolve) {
    if (document.readyState === 'complete') return resolve();
    document.addEventListener('DOMContentLoaded', resolve);
    window.addEventListener('load', resolve);
  });

  Table.load(rootUrl)
    .then(function (json) {
      return scriptsRun.then(function () {
        return json;
      });
    })
    .then(function (json) {
      table = new Table(json);
      data = table.data;
      F = table.F;
      rowTerms = table.rowTerms;
      totals = table.totals;
      var form = buildForm();
      linkPanel.parentNode.replaceChild(form, linkPanel);
      state = readState();
      if (searchInput && searchForm) {
        // Words typed before the data arrived count; otherwise the URL's words are shown.
        if (searchInput.value && !hasQuery(state)) state.q = searchInput.value;
        else searchInput.value = state.q;
        searchInput.addEventListener('input', function () {
          setQuery(searchInput.value, false, false);
        });
        // What every query needs is fetched on focus, while the first word is being typed.
        searchInput.addEventListener('focus', function () {
          var index = searchEngine();
          if (index) index.prepare().catch(function () {});
        });
        searchForm.addEventListener('submit', function (e) {
          e.preventDefault();
          setQuery(searchInput.value, true, true);
        });
      }
      var result = table.compute(state.sel);
      syncForm(state, result.counts);
      var drawn = isServerView(state) ? null : render(state, false);
      var done = function () {
        setPending(false);
        ready();
      };
      Promise.resolve(drawn).then(done, done);
    })
    .catch(function () {
      /* No data: the links to the term pages stay, and on /sok/ the explanation. */
      if (fallback) fallback.hidden = false;
      setPending(false);
      ready();
    });

  // The view is in place, with the form or without it: tests wait for this event.
  function ready() {
    document.dispatchEvent(new CustomEvent('katalog:ready'));
  }
})();
