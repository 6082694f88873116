import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { BrowserContext, Page } from 'playwright-core';
import { e2eSkip as skip, useE2eEnv } from './support/browser.ts';
import { startReportFromHome } from './support/chat-journey.ts';

// "Quitter rapidement" must leave for a neutral site AND take the Vigie page out of the history.
const NEUTRAL_HOST = 'www.google.fr';
/** A harmless page visited before Vigie, so that "Back" has somewhere to go. */
const BEFORE_URL = 'https://avant.example/';

const env = useE2eEnv();

interface ExitRecorder {
  /** Requests that reached the (intercepted) neutral site, with their Referer header if any. */
  neutralRequests: { url: string; referer: string | undefined }[];
}

/** Answers the neutral site and the "before" page locally with dummy pages: no request leaves. */
async function interceptOutside(context: BrowserContext): Promise<ExitRecorder> {
  const recorder: ExitRecorder = { neutralRequests: [] };
  await context.route(
    (url) => url.hostname === NEUTRAL_HOST,
    (route) => {
      recorder.neutralRequests.push({
        url: route.request().url(),
        referer: route.request().headers().referer,
      });
      return route.fulfill({
        status: 200,
        contentType: 'text/html; charset=utf-8',
        body: '<!doctype html><title>Météo</title><p>Météo</p>',
      });
    },
  );
  await context.route(
    (url) => url.href === BEFORE_URL,
    (route) =>
      route.fulfill({ status: 200, contentType: 'text/html', body: '<!doctype html><title>Avant</title>' }),
  );
  return recorder;
}

async function historyLength(page: Page): Promise<number> {
  return page.evaluate(() => history.length);
}

/**
 * Leaves the current Vigie page with `trigger`, then checks: the neutral site is
 * shown, the history did not grow (location.replace), and Back does not return to the page left.
 */
async function assertReplacedExit(
  page: Page,
  recorder: ExitRecorder,
  trigger: (page: Page) => Promise<void>,
): Promise<void> {
  const left = page.url();
  const lengthBefore = await historyLength(page);
  const requestsBefore = recorder.neutralRequests.length;
  await trigger(page);
  await page.waitForURL((url) => url.hostname === NEUTRAL_HOST);
  assert.equal(await page.title(), 'Météo');
  assert.equal(recorder.neutralRequests.length, requestsBefore + 1, 'une seule requête vers le site neutre');
  assert.equal(recorder.neutralRequests.at(-1)?.referer, undefined, 'aucun Referer vers le site neutre');
  assert.equal(await historyLength(page), lengthBefore, 'la page Vigie est remplacée, pas empilée');
  await page.goBack();
  assert.notEqual(page.url(), left, 'le bouton Retour ne ramène pas à la page quittée');
}

test('« Quitter rapidement » sur l’accueil remplace la page (clic puis Échap deux fois)', {
  skip,
}, async () => {
  const { context, external } = await env().newContext();
  const recorder = await interceptOutside(context);
  const page = await context.newPage();

  await page.goto(BEFORE_URL);
  await page.goto(`${env().baseUrl}/`);
  await assertReplacedExit(page, recorder, (p) =>
    p.getByRole('link', { name: 'Quitter rapidement', exact: true }).click(),
  );
  assert.equal(page.url(), BEFORE_URL, 'Retour mène à la page d’avant Vigie');

  await page.goto(`${env().baseUrl}/`);
  await assertReplacedExit(page, recorder, async (p) => {
    await p.keyboard.press('Escape');
    await p.keyboard.press('Escape');
  });
  assert.equal(page.url(), BEFORE_URL);

  // A single Escape (closing a menu, say) must not throw the person out.
  await page.goto(`${env().baseUrl}/`);
  await page.keyboard.press('Escape');
  await page.waitForTimeout(300);
  assert.equal(new URL(page.url()).host, new URL(env().baseUrl).host, 'un seul Échap ne quitte pas');

  assert.deepEqual(
    external.filter((url) => !url.startsWith(BEFORE_URL)),
    [],
    'rien d’autre ne sort',
  );
  await context.close();
});

test('« Quitter rapidement » pendant la conversation remplace la page du chat', { skip }, async () => {
  const { context } = await env().newContext();
  const recorder = await interceptOutside(context);
  const page = await context.newPage();

  await startReportFromHome(page, env().baseUrl);
  const chatUrl = page.url();
  await assertReplacedExit(page, recorder, (p) =>
    p.getByRole('link', { name: 'Quitter rapidement', exact: true }).click(),
  );
  // Back reaches the page before the chat (the home page): location.replace cannot erase older entries,
  // which /quitter-rapidement tells the person to clear themselves.
  assert.notEqual(page.url(), chatUrl);

  // The session ended with the exit: a new conversation is started to try the keyboard shortcut.
  await startReportFromHome(page, env().baseUrl);
  await page.getByLabel('Votre message').fill('Début de message');
  await assertReplacedExit(page, recorder, async (p) => {
    await p.keyboard.press('Escape');
    await p.keyboard.press('Escape');
  });
  assert.notEqual(page.url(), chatUrl);
  await context.close();
});

