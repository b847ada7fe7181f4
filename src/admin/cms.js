// katalog's part of the editors' form (/admin/): the theme's stylesheet in Decap CMS's preview,
// and, as a case is saved, what follows from the municipality chosen (its name, its county if
// the case names one, its population if left empty) and no empty values, so that what the
// form saves passes `katalog check`. Written by katalog with the page (src/admin/cms.js).
(() => {
  const table = JSON.parse(document.getElementById('kommuner').textContent);
  CMS.registerPreviewStyle(new URL('../static/katalog.css', document.baseURI).href);

  /** An Immutable.js Map or List (what Decap keeps an entry's data in). */
  const isCollection = (v) => v !== null && typeof v === 'object' && typeof v.filter === 'function';
  const isEmpty = (v) =>
    v === undefined || v === null || v === '' || Number.isNaN(v) || (isCollection(v) && v.size === 0);
  /** `v` without empty strings, lists and mappings, at any depth: katalog refuses them. */
  const prune = (v) => (isCollection(v) ? v.map(prune).filter((x) => !isEmpty(x)) : v);

  CMS.registerEventListener({
    name: 'preSave',
    handler: ({ entry }) => {
      let data = entry.get('data');
      const body = data.get('body');
      if (entry.get('collection') === 'eksempler') {
        const k = table[data.get('municipality_number')];
        if (k) {
          const [name, county, population] = k;
          data = data.set('municipality', name);
          if (data.get('county')) data = data.set('county', county);
          if (isEmpty(data.get('population'))) data = data.set('population', population);
        }
      }
      data = prune(data);
      return body === undefined ? data : data.set('body', body);
    },
  });
})();
