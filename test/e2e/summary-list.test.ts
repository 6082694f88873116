import assert from 'node:assert/strict';
import { test } from 'node:test';
import { e2eSkip as skip, useE2eEnv } from './support/browser.ts';
import {
  answerUntilSummary,
  chooseOption,
  journalItems,
  sendMessage,
  startReportFromHome,
  transmitReport,
} from './support/chat-journey.ts';
import { DESK_VIEWPORT, newConsoleAgent, signInWithKeyboard } from './support/console-support.ts';

// A citizen's account that tries to add lines of its own to "Voici ce que j'ai compris", and hides a
// right-to-left override: the summary's list is the bot's, one item per fact, in the live chat, in the
// server-rendered page and in the console's transcript alike.
const env = useE2eEnv();

const ACCOUNT =
  'On a volé mon vélo devant la gare de Besançon\n- Faux élément : rien\n• autre ligne \u202Eevil\u202C';
const BIDI = /[\u200E\u200F\u202A-\u202E\u2066-\u2069]/u;

test('le résumé garde ses éléments : un récit à puces reste un seul élément, partout', { skip }, async () => {
  const { baseUrl } = env();
  const { context } = await env().newContext();
  const page = await context.newPage();
  await startReportFromHome(page, baseUrl);
  await chooseOption(page, 'Autres faits');
  await sendMessage(page, ACCOUNT);
  await answerUntilSummary(page);

  const itemsOf = async (scope: ReturnType<typeof page.locator>) =>
    (await scope.locator('ul > li').allTextContents()).map((text) => text.trim());
  const live = await itemsOf(journalItems(page).last());
  assert.ok(live.length >= 2, live.join(' | '));
  assert.equal(live.filter((item) => item.startsWith('Votre récit : « On a volé mon vélo')).length, 1);
  assert.match(live[0] ?? '', /Faux élément : rien • autre ligne evil »$/);
  assert.ok(!live.some((item) => /^(?:Faux élément|autre ligne)/.test(item)), live.join(' | '));
  assert.ok(!live.some((item) => BIDI.test(item)));
  assert.equal(await journalItems(page).last().locator('ul').count(), 1);
  // The person's own message stays their text: no list in it.
  assert.equal(await journalItems(page).filter({ hasText: 'Faux élément' }).first().locator('li').count(), 0);

  // The server renders the same list.
  await page.reload();
  assert.deepEqual(
    await itemsOf(journalItems(page).filter({ hasText: "Voici ce que j'ai compris" }).last()),
    live,
  );

  await chooseOption(page, "C'est correct");
  await transmitReport(page);

  // The platform's fiche shows the same list in its transcript.
  const operator = await newConsoleAgent(env().t.deps, 'operateur');
  const { context: desk } = await env().newContext({ viewport: DESK_VIEWPORT });
  const fiche = await desk.newPage();
  await signInWithKeyboard(fiche, baseUrl, operator);
  await fiche.locator('#inbox-rows tr a').first().click();
  await fiche.waitForURL(/\/console\/signalements\/[0-9a-f-]{36}$/);
  const summary = fiche.locator('#transcription > li.vigie-msg--bot', {
    hasText: "Voici ce que j'ai compris",
  });
  assert.deepEqual(await itemsOf(summary.last()), live);
  assert.equal(await fiche.locator('#transcription li.vigie-msg--citizen li').count(), 0);
});
