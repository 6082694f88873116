import assert from 'node:assert/strict';
import { test } from 'node:test';
import sharp from 'sharp';
import { needsDatabase as skip, useTestApp } from '../../../test/support/test-app.ts';
import { findMarkupProblems } from '../test-support/web-test-app.ts';

// The whole citizen journey without JavaScript, against a real PostgreSQL (run through `npm test`).
const app = useTestApp();

function sessionCookie(setCookie: string | string[] | undefined): string {
  const header = Array.isArray(setCookie) ? setCookie.join('\n') : String(setCookie);
  const value = /vigie_session=([^;]*)/.exec(header)?.[1];
  assert.ok(value, 'cookie de session attendu');
  return value;
}

async function post(url: string, cookie: string | undefined, payload: Record<string, string>) {
  return app().app.inject({
    method: 'POST',
    url,
    payload: new URLSearchParams(payload).toString(),
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    ...(cookie && { cookies: { vigie_session: cookie } }),
  });
}

async function photoUpload(url: string, cookie: string) {
  const png = await sharp({ create: { width: 8, height: 8, channels: 3, background: '#336699' } })
    .png()
    .toBuffer();
  const boundary = '----vigie-test';
  const payload = Buffer.concat([
    Buffer.from(
      `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="p.png"\r\nContent-Type: image/png\r\n\r\n`,
    ),
    png,
    Buffer.from(`\r\n--${boundary}--\r\n`),
  ]);
  return app().app.inject({
    method: 'POST',
    url,
    payload,
    headers: { 'content-type': `multipart/form-data; boundary=${boundary}` },
    cookies: { vigie_session: cookie },
  });
}

