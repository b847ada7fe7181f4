/* katalog: the municipality chooser (templates/partials/kommune-chooser.html), loaded by the
 * pages that show it (the front page and /kommune/). It makes the input #kommune-q an ARIA 1.2
 * combobox over data/kommunevalg.json ([number, name, county, slug] each, fetched on first
 * focus): suggestions as you type a name or a number, ArrowDown/ArrowUp to move, Enter to go
 * to /kommune/SLUG/, Escape to close; the number of suggestions is announced in
 * #kommune-status. Without it (or without JavaScript) the form's GET lands on /kommune/.
 * Vanilla JavaScript (ES2019); names are inserted as text, never as HTML.
 */
(function () {
  'use strict';

  var form = document.getElementById('kommune-form');
  var input = document.getElementById('kommune-q');
  var list = document.getElementById('kommune-list');
  var status = document.getElementById('kommune-status');
  if (!form || !input || !list || !status || !window.fetch || !String.prototype.normalize) return;
  var root = new URL(form.getAttribute('data-root') || './', location.href);
  var all = null; // [number, name, county, slug] each, with the folded name
  var loading = null;
  var shown = [];
  var active = -1;
  var MAX = 10;

  input.setAttribute('role', 'combobox');
  input.setAttribute('aria-autocomplete', 'list');
  input.setAttribute('aria-expanded', 'false');
  input.setAttribute('aria-controls', list.id);

  // Lower case without accents, ø as o and æ as ae: "sor" finds Sør-Varanger.
  function fold(s) {
    return s
      .toLowerCase()
      .normalize('NFD')
      .replace(/[\u0300-\u036f]/g, '')
      .replace(/ø/g, 'o')
      .replace(/æ/g, 'ae')
      .trim();
  }

  function load() {
    if (!loading) {
      loading = fetch(new URL('data/kommunevalg.json', root).href)
        .then(function (r) {
          if (!r.ok) throw new Error('HTTP ' + r.status);
          return r.json();
        })
        .then(function (rows) {
          all = rows.map(function (r) {
            return { number: r[0], name: r[1], county: r[2], slug: r[3], folded: fold(r[1]) };
          });
        });
      // Without the list the form's GET still lands on the index.
      loading.catch(function () {});
    }
    return loading;
  }

  // Names that start with the words first, then a word of the name, then a number; then
  // names that contain them; alphabetically within each.
  function matches(q) {
    var f = fold(q);
    if (!f || !all) return [];
    var ranked = [];
    all.forEach(function (m) {
      var rank = -1;
      if (m.folded.indexOf(f) === 0) rank = 0;
      else if (m.folded.split(/[\s-]+/).some(function (w) { return w.indexOf(f) === 0; })) rank = 1;
      else if (m.number.indexOf(f) === 0) rank = 2;
      else if (m.folded.indexOf(f) > 0) rank = 3;
      if (rank >= 0) ranked.push({ m: m, rank: rank });
    });
    ranked.sort(function (a, b) {
      return a.rank - b.rank || a.m.name.localeCompare(b.m.name, 'nb') || a.m.number.localeCompare(b.m.number);
    });
    return ranked.slice(0, MAX).map(function (r) {
      return r.m;
    });
  }

  function close() {
    list.hidden = true;
    input.setAttribute('aria-expanded', 'false');
    input.removeAttribute('aria-activedescendant');
    active = -1;
  }

  function setActive(i) {
    active = i;
    var options = list.children;
    for (var k = 0; k < options.length; k++) {
      options[k].setAttribute('aria-selected', k === i ? 'true' : 'false');
    }
    if (i >= 0 && options[i]) {
      input.setAttribute('aria-activedescendant', options[i].id);
      if (options[i].scrollIntoView) options[i].scrollIntoView({ block: 'nearest' });
    } else {
      input.removeAttribute('aria-activedescendant');
    }
  }

  function update() {
    shown = matches(input.value);
    list.textContent = '';
    shown.forEach(function (m, i) {
      var li = document.createElement('li');
      li.id = 'kommune-option-' + i;
      li.setAttribute('role', 'option');
      li.setAttribute('aria-selected', 'false');
      li.textContent = m.name + ' (' + m.county + ', ' + m.number + ')';
      li.addEventListener('mousedown', function (e) {
        e.preventDefault(); // keeps the focus in the input
      });
      li.addEventListener('click', function () {
        go(m);
      });
      list.appendChild(li);
    });
    active = -1;
    input.removeAttribute('aria-activedescendant');
    var open = shown.length > 0;
    list.hidden = !open;
    input.setAttribute('aria-expanded', open ? 'true' : 'false');
    status.textContent = !input.value.trim()
      ? ''
      : open
        ? form.getAttribute('data-t-n').replace('{n}', String(shown.length))
        : form.getAttribute('data-t-none');
  }

  function go(m) {
    close();
    input.value = m.name;
    location.href = new URL('kommune/' + m.slug + '/', root).href;
  }

  input.addEventListener('focus', function () {
    load().then(function () {
      if (input.value && document.activeElement === input) update();
    }, function () {});
  });
  input.addEventListener('input', function () {
    if (all) update();
    else load().then(update, function () {});
  });
  input.addEventListener('blur', close);
  input.addEventListener('keydown', function (e) {
    var n = shown.length;
    if (e.key === 'ArrowDown' || e.key === 'ArrowUp') {
      e.preventDefault();
      if (list.hidden) update();
      if (!shown.length) return;
      n = shown.length;
      if (e.key === 'ArrowDown') setActive(active < n - 1 ? active + 1 : 0);
      else setActive(active > 0 ? active - 1 : n - 1);
    } else if (e.key === 'Enter' && !list.hidden && active >= 0) {
      e.preventDefault();
      go(shown[active]);
    } else if (e.key === 'Escape') {
      if (!list.hidden) close();
      else input.value = '';
    }
  });
  // Enter without a chosen suggestion: the one that matches exactly (a name or a number), or
  // the only one; otherwise the form's GET lands on the index.
  form.addEventListener('submit', function (e) {
    if (!all) return;
    var f = fold(input.value);
    var found = matches(input.value);
    var exact = found.filter(function (m) {
      return m.folded === f || m.number === f;
    });
    var pick = exact.length === 1 ? exact[0] : found.length === 1 ? found[0] : null;
    if (pick) {
      e.preventDefault();
      go(pick);
    }
  });
})();
