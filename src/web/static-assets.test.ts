import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { brotliDecompressSync, gunzipSync, gzipSync } from 'node:zlib';
import type { FastifyInstance } from 'fastify';
import { dsfrClassesInSources, sourceFiles } from './citizen-stylesheet.ts';
import {
  CITIZEN_STYLESHEET_SOURCES,
  citizenStylesheet,
  DSFR_STYLESHEETS,
  isServedDsfrFile,
  PRELOADED_FONTS,
  pickEncoding,
} from './static-assets.ts';
import { buildWebTestApp } from './test-support/web-test-app.ts';

let app: FastifyInstance;
before(async () => {
  app = await buildWebTestApp();
});
after(() => app.close());

async function gzippedSize(url: string): Promise<number> {
  const response = await app.inject({ method: 'GET', url });
  assert.equal(response.statusCode, 200, url);
  return gzipSync(response.rawPayload).length;
}

test('assets and the DSFR subset are served with public caching', async () => {
  for (const url of ['/assets/vigie.css', '/assets/quick-exit.js', '/assets/chat.js', ...DSFR_STYLESHEETS]) {
    const response = await app.inject({ method: 'GET', url });
    assert.equal(response.statusCode, 200, url);
    assert.match(String(response.headers['cache-control']), /^public, max-age=\d+/, url);
  }
  const font = await app.inject({ method: 'GET', url: '/dsfr/fonts/Marianne-Regular.woff2' });
  assert.equal(font.statusCode, 200);
});

test('the citizen pages link one stylesheet, bundled, content-hashed and cached for a year', async () => {
  const sheet = citizenStylesheet();
  assert.match(sheet.url, /^\/assets\/vigie-[0-9a-f]{12}\.css$/);
  for (const url of ['/', '/suivi', '/signaler', '/accessibilite']) {
    const page = await app.inject({ method: 'GET', url });
    const stylesheets = [...page.body.matchAll(/<link rel="stylesheet" href="([^"]+)">/g)].map(
      (match) => match[1],
    );
    assert.deepEqual(stylesheets, [sheet.url], url);
    for (const font of PRELOADED_FONTS)
      assert.ok(
        page.body.includes(`<link rel="preload" href="${font}" as="font" type="font/woff2" crossorigin>`),
        `${url} : ${font}`,
      );
  }
  const plain = await app.inject({
    method: 'GET',
    url: sheet.url,
    headers: { 'accept-encoding': 'identity' },
  });
  assert.equal(plain.statusCode, 200);
  assert.equal(plain.headers['cache-control'], 'public, max-age=31536000, immutable');
  assert.equal(plain.headers['content-type'], 'text/css; charset=utf-8');
  assert.equal(plain.headers['content-encoding'], undefined);
  const css = plain.body;
  // Minified (no line breaks past the licence), and holding every source: ours last, so it wins.
  assert.ok(css.split('\n').length < 6, 'minifié');
  let sources = 0;
  for (const url of CITIZEN_STYLESHEET_SOURCES)
    sources += (await app.inject({ method: 'GET', url })).rawPayload.length;
  assert.ok(css.length < sources, `${css.length} octets pour ${sources} dans les sources`);
  assert.ok(css.includes('.fr-header__body') && css.includes('.vigie-urgence'), 'DSFR et vigie.css');
  assert.ok(css.indexOf('.vigie-urgence') > css.indexOf('.fr-header__body'), 'vigie.css après le DSFR');
  const br = await app.inject({
    method: 'GET',
    url: sheet.url,
    headers: { 'accept-encoding': 'gzip, deflate, br' },
  });
  assert.equal(br.headers['content-encoding'], 'br');
  assert.equal(br.headers.vary, 'accept-encoding');
  assert.equal(brotliDecompressSync(br.rawPayload).toString(), css);
  const gz = await app.inject({ method: 'GET', url: sheet.url, headers: { 'accept-encoding': 'gzip' } });
  assert.equal(gz.headers['content-encoding'], 'gzip');
  assert.equal(gunzipSync(gz.rawPayload).toString(), css);
  const again = await app.inject({ method: 'GET', url: sheet.url, headers: { 'if-none-match': sheet.etag } });
  assert.equal(again.statusCode, 304);
  // Another hash is not the bundle.
  const other = await app.inject({ method: 'GET', url: '/assets/vigie-000000000000.css' });
  assert.equal(other.statusCode, 404);
});

test('the fonts of the bundle never swap after the first paint, and only served faces remain', () => {
  const css = citizenStylesheet().body.toString();
  const faces = css.match(/@font-face\{[^}]*\}/g) ?? [];
  // Regular and Bold: the medium weight is drawn with Regular, with no face of its own (vigie.css).
  assert.equal(faces.length, 2, faces.join('\n'));
  for (const face of faces) {
    assert.match(face, /font-display:optional/);
    assert.doesNotMatch(face, /swap|\.woff\)|Italic|Light|Medium|Spectral/);
  }
  // The IE-only hack of the DSFR (`min-width:0\0`) is gone, and nothing unreadable took its place.
  assert.doesNotMatch(css, /\\0\)|\ufffd/);
});

