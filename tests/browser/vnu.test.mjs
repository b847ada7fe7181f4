// (c) The Nu HTML Checker (vnu) finds no error on any HTML page of the built bundled site.

import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { after, before, test } from 'node:test';
import { REPO, buildSite, cleanup, htmlPages } from './helpers.mjs';

const VNU = path.join(REPO, 'node_modules', 'vnu-jar', 'build', 'dist', 'vnu.jar');

let site;
before(() => {
  site = buildSite();
}, { timeout: 180_000 });
after(cleanup);

function vnu(dir) {
  return new Promise((resolve, reject) => {
    execFile(
      'java',
      ['-Xss8m', '-jar', VNU, '--errors-only', '--format', 'json', '--skip-non-html', dir],
      { maxBuffer: 64 * 1024 * 1024, timeout: 240_000 },
      (err, stdout, stderr) => {
        // vnu exits 1 when it reports errors; its report is the JSON on stderr.
        const text = (stderr || stdout || '').trim();
        try {
          resolve(JSON.parse(text));
        } catch {
          reject(new Error(`vnu gave no JSON report (${err?.message ?? 'exit 0'}):\n${text.slice(0, 4000)}`));
        }
      },
    );
  });
}

test('vnu: every HTML page of the built site is valid', { timeout: 300_000 }, async () => {
  assert.ok(fs.existsSync(VNU), `${VNU} is missing: run npm ci`);
  const pages = htmlPages(site);
  assert.ok(pages.length >= 8, `expected a whole site, found ${pages.length} HTML pages`);
  const report = await vnu(site);
  assert.ok(Array.isArray(report.messages), 'vnu report has no messages array');
  const problems = [];
  for (const m of report.messages) {
    const file = m.url ? decodeURIComponent(m.url.replace(/^file:/, '')) : '?';
    const rel = path.relative(site, file);
    if (m.type === 'error' || m.type === 'non-document-error' || m.subType === 'fatal') {
      const where = m.lastLine ? `:${m.lastLine}:${m.firstColumn ?? m.lastColumn ?? ''}` : '';
      const extract = m.extract ? `\n      ${JSON.stringify(m.extract)}` : '';
      problems.push(`  /${rel}${where}: ${m.message}${extract}`);
    }
  }
  assert.equal(
    problems.length,
    0,
    `vnu found ${problems.length} error(s) in ${pages.length} pages:\n${problems.join('\n')}`,
  );
});

test('vnu: the checker does report an error on a broken page (the check can fail)', { timeout: 120_000 }, async () => {
  const dir = path.join(path.dirname(site), 'broken');
  fs.mkdirSync(dir, { recursive: true });
  fs.writeFileSync(
    path.join(dir, 'index.html'),
    '<!DOCTYPE html><html lang="nb"><head><title>x</title></head><body><p><div></span></body></html>',
  );
  const report = await vnu(dir);
  assert.ok(report.messages.some((m) => m.type === 'error'), 'vnu reported no error on broken HTML');
});