test('sans JavaScript, le lien « Quitter rapidement » mène quand même ailleurs, sans Referer', {
  skip,
}, async () => {
  const { context } = await env().newContext({ javaScriptEnabled: false });
  const recorder = await interceptOutside(context);
  const page = await context.newPage();

  for (const path of ['/', '/signaler/conversation', '/suivi']) {
    await page.goto(`${env().baseUrl}${path}`);
    const link = page.getByRole('link', { name: 'Quitter rapidement', exact: true });
    const rel = (await link.getAttribute('rel')) ?? '';
    assert.ok(rel.split(/\s+/).includes('noreferrer'), `rel="${rel}" sur ${path}`);
    const before = recorder.neutralRequests.length;
    await link.click();
    await page.waitForURL((url) => url.hostname === NEUTRAL_HOST);
    assert.equal(recorder.neutralRequests.length, before + 1);
    assert.equal(recorder.neutralRequests.at(-1)?.referer, undefined, `aucun Referer depuis ${path}`);
  }
  await context.close();
});

test('après « Quitter rapidement », ni Retour ni une nouvelle visite ne montrent la conversation', {
  skip,
}, async () => {
  for (const javaScriptEnabled of [true, false]) {
    const { context } = await env().newContext({ javaScriptEnabled });
    await interceptOutside(context);
    const page = await context.newPage();
    await startReportFromHome(page, env().baseUrl);
    await page.getByLabel('Votre message').fill('mon mari me frappe quand il a bu');
    await page.getByRole('button', { name: 'Envoyer', exact: true }).click();
    await page.getByText('mon mari me frappe quand il a bu').first().waitFor();
    await page.getByRole('link', { name: 'Quitter rapidement', exact: true }).click();
    await page.waitForURL((url) => url.hostname === NEUTRAL_HOST);
    await page.goBack();
    assert.doesNotMatch(
      await page.content(),
      /mon mari me frappe/,
      `Retour, JavaScript ${javaScriptEnabled}`,
    );
    // With JavaScript the session ends by a beacon sent as the page leaves: give it a moment to land.
    let shown = true;
    for (let attempt = 0; attempt < 20 && shown; attempt++) {
      await page.goto(`${env().baseUrl}/signaler/conversation`);
      shown = /mon mari me frappe/.test(await page.content());
      if (shown) await page.waitForTimeout(100);
    }
    assert.equal(shown, false, `nouvelle visite, JavaScript ${javaScriptEnabled}`);
    // The page says so and offers to start again, with a button that shows its words (not an icon alone).
    const again = page.getByRole('button', { name: 'Faire un signalement' });
    const box = await again.boundingBox();
    assert.ok(box && box.width > 150, `bouton « Faire un signalement » lisible (${box?.width} px)`);
    await context.close();
  }
});

test('la bande d’urgence reste au-dessus de la page quand on fait défiler, sur téléphone et sur ordinateur', {
  skip,
}, async () => {
  for (const viewport of [
    { width: 360, height: 740 },
    { width: 1280, height: 800 },
  ]) {
    const { context } = await env().newContext({ viewport });
    const page = await context.newPage();
    await page.goto(`${env().baseUrl}/`);
    for (const y of [0, 40, 80, 150, 400]) {
      await page.evaluate((top) => window.scrollTo(0, top), y);
      // What a tap at the centre of each control would hit: the control itself, not the header over it.
      const covered = await page.evaluate(() =>
        [...document.querySelectorAll<HTMLElement>('.vigie-urgence a')]
          .filter((control) => {
            const box = control.getBoundingClientRect();
            const hit = document.elementFromPoint(box.left + box.width / 2, box.top + box.height / 2);
            return !hit || !control.contains(hit);
          })
          .map((control) => control.textContent?.trim()),
      );
      assert.deepEqual(covered, [], `${viewport.width} px, défilement ${y} px`);
    }
    const height = await page.evaluate(
      () => document.querySelector('.vigie-urgence')?.getBoundingClientRect().height,
    );
    assert.ok(
      height !== undefined && height <= 64,
      `bande sur une ligne (${height} px) à ${viewport.width} px`,
    );
    await context.close();
  }
});