test('the bundle keeps the DSFR rules of the classes written in src/, and no others', () => {
  const used = dsfrClassesInSources();
  for (const name of ['fr-btn', 'fr-btn--secondary', 'fr-input-group--error', 'fr-sr-only', 'fr-fieldset'])
    assert.ok(used.has(name), name);
  const css = citizenStylesheet().body.toString();
  for (const selector of ['.fr-btn--secondary', '.fr-input-group--error', '.fr-sr-only', '.fr-header__body'])
    assert.ok(css.includes(selector), selector);
  // Classes no page carries: the tile's download variant, the grid's offsets.
  assert.ok(!css.includes('.fr-tile--download') && !css.includes('.fr-col-offset-'));
  // 274 KB before the selectors of unused classes went.
  assert.ok(css.length < 100 * 1024, `${css.length} octets`);
});

test('no DSFR class is composed from pieces in src/ (`fr-btn--` + size): the bundle finds each class whole', () => {
  const composed: string[] = [];
  let files = 0;
  for (const { name, text } of sourceFiles()) {
    files++;
    for (const match of text.matchAll(/\bfr-[\w-]*-(?:\$\{|['"`]\s*\+)/g))
      composed.push(`${name}: ${match[0]}`);
  }
  assert.ok(files > 50, `${files} files read`);
  assert.deepEqual(composed, []);
});

test('the encoding asked for is honoured, q=0 refuses one', () => {
  assert.equal(pickEncoding('gzip, deflate, br, zstd'), 'br');
  assert.equal(pickEncoding('gzip'), 'gzip');
  assert.equal(pickEncoding('br;q=0, gzip;q=0.5'), 'gzip');
  assert.equal(pickEncoding('*'), 'gzip');
  assert.equal(pickEncoding('identity'), null);
  assert.equal(pickEncoding(undefined), null);
});

test('the DSFR JavaScript, analytics and anything not allow-listed are never served', async () => {
  for (const url of [
    '/dsfr/dsfr.module.min.js',
    '/dsfr/analytics/analytics.module.min.js',
    '/dsfr/dsfr.min.css',
    '/dsfr/../package.json',
    '/dsfr/%2e%2e/package.json',
    '/assets/../web.routes.ts',
  ]) {
    const response = await app.inject({ method: 'GET', url });
    assert.notEqual(response.statusCode, 200, url);
  }
  assert.equal(isServedDsfrFile('core/core.min.css'), true);
  assert.equal(isServedDsfrFile('analytics/analytics.module.js'), false);
});

test('every url() in the served stylesheets points to a file we serve', async () => {
  const missing: string[] = [];
  const bundle = citizenStylesheet().url;
  for (const sheet of [...DSFR_STYLESHEETS, '/assets/vigie.css', bundle]) {
    const css = (await app.inject({ method: 'GET', url: sheet })).body;
    for (const match of css.matchAll(/url\(["']?([^)"']+)["']?\)/g)) {
      const target = match[1] ?? '';
      if (target.startsWith('data:')) continue;
      const resolved = new URL(target, `http://x${sheet}`).pathname;
      // Only woff2 fonts are served: browsers that read the CSS try them first. DSFR's medium weight is
      // redeclared in vigie.css onto the regular file, so the Medium files are never requested.
      // The bundle keeps only the faces we serve: there, every font must exist.
      if (sheet !== bundle && (resolved.endsWith('.woff') || /Italic|Light|Spectral|Medium/.test(resolved)))
        continue;
      const status = (await app.inject({ method: 'GET', url: resolved })).statusCode;
      // DSFR components reference icons of variants we never use; ours must all exist.
      const ours = sheet === '/assets/vigie.css';
      if (status !== 200 && (ours || !resolved.includes('/icons/'))) missing.push(resolved);
    }
  }
  assert.deepEqual(missing, []);
});

test('first load of the home page stays under 130 KB and its JavaScript under 15 KB', async () => {
  const home = await app.inject({ method: 'GET', url: '/' });
  const linked = [...home.body.matchAll(/(?:href|src)="(\/(?:assets|dsfr)\/[^"]+\.(?:css|js)[^"]*)"/g)].map(
    (match) => match[1] ?? '',
  );
  let total = gzipSync(home.rawPayload).length;
  for (const url of linked) total += await gzippedSize(url);
  for (const font of ['Regular', 'Bold']) {
    total += (await app.inject({ method: 'GET', url: `/dsfr/fonts/Marianne-${font}.woff2` })).rawPayload
      .length;
  }
  console.log(`premier chargement de l'accueil : ${Math.round(total / 1024)} Ko`);
  assert.ok(total <= 130 * 1024, `premier chargement : ${Math.round(total / 1024)} Ko`);
  for (const script of ['/assets/chat.js', '/assets/quick-exit.js', '/assets/receipt.js']) {
    const size = (await app.inject({ method: 'GET', url: script })).rawPayload.length;
    assert.ok(size < 15 * 1024, `${script} : ${size} octets`);
  }
});
