import assert from 'node:assert/strict';
import { test } from 'node:test';
import { e2eSkip as skip, useE2eEnv } from './support/browser.ts';
import {
  answerUntilSummary,
  chooseOption,
  DRUG_REPORT_TEXT,
  finishAfterReceipt,
  followUpWithReceipt,
  sendMessage,
  startReportFromHome,
  transmitReport,
} from './support/chat-journey.ts';
import { DESK_VIEWPORT, newConsoleAgent, signInWithKeyboard } from './support/console-support.ts';

// The whole journey: a citizen without JavaScript reports a deal in Besançon; the platform qualifies and
// transmits it to CROS25, whose analyst sees it arrive live, asks a question, and reads the answer on the
// open fiche; CROS39 never sees it; the supervisor finds every step in the journal.
const env = useE2eEnv();

test('parcours : citoyen sans JavaScript → plateforme → CROS25 en direct → question et réponse', {
  skip,
}, async () => {
  const { baseUrl } = env();
  const deps = env().t.deps;
  const desk = { viewport: DESK_VIEWPORT };

  // The analyst of CROS25 has the inbox open before anything is reported.
  const analyst = await newConsoleAgent(deps, 'analyste', ['CROS25']);
  const { context: analystContext } = await env().newContext(desk);
  const inbox = await analystContext.newPage();
  await signInWithKeyboard(inbox, baseUrl, analyst);
  await inbox.getByRole('heading', { name: 'Signalements de CROS25' }).waitFor();
  assert.equal(await inbox.locator('#inbox-rows tr').count(), 0);

  // The citizen, JavaScript off.
  const { context: citizenContext } = await env().newContext({ javaScriptEnabled: false });
  const citizen = await citizenContext.newPage();
  await startReportFromHome(citizen, baseUrl);
  await chooseOption(citizen, 'Trafic de stupéfiants');
  await sendMessage(citizen, DRUG_REPORT_TEXT);
  await answerUntilSummary(citizen);
  await chooseOption(citizen, "C'est correct");
  const receipt = await transmitReport(citizen);
  await finishAfterReceipt(citizen);

  // The platform's operator qualifies it and transmits it to CROS25.
  const operator = await newConsoleAgent(deps, 'operateur');
  const { context: operatorContext } = await env().newContext(desk);
  const platform = await operatorContext.newPage();
  await signInWithKeyboard(platform, baseUrl, operator);
  await platform.locator('#inbox-rows tr a').first().click();
  await platform.waitForURL(/\/console\/signalements\/[0-9a-f-]{36}$/);
  const ficheUrl = platform.url();
  await platform.getByText('Élevée', { exact: true }).click();
  await platform.getByLabel('Adresse').fill('12 rue de Dole');
  await platform.getByRole('button', { name: 'Enregistrer la qualification' }).click();
  await platform.locator('.vigie-resume').getByText('Élevée').waitFor();
  assert.equal(await platform.locator('#t-unit').inputValue(), 'CROS25');
  await platform.getByRole('button', { name: 'Transmettre', exact: true }).click();
  await platform.waitForURL(/\/console\/signalements$/);

  // It arrives on the analyst's open inbox, without a reload: row, badge, title, announcement.
  const arrived = inbox.locator('#inbox-rows tr', { hasText: 'Besançon' });
  await arrived.waitFor();
  assert.match((await arrived.textContent()) ?? '', /Non lu/);
  await inbox.locator('#inbox-nouveaux').waitFor({ state: 'visible' });
  assert.match(await inbox.title(), /^\(1\) Signalements — Vigie$/);
  await inbox
    .locator('#inbox-annonce', { hasText: 'Nouveau signalement reçu' })
    .waitFor({ state: 'attached' });

  // The analyst opens it and asks a question.
  await arrived.getByRole('link').click();
  await inbox.waitForURL(ficheUrl);
  await inbox.getByLabel('Poser une question au déclarant').fill('À quelle heure le scooter arrive-t-il ?');
  await inbox.getByRole('button', { name: 'Envoyer la question' }).click();
  await inbox.locator('#transcription .vigie-msg--agent', { hasText: 'scooter arrive' }).waitFor();

  // The citizen comes back with the receipt and answers (still without JavaScript).
  await followUpWithReceipt(citizen, baseUrl, receipt);
  assert.ok(
    await citizen.getByText('À quelle heure le scooter arrive-t-il ?').count(),
    'la question est visible',
  );
  await sendMessage(citizen, 'Vers 22h, il se gare devant le tabac.');

  // The answer appears on the analyst's open fiche, without a reload.
  await inbox
    .locator('#transcription .vigie-msg--citizen', { hasText: 'il se gare devant le tabac' })
    .waitFor();

  // CROS39 never sees it.
  const outsider = await newConsoleAgent(deps, 'analyste', ['CROS39']);
  const { context: outsiderContext } = await env().newContext(desk);
  const jura = await outsiderContext.newPage();
  await signInWithKeyboard(jura, baseUrl, outsider);
  assert.equal(await jura.locator('#inbox-rows tr').count(), 0, 'boîte de CROS39 vide');
  const refused = await jura.goto(ficheUrl);
  assert.equal(refused?.status(), 404);
  await jura.getByRole('heading', { name: 'Page introuvable' }).waitFor();

  // The supervisor of CROS25 finds the steps in the journal of this report.
  const supervisor = await newConsoleAgent(deps, 'superviseur', ['CROS25']);
  const { context: supervisorContext } = await env().newContext(desk);
  const office = await supervisorContext.newPage();
  await signInWithKeyboard(office, baseUrl, supervisor);
  const reportId = new URL(ficheUrl).pathname.split('/').at(-1) ?? '';
  await office.goto(`${baseUrl}/console/journal?reportId=${reportId}`);
  const journal = (await office.locator('#journal-table').textContent()) ?? '';
  for (const step of ['Transmission', 'Consultation', 'Question au déclarant', 'Réponse du déclarant']) {
    assert.ok(journal.includes(step), `le journal montre « ${step} »\n${journal}`);
  }
  for (const c of [analystContext, citizenContext, operatorContext, outsiderContext, supervisorContext]) {
    await c.close();
  }
});
