import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Page } from 'playwright-core';
import { blockingViolations, formatViolations, scanAccessibility } from './support/axe.ts';
import { STATIC_CITIZEN_PAGES, e2eSkip as skip, useE2eEnv } from './support/browser.ts';
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

// axe-core on every citizen page (WCAG 2.1 A and AA), then the chat driven with the keyboard alone.
const env = useE2eEnv();

test('aucune violation axe grave ou critique sur les pages citoyennes', { skip }, async (t) => {
  // axe is injected as an inline script, which the site's CSP (script-src 'self', no inline) blocks, as
  // it should. This context alone bypasses the CSP so that axe can run; the journeys test the real CSP.
  const { context } = await env().newContext({ bypassCSP: true });
  const page = await context.newPage();
  const problems: string[] = [];
  let scanned = 0;
  const scan = async (name: string) => {
    const violations = await scanAccessibility(page);
    const blocking = blockingViolations(violations);
    scanned++;
    if (blocking.length) problems.push(`${name} (${page.url()}) :\n${formatViolations(blocking)}`);
    // Minor and moderate findings do not fail the test, but are shown so that they get fixed.
    const other = violations.filter((violation) => !blocking.includes(violation));
    if (other.length) t.diagnostic(`${name} : ${formatViolations(other)}`);
  };
  const visit = async (path: string, expectedStatus = 200) => {
    // Every page has a deferred script, so DOMContentLoaded comes after the stylesheets axe needs.
    const response = await page.goto(`${env().baseUrl}${path}`, { waitUntil: 'domcontentloaded' });
    assert.equal(response?.status(), expectedStatus, path);
    await scan(path);
  };

  for (const path of STATIC_CITIZEN_PAGES) await visit(path);
  await visit('/cette-page-n-existe-pas', 404);
  await visit('/signaler/conversation'); // no conversation on this device: the notice page

  await startReportFromHome(page, env().baseUrl);
  await scan('conversation au début');
  await chooseOption(page, 'Trafic de stupéfiants');
  await sendMessage(page, DRUG_REPORT_TEXT);
  await scan('conversation après quelques messages');
  await answerUntilSummary(page);
  await scan('conversation au résumé');
  await page.getByLabel('Votre message').fill('');
  await page.getByRole('button', { name: 'Envoyer', exact: true }).click();
  await page.locator('#chat-erreur').waitFor({ state: 'visible' });
  await scan('conversation avec une erreur');
  await chooseOption(page, "C'est correct");
  const receipt = await transmitReport(page);
  await scan('récépissé');
  await finishAfterReceipt(page);
  await scan('signalement terminé');

  await page.goto(`${env().baseUrl}/suivi`);
  await page.getByLabel('Votre récépissé').fill('0000-0000-0000-0000');
  await page.getByRole('button', { name: 'Accéder à mon signalement' }).click();
  await page.getByRole('alert').first().waitFor();
  await scan('suivi avec un récépissé erroné');
  await followUpWithReceipt(page, env().baseUrl, receipt);
  await scan('suivi du signalement');

  assert.ok(scanned >= 17, `pages analysées : ${scanned}`);
  assert.deepEqual(problems, [], `violations d’accessibilité :\n${problems.join('\n\n')}`);
  await context.close();
});

/** Presses Tab until the focused element matches, as a keyboard user would; fails after `max` presses. */
async function tabTo(page: Page, describe: string, matches: (page: Page) => Promise<boolean>, max = 80) {
  for (let presses = 0; presses < max; presses++) {
    if (await matches(page)) return;
    await page.keyboard.press('Tab');
  }
  assert.fail(`« ${describe} » n’est pas atteignable au clavier`);
}

function focusedIs(selector: string) {
  return (page: Page) => page.evaluate((css) => document.activeElement?.matches(css) ?? false, selector);
}

function focusedButton(label: string) {
  return (page: Page) =>
    page.evaluate(
      (text) =>
        document.activeElement?.tagName === 'BUTTON' && document.activeElement.textContent?.trim() === text,
      label,
    );
}

test('le signalement se fait au clavier seul (Tab, Entrée, Espace)', { skip }, async () => {
  const { context } = await env().newContext();
  const page = await context.newPage();
  await page.goto(`${env().baseUrl}/`);

  // The skip link comes first, as the RGAA requires.
  await page.keyboard.press('Tab');
  assert.equal(await page.evaluate(() => document.activeElement?.textContent?.trim()), 'Contenu');

  await tabTo(page, 'Commencer mon signalement', focusedButton('Commencer mon signalement'));
  await page.keyboard.press('Enter');
  await page.waitForURL(/\/signaler\/conversation/);
  await journalItems(page).first().waitFor();

  const count = await journalItems(page).count();
  await tabTo(page, 'Trafic de stupéfiants', focusedButton('Trafic de stupéfiants'));
  await page.keyboard.press('Space');
  await journalItems(page)
    .nth(count + 1)
    .waitFor();
  assert.match(await lastMessageText(page), /Décrivez ce que vous avez vu/);

  await tabTo(page, 'Votre message', focusedIs('#texte'));
  await page.keyboard.type('Deal tous les soirs devant le 4 rue Battant à Besançon, deux guetteurs.');
  await tabTo(page, 'Envoyer', focusedButton('Envoyer'));
  const beforeSend = await journalItems(page).count();
  await page.keyboard.press('Enter');
  await journalItems(page)
    .nth(beforeSend + 1)
    .waitFor();
  assert.ok(await journalItems(page).filter({ hasText: 'rue Battant' }).count(), 'le message est envoyé');
  assert.equal(await page.locator('#texte').inputValue(), '', 'le champ est vidé après l’envoi');

  // The focus stays in the conversation so the next answer can follow without the mouse.
  const focusedInChat = await page.evaluate(() =>
    document.getElementById('chat')?.contains(document.activeElement),
  );
  assert.equal(focusedInChat, true, 'le focus reste dans la conversation');
  await context.close();
});
