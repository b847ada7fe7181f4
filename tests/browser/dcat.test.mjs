// (issue 35) The site's DCAT-AP-NO 2.0 description (/dcat.ttl) passes the official SHACL shapes
// of DCAT-AP-NO 2.0 (tests/data/dcat-ap-no/), offline; the same description with the publisher
// taken out fails them, so the check can fail; and a site without publisher: in katalog.yaml
// writes no dcat.ttl.

import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { after, describe, test } from 'node:test';
import { Parser, Store } from 'n3';
import SHACLValidator from 'rdf-validate-shacl';
import { REPO, buildSite, cleanup, fixtureProject } from './helpers.mjs';

const SHAPES = path.join(REPO, 'tests', 'data', 'dcat-ap-no', 'dcat-ap-no-shacl_shapes_2.00.ttl');
const DCT = 'http://purl.org/dc/terms/';

/** The Turtle `text` as an RDF/JS dataset. */
function dataset(text, baseIRI) {
  return new Store(new Parser({ baseIRI }).parse(text));
}

async function validate(text) {
  const shapes = dataset(fs.readFileSync(SHAPES, 'utf8'), 'https://data.norge.no/');
  const validator = new SHACLValidator(shapes);
  const report = await validator.validate(dataset(text, 'https://example.org/'));
  const said = report.results.map(
    (r) => `${r.focusNode?.value} ${r.path?.value ?? ''}: ${r.message.map((m) => m.value).join('; ')}`,
  );
  return { conforms: report.conforms, said };
}

after(cleanup);

describe('DCAT-AP-NO description (/dcat.ttl)', () => {
  const site = buildSite();
  const ttl = fs.readFileSync(path.join(site, 'dcat.ttl'), 'utf8');

  test('the bundled site\'s description conforms to the DCAT-AP-NO 2.0 shapes', async () => {
    const { conforms, said } = await validate(ttl);
    assert.deepEqual(said, []);
    assert.ok(conforms);
  });

  test('it describes the catalogue, the dataset and its distributions as the issue asks', () => {
    const quads = dataset(ttl, 'https://example.org/');
    const has = (p) => quads.getQuads(null, null, null, null).filter((q) => q.predicate.value === p).map((q) => q.object);
    const publisher = has(`${DCT}publisher`).map((o) => o.value);
    assert.ok(publisher.every((p) => p === 'https://data.brreg.no/enhetsregisteret/api/enheter/123456785'), publisher.join());
    const themes = has('http://www.w3.org/ns/dcat#theme').map((o) => o.value);
    assert.ok(themes.includes('http://publications.europa.eu/resource/authority/data-theme/GOVE'));
    assert.ok(themes.some((t) => t.startsWith('https://psi.norge.no/los/tema/')), themes.join());
    const media = has('http://www.w3.org/ns/dcat#mediaType').map((o) => o.value);
    assert.deepEqual(media.sort(), [
      'https://www.iana.org/assignments/media-types/application/json',
      'https://www.iana.org/assignments/media-types/text/csv',
    ]);
    const titles = has(`${DCT}title`).map((o) => o.language);
    assert.ok(titles.includes('nb') && titles.includes('nn'), titles.join());
    assert.ok(has(`${DCT}license`).some((o) => o.value.endsWith('/licence/CC_BY_4_0')));
    assert.ok(has(`${DCT}modified`).length >= 1);
  });

  test('without its publisher the description fails the shapes', async () => {
    const broken = ttl
      .split('\n')
      .filter((line) => !/dct:publisher/.test(line))
      .join('\n');
    assert.notEqual(broken, ttl);
    const { conforms, said } = await validate(broken);
    assert.equal(conforms, false);
    assert.ok(said.some((s) => s.includes(`${DCT}publisher`)), said.join('\n'));
  });

  test('a site without publisher: writes no dcat.ttl', () => {
    const yaml = fs.readFileSync(path.join(REPO, 'content', 'katalog.yaml'), 'utf8');
    const without = yaml.replace(/^publisher:\n(?: {2}.*\n)+/m, '');
    assert.notEqual(without, yaml);
    const root = fixtureProject({ 'content/katalog.yaml': without });
    const out = buildSite({ root });
    assert.ok(!fs.existsSync(path.join(out, 'dcat.ttl')));
    assert.ok(fs.existsSync(path.join(out, 'katalog.json')));
  });
});
