import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Page } from 'playwright-core';
import { agentRequest, signInAs } from '../support/agent-client.ts';
import { e2eSkip as skip, useE2eEnv } from './support/browser.ts';
import {
  chooseOption,
  DRUG_REPORT_TEXT,
  journalItems,
  RECEIPT_PATTERN,
  sendMessage,
  startReportFromHome,
} from './support/chat-journey.ts';
import {
  assertAccessible,
  DESK_VIEWPORT,
  newConsoleAgent,
  shoot,
  signInWithKeyboard,
} from './support/console-support.ts';

// The live chat, in two browsers: a citizen and the platform's operator talk live; what the citizen wrote
// before the operator joined is on the operator's screen; a note stays internal; the operator closes the
// chat into a report, the citizen sees the receipt in the chat, and the report goes on to CROS25.
const env = useE2eEnv();
const desk = { viewport: DESK_VIEWPORT };
const FIRST_WORDS = 'Je veux parler à un policier, ils reviennent tous les soirs.';
const NOTE = 'Témoin direct, semble fiable.';

/** Chooses a presence and waits for the server to have it (an operator left online would get the next chat). */
async function setPresence(page: Page, status: 'online' | 'offline'): Promise<void> {
  const saved = page.waitForResponse(
    (response) => response.url().endsWith('/api/v1/agent/presence') && response.request().method() === 'PUT',
  );
  await page.locator('#presence').selectOption(status);
  assert.equal((await saved).status(), 200);
}

/** The operator at their desk on the Direct page, online. */
async function operatorOnline(page: Page, baseUrl: string) {
  const operator = await newConsoleAgent(env().t.deps, 'operateur');
  await signInWithKeyboard(page, baseUrl, operator);
  await page.goto(`${baseUrl}/console/direct`);
  await page.locator('#presence:not([disabled])').waitFor();
  await setPresence(page, 'online');
  return operator;
}

const panel = (page: Page) => page.locator('.vigie-direct-panel:not([hidden])');

/** Writes to the officer: no bot reply follows, only the message itself appears. */
async function writeToOfficer(page: Page, text: string): Promise<void> {
  await page.getByLabel('Votre message').fill(text);
  await page.getByRole('button', { name: 'Envoyer', exact: true }).click();
  await page.locator('.vigie-message--citizen', { hasText: text }).waitFor();
}

/** The operator leaves: offline, so that no later conversation of the file is given to them. */
async function goOffline(page: Page): Promise<void> {
  await page.goto(page.url().replace(/\/console\/.*$/, '/console/direct'));
  await page.locator('#presence:not([disabled])').waitFor();
  await setPresence(page, 'offline');
}

