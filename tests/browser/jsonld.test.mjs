// schema.org JSON-LD (issue 35): every case page describes its case as an Article, the front page
// the catalogue as a Dataset with katalog.json and katalog.csv as its distributions. Read from
// the pages as Chromium parses them and processed by jsonld.js (expand and toRDF in safe mode,
// offline), then compared with katalog.json.

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { newContext, sharedSite } from './helpers.mjs';
import { SCHEMA, ldScripts, readJsonLd, value } from './linked-data.mjs';

let data;
let server;
let browser;

sharedSite((s) => ({ data, server, browser } = s));

/** The expanded JSON-LD nodes of the page at `p` (one script each), and their N-Quads. */
async function jsonLdOf(context, p) {
  const page = await context.newPage();
  await page.goto(`${server.url}${p}`, { waitUntil: 'load' });
  const texts = await ldScripts(page);
  await page.close();
  return Promise.all(texts.map(readJsonLd));
}

/** The labels of katalog.json's terms of taxonomy `key`, by slug. */
function labels(key) {
  const taxonomy = data.taxonomies.find((t) => t.key === key);
  return new Map(taxonomy.terms.map((t) => [t.slug, t.label]));
}

test('jsonld: the front page describes the catalogue as a Dataset with its two data files', async () => {
  const context = await newContext(browser, server.url);
  try {
    const read = await jsonLdOf(context, '/');
    assert.equal(read.length, 1, 'one JSON-LD script on the front page');
    const [{ expanded, nquads }] = read;
    assert.equal(expanded.length, 1);
    const [dataset] = expanded;
    assert.deepEqual(dataset['@type'], [`${SCHEMA}Dataset`]);
    assert.equal(dataset['@id'], `${data.base_url}#katalog`);
    assert.equal(value(dataset, 'name'), data.title);
    assert.equal(value(dataset, 'description'), data.description);
    assert.equal(value(dataset, 'inLanguage'), data.language);
    assert.equal(value(dataset, 'url'), data.base_url);
    assert.ok(data.license?.url, 'the bundled catalogue has a licence');
    assert.equal(value(dataset, 'license'), data.license.url);
    const newest = data.cases.map((c) => c.updated ?? c.date).sort().at(-1);
    assert.equal(value(dataset, 'dateModified'), newest);
    const downloads = dataset[`${SCHEMA}distribution`].map((d) => [
      value(d, 'contentUrl'),
      value(d, 'encodingFormat'),
    ]);
    assert.deepEqual(downloads, [
      [`${data.base_url}katalog.json`, 'application/json'],
      [`${data.base_url}katalog.csv`, 'text/csv'],
    ]);
    assert.match(nquads, new RegExp(`<${data.base_url}#katalog> <${SCHEMA}distribution> _:`));
  } finally {
    await context.close();
  }
});

test('jsonld: every case page describes its case as an Article, as katalog.json does', { timeout: 60_000 }, async () => {
  const modelTypes = labels('modelltype');
  const targetGroups = labels('malgruppe');
  const context = await newContext(browser, server.url);
  try {
    assert.ok(data.cases.length >= 7);
    for (const c of data.cases) {
      const p = new URL(c.url).pathname.slice(new URL(data.base_url).pathname.length - 1);
      const read = await jsonLdOf(context, p);
      assert.equal(read.length, 1, `${p}: one JSON-LD script`);
      const [{ expanded, nquads }] = read;
      const [article] = expanded;
      assert.deepEqual(article['@type'], [`${SCHEMA}Article`], p);
      assert.equal(article['@id'], c.url, p);
      assert.equal(value(article, 'headline'), c.title, p);
      assert.equal(value(article, 'description'), c.summary, p);
      assert.equal(value(article, 'inLanguage'), c.language, p);
      assert.equal(value(article, 'datePublished'), c.date, p);
      assert.equal(value(article, 'license'), data.license.url, p);
      // Bundled cases all set `updated`, which "Sist endret" and dateModified show.
      assert.ok(c.updated, `${c.slug} has updated`);
      assert.equal(value(article, 'dateModified'), c.updated, p);
      const about = article[`${SCHEMA}about`].map((t) => value(t, 'name'));
      assert.deepEqual(about, [
        ...c.model_types.map((s) => modelTypes.get(s)),
        ...c.target_groups.map((s) => targetGroups.get(s)),
      ], p);
      const sets = article[`${SCHEMA}about`].map((t) => value(t[`${SCHEMA}inDefinedTermSet`][0], 'name'));
      assert.ok(sets.includes('Modelltype'), `${p}: ${sets}`);
      const [place] = article[`${SCHEMA}spatialCoverage`];
      assert.deepEqual(place['@type'], [`${SCHEMA}AdministrativeArea`], p);
      assert.equal(value(place, 'name'), c.municipality, p);
      assert.equal(value(place, 'identifier'), c.municipality_number, p);
      const [geo] = place[`${SCHEMA}geo`];
      assert.deepEqual(geo['@type'], [`${SCHEMA}GeoCoordinates`], p);
      assert.equal(value(geo, 'latitude'), c.centroid.lat, p);
      assert.equal(value(geo, 'longitude'), c.centroid.lon, p);
      const [catalogue] = article[`${SCHEMA}isPartOf`];
      assert.equal(catalogue['@id'], `${data.base_url}#katalog`, p);
      assert.deepEqual(catalogue['@type'], [`${SCHEMA}Dataset`], p);
      // As RDF: the headline is a literal of the article.
      assert.ok(nquads.includes(`<${c.url}> <${SCHEMA}headline> ${JSON.stringify(c.title)} .`), p);
    }
  } finally {
    await context.close();
  }
});

test('jsonld: pages that are not the front page or a case carry none', async () => {
  const context = await newContext(browser, server.url);
  try {
    for (const p of ['/om/', '/modelltype/', '/kommune/', '/trykk/', '/sok/']) {
      assert.deepEqual(await jsonLdOf(context, p), [], p);
    }
  } finally {
    await context.close();
  }
});
