// Reading a page's schema.org JSON-LD with a kept JSON-LD processor (jsonld.js), offline: the
// schema.org context is served from here, never fetched. Shared by jsonld.test.mjs and
// hostile.test.mjs.

import jsonld from 'jsonld';

export const SCHEMA = 'http://schema.org/';

/**
 * The part of schema.org's own context (https://schema.org/docs/jsonldcontext.jsonld) that
 * katalog's JSON-LD uses: every term in the vocabulary `http://schema.org/`, and the terms whose
 * values are addresses (`url`, `contentUrl`, `image`) or dates typed as schema.org types them.
 * A term missing from it cannot pass: safe mode below fails on anything it would drop.
 */
const SCHEMA_ORG_CONTEXT = {
  '@context': {
    '@vocab': SCHEMA,
    schema: SCHEMA,
    url: { '@id': 'schema:url', '@type': '@id' },
    contentUrl: { '@id': 'schema:contentUrl', '@type': '@id' },
    image: { '@id': 'schema:image', '@type': '@id' },
    license: { '@id': 'schema:license', '@type': '@id' },
    datePublished: { '@id': 'schema:datePublished', '@type': 'schema:Date' },
    dateModified: { '@id': 'schema:dateModified', '@type': 'schema:Date' },
  },
};

const CONTEXT_URLS = new Set(['https://schema.org', 'https://schema.org/', 'http://schema.org', 'http://schema.org/']);

/** jsonld.js's document loader: schema.org's context from above, and nothing from the network. */
async function documentLoader(url) {
  if (CONTEXT_URLS.has(url)) return { contextUrl: null, documentUrl: url, document: SCHEMA_ORG_CONTEXT };
  throw new Error(`the JSON-LD asks for ${url}: only schema.org's context is known, and tests use no network`);
}

/** The texts of the page's `<script type="application/ld+json">` elements, as Chromium parsed them. */
export function ldScripts(page) {
  return page.$$eval('script[type="application/ld+json"]', (els) => els.map((e) => e.textContent));
}

/**
 * `text` parsed as JSON, expanded and turned into RDF by jsonld.js in safe mode (which fails on
 * any term, type or value it would drop). Resolves to `{ json, expanded, nquads }`.
 */
export async function readJsonLd(text) {
  const json = JSON.parse(text);
  const options = { documentLoader, safe: true };
  const expanded = await jsonld.expand(json, options);
  const nquads = await jsonld.toRDF(json, { ...options, format: 'application/n-quads' });
  return { json, expanded, nquads };
}

/** The values of schema.org property `name` of an expanded node (`@value` or `@id` each). */
export function values(node, name) {
  return (node?.[`${SCHEMA}${name}`] ?? []).map((v) => v['@value'] ?? v['@id'] ?? v);
}

/** The one value of schema.org property `name` of an expanded node. */
export function value(node, name) {
  const all = values(node, name);
  if (all.length !== 1) throw new Error(`${name}: ${all.length} values (${JSON.stringify(all)})`);
  return all[0];
}
