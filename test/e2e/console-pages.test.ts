import assert from 'node:assert/strict';
import { test } from 'node:test';
import { e2eSkip as skip, useE2eEnv } from './support/browser.ts';
import {
  assertAccessible,
  DESK_VIEWPORT,
  fileReportThroughApi,
  newConsoleAgent,
  recordCspViolations,
  SHOTS_DIR,
  shoot,
  signInWithKeyboard,
} from './support/console-support.ts';

// The police console at a desk (1280×800): sign-in with the keyboard, the inbox, the fiche, decisions,
// the intervention sheet, the journal and the administration; axe on each page, the real CSP in force.
const env = useE2eEnv();

test('console : connexion au clavier, boîte de réception, fiche, transmission, pages accessibles', {
  skip,
}, async (t) => {
  const { baseUrl } = env();
  const deps = env().t.deps;
  const notes: string[] = [];
  await fileReportThroughApi(env().t.app);

  // Without a session, a console page sends to the sign-in page (never a JSON 401).
  const { context: anonymous } = await env().newContext({ viewport: DESK_VIEWPORT });
  const stranger = await anonymous.newPage();
  await stranger.goto(`${baseUrl}/console/signalements`);
  assert.equal(new URL(stranger.url()).pathname, '/console');
  notes.push(await assertAccessible(stranger, 'connexion'));
  await shoot(stranger, 'connexion');
  // A wrong code: a French error in an alert, read out at once.
  const nobody = await newConsoleAgent(deps, 'operateur');
  await stranger.getByLabel('Identifiant').fill(nobody.username);
  await stranger.getByLabel('Mot de passe').fill('mauvais-mot-de-passe');
  await stranger.getByLabel(/Code de vérification/).fill('000000');
  await stranger.getByRole('button', { name: 'Se connecter' }).click();
  await stranger.getByRole('alert').filter({ hasText: 'incorrect' }).waitFor();
  await anonymous.close();

  // The reception platform's operator signs in with the keyboard alone and sees the citizen's report.
  const operator = await newConsoleAgent(deps, 'operateur');
  const { context } = await env().newContext({ viewport: DESK_VIEWPORT });
  const page = await context.newPage();
  const csp = recordCspViolations(page);
  await signInWithKeyboard(page, baseUrl, operator);
  assert.equal(new URL(page.url()).pathname, '/console/signalements');
  await page.getByRole('heading', { name: 'Signalements reçus (plateforme)' }).waitFor();
  const row = page.locator('#inbox-rows tr').filter({ hasText: 'Trafic de stupéfiants' });
  assert.equal(await row.count(), 1);
  assert.match((await row.textContent()) ?? '', /Besançon/);
  assert.match((await row.textContent()) ?? '', /Non lu/);
  await page.getByRole('button', { name: 'Se déconnecter' }).waitFor();
  notes.push(await assertAccessible(page, 'boîte de réception'));
  await shoot(page, 'boite-de-reception');

  // The fiche: facts with their source, transcript, qualification, transmission.
  await row.getByRole('link').click();
  await page.waitForURL(/\/console\/signalements\/[0-9a-f-]{36}$/);
  const ficheUrl = page.url();
  await page.locator('#faits').getByText('GA-318-PT').first().waitFor();
  assert.ok(
    await page.locator('#transcription li.vigie-msg--citizen').count(),
    'la transcription cite le déclarant',
  );
  assert.equal(await page.locator('#t-unit').inputValue(), 'CROS25', 'l’unité proposée est présélectionnée');
  notes.push(await assertAccessible(page, 'fiche (plateforme)'));
  await shoot(page, 'fiche-plateforme');

  // Confirm a fact, then qualify (urgency), then transmit to the proposed unit.
  const plate = page.locator('#faits li').filter({ hasText: 'GA-318-PT' }).first();
  await plate.getByRole('button', { name: /^Confirmer/ }).click();
  await plate.locator('.fr-badge', { hasText: 'confirmé' }).waitFor();
  await page.getByText('Élevée', { exact: true }).click();
  await page.getByRole('button', { name: 'Enregistrer la qualification' }).click();
  await page.waitForLoadState('load');
  await page.locator('.vigie-resume').getByText('Élevée').waitFor();
  await page.getByRole('button', { name: 'Transmettre', exact: true }).click();
  await page.waitForURL(/\/console\/signalements$/);
  assert.equal(await page.locator('#inbox-rows tr').count(), 0, 'le signalement a quitté la plateforme');
  // Out of the platform's scope now: the fiche is a French 404 page.
  const gone = await page.goto(ficheUrl);
  assert.equal(gone?.status(), 404);
  await page.getByRole('heading', { name: 'Page introuvable' }).waitFor();

  // The analyst of CROS25: takes it into review, then decides an immediate action.
  const analyst = await newConsoleAgent(deps, 'analyste', ['CROS25']);
  const { context: analystContext } = await env().newContext({ viewport: DESK_VIEWPORT });
  const desk = await analystContext.newPage();
  csp.push(...recordCspViolations(desk));
  await signInWithKeyboard(desk, baseUrl, analyst);
  await desk.getByRole('heading', { name: 'Signalements de CROS25' }).waitFor();
  await desk.locator('#inbox-rows tr a').first().click();
  await desk.waitForURL(/\/console\/signalements\/[0-9a-f-]{36}$/);
  await desk.getByRole('button', { name: 'Prendre en examen' }).click();
  await desk.locator('.vigie-resume').getByText('En examen').waitFor();
  await desk.getByLabel('Poser une question au déclarant').fill('Le scooter est-il là tous les soirs ?');
  await desk.getByRole('button', { name: 'Envoyer la question' }).click();
  await desk.locator('#transcription li.vigie-msg--agent', { hasText: 'tous les soirs ?' }).waitFor();
  notes.push(await assertAccessible(desk, 'fiche (analyste)'));
  await shoot(desk, 'fiche');
  await desk.getByRole('button', { name: 'Décider une action immédiate' }).click();
  await desk.getByRole('link', { name: 'Fiche d’intervention' }).click();
  await desk.waitForURL(/\/intervention$/);
  const sheet = (await desk.locator('main').textContent()) ?? '';
  assert.match(sheet, /GA-318-PT/);
  assert.doesNotMatch(
    sheet,
    /Tous les soirs vers 21h|Commandes au|scooter est-il/,
    'aucune parole du déclarant',
  );
  notes.push(await assertAccessible(desk, 'fiche d’intervention'));
  await shoot(desk, 'intervention');
  await desk.emulateMedia({ media: 'print' });
  await shoot(desk, 'intervention-impression');
  await desk.pdf({ path: `${SHOTS_DIR}/intervention.pdf`, format: 'A4', printBackground: true });
  await desk.emulateMedia({ media: 'screen' });

  // The supervisor's journal shows the steps, in French words.
  const supervisor = await newConsoleAgent(deps, 'superviseur', ['CROS25']);
  const { context: supervisorContext } = await env().newContext({ viewport: DESK_VIEWPORT });
  const office = await supervisorContext.newPage();
  csp.push(...recordCspViolations(office));
  await signInWithKeyboard(office, baseUrl, supervisor);
  await office.getByRole('link', { name: 'Journal d’audit' }).click();
  await office.waitForURL(/\/console\/journal$/);
  const journal = (await office.locator('#journal-table').textContent()) ?? '';
  for (const action of ['Transmission', 'Consultation', 'Changement d’état', 'Question au déclarant']) {
    assert.ok(journal.includes(action), `le journal montre « ${action} »`);
  }
  notes.push(await assertAccessible(office, 'journal'));
  await shoot(office, 'journal');

  // The administrator: accounts, units, routing; creating an account shows its secrets once.
  const admin = await newConsoleAgent(deps, 'admin');
  const { context: adminContext } = await env().newContext({ viewport: DESK_VIEWPORT });
  const admins = await adminContext.newPage();
  csp.push(...recordCspViolations(admins));
  await signInWithKeyboard(admins, baseUrl, admin);
  assert.equal(new URL(admins.url()).pathname, '/console/admin');
  assert.equal((await admins.goto(ficheUrl))?.status(), 404, 'l’administrateur ne voit aucun signalement');
  await admins.goto(`${baseUrl}/console/admin`);
  notes.push(await assertAccessible(admins, 'administration'));
  await shoot(admins, 'administration');
  await admins.locator('#c-username').fill('nouvel.agent');
  await admins.getByLabel('Rôle').selectOption('analyste');
  await admins.locator('#c-units').fill('CROS39');
  await admins.getByRole('button', { name: 'Créer le compte' }).click();
  await admins.locator('#compte-cree').waitFor({ state: 'visible' });
  assert.match((await admins.locator('#cree-url').textContent()) ?? '', /^otpauth:\/\/totp\//);

  // Se déconnecter ends the session: the console is closed again.
  await admins.getByRole('button', { name: 'Se déconnecter' }).click();
  await admins.waitForURL(/\/console$/);
  await admins.goto(`${baseUrl}/console/admin`);
  assert.equal(new URL(admins.url()).pathname, '/console');

  assert.deepEqual(csp, [], 'aucun refus de la CSP');
  for (const note of notes.filter(Boolean)) t.diagnostic(note);
  for (const c of [context, analystContext, supervisorContext, adminContext]) await c.close();
});
