import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { FastifyInstance } from 'fastify';
import { loadConfig } from '../config.ts';
import { staticPages } from './static-pages.routes.ts';
import { buildWebTestApp, findMarkupProblems } from './test-support/web-test-app.ts';

let app: FastifyInstance;
before(async () => {
  app = await buildWebTestApp();
});
after(() => app.close());

const PAGES = Object.keys(staticPages({ config: loadConfig({}) }));

function assertCitizenPage(body: string, url: string): void {
  assert.match(body, /^<!doctype html>/, url);
  assert.match(body, /<html lang="fr"/, url);
  assert.match(body, /href="tel:17"/, `${url} : 17`);
  assert.match(body, /href="tel:112"/, `${url} : 112`);
  assert.match(body, /href="sms:114"/, `${url} : 114`);
  assert.match(body, /sourds, malentendants ou si vous ne pouvez pas parler/, url);
  assert.match(
    body,
    /<a id="quitter-rapidement" class="vigie-quitter" href="\/sortie" data-neutre="https:\/\/[^"]+" rel="noreferrer">Quitter rapidement<\/a>/,
    `${url} : bouton Quitter rapidement`,
  );
  assert.match(body, /<script src="\/assets\/quick-exit\.js\?v=[0-9a-f]+" defer><\/script>/, url);
  assert.match(body, /href="#contenu"/, `${url} : lien d'évitement`);
  assert.match(body, /href="\/accessibilite"/, `${url} : lien accessibilité`);
  assert.doesNotMatch(body, /analytics|dsfr\.module/, `${url} : pas de JS DSFR`);
  assert.deepEqual(findMarkupProblems(body), [], url);
}

test('every informational page answers 200 with the emergency band, the quick exit and no inline code', async () => {
  const titles = new Set<string>();
  for (const url of PAGES) {
    const response = await app.inject({ method: 'GET', url });
    assert.equal(response.statusCode, 200, url);
    assert.match(String(response.headers['content-type']), /^text\/html; charset=utf-8/, url);
    assert.equal(response.headers['cache-control'], 'no-store', url);
    assertCitizenPage(response.body, url);
    const title = /<title>([^<]+)<\/title>/.exec(response.body)?.[1] ?? '';
    assert.ok(title.endsWith(' — Vigie'), url);
    assert.ok(!titles.has(title), `titre en double : ${title}`);
    titles.add(title);
  }
});

test('the chat pages without a session explain it, with the same layout', async () => {
  const conversation = await app.inject({ method: 'GET', url: '/signaler/conversation' });
  assert.equal(conversation.statusCode, 200);
  assert.match(conversation.body, /Aucune conversation en cours/);
  assertCitizenPage(conversation.body, '/signaler/conversation');

  const followup = await app.inject({ method: 'GET', url: '/suivi' });
  assert.equal(followup.statusCode, 200);
  assert.match(followup.body, /<form method="post" action="\/suivi" autocomplete="off"/);
  assert.match(followup.body, /name="receipt"[^>]*autocomplete="off"/);
  assertCitizenPage(followup.body, '/suivi');

  const suiviConversation = await app.inject({ method: 'GET', url: '/suivi/conversation' });
  assert.equal(suiviConversation.statusCode, 303);
  assert.equal(suiviConversation.headers.location, '/suivi');
});

test('posting without a session changes nothing and says so in French', async () => {
  for (const url of ['/signaler/message', '/suivi/message', '/signaler/transmettre']) {
    const response = await app.inject({ method: 'POST', url, payload: { text: 'bonjour' } });
    assert.equal(response.statusCode, 401, url);
    assert.match(response.body, /Aucune conversation en cours/, url);
    assert.equal(response.headers['set-cookie'], undefined, url);
  }
});

test('a garbled session cookie is treated as no session', async () => {
  const response = await app.inject({
    method: 'GET',
    url: '/signaler/conversation',
    cookies: { vigie_session: '"><script>alert(1)</script>' },
  });
  assert.equal(response.statusCode, 200);
  assert.match(response.body, /Aucune conversation en cours/);
  assert.doesNotMatch(response.body, /<script>alert/);
});

test('an unknown category is refused before anything is created', async () => {
  const response = await app.inject({ method: 'POST', url: '/signaler', payload: { category: '<b>x</b>' } });
  assert.equal(response.statusCode, 400);
  assert.match(response.body, /Catégorie inconnue/);
  assert.equal(response.headers['set-cookie'], undefined);
});

test('a form posted from another site is refused', async () => {
  const response = await app.inject({
    method: 'POST',
    url: '/signaler',
    headers: { 'sec-fetch-site': 'cross-site' },
    payload: {},
  });
  assert.equal(response.statusCode, 403);
  assert.match(response.body, /Action non autorisée/);
  assert.equal(response.headers['set-cookie'], undefined);
});

test('ending without a session clears the cookie and redirects to a plain page', async () => {
  const response = await app.inject({ method: 'POST', url: '/signaler/effacer' });
  assert.equal(response.statusCode, 303);
  assert.equal(response.headers.location, '/suivi/ferme');
  assert.match(String(response.headers['set-cookie']), /^vigie_session=;.*Expires=Thu, 01 Jan 1970/);
  for (const url of ['/suivi/ferme', '/signaler/efface', '/signaler/termine']) {
    const page = await app.inject({ method: 'GET', url });
    assert.equal(page.statusCode, 200, url);
    assertCitizenPage(page.body, url);
  }
});

test('unknown pages get the French 404 page with the emergency band', async () => {
  const response = await app.inject({ method: 'GET', url: '/nexiste-pas?<script>' });
  assert.equal(response.statusCode, 404);
  assert.match(response.body, /Page introuvable/);
  assertCitizenPage(response.body, '404');
});
