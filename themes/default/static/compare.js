/* katalog: choosing cases to compare (every page). Vanilla JavaScript (ES2019), no requests.
 *
 * Every case card (li.card whose title links to eksempler/SLUG/) and the case page's header
 * get a toggle button (aria-pressed) that adds the case to the comparison or takes it out; at
 * most four. The choice lives in sessionStorage (per site root: nothing that outlives the tab,
 * nothing that needs consent) and is written only when the reader presses a button. The bar
 * #compare-bar (templates/partials/compare-bar.html) lists the chosen cases, each with a remove
 * button (folded in a <details> below the count, so the bar stays one line), and links to
 * /sammenlign/?saker=SLUG,…. Changes are announced in a polite live
 * region; focus stays on the pressed button, or moves to its neighbour when the button goes.
 * Cards that katalog.js draws later (filters, search) get their button as they appear.
 *
 * window.KatalogCompare (read, write, MAX; fill and el, below) is the same store and the same
 * helpers for static/compare-page.js.
 * Titles are only ever inserted as text.
 */
(function () {
  'use strict';

  var MAX = 4;

  function keyOf(rootUrl) {
    return 'katalog-compare:' + new URL(rootUrl).pathname;
  }

  // The chosen cases, [{slug, title}], oldest first; [] when storage is unavailable or odd.
  function read(rootUrl) {
    try {
      var list = JSON.parse(window.sessionStorage.getItem(keyOf(rootUrl)) || '[]');
      if (!Array.isArray(list)) return [];
      return list
        .filter(function (c) {
          return c && typeof c.slug === 'string' && typeof c.title === 'string';
        })
        .slice(0, MAX);
    } catch (e) {
      return [];
    }
  }

  function write(rootUrl, list) {
    try {
      if (list.length) window.sessionStorage.setItem(keyOf(rootUrl), JSON.stringify(list));
      else window.sessionStorage.removeItem(keyOf(rootUrl));
    } catch (e) {
      // Storage refused (a private window's quota): the choice lasts as long as the page.
    }
  }

  // A UI string with its {names} filled in.
  function fill(s, values) {
    Object.keys(values || {}).forEach(function (k) {
      s = s.split('{' + k + '}').join(values[k]);
    });
    return s;
  }

  // An element with a class and its text (as text: titles are contributors').
  function el(tag, cls, text) {
    var e = document.createElement(tag);
    if (cls) e.className = cls;
    if (text) e.textContent = text;
    return e;
  }

  window.KatalogCompare = { read: read, write: write, MAX: MAX, fill: fill, el: el };

  var bar = document.getElementById('compare-bar');
  if (!bar || !window.URL || !document.querySelectorAll) return;
  var listEl = document.getElementById('compare-bar-list');
  var countEl = document.getElementById('compare-bar-count');
  var openLink = document.getElementById('compare-bar-open');
  var clearButton = document.getElementById('compare-bar-clear');
  var main = document.getElementById('main-content');
  if (!listEl || !countEl || !openLink || !clearButton || !main) return;

  var rootUrl = new URL(bar.getAttribute('data-root') || './', location.href).href;
  var casesUrl = rootUrl + 'eksempler/';
  function t(name, values) {
    return fill(bar.getAttribute('data-t-' + name) || '', values);
  }

  var chosen = read(rootUrl);
  // Announcements go to main's polite region, created empty before anything is said in it.
  var status = document.createElement('p');
  status.className = 'visually-hidden';
  status.id = 'compare-announce';
  status.setAttribute('aria-live', 'polite');
  main.appendChild(status);
  function announce(text) {
    status.textContent = '';
    // A new text node each time, so the same words twice are still read out.
    window.requestAnimationFrame(function () {
      status.textContent = text;
    });
  }

  function indexOf(slug) {
    for (var i = 0; i < chosen.length; i++) if (chosen[i].slug === slug) return i;
    return -1;
  }

  // "Sammenlign" with the case's title for screen readers (the visible word begins the name).
  function labelled(button, word, title) {
    button.appendChild(document.createTextNode(word));
    button.appendChild(el('span', 'visually-hidden', ': ' + title));
  }

  function toggleFor(slug, title, extraClass) {
    var b = el('button', 'compare-toggle' + (extraClass ? ' ' + extraClass : ''));
    b.type = 'button';
    b.setAttribute('data-compare-slug', slug);
    b.setAttribute('data-compare-title', title);
    labelled(b, t('add'), title);
    b.setAttribute('aria-pressed', indexOf(slug) >= 0 ? 'true' : 'false');
    return b;
  }

  // The slug of a link to a case page (eksempler/SLUG/), or null.
  function slugOf(href) {
    var url;
    try {
      url = new URL(href, location.href);
    } catch (e) {
      return null;
    }
    var here = url.origin + url.pathname;
    if (here.indexOf(casesUrl) !== 0) return null;
    var m = /^([a-z0-9][a-z0-9-]*)\/(index\.html)?$/.exec(here.slice(casesUrl.length));
    return m ? m[1] : null;
  }

  function equip(card) {
    if (card.querySelector('.compare-toggle')) return;
    var link = card.querySelector('.card__title a');
    var slug = link && slugOf(link.getAttribute('href'));
    if (!slug) return;
    card.appendChild(toggleFor(slug, link.textContent.trim(), 'card__compare'));
  }

  function equipAll(scope) {
    Array.prototype.forEach.call(scope.querySelectorAll('li.card'), equip);
  }

  function syncButtons() {
    Array.prototype.forEach.call(document.querySelectorAll('.compare-toggle'), function (b) {
      var on = indexOf(b.getAttribute('data-compare-slug')) >= 0;
      b.setAttribute('aria-pressed', on ? 'true' : 'false');
    });
  }

  function compareHref() {
    return (
      rootUrl +
      'sammenlign/?saker=' +
      chosen
        .map(function (c) {
          return encodeURIComponent(c.slug);
        })
        .join(',')
    );
  }

  function renderBar() {
    while (listEl.firstChild) listEl.removeChild(listEl.firstChild);
    chosen.forEach(function (c) {
      var li = el('li', 'compare-bar__case');
      li.appendChild(el('span', 'compare-bar__title', c.title));
      li.appendChild(document.createTextNode(' '));
      var remove = el('button', 'compare-bar__remove');
      remove.type = 'button';
      remove.setAttribute('data-compare-remove', c.slug);
      labelled(remove, t('remove'), c.title);
      li.appendChild(remove);
      listEl.appendChild(li);
    });
    openLink.href = compareHref();
    openLink.textContent = t('open');
    countEl.textContent = String(chosen.length);
    bar.hidden = chosen.length === 0;
  }

  function save() {
    write(rootUrl, chosen);
    syncButtons();
    renderBar();
  }

  function add(slug, title) {
    if (indexOf(slug) >= 0) return;
    if (chosen.length >= MAX) {
      announce(t('full'));
      return;
    }
    chosen.push({ slug: slug, title: title });
    save();
    announce(t('added', { name: title, n: String(chosen.length) }));
  }

  function remove(slug) {
    var i = indexOf(slug);
    if (i < 0) return;
    var title = chosen[i].title;
    chosen.splice(i, 1);
    save();
    announce(t('removed', { name: title }));
  }

  document.addEventListener('click', function (e) {
    var target = e.target instanceof Element ? e.target : null;
    var toggle = target && target.closest('.compare-toggle');
    if (toggle) {
      var slug = toggle.getAttribute('data-compare-slug');
      if (indexOf(slug) >= 0) remove(slug);
      else add(slug, toggle.getAttribute('data-compare-title'));
      return;
    }
    var removeButton = target && target.closest('[data-compare-remove]');
    if (removeButton) {
      var gone = removeButton.getAttribute('data-compare-remove');
      var at = indexOf(gone);
      remove(gone);
      // The pressed button is gone: its neighbour in the bar, else the case's own toggle.
      var left = listEl.querySelectorAll('.compare-bar__remove');
      var next = left[Math.min(at, left.length - 1)] ||
        document.querySelector('.compare-toggle[data-compare-slug="' + CSS.escape(gone) + '"]') ||
        main;
      if (next === main) main.setAttribute('tabindex', '-1');
      next.focus();
    }
  });

  clearButton.addEventListener('click', function () {
    chosen = [];
    save();
    announce(t('cleared'));
    main.setAttribute('tabindex', '-1');
    main.focus();
  });

  // A case page: the toggle under its title.
  var caseTitle = document.querySelector('article.case .case__title');
  var ownSlug = caseTitle && slugOf(location.href);
  if (ownSlug) {
    var wrap = el('p', 'case__compare');
    wrap.appendChild(toggleFor(ownSlug, caseTitle.textContent.trim(), null));
    caseTitle.parentNode.insertBefore(wrap, caseTitle.nextSibling);
  }
  equipAll(document);
  renderBar();
  if (window.MutationObserver) {
    new MutationObserver(function (records) {
      records.forEach(function (r) {
        Array.prototype.forEach.call(r.addedNodes, function (n) {
          if (n.nodeType !== 1) return;
          if (n.matches('li.card')) equip(n);
          else equipAll(n);
        });
      });
      syncButtons();
    }).observe(main, { childList: true, subtree: true });
  }
})();
