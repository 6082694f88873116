import assert from 'node:assert/strict';
import type { Page } from 'playwright-core';

/**
 * A witness's rich first message: a place in Besançon, times, a plate, a phone number, a Snapchat
 * handle, a product and its price. The extraction should leave almost nothing to ask.
 */
export const DRUG_REPORT_TEXT =
  'Tous les soirs de 18h à 23h, deal devant le 12 rue de Dole à Besançon, dans le hall. ' +
  'Une Clio grise immatriculée AB-123-CD passe livrer. Ils prennent les commandes au 06 12 34 56 78 ' +
  'et sur Snapchat @plug25. Ils vendent de la résine à 10 € la barrette. Trois jeunes dont deux guetteurs.';

/** Crockford base32 without I, L, O, U, in four groups of four. */
export const RECEIPT_PATTERN = /^[0-9A-HJKMNP-TV-Z]{4}(?:-[0-9A-HJKMNP-TV-Z]{4}){3}$/;

const SUMMARY_HEADING = "Voici ce que j'ai compris";
const SKIP_LABEL = 'Je ne sais pas / passer';

/** The chat log's messages, in order, as the person sees them. */
export function journalItems(page: Page) {
  return page.locator('#journal > li');
}

/**
 * Waits until the log holds more than `count` messages. Works whether the new ones arrive live
 * (JavaScript) or in the page the form post redirected to (no JavaScript): locators follow navigations.
 */
export async function waitForMoreMessages(page: Page, count: number): Promise<void> {
  await journalItems(page).nth(count).waitFor({ state: 'attached' });
}

/** The text of the last message of the log. */
export async function lastMessageText(page: Page): Promise<string> {
  return (await journalItems(page).last().locator('.vigie-message__texte').textContent())?.trim() ?? '';
}

/** The labels of the buttons answering the bot's pending question (one answer each, or chosen alone). */
export async function optionLabels(page: Page): Promise<string[]> {
  const buttons = page.locator('#zone-options button[name="option"], #zone-options button[name="controle"]');
  return (await buttons.allInnerTexts()).map((label) => label.trim());
}

/** Clicks one of the proposed answers and waits for the bot's reply to be in the log. */
export async function chooseOption(page: Page, label: string): Promise<void> {
  const before = await journalItems(page).count();
  await page.locator('#zone-options').getByRole('button', { name: label, exact: true }).click();
  // The person's answer and at least one bot reply.
  await waitForMoreMessages(page, before + 1);
}

/** Types a message in the text field, sends it and waits for the bot's reply. */
export async function sendMessage(page: Page, text: string): Promise<void> {
  const before = await journalItems(page).count();
  await page.getByLabel('Votre message').fill(text);
  await page.getByRole('button', { name: 'Envoyer', exact: true }).click();
  await waitForMoreMessages(page, before + 1);
}

/** From the home page, "Commencer mon signalement" → the chat page asking what to report. */
export async function startReportFromHome(page: Page, baseUrl: string): Promise<void> {
  await page.goto(`${baseUrl}/`);
  await page.getByRole('button', { name: 'Commencer mon signalement' }).click();
  await page.waitForURL(/\/signaler\/conversation/);
  await journalItems(page).first().waitFor();
  assert.match(await lastMessageText(page), /Que souhaitez-vous signaler/);
}

/**
 * Skips the follow-up questions (or takes the first answer when skipping is not offered) until the
 * bot shows its summary; returns the summary's text.
 */
export async function answerUntilSummary(page: Page): Promise<string> {
  for (let turn = 0; turn < 15; turn++) {
    const last = await lastMessageText(page);
    if (last.includes(SUMMARY_HEADING)) return last;
    const labels = await optionLabels(page);
    const answer = labels.includes(SKIP_LABEL) ? SKIP_LABEL : labels[0];
    assert.ok(answer, `aucune réponse proposée après : « ${last} »`);
    await chooseOption(page, answer);
  }
  assert.fail('le résumé « Voici ce que j’ai compris » n’est pas venu');
}

/** "Transmettre mon signalement" → the receipt page; returns the receipt shown. */
export async function transmitReport(page: Page): Promise<string> {
  const transmit = page.getByRole('button', { name: 'Transmettre mon signalement' });
  await transmit.waitFor({ state: 'visible' });
  await transmit.click();
  await page.getByRole('heading', { name: 'Votre signalement est transmis' }).waitFor();
  const receipt = await page.locator('#recepisse').getAttribute('data-recepisse');
  assert.ok(receipt, 'récépissé attendu dans la page');
  assert.match(receipt, RECEIPT_PATTERN);
  // What the eye reads is the same receipt, its groups separated by spaces.
  assert.equal((await page.locator('#recepisse').textContent())?.trim() ?? '', receipt.replaceAll('-', ' '));
  return receipt;
}

/** Ticks "J'ai noté mon récépissé" and finishes: the session is closed on the device. */
export async function finishAfterReceipt(page: Page): Promise<void> {
  // DSFR draws the box on the label (the input sits under it): the person taps the label.
  await page.locator('label[for="recepisse-note"]').click();
  assert.equal(await page.getByLabel("J'ai noté mon récépissé").isChecked(), true);
  await page.getByRole('button', { name: 'Terminer', exact: true }).click();
  await page.waitForURL(/\/signaler\/termine$/);
  await page.getByRole('heading', { name: "C'est terminé" }).waitFor();
}

/** Opens the follow-up with the receipt and returns the report's status line. */
export async function followUpWithReceipt(page: Page, baseUrl: string, receipt: string): Promise<string> {
  await page.goto(`${baseUrl}/suivi`);
  await page.getByLabel('Votre récépissé').fill(receipt);
  await page.getByRole('button', { name: 'Accéder à mon signalement' }).click();
  await page.waitForURL(/\/suivi\/conversation/);
  return (await page.getByRole('heading', { name: /État de votre signalement/ }).textContent())?.trim() ?? '';
}