test('signaler, transmettre, noter le récépissé puis suivre : sans JavaScript', { skip }, async () => {
  const start = await post('/signaler', undefined, { category: 'stupefiants' });
  assert.equal(start.statusCode, 303);
  assert.equal(start.headers.location, '/signaler/conversation#dernier-message');
  const cookie = sessionCookie(start.headers['set-cookie']);

  const page = await app().app.inject({ url: '/signaler/conversation', cookies: { vigie_session: cookie } });
  assert.equal(page.statusCode, 200);
  assert.equal(page.headers['cache-control'], 'no-store');
  assert.deepEqual(findMarkupProblems(page.body), []);
  assert.match(page.body, /vigie-message--bot/);

  const empty = await post('/signaler/message', cookie, { text: '   ' });
  assert.equal(empty.statusCode, 400);
  assert.match(empty.body, /role="alert"/);
  // The alert at the top leads to the field, which says it is in error.
  assert.match(empty.body, /<a href="#texte">Aller au champ concerné<\/a>/);
  assert.match(empty.body, /<textarea[^>]*id="texte"[^>]*aria-invalid="true"/);

  const sent = await post('/signaler/message', cookie, {
    text: 'Point de deal devant le 12 rue de Dole à Besançon tous les soirs vers 21h, deux guetteurs.',
  });
  assert.equal(sent.statusCode, 303, /role="alert">\s*<p>([^<]*)/.exec(sent.body)?.[1]);
  const after = await app().app.inject({ url: '/signaler/conversation', cookies: { vigie_session: cookie } });
  assert.match(after.body, /rue de Dole/);

  const photo = await photoUpload('/signaler/photos', cookie);
  assert.equal(photo.statusCode, 303, /role="alert">\s*<p>([^<]*)/.exec(photo.body)?.[1]);
  const withPhoto = await app().app.inject({
    url: '/signaler/conversation',
    cookies: { vigie_session: cookie },
  });
  assert.match(withPhoto.body, /Photo 1 \((PNG|JPEG|WEBP)/);
  // The bot says it arrived and asks its pending question again, with its options.
  const optionsBefore = /<div id="zone-options">([\s\S]*?)<\/div>\s*<form/.exec(after.body)?.[1];
  assert.match(withPhoto.body, /Photo bien reçue\. Vous pouvez en ajouter d’autres\./);
  assert.ok(optionsBefore?.includes('name="option"') || optionsBefore?.includes('name="controle"'));
  assert.match(withPhoto.body, /id="zone-options">\s*<form/);

  let submitted = await post('/signaler/transmettre', cookie, {});
  // The flow may need a few more answers before a report can be submitted: skip the optional questions.
  for (let turn = 0; submitted.statusCode !== 200 && turn < 10; turn++) {
    const current = await app().app.inject({
      url: '/signaler/conversation',
      cookies: { vigie_session: cookie },
    });
    const option = /name="option" value="([^"]+)"/.exec(current.body)?.[1];
    await post('/signaler/message', cookie, option ? { option } : { text: 'Je ne sais pas.' });
    submitted = await post('/signaler/transmettre', cookie, {});
  }
  assert.equal(submitted.statusCode, 200, submitted.body);
  assert.equal(submitted.headers['cache-control'], 'no-store');
  const receipt = /data-recepisse="([0-9A-Z-]+)"/.exec(submitted.body)?.[1];
  assert.ok(receipt);
  assert.ok(!JSON.stringify(submitted.headers).includes(receipt), 'le récépissé ne sort que dans la page');

  // The receipt page sent again (a reload, a double click) shows the same receipt again.
  const again = await post('/signaler/transmettre', cookie, {});
  assert.equal(again.statusCode, 200, again.body);
  assert.match(again.body, /voici de nouveau votre récépissé/);
  assert.equal(/data-recepisse="([0-9A-Z-]+)"/.exec(again.body)?.[1], receipt);
  // A session opened with the receipt (someone who saw it) cannot get it from the transmitting page.
  const other = await post('/suivi', undefined, { receipt });
  assert.equal(other.statusCode, 303);
  const otherCookie = sessionCookie(other.headers['set-cookie']);
  const fromOther = await post('/signaler/transmettre', otherCookie, {});
  assert.equal(fromOther.statusCode, 409);
  assert.doesNotMatch(fromOther.body, /data-recepisse/);

  // After transmission the erase button only closes this access: no confirmation box to tick.
  const view = await app().app.inject({ url: '/signaler/conversation', cookies: { vigie_session: cookie } });
  assert.doesNotMatch(view.body, /confirmer-effacement/);

  const noted = await post('/signaler/recepisse-note', cookie, { note: 'oui' });
  assert.equal(noted.statusCode, 303);
  assert.equal(noted.headers.location, '/signaler/termine');
  assert.match(String(noted.headers['set-cookie']), /vigie_session=;/);
  const closed = await app().app.inject({
    url: '/signaler/conversation',
    cookies: { vigie_session: cookie },
  });
  assert.match(closed.body, /Aucune conversation en cours/, 'l’ancien jeton ne donne plus accès');

  const wrong = await post('/suivi', undefined, { receipt: '0000-0000-0000-0000' });
  assert.equal(wrong.statusCode, 401);
  assert.match(wrong.body, /Ce récépissé est inconnu ou a expiré/);
  assert.match(wrong.body, /aria-describedby="recepisse-aide recepisse-erreur" aria-invalid="true"/);
  assert.match(wrong.body, /<p class="fr-error-text" id="recepisse-erreur">/);

  const followup = await post('/suivi', undefined, { receipt: receipt.toLowerCase().replaceAll('-', ' ') });
  assert.equal(followup.statusCode, 303);
  // Opened with the receipt, the page starts at the top, where the report's state is.
  assert.equal(followup.headers.location, '/suivi/conversation');
  const followCookie = sessionCookie(followup.headers['set-cookie']);
  const status = await app().app.inject({
    url: '/suivi/conversation',
    cookies: { vigie_session: followCookie },
  });
  assert.equal(status.statusCode, 200);
  assert.match(status.body, /État de votre signalement&nbsp;: Reçu/);
  // The receipt opens the follow-up, not the statement: the original account stays with the police.
  assert.match(status.body, /<h1>Suivi de votre signalement<\/h1>/);
  assert.doesNotMatch(status.body, /rue de Dole/);
  assert.deepEqual(findMarkupProblems(status.body), []);

  const more = await post('/suivi/message', followCookie, {
    text: 'Ils sont revenus ce soir avec une Clio grise.',
  });
  assert.equal(more.statusCode, 303);
  assert.equal(more.headers.location, '/suivi/conversation#dernier-message');
});