test('direct : le citoyen (JavaScript) et l’opérateur échangent, note interne, clôture en signalement, récépissé dans la conversation', {
  skip,
}, async () => {
  const { baseUrl, t } = env();
  // The administrator has written a canned answer.
  const admin = await signInAs(t.app, t.deps, { role: 'admin' });
  const created = await agentRequest(t.app, admin.cookie, 'POST', '/api/v1/admin/canned-answers', {
    shortcut: 'accueil',
    title: 'Accueil',
    body: 'Bonjour, je suis policier de la plateforme. Êtes-vous en sécurité ?',
  });
  assert.equal(created.statusCode, 201, created.body);

  // The citizen, JavaScript on, on a phone: describes, then asks for an officer in words.
  const { context: citizenContext } = await env().newContext();
  const citizen = await citizenContext.newPage();
  await startReportFromHome(citizen, baseUrl);
  await chooseOption(citizen, 'Trafic de stupéfiants');
  await sendMessage(citizen, DRUG_REPORT_TEXT);
  await sendMessage(citizen, FIRST_WORDS);
  await citizen
    .getByText(/Aucun policier n’est disponible pour le moment/)
    .first()
    .waitFor();

  // The operator comes online: the chat is given to them, with what the citizen wrote before.
  const { context: operatorContext } = await env().newContext(desk);
  const console_ = await operatorContext.newPage();
  await operatorOnline(console_, baseUrl);
  await console_.locator('[role="tab"]').first().waitFor();
  await panel(console_)
    .locator('.vigie-direct-msg--citizen', { hasText: 'ils reviennent tous les soirs' })
    .waitFor();
  await panel(console_).locator('.vigie-direct-fact', { hasText: 'AB-123-CD' }).waitFor();
  await shoot(console_, 'direct-conversation');
  await assertAccessible(console_, 'direct');

  // A canned answer with "/", then a message and an internal note.
  const text = panel(console_).locator('textarea[data-ref="texte"]');
  await text.click();
  await console_.keyboard.type('/acc');
  await panel(console_).locator('[role="option"]', { hasText: '/accueil' }).waitFor();
  await shoot(console_, 'direct-reponses-types');
  await console_.keyboard.press('Enter');
  assert.match(await text.inputValue(), /Êtes-vous en sécurité/);
  await console_.keyboard.press('Enter');
  await citizen.locator('.vigie-message--agent', { hasText: 'Êtes-vous en sécurité' }).waitFor();
  assert.match(
    (await citizen.locator('.vigie-message--agent', { hasText: 'Êtes-vous en sécurité' }).textContent()) ??
      '',
    /Policier de la plateforme/,
  );
  await panel(console_).locator('label', { hasText: 'Note interne' }).click();
  await text.fill(NOTE);
  await console_.keyboard.press('Enter');
  await panel(console_).locator('.vigie-direct-msg--interne', { hasText: NOTE }).waitFor();

  // The citizen answers; it arrives live, and the fiche fills itself.
  await writeToOfficer(citizen, 'Oui. Le scooter est immatriculé EF-456-GH.');
  await panel(console_).locator('.vigie-direct-msg--citizen', { hasText: 'EF-456-GH' }).waitFor();
  await panel(console_).locator('.vigie-direct-fact', { hasText: 'EF-456-GH' }).waitFor();
  assert.equal(await citizen.getByText(NOTE).count(), 0, 'la note interne n’atteint jamais la personne');

  // The operator closes the chat into a report: the citizen's chat turns into their receipt.
  await panel(console_).getByRole('button', { name: 'Clore et créer le signalement' }).click();
  const fiche = panel(console_).getByRole('link', { name: 'Ouvrir la fiche du signalement' });
  await fiche.waitFor();
  await citizen.getByRole('heading', { name: 'Votre signalement est transmis' }).waitFor();
  const receipt = (await citizen.locator('#recepisse').getAttribute('data-recepisse')) ?? '';
  assert.match(receipt, RECEIPT_PATTERN);
  assert.equal(await citizen.getByText(NOTE).count(), 0);
  assert.equal(await console_.getByText(receipt).count(), 0, 'le policier ne voit jamais le récépissé');
  await shoot(citizen, 'direct-recepisse-citoyen');

  // Part 2a's triage takes over: the operator transmits it, the CROS25 analyst's inbox shows it.
  const analyst = await newConsoleAgent(t.deps, 'analyste', ['CROS25']);
  const { context: analystContext } = await env().newContext(desk);
  const inbox = await analystContext.newPage();
  await signInWithKeyboard(inbox, baseUrl, analyst);
  await fiche.click();
  await console_.waitForURL(/\/console\/signalements\/[0-9a-f-]{36}$/);
  await console_.getByRole('button', { name: 'Transmettre', exact: true }).click();
  await console_.waitForURL(/\/console\/signalements$/);
  await inbox.locator('#inbox-rows tr', { hasText: 'Besançon' }).waitFor();
  await goOffline(console_);
  for (const c of [citizenContext, operatorContext, analystContext]) await c.close();
});

test('direct : sans JavaScript, la personne voit les messages du policier avec « Actualiser » et reçoit son récépissé', {
  skip,
}, async () => {
  const { baseUrl } = env();
  const { context: operatorContext } = await env().newContext(desk);
  const console_ = await operatorContext.newPage();
  await operatorOnline(console_, baseUrl);

  const { context: citizenContext } = await env().newContext({ javaScriptEnabled: false });
  const citizen = await citizenContext.newPage();
  await startReportFromHome(citizen, baseUrl);
  await chooseOption(citizen, 'Trafic de stupéfiants');
  await sendMessage(citizen, DRUG_REPORT_TEXT);
  await sendMessage(citizen, FIRST_WORDS);

  await panel(console_)
    .locator('.vigie-direct-msg--citizen', { hasText: 'ils reviennent tous les soirs' })
    .waitFor();
  await panel(console_).locator('textarea[data-ref="texte"]').fill('Bonjour, je vous lis. Où êtes-vous ?');
  await console_.keyboard.press('Enter');
  await panel(console_).locator('.vigie-direct-msg--agent', { hasText: 'Où êtes-vous' }).waitFor();

  const before = await journalItems(citizen).count();
  await citizen.getByRole('link', { name: 'Actualiser la conversation' }).click();
  await citizen.locator('.vigie-message--agent', { hasText: 'Où êtes-vous' }).waitFor();
  assert.ok((await journalItems(citizen).count()) > before);
  await writeToOfficer(citizen, 'Devant la boulangerie.');
  await panel(console_).locator('.vigie-direct-msg--citizen', { hasText: 'boulangerie' }).waitFor();

  await panel(console_).getByRole('button', { name: 'Clore et créer le signalement' }).click();
  await panel(console_).getByRole('link', { name: 'Ouvrir la fiche du signalement' }).waitFor();
  await citizen.getByRole('link', { name: 'Actualiser la conversation' }).click();
  await citizen.getByRole('heading', { name: 'Votre signalement est transmis' }).waitFor();
  assert.match((await citizen.locator('#recepisse').getAttribute('data-recepisse')) ?? '', RECEIPT_PATTERN);
  await goOffline(console_);
  for (const c of [citizenContext, operatorContext]) await c.close();
});
