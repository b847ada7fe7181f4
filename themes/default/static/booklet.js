/* katalog: the printed selection, on /trykk/ (templates/print.html). Vanilla JavaScript
 * (ES2019), no requests outside the site.
 *
 * "Skriv ut utvalget" on the front page, /sok/ and a term page opens /trykk/ with the view's
 * parameters (?modelltype=gjestebud&q=ungdom, the front page's, see static/katalog.js). This
 * script picks the same cases in the same order with the view's own code (katalog.js's
 * window.KatalogSelection: the filters, and static/search/search.js for words), then makes the
 * page that selection: the cover names it, with the date and the address of the view; the
 * table of contents lists its cases; each case is this page's own article when the server
 * printed it (a catalogue within print_limit), else the article of the case's page, fetched
 * and fitted to this page as katalog fits bodies (ids prefixed with the slug, headings one
 * level down, addresses absolute); the questions to discuss are those of its model types and
 * target groups, plus the general ones. A selection above data-limit is not printed: the page
 * says so. A municipality page's selection (?kommune=SLUG) is the cases that page lists, in
 * its order (its own, the most alike, the nearest), read from the page itself. Without parameters the page stays the server's: the whole brochure, or the
 * selections to choose from.
 *
 * When it is done, #booklet gets data-booklet="ready" (or "whole", "too-many", "failed") and
 * the document a "katalog:booklet" event, which the print tests wait for.
 *
 * Text from the data is only ever inserted with textContent, never as HTML.
 */
