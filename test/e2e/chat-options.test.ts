import assert from 'node:assert/strict';
import { test } from 'node:test';
import { e2eSkip as skip, useE2eEnv } from './support/browser.ts';
import {
  answerUntilSummary,
  chooseOption,
  DRUG_REPORT_TEXT,
  journalItems,
  lastMessageText,
  sendMessage,
  startReportFromHome,
  waitForMoreMessages,
} from './support/chat-journey.ts';

// The forms of proposed answers beyond one button each, with and without JavaScript:
// "Qu'avez-vous vu ? (plusieurs réponses possibles)" takes several answers at once, and the summary's
// many "Corriger : …" buttons are folded under one heading, which opens without JavaScript.
const env = useE2eEnv();

for (const javaScriptEnabled of [true, false]) {
  test(`une question à plusieurs réponses se coche puis se valide (JavaScript ${
    javaScriptEnabled ? 'activé' : 'désactivé'
  })`, { skip }, async () => {
    const { context } = await env().newContext({ javaScriptEnabled });
    const page = await context.newPage();
    await startReportFromHome(page, env().baseUrl);
    await chooseOption(page, 'Trafic de stupéfiants');
    await sendMessage(page, 'Il se passe des choses louches en bas de chez moi, à Besançon, le soir.');
    for (let turn = 0; turn < 10 && !(await lastMessageText(page)).includes("Qu'avez-vous vu"); turn++) {
      await chooseOption(page, 'Je ne sais pas / passer');
    }
    assert.match(await lastMessageText(page), /Qu'avez-vous vu/);

    // Nothing checked: a clear French error, nothing sent.
    const before = await journalItems(page).count();
    await page.getByRole('button', { name: 'Valider mes choix' }).click();
    await page.getByText('Cochez au moins une réponse').first().waitFor();
    assert.equal(await journalItems(page).count(), before);
    if (javaScriptEnabled) {
      // Beside the boxes, where the person is looking, not under the text field further down.
      assert.ok(await page.locator('#zone-options .fr-error-text').isVisible());
    }

    // DSFR draws the box on the label: the person taps the labels.
    await page.locator('#zone-options label', { hasText: 'De la vente' }).click();
    await page.locator('#zone-options label', { hasText: 'Des livraisons' }).click();
    await page.getByRole('button', { name: 'Valider mes choix' }).click();
    await waitForMoreMessages(page, before + 1);
    const answer = journalItems(page).filter({ hasText: 'De la vente, Des livraisons' });
    await answer.first().waitFor();
    assert.equal(await answer.count(), 1, 'les deux réponses en un seul message');
    if (javaScriptEnabled) {
      // Focus goes to the bot's reply, not to the text field (which would open a phone's keyboard).
      await page.waitForFunction(() => document.activeElement?.closest('#journal') !== null);
    }
    await context.close();
  });

  test(`les corrections du résumé sont repliées, et s’ouvrent (JavaScript ${
    javaScriptEnabled ? 'activé' : 'désactivé'
  })`, { skip }, async () => {
    const { context } = await env().newContext({ javaScriptEnabled });
    const page = await context.newPage();
    await startReportFromHome(page, env().baseUrl);
    await chooseOption(page, 'Trafic de stupéfiants');
    await sendMessage(page, DRUG_REPORT_TEXT);
    await answerUntilSummary(page);
    const correctCommune = page.getByRole('button', { name: 'Corriger : Commune' });
    assert.equal(await correctCommune.isVisible(), false, 'repliée au départ');
    assert.ok(await page.getByRole('button', { name: "C'est correct" }).isVisible());
    await page.locator('#zone-options summary', { hasText: 'Corriger ou retirer un élément' }).click();
    await correctCommune.click();
    await page.waitForFunction(() =>
      document.querySelector('#journal > li:last-child')?.textContent?.includes('Dans quelle commune'),
    );
    assert.match(await lastMessageText(page), /Dans quelle commune/);
    await context.close();
  });
}