test('« Terminer et effacer » efface une conversation non transmise', { skip }, async () => {
  const start = await post('/signaler', undefined, {});
  const cookie = sessionCookie(start.headers['set-cookie']);
  await post('/signaler/message', cookie, { text: 'Des cris chez les voisins du dessus.' });
  // Not without the confirmation box: nothing is erased.
  const unconfirmed = await post('/signaler/effacer', cookie, {});
  assert.equal(unconfirmed.statusCode, 400);
  assert.match(unconfirmed.body, /cochez d’abord la case de confirmation/);
  assert.match(unconfirmed.body, /Des cris chez les voisins du dessus/);
  const erased = await post('/signaler/effacer', cookie, { confirmer: 'oui' });
  assert.equal(erased.statusCode, 303);
  assert.equal(erased.headers.location, '/signaler/efface');
  const gone = await app().app.inject({ url: '/signaler/conversation', cookies: { vigie_session: cookie } });
  assert.match(gone.body, /Aucune conversation en cours/);
});

test('« Commencer » reprend la conversation ouverte au lieu de la perdre', { skip }, async () => {
  const start = await post('/signaler', undefined, {});
  const cookie = sessionCookie(start.headers['set-cookie']);
  const again = await post('/signaler', cookie, { category: 'autre' });
  assert.equal(again.statusCode, 303);
  assert.equal(again.headers['set-cookie'], undefined);
});

test('hostile HTML written by a citizen is rendered inert in the chat page', { skip }, async () => {
  const start = await post('/signaler', undefined, { category: 'autre' });
  const cookie = sessionCookie(start.headers['set-cookie']);
  const hostile =
    '<script>alert("x")</script><img src=x onerror=alert(1)><a href="javascript:alert(2)">lien</a>';
  const sent = await post('/signaler/message', cookie, { text: hostile });
  assert.equal(sent.statusCode, 303);
  const page = await app().app.inject({
    method: 'GET',
    url: '/signaler/conversation',
    cookies: { vigie_session: cookie },
  });
  assert.equal(page.statusCode, 200);
  assert.ok(page.body.includes('&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;'));
  assert.ok(!page.body.includes('<script>alert'));
  assert.ok(!page.body.includes('<img src=x'));
  assert.ok(!page.body.includes('href="javascript:'));
});

test('le récépissé se revoit seulement dans l’heure qui suit la transmission, et c’est tracé', {
  skip,
}, async () => {
  const start = await post('/signaler', undefined, { category: 'stupefiants' });
  const cookie = sessionCookie(start.headers['set-cookie']);
  await post('/signaler/message', cookie, {
    text: 'Tous les soirs vers 21h, trois jeunes vendent du shit devant la pharmacie rue de Dole à Besançon.',
  });
  let submitted = await post('/signaler/transmettre', cookie, {});
  for (let turn = 0; submitted.statusCode !== 200 && turn < 15; turn++) {
    await post('/signaler/message', cookie, { option: 'skip' });
    submitted = await post('/signaler/transmettre', cookie, {});
  }
  assert.equal(submitted.statusCode, 200, submitted.body);

  const receipt = /data-recepisse="([0-9A-Z-]+)"/.exec(submitted.body)?.[1];
  // Two sends at once (a double click): both pages show the one valid receipt.
  const both = await Promise.all([
    post('/signaler/transmettre', cookie, {}),
    post('/signaler/transmettre', cookie, {}),
  ]);
  for (const page of both) assert.equal(/data-recepisse="([0-9A-Z-]+)"/.exec(page.body)?.[1], receipt);
  const audit = await app()
    .deps.db.selectFrom('audit_log')
    .select('action')
    .where('action', '=', 'report.receipt_shown_again')
    .execute();
  assert.ok(audit.length >= 2, 'chaque nouvel affichage est tracé');

  app().setNow(new Date(Date.now() + 61 * 60 * 1000));
  try {
    const late = await post('/signaler/transmettre', cookie, {});
    assert.equal(late.statusCode, 409);
    assert.doesNotMatch(late.body, /data-recepisse/);
  } finally {
    app().setNow(null);
  }
  // Closing the access to a transmitted report needs no confirmation: nothing is erased.
  const closed = await post('/signaler/effacer', cookie, {});
  assert.equal(closed.statusCode, 303);
  assert.equal(closed.headers.location, '/suivi/ferme');
});

