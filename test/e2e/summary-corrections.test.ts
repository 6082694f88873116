import assert from 'node:assert/strict';
import { test } from 'node:test';
import { e2eSkip as skip, useE2eEnv } from './support/browser.ts';
import {
  answerUntilSummary,
  chooseOption,
  DRUG_REPORT_TEXT,
  lastMessageText,
  sendMessage,
  startReportFromHome,
} from './support/chat-journey.ts';

// The summary's many "Corriger : …" buttons are folded under one heading, which opens without JavaScript.
const env = useE2eEnv();

for (const javaScriptEnabled of [true, false]) {
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
