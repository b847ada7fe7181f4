/* katalog: the comparison page, /sammenlign/?saker=SLUG,SLUG,… (templates/compare.html).
 * Vanilla JavaScript (ES2019), no requests outside the site.
 *
 * The URL is the comparison: the slugs in `saker` (comma-separated; a repeated `saker` is read
 * too), in that order, at most four. Each chosen case's own page (eksempler/SLUG/) is fetched,
 * and nothing else: its facts (the rows marked data-fact in partials/case-facts.html), its
 * summary, its budget's total, and the first paragraph of its sections on the link to the
 * elected bodies and on sources, found by their heading in bokmål or nynorsk or by their id.
 * Unknown, repeated and surplus slugs are left out and named in #compare-notice; slugs and
 * every text from the pages are inserted as text, never as HTML. Removing a case rewrites the
 * URL (history.replaceState) and the chosen cases (window.KatalogCompare, static/compare.js).
 * Rows where all cases agree can be folded away (#compare-fold, aria-pressed).
 */
(function () {
  'use strict';

  var box = document.getElementById('compare');
  var store = window.KatalogCompare; // static/compare.js, loaded before this file
  if (!box || !store || !window.fetch || !window.DOMParser || !window.URLSearchParams) return;
  var fallback = document.getElementById('compare-fallback');
  var notice = document.getElementById('compare-notice');
  var noticeList = document.getElementById('compare-notice-list');
  var status = document.getElementById('compare-status');
  var tools = document.getElementById('compare-tools');
  var foldButton = document.getElementById('compare-fold');
  var printButton = document.getElementById('compare-print');
  var slot = document.getElementById('compare-table');
  var heading = document.getElementById('compare-heading');
  if (fallback) fallback.hidden = true;

  var MAX = store.MAX;
  var el = store.el;
  var rootUrl = new URL(box.getAttribute('data-root') || './', location.href).href;
  var baseUrl = box.getAttribute('data-base') || rootUrl;
  var SLUG = /^[a-z0-9][a-z0-9-]*$/;
  // The two sections, by heading (bokmål, nynorsk) or by the id katalog gives that heading.
  var SECTIONS = {
    politics: ['kobling til politisk organisering', 'kopling til politisk organisering'],
    uncertainty: ['kilder og usikkerhet', 'kjelder og usikkerheit']
  };

  function attr(name) {
    return box.getAttribute(name) || '';
  }
  function t(name, values) {
    return store.fill(attr('data-t-' + name), values);
  }
  function clear(node) {
    while (node.firstChild) node.removeChild(node.firstChild);
  }

  /* Reading the URL */

  // The URL's slugs: `candidates` in order (distinct, well-formed, at most CANDIDATES, for as
  // long as four are not found), `unknown` (not a slug), `repeated`, `surplus`.
  var CANDIDATES = 20;
  function requested() {
    var params = new URLSearchParams(location.search);
    var words = [];
    params.getAll('saker').forEach(function (v) {
      v.split(',').forEach(function (s) {
        s = s.trim();
        if (s) words.push(s);
      });
    });
    var seen = {};
    var out = { candidates: [], unknown: [], repeated: [], surplus: [] };
    words.forEach(function (s) {
      if (!SLUG.test(s)) out.unknown.push(s);
      else if (seen[s]) {
        if (out.repeated.indexOf(s) < 0) out.repeated.push(s);
      } else {
        seen[s] = true;
        if (out.candidates.length < CANDIDATES) out.candidates.push(s);
        else out.surplus.push(s);
      }
    });
    return out;
  }

  /* Reading a case's page */

  function text(node) {
    return node ? node.textContent.replace(/\s+/g, ' ').trim() : '';
  }

  function norm(s) {
    return s.toLowerCase().replace(/\s+/g, ' ').trim();
  }

  // The first paragraph under the h2 named `names` (or with their slugs as id), and its id.
  function section(article, names) {
    var ids = names.map(function (n) {
      return n.replace(/ /g, '-');
    });
    var h2s = article.querySelectorAll('.prose h2');
    for (var i = 0; i < h2s.length; i++) {
      var h = h2s[i];
      if (names.indexOf(norm(h.textContent)) < 0 && ids.indexOf(h.id) < 0) continue;
      var first = null;
      for (var n = h.nextElementSibling; n && !/^H[12]$/.test(n.tagName); n = n.nextElementSibling) {
        if (n.tagName === 'P') {
          first = n;
          break;
        }
        if (!first) first = n;
      }
      return { id: h.id, text: ownText(first) };
    }
    return null;
  }

  function fact(article, key) {
    return article.querySelector('[data-fact="' + key + '"] dd');
  }

  // The words a reader sees on screen: without the parenthesised extra of a fact (the number,
  // the size class), nor the addresses written out for paper.
  function ownText(node) {
    if (!node) return '';
    var copy = node.cloneNode(true);
    Array.prototype.forEach.call(copy.querySelectorAll('.facts__extra, .print-url'), function (x) {
      x.parentNode.removeChild(x);
    });
    return text(copy);
  }

  function items(dd) {
    return dd
      ? Array.prototype.map.call(dd.querySelectorAll('li'), function (li) {
          return text(li);
        })
      : [];
  }

  function extract(slug, doc) {
    var article = doc.querySelector('article.case');
    var title = article && article.querySelector('.case__title');
    if (!title) return null;
    var population = fact(article, 'population');
    var total = article.querySelector('.budget__total td');
    var links = fact(article, 'links');
    return {
      slug: slug,
      lang: doc.documentElement.getAttribute('lang') || '',
      title: text(title),
      summary: text(article.querySelector('.case__header .lead')),
      municipality: ownText(fact(article, 'municipality')),
      population: ownText(population),
      size: text(population && population.querySelector('.facts__extra a')),
      county: text(fact(article, 'county')),
      landsdel: text(fact(article, 'landsdel')),
      malform: text(fact(article, 'malform')),
      period: text(fact(article, 'period')),
      grant: text(fact(article, 'grant')),
      budget: total ? text(total) + ' ' + t('currency') : '',
      modelTypes: items(fact(article, 'model-types')),
      targetGroups: items(fact(article, 'target-groups')),
      sources: links ? links.querySelectorAll('li').length : 0,
      politics: section(article, SECTIONS.politics),
      uncertainty: section(article, SECTIONS.uncertainty)
    };
  }

  function caseUrl(slug) {
    return rootUrl + 'eksempler/' + slug + '/';
  }

  // {slug, data} for a case found, {slug, missing: true} for none, {slug, failed: true} when
  // the request itself failed.
  function load(slug) {
    return fetch(caseUrl(slug))
      .then(function (r) {
        if (r.status === 404) return { slug: slug, missing: true };
        if (!r.ok) return { slug: slug, failed: true };
        return r.text().then(function (html) {
          // Without the case page's own print style: parsed here, it would be this page's
          // inline style, which the Content-Security-Policy refuses (as in booklet.js).
          html = html.replace(/<style[^>]*>[^<]*<\/style>/gi, '');
          var data = extract(slug, new DOMParser().parseFromString(html, 'text/html'));
          return data ? { slug: slug, data: data } : { slug: slug, missing: true };
        });
      })
      .catch(function () {
        return { slug: slug, failed: true };
      });
  }

  /* The table */

  function valueOf(c, key) {
    if (key !== 'sources') return c[key];
    return c.sources === 1 ? t('sources-one') : t('sources-n', { n: String(c.sources) });
  }

  var ROWS = [
    ['municipality', 'data-l-municipality'],
    ['population', 'data-l-population'],
    ['county', 'data-l-fylke'],
    ['landsdel', 'data-l-landsdel'],
    ['size', 'data-l-storrelse'],
    ['malform', 'data-l-malform'],
    ['modelTypes', 'data-l-modelltype'],
    ['targetGroups', 'data-l-malgruppe'],
    ['period', 'data-l-period'],
    ['budget', 'data-l-budget'],
    ['grant', 'data-l-grant'],
    ['summary', 'data-l-summary'],
    ['politics', 'data-l-politics'],
    ['sources', 'data-l-sources'],
    ['uncertainty', 'data-l-uncertainty']
  ];

  // The cell's content, and the words that decide whether all cases agree on it.
  function cell(c, key) {
    var v = valueOf(c, key);
    var td = el('td', 'compare-table__cell');
    // The case's own words are in its language; the facts' labels are in the site's.
    var ownLang = c.lang !== document.documentElement.lang ? c.lang : null;
    var label = el('span', 'compare-table__for', c.title);
    if (ownLang) label.lang = ownLang;
    td.appendChild(label);
    var value;
    if (Array.isArray(v)) v = v.length ? v : null;
    if (v && Array.isArray(v)) {
      value = el('ul', 'inline-list');
      v.forEach(function (item) {
        value.appendChild(el('li', null, item));
      });
    } else if (v && typeof v === 'object') {
      value = el('div', 'compare-table__section');
      var words = value.appendChild(el('p', null, v.text));
      if (ownLang) words.lang = ownLang;
      if (v.id) {
        var more = el('a', null, t('read-more'));
        more.href = caseUrl(c.slug) + '#' + encodeURIComponent(v.id);
        var whose = more.appendChild(el('span', 'visually-hidden', ': ' + c.title));
        if (ownLang) whose.lang = ownLang;
        value.appendChild(el('p')).appendChild(more);
      }
    } else if (typeof v === 'string' && v) {
      value = el('p', null, v);
      if (ownLang && key === 'summary') value.lang = ownLang;
    } else {
      var none = key === 'politics' || key === 'uncertainty' ? 'not-described' : 'not-given';
      value = el('p', 'compare-table__none', t(none));
    }
    td.appendChild(value);
    return { td: td, words: text(value) };
  }

  var cases = []; // what is shown, in order: the data of each case

  function render() {
    clear(slot);
    tools.hidden = cases.length === 0;
    if (!cases.length) return;
    var table = el('table', 'compare-table');
    if (foldButton.getAttribute('aria-pressed') === 'true') table.classList.add('compare-table--folded');
    table.appendChild(el('caption', 'visually-hidden', t('caption')));
    var head = el('thead');
    var tr = el('tr');
    tr.appendChild(el('th', 'compare-table__aspect', t('aspect'))).scope = 'col';
    cases.forEach(function (c) {
      var th = el('th', 'compare-table__case');
      th.scope = 'col';
      var a = el('a', null, c.title);
      a.href = caseUrl(c.slug);
      if (c.lang !== document.documentElement.lang) a.lang = c.lang;
      th.appendChild(a);
      var remove = el('button', 'compare-table__remove', t('remove'));
      remove.type = 'button';
      remove.setAttribute('data-slug', c.slug);
      remove.appendChild(el('span', 'visually-hidden', ': ' + c.title));
      th.appendChild(remove);
      tr.appendChild(th);
    });
    head.appendChild(tr);
    table.appendChild(head);
    var body = el('tbody');
    ROWS.forEach(function (row) {
      var r = el('tr');
      var th = el('th', null, attr(row[1]));
      th.scope = 'row';
      r.appendChild(th);
      var words = cases.map(function (c) {
        var made = cell(c, row[0]);
        r.appendChild(made.td);
        return made.words;
      });
      var same = words.length > 1 && words.every(function (w) {
        return w === words[0];
      });
      if (same) r.className = 'compare-table__row--same';
      body.appendChild(r);
    });
    table.appendChild(body);
    slot.appendChild(table);
    // On paper, each case's address in full, a line each (katalog.css shows it in print only).
    var addresses = el('ol', 'compare-addresses');
    cases.forEach(function (c) {
      var li = el('li', null, c.title + ': ');
      if (c.lang !== document.documentElement.lang) li.lang = c.lang;
      li.appendChild(el('span', 'compare-addresses__url', baseUrl + 'eksempler/' + c.slug + '/'));
      addresses.appendChild(li);
    });
    slot.appendChild(addresses);
  }

  function say(text) {
    status.textContent = text;
  }

  function countText() {
    if (cases.length === 0) return '';
    if (cases.length === 1) return t('one');
    return t('shown', { n: String(cases.length) });
  }

  function showNotices(lines) {
    clear(noticeList);
    lines.forEach(function (line) {
      noticeList.appendChild(el('li', null, line));
    });
    notice.hidden = lines.length === 0;
  }

  // The URL and the chosen cases follow what is shown (a removal).
  function remember() {
    var slugs = cases.map(function (c) {
      return c.slug;
    });
    var url = new URL(location.href);
    if (slugs.length) url.search = '?saker=' + slugs.map(encodeURIComponent).join(',');
    else url.search = '';
    history.replaceState(history.state, '', url.href);
    store.write(rootUrl, cases.map(function (c) {
      return { slug: c.slug, title: c.title };
    }));
  }

  slot.addEventListener('click', function (e) {
    var button = e.target instanceof Element && e.target.closest('.compare-table__remove');
    if (!button) return;
    var slug = button.getAttribute('data-slug');
    var at = -1;
    cases.forEach(function (c, i) {
      if (c.slug === slug) at = i;
    });
    if (at < 0) return;
    var gone = cases.splice(at, 1)[0];
    remember();
    showNotices(cases.length ? [] : [t('empty')]);
    render();
    say((t('removed', { name: gone.title }) + ' ' + countText()).trim());
    // Focus to the column that took its place, else the one before, else the heading.
    var left = slot.querySelectorAll('.compare-table__remove');
    var next = left[Math.min(at, left.length - 1)] || heading;
    next.focus();
  });

  foldButton.addEventListener('click', function () {
    var on = foldButton.getAttribute('aria-pressed') !== 'true';
    foldButton.setAttribute('aria-pressed', on ? 'true' : 'false');
    var table = slot.querySelector('table');
    if (table) table.classList.toggle('compare-table--folded', on);
    var n = slot.querySelectorAll('.compare-table__row--same').length;
    say(on ? t('folded', { n: String(n) }) : t('unfolded'));
  });

  if (typeof window.print === 'function') {
    printButton.addEventListener('click', function () {
      window.print();
    });
  } else {
    printButton.hidden = true;
  }

  // Fetches the candidates in turn, as many at a time as places are left, until four are found:
  // an unknown slug takes no place, and no more pages are fetched than are shown or missing.
  function fetchChosen(candidates, found, missing, failed) {
    var next = candidates.splice(0, MAX - found.length);
    if (!next.length) return Promise.resolve();
    return Promise.all(next.map(load)).then(function (answers) {
      answers.forEach(function (a) {
        if (a.data) found.push(a.data);
        else if (a.missing) missing.push(a.slug);
        else failed.push(a.slug);
      });
      return fetchChosen(candidates, found, missing, failed);
    });
  }

  var asked = requested();
  var missing = [];
  var failed = [];
  box.setAttribute('aria-busy', 'true');
  say(asked.candidates.length ? t('loading') : '');
  fetchChosen(asked.candidates, cases, missing, failed).then(function () {
    var lines = [];
    var unknown = asked.unknown.concat(missing);
    var surplus = asked.candidates.concat(asked.surplus);
    if (unknown.length) lines.push(t('unknown', { name: unknown.join(', ') }));
    if (asked.repeated.length) lines.push(t('repeated', { name: asked.repeated.join(', ') }));
    if (surplus.length) lines.push(t('too-many', { name: surplus.join(', ') }));
    if (failed.length) lines.push(t('failed', { name: failed.join(', ') }));
    if (!cases.length) lines.push(t('empty'));
    showNotices(lines);
    render();
    box.removeAttribute('aria-busy');
    box.setAttribute('data-compare', 'ready');
    say(countText());
  });
})();