test('« Quitter rapidement » ferme la session : l’ancien cookie n’ouvre plus la conversation', {
  skip,
}, async () => {
  for (const method of ['GET', 'POST'] as const) {
    const start = await post('/signaler', undefined, {});
    const cookie = sessionCookie(start.headers['set-cookie']);
    await post('/signaler/message', cookie, { text: 'Il me menace quand il a bu.' });
    const exit = await app().app.inject({ method, url: '/sortie', cookies: { vigie_session: cookie } });
    assert.equal(exit.statusCode, method === 'GET' ? 303 : 204);
    if (method === 'GET') assert.match(String(exit.headers.location), /^https:\/\/www\.google\.fr\//);
    assert.match(String(exit.headers['set-cookie']), /vigie_session=;/);
    assert.equal(exit.headers['clear-site-data'], '"cookies", "storage", "cache"');
    const page = await app().app.inject({
      url: '/signaler/conversation',
      cookies: { vigie_session: cookie },
    });
    assert.doesNotMatch(page.body, /Il me menace/, method);
  }
  const crossSite = await app().app.inject({
    method: 'POST',
    url: '/sortie',
    headers: { 'sec-fetch-site': 'cross-site' },
  });
  assert.equal(crossSite.statusCode, 403);
  // A link from another site leads to the neutral site but ends nothing.
  const start = await post('/signaler', undefined, {});
  const cookie = sessionCookie(start.headers['set-cookie']);
  const linked = await app().app.inject({
    url: '/sortie',
    headers: { 'sec-fetch-site': 'cross-site' },
    cookies: { vigie_session: cookie },
  });
  assert.equal(linked.statusCode, 303);
  assert.equal(linked.headers['set-cookie'], undefined);
  assert.equal(linked.headers['clear-site-data'], undefined);
  const still = await app().app.inject({ url: '/signaler/conversation', cookies: { vigie_session: cookie } });
  assert.match(still.body, /vigie-message--bot/);
});

test('plusieurs réponses cochées : limitées, sans doublon, et « aucun » ne se mêle pas aux autres', {
  skip,
}, async () => {
  const start = await post('/signaler', undefined, { category: 'stupefiants' });
  const cookie = sessionCookie(start.headers['set-cookie']);
  for (let turn = 0; turn < 15; turn++) {
    const page = await app().app.inject({
      url: '/signaler/conversation',
      cookies: { vigie_session: cookie },
    });
    if (page.body.includes('value="none"')) break;
    await post('/signaler/message', cookie, { option: 'skip' });
  }
  const mixed = await app().app.inject({
    method: 'POST',
    url: '/signaler/message',
    payload: 'option=voiture&option=none&valider=1',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    cookies: { vigie_session: cookie },
  });
  assert.equal(mixed.statusCode, 303);
  const after = await app().app.inject({ url: '/signaler/conversation', cookies: { vigie_session: cookie } });
  assert.match(after.body, /se choisit seule/);
  const flood = await app().app.inject({
    method: 'POST',
    url: '/signaler/message',
    payload: `${'option=voiture&'.repeat(3000)}option=moto&option=scooter&option=velo&option=trottinette&option=camionnette&valider=1`,
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    cookies: { vigie_session: cookie },
  });
  assert.equal(flood.statusCode, 303, 'the same box many times counts once');
  const many = await app().app.inject({
    method: 'POST',
    url: '/signaler/message',
    payload: `option=${'x'.repeat(120)}&valider=1`,
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    cookies: { vigie_session: cookie },
  });
  assert.equal(many.statusCode, 400);
});
