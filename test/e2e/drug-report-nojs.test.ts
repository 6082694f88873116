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
import { recordRequestUrls } from './support/traces.ts';

// The same drug report with JavaScript off: every step is a form post answered by a redirect.
const env = useE2eEnv();

test('signalement de trafic sans JavaScript : formulaires, récépissé, suivi', { skip }, async () => {
  const { context, external } = await env().newContext({ javaScriptEnabled: false });
  const urls = recordRequestUrls(context);
  const posts: string[] = [];
  context.on('request', (request) => {
    if (request.method() === 'POST') posts.push(new URL(request.url()).pathname);
  });
  const page = await context.newPage();
  // Page loads, counted by their document requests (sent before any new content can be seen).
  let loads = 0;
  page.on('request', (request) => {
    if (request.resourceType() === 'document' && request.frame() === page.mainFrame()) loads++;
  });

  await startReportFromHome(page, env().baseUrl);
  // chat.js hides this link when it runs: visible, it proves the page works without it.
  assert.equal(await page.getByRole('link', { name: 'Actualiser la conversation' }).isVisible(), true);

  let loadsBefore = loads;
  await chooseOption(page, 'Trafic de stupéfiants');
  assert.ok(loads > loadsBefore, 'le choix recharge la page (formulaire)');
  assert.match(await lastMessageText(page), /Décrivez ce que vous avez vu/);

  loadsBefore = loads;
  await sendMessage(page, DRUG_REPORT_TEXT);
  assert.ok(loads > loadsBefore, 'l’envoi recharge la page (formulaire)');
  assert.ok(await journalItems(page).filter({ hasText: '@plug25' }).count(), 'le message est affiché');
  assert.match(
    page.url(),
    /\/signaler\/conversation#dernier-message$/,
    'redirection vers le dernier message',
  );

  const summary = await answerUntilSummary(page);
  for (const fact of ['Besançon', 'AB-123-CD', '@plug25']) {
    assert.ok(summary.includes(fact), `le résumé cite « ${fact} » :\n${summary}`);
  }
  await chooseOption(page, "C'est correct");
  const receipt = await transmitReport(page);
  assert.equal(new URL(page.url()).pathname, '/signaler/transmettre', 'le récépissé est la réponse du POST');

  await finishAfterReceipt(page);
  const report = await env()
    .t.deps.db.selectFrom('reports')
    .select(['category', 'status'])
    .executeTakeFirst();
  assert.deepEqual(report, { category: 'stupefiants', status: 'received' });

  const status = await followUpWithReceipt(page, env().baseUrl, receipt);
  assert.match(status, /État de votre signalement\s*:\s*Reçu/);
  // The receipt opens the follow-up, not the statement: the original account stays with the police.
  await page.getByRole('heading', { level: 1, name: 'Suivi de votre signalement' }).waitFor();
  assert.equal(await journalItems(page).count(), 0, 'le récit initial n’est pas montré');
  assert.ok(!(await page.content()).includes('rue de Dole'), 'le récit initial n’est pas dans la page');

  // The follow-up conversation accepts a new message, still without JavaScript.
  await sendMessage(page, 'Ils étaient encore là ce soir vers 22h.');
  assert.match(page.url(), /\/suivi\/conversation#dernier-message$/);
  assert.ok(await journalItems(page).filter({ hasText: 'encore là ce soir' }).count());

  assert.ok(!urls.some((url) => url.includes('/api/')), 'aucun appel à l’API JSON sans JavaScript');
  for (const path of [
    '/signaler',
    '/signaler/message',
    '/signaler/transmettre',
    '/suivi',
    '/suivi/message',
  ]) {
    assert.ok(posts.includes(path), `formulaire posté vers ${path}`);
  }
  const compact = receipt.replaceAll('-', '');
  for (const url of urls) {
    assert.ok(!url.toUpperCase().replaceAll('-', '').includes(compact), `récépissé dans une URL : ${url}`);
  }
  assert.deepEqual(external, [], 'aucune requête vers un autre site');
  await context.close();
});