(function () {
  'use strict';

  var booklet = document.getElementById('booklet');
  var S = window.KatalogSelection;
  if (!booklet) return;

  function done(state) {
    booklet.removeAttribute('aria-busy');
    booklet.setAttribute('data-booklet', state);
    document.dispatchEvent(new CustomEvent('katalog:booklet', { detail: state }));
  }

  if (location.search.length <= 1 || !S || !window.fetch || !window.DOMParser) {
    done('whole');
    return;
  }

  var rootUrl = new URL(booklet.getAttribute('data-root') || './', location.href);
  var base = booklet.getAttribute('data-base') || rootUrl.href;
  var limit = parseInt(booklet.getAttribute('data-limit'), 10) || 200;
  var status = document.getElementById('booklet-status');

  function t(name) {
    return booklet.getAttribute('data-t-' + name) || '';
  }

  function say(text) {
    if (!status) return;
    status.textContent = text;
    status.hidden = !text;
  }

  function grouped(n) {
    return String(n).replace(/\B(?=(\d{3})+(?!\d))/g, '\u00a0');
  }

  function formatCount(n) {
    return n === 1 ? t('case-one') : t('cases').replace('{n}', grouped(n));
  }

  function el(tag, attrs, text) {
    var node = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (k) {
      if (attrs[k] !== null && attrs[k] !== undefined) node.setAttribute(k, attrs[k]);
    });
    if (text !== undefined) node.textContent = text;
    return node;
  }

  function each(parent, selector, fn) {
    Array.prototype.forEach.call(parent.querySelectorAll(selector), fn);
  }

  /* A heading one level lower, with the same attributes and content. */
  function demote(h) {
    var lower = document.createElement('h' + (Number(h.tagName.charAt(1)) + 1));
    Array.prototype.forEach.call(h.attributes, function (a) {
      lower.setAttribute(a.name, a.value);
    });
    while (h.firstChild) lower.appendChild(h.firstChild);
    h.parentNode.replaceChild(lower, h);
    return lower;
  }

  /* The article of a case's page (its text as fetched), made a case of this page. */
  function fromCasePage(html, slug, pageUrl) {
    // Without the page's own print style: parsed here, it would be this page's inline style,
    // which the Content-Security-Policy refuses (the hash it is allowed by is the case page's).
    html = html.replace(/<style[^>]*>[^<]*<\/style>/gi, '');
    var doc = new DOMParser().parseFromString(html, 'text/html');
    var src = doc.querySelector('article.case');
    if (!src) throw new Error('no article.case in ' + pageUrl);
    each(src, '.toc, .case__edit, .case-questions', function (n) {
      n.parentNode.removeChild(n);
    });
    each(src, '[href], [src]', function (n) {
      ['href', 'src'].forEach(function (name) {
        var v = n.getAttribute(name);
        if (v === null) return;
        n.setAttribute(name, v.charAt(0) === '#' ? '#' + slug + '--' + v.slice(1) : new URL(v, pageUrl).href);
      });
    });
    each(src, '[id]', function (n) {
      n.id = slug + '--' + n.id;
    });
    each(src, '[aria-labelledby], [aria-describedby], label[for]', function (n) {
      ['aria-labelledby', 'aria-describedby', 'for'].forEach(function (name) {
        var v = n.getAttribute(name);
        if (!v) return;
        n.setAttribute(
          name,
          v.trim().split(/\s+/).map(function (id) {
            return slug + '--' + id;
          }).join(' ')
        );
      });
    });
    each(src, 'h2, h3, h4, h5', demote);
    var title = src.querySelector('h1');
    if (title) {
      title = demote(title);
      title.id = slug + '__title';
      title.className = 'print-case__title';
    }
    var article = el('article', { class: 'print-case', id: slug, 'aria-labelledby': slug + '__title' });
    var lang = doc.documentElement.getAttribute('lang');
    if (lang && lang !== document.documentElement.lang) article.setAttribute('lang', lang);
    while (src.firstChild) article.appendChild(document.adoptNode(src.firstChild));
    var url = el('p', { class: 'print-case__url', lang: lang !== document.documentElement.lang ? document.documentElement.lang : null }, t('web-version') + ' ');
    url.appendChild(el('a', { href: pageUrl }, base + 'eksempler/' + slug + '/'));
    article.appendChild(url);
    return article;
  }

  /* Promise of the printed article of the case `slug`. */
  function articleOf(slug) {
    var here = document.getElementById(slug);
    if (here && here.classList.contains('print-case')) return Promise.resolve(here);
    var pageUrl = new URL('eksempler/' + slug + '/', rootUrl).href;
    return fetch(pageUrl)
      .then(function (r) {
        if (!r.ok) throw new Error(pageUrl + ': ' + r.status);
        return r.text();
      })
      .then(function (html) {
        return fromCasePage(html, slug, pageUrl);
      });
  }

  /* A municipality page's selection: the cases /kommune/SLUG/ lists, in its order, each once.
     Promise of { cases: [index], name, view }. */
  function municipalitySelection(table, slug) {
    var pageUrl = new URL('kommune/' + encodeURIComponent(slug) + '/', rootUrl).href;
    return fetch(pageUrl)
      .then(function (r) {
        if (!r.ok) throw new Error(pageUrl + ': ' + r.status);
        return r.text();
      })
      .then(function (html) {
        var doc = new DOMParser().parseFromString(html, 'text/html');
        var cases = [];
        each(doc, '.with-map__main a[href]', function (a) {
          var m = /\/eksempler\/([^/]+)\/$/.exec(new URL(a.getAttribute('href'), pageUrl).pathname);
          var i = m ? table.caseIndex[decodeURIComponent(m[1])] : undefined;
          if (i !== undefined && cases.indexOf(i) < 0) cases.push(i);
        });
        var h1 = doc.querySelector('h1');
        return { cases: cases, searched: false, name: h1 ? h1.textContent.trim() : slug, view: pageUrl };
      });
  }

  /* "«ungdom» · Barn og unge · Vestlandet": the words, then each chosen term. */
  function selectionName(table, st, searched) {
    var names = searched ? ['«' + st.q.trim() + '»'] : [];
    table.data.facets.forEach(function (facet, fi) {
      facet.terms.forEach(function (term, ti) {
        if (st.sel[fi][ti]) names.push(term.label);
      });
    });
    return names.join(' · ');
  }

  function today() {
    var lang = document.documentElement.lang;
    var locale = lang === 'en' ? 'en-GB' : lang === 'nn' ? 'nn-NO' : 'nb-NO';
    return new Date().toLocaleDateString(locale, { day: 'numeric', month: 'long', year: 'numeric' });
  }

  function fill(table, st, result, articles) {
    var cases = document.getElementById('print-cases');
    while (cases.firstChild) cases.removeChild(cases.firstChild);
    articles.forEach(function (a) {
      cases.appendChild(a);
    });

    var list = document.getElementById('print-toc-list');
    while (list.firstChild) list.removeChild(list.firstChild);
    articles.forEach(function (a) {
      var title = a.querySelector('.print-case__title');
      var li = el('li');
      var link = el('a', { href: '#' + a.id });
      link.appendChild(el('span', { class: 'print-toc__title', lang: a.getAttribute('lang') }, title ? title.textContent : a.id));
      li.appendChild(link);
      list.appendChild(li);
    });
    document.getElementById('print-toc').hidden = false;
    var choices = document.getElementById('print-choices');
    if (choices) choices.hidden = true;

    var name = document.getElementById('print-selection');
    var named = result.name || selectionName(table, st, result.searched);
    name.textContent = t('selection') + ' ' + named + ' — ' + formatCount(articles.length);
    name.hidden = false;
    var view = result.view || new URL((result.searched ? 'sok/' : '') + table.queryOf(st, 1), rootUrl).href;
    document.getElementById('print-meta').textContent = t('made').replace('{date}', today()).replace('{url}', view);
    var hint = document.getElementById('print-hint');
    if (hint) hint.textContent = t('hint');

    var questions = document.getElementById('print-questions');
    if (questions) {
      each(questions, '[data-facet]', function (block) {
        var fi = table.F[block.getAttribute('data-facet')];
        var terms = fi === undefined ? [] : table.data.facets[fi].terms;
        var ti = -1;
        terms.forEach(function (term, i) {
          if (term.slug === block.getAttribute('data-term')) ti = i;
        });
        block.hidden = !result.cases.some(function (i) {
          return ti >= 0 && table.rowTerms[i][fi].indexOf(ti) >= 0;
        });
      });
      questions.hidden = false;
    }
  }

  booklet.setAttribute('aria-busy', 'true');
  say(t('loading'));
  var table = null;
  var st = null;
  S.Table.load(rootUrl)
    .then(function (json) {
      table = new S.Table(json);
      var params = new URLSearchParams(location.search);
      st = table.read(params);
      if (params.get('kommune')) return municipalitySelection(table, params.get('kommune'));
      var ks = window.KatalogSearch;
      var engine = S.hasQuery(st) && ks && typeof ks.open === 'function'
        ? ks.open({ base: new URL('search/', rootUrl).href })
        : null;
      // As in the view: when the words cannot be searched, the filters alone.
      return table.select(st, engine).catch(function () {
        return table.select({ sel: st.sel, q: '' }, null);
      });
    })
    .then(function (result) {
      var chosen = result.name || S.hasQuery(st) || st.sel.some(function (mask) {
        return mask.indexOf(1) >= 0;
      });
      if (!chosen) {
        say('');
        return done('whole');
      }
      if (result.cases.length > limit) {
        say(t('too-many').replace('{n}', grouped(result.cases.length)).replace('{limit}', String(limit)));
        return done('too-many');
      }
      var slugs = result.cases.map(function (i) {
        return table.data.cases[i][0];
      });
      return Promise.all(slugs.map(articleOf)).then(function (articles) {
        fill(table, st, result, articles);
        say('');
        done('ready');
      });
    })
    .catch(function () {
      say(t('failed'));
      done('failed');
    });
})();
