import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Page } from 'playwright-core';
import { e2eSkip as skip, useE2eEnv } from './support/browser.ts';
import { journalItems, startReportFromHome } from './support/chat-journey.ts';

// After a turn, the screen shows the first reply, not the last one nor the text field: when a victim
// writes that she is being hit, the 17 / 112 / 114 message comes first and must be what she sees.
const env = useE2eEnv();

const EMERGENCY = /Si vous êtes en danger maintenant/;

/** Where the emergency reply sits on the screen, once scrolling has settled. */
async function emergencyBox(page: Page) {
  const reply = journalItems(page).filter({ hasText: EMERGENCY }).first();
  await reply.waitFor();
  await page.waitForTimeout(300);
  return page.evaluate(() => {
    const items = [...document.querySelectorAll('#journal > li')];
    const item = items.find((li) => li.textContent?.includes('Si vous êtes en danger maintenant'));
    const band = document.querySelector('.vigie-urgence')?.getBoundingClientRect();
    const box = item?.getBoundingClientRect();
    return { top: box?.top ?? -1, bandBottom: band?.bottom ?? 0, height: window.innerHeight };
  });
}

for (const javaScriptEnabled of [true, false]) {
  test(`le message d’urgence est à l’écran après « mon mari me frappe » (JavaScript ${
    javaScriptEnabled ? 'activé' : 'désactivé'
  })`, { skip }, async () => {
    const { context } = await env().newContext({ javaScriptEnabled });
    const page = await context.newPage();
    await startReportFromHome(page, env().baseUrl);
    await page.getByLabel('Votre message').fill('mon mari me frappe');
    await page.getByRole('button', { name: 'Envoyer', exact: true }).click();
    const { top, bandBottom, height } = await emergencyBox(page);
    assert.ok(top >= bandBottom - 1, `sous la bande d’urgence (haut ${top}, bande ${bandBottom})`);
    assert.ok(top < height / 2, `en haut de l’écran (haut ${top}, écran ${height})`);
    // And the numbers it gives are one tap away.
    const reply = journalItems(page).filter({ hasText: EMERGENCY }).first();
    assert.equal(await reply.locator('a[href="tel:17"]').count(), 1);
    assert.equal(await reply.locator('a[href="sms:114"]').count(), 1);
    await context.close();
  });
}
