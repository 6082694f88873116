import assert from 'node:assert/strict';
import { test } from 'node:test';
import { e2eSkip as skip, useE2eEnv } from './support/browser.ts';
import {
  answerUntilSummary,
  chooseOption,
  DRUG_REPORT_TEXT,
  finishAfterReceipt,
  followUpWithReceipt,
  journalItems,
  lastMessageText,
  sendMessage,
  startReportFromHome,
  transmitReport,
} from './support/chat-journey.ts';
import { readBrowserTraces, recordRequestUrls } from './support/traces.ts';

/** A URL as typed, so an encoded receipt (%2D, +) is still recognised. */
function safeDecode(url: string): string {
  try {
    return decodeURIComponent(url.replaceAll('+', ' '));
  } catch {
    return url;
  }
}

// A drug report on a phone with JavaScript: the live chat, then the receipt and the follow-up.
const env = useE2eEnv();

test('signalement de trafic avec JavaScript sur téléphone : direct, récépissé, suivi', { skip }, async () => {
  const { context, external } = await env().newContext();
  const urls = recordRequestUrls(context);
  const page = await context.newPage();
  const pageErrors: string[] = [];
  page.on('pageerror', (error) => pageErrors.push(error.message));
  // Page loads, counted by their document requests (sent before any new content can be seen).
  let loads = 0;
  page.on('request', (request) => {
    if (request.resourceType() === 'document' && request.frame() === page.mainFrame()) loads++;
  });

  await startReportFromHome(page, env().baseUrl);
  const loadsInChat = loads;
  // Survives only if the page is never reloaded: the live chat must not fall back to form posts.
  await page.evaluate(() => {
    (window as unknown as { vigieMarker: string }).vigieMarker = 'même page';
  });
  const stillSamePage = () =>
    page.evaluate(() => (window as unknown as { vigieMarker?: string }).vigieMarker === 'même page');

  await chooseOption(page, 'Trafic de stupéfiants');
  assert.match(await lastMessageText(page), /Décrivez ce que vous avez vu/);
  await sendMessage(page, DRUG_REPORT_TEXT);
  assert.ok(
    await journalItems(page).filter({ hasText: '@plug25' }).count(),
    'le message envoyé apparaît dans la conversation',
  );
  // Drawn by chat.js (its date format is built at the first message): day, month and time, in Paris.
  const sentTime = await journalItems(page).filter({ hasText: '@plug25' }).locator('time').textContent();
  assert.match(sentTime ?? '', /^\d{1,2} [a-zéû]+ (à )?\d{2}:\d{2}$/u, `heure du message : ${sentTime}`);
  const summary = await answerUntilSummary(page);
  for (const fact of ['Besançon', 'AB-123-CD', '@plug25', '+33612345678', 'résine de cannabis', '10 €']) {
    assert.ok(summary.includes(fact), `le résumé cite « ${fact} » :\n${summary}`);
  }
  await chooseOption(page, "C'est correct");
  assert.match(await lastMessageText(page), /Vous pouvez transmettre votre signalement/);

  assert.ok(await stillSamePage(), 'les messages arrivent sans recharger la page');
  assert.equal(loads, loadsInChat, 'aucun chargement de page pendant la conversation');
  assert.equal(
    await page.locator('#lien-actualiser').isHidden(),
    true,
    'le lien « Actualiser » est masqué en direct',
  );
  assert.ok(
    urls.some((url) => url.includes('/api/v1/conversations/') && url.endsWith('/messages')),
    'les messages passent par l’API JSON',
  );

  const receipt = await transmitReport(page);
  const compact = receipt.replaceAll('-', '');

  const report = await env()
    .t.deps.db.selectFrom('reports')
    .select(['category', 'status', 'departement_code'])
    .executeTakeFirst();
  assert.equal(report?.category, 'stupefiants');
  assert.equal(report?.status, 'received');
  assert.equal(report?.departement_code, '25', 'Besançon est dans le Doubs');

  await finishAfterReceipt(page);
  const traces = await readBrowserTraces(page);
  assert.equal(traces.serviceWorkers, 0, 'aucun service worker');
  assert.deepEqual(traces.indexedDbNames, [], 'aucune base IndexedDB');
  assert.deepEqual(traces.cacheNames, [], 'aucun Cache Storage');
  for (const stored of [traces.localStorage, traces.sessionStorage]) {
    assert.ok(!stored.toUpperCase().replaceAll('-', '').includes(compact), 'récépissé absent du stockage');
  }
  const cookies = JSON.stringify(await context.cookies());
  assert.ok(!cookies.toUpperCase().replaceAll('-', '').includes(compact), 'récépissé absent des cookies');

  const status = await followUpWithReceipt(page, env().baseUrl, receipt);
  assert.match(status, /État de votre signalement\s*:\s*Reçu/);
  // The receipt opens the follow-up, not the statement: the original account stays with the police.
  await page.getByRole('heading', { level: 1, name: 'Suivi de votre signalement' }).waitFor();
  assert.equal(await journalItems(page).count(), 0, 'le suivi ne montre pas la conversation transmise');
  assert.ok(!(await page.content()).includes('rue de Dole'), 'le récit initial n’est pas dans la page');

  assert.ok(urls.length > 10, 'les requêtes sont bien enregistrées');
  for (const url of urls) {
    const folded = safeDecode(url).toUpperCase().replace(/[-\s]/g, '');
    assert.ok(!folded.includes(compact), `le récépissé apparaît dans une URL : ${url}`);
  }
  const finalTraces = await readBrowserTraces(page);
  assert.equal(finalTraces.serviceWorkers, 0);
  assert.ok(!`${finalTraces.localStorage}${finalTraces.sessionStorage}`.includes(receipt));
  assert.deepEqual(external, [], 'aucune requête vers un autre site');
  assert.deepEqual(pageErrors, [], 'aucune erreur JavaScript');
  await context.close();
});
