import assert from 'node:assert/strict';
import { test } from 'node:test';
import { gzipSync } from 'node:zlib';
import type { Page, Response } from 'playwright-core';
import { LOCAL_HOSTS, STATIC_CITIZEN_PAGES, e2eSkip as skip, useE2eEnv } from './support/browser.ts';
import { chooseOption, sendMessage, transmitReport } from './support/chat-journey.ts';
import { recordRequestUrls } from './support/traces.ts';

// Nothing but the site itself: no CDN, web font service, analytics or other third party, and light pages.
const HOME_FIRST_LOAD_BUDGET = 200 * 1024;
const JS_GZIP_BUDGET = 40 * 1024;

const CITIZEN_PAGES = [...STATIC_CITIZEN_PAGES, '/signaler/conversation', '/cette-page-n-existe-pas'];

const env = useE2eEnv();

/** Every URL the browser asked for that is not on the site itself. */
function thirdPartyUrls(urls: string[]): string[] {
  return urls.filter((url) => {
    const parsed = new URL(url);
    if (parsed.protocol === 'data:' || parsed.protocol === 'blob:') return false;
    return !LOCAL_HOSTS.has(parsed.hostname);
  });
}

/** A response with its body, read at once: Chromium drops bodies when the page navigates away. */
interface Collected {
  url: string;
  resourceType: string;
  body: Buffer;
  transferred: number;
}

/** Collects the page's responses with their bodies from now until `stop()`. */
function collectResponses(page: Page): { stop(): Promise<Collected[]> } {
  const pending: Promise<Collected | null>[] = [];
  const onResponse = (response: Response) => {
    // The live chat's event stream never ends: waiting for its body would never return.
    if (response.request().resourceType() === 'eventsource') return;
    pending.push(
      (async () => {
        const [body, sizes] = await Promise.all([response.body(), response.request().sizes()]);
        return {
          url: response.url(),
          resourceType: response.request().resourceType(),
          body,
          transferred: sizes.responseBodySize + sizes.responseHeadersSize,
        };
      })().catch(() => null), // a redirect has no body
    );
  };
  page.on('response', onResponse);
  return {
    async stop() {
      page.off('response', onResponse);
      return (await Promise.all(pending)).filter((item): item is Collected => item !== null);
    },
  };
}

test('première visite de l’accueil sous 200 Ko transférés', { skip }, async () => {
  // A fresh context has an empty cache: this is what a first visit on a phone costs.
  const { context } = await env().newContext();
  const page = await context.newPage();
  const collector = collectResponses(page);
  await page.goto(`${env().baseUrl}/`, { waitUntil: 'networkidle' });
  const responses = await collector.stop();
  let transferred = 0;
  let gzipped = 0;
  const detail: string[] = [];
  for (const response of responses) {
    transferred += response.transferred;
    gzipped += gzipSync(response.body).length;
    detail.push(`${(response.transferred / 1024).toFixed(1)} Ko ${new URL(response.url).pathname}`);
  }
  assert.ok(responses.length >= 3, 'la page, ses styles et ses scripts');
  assert.ok(
    transferred < HOME_FIRST_LOAD_BUDGET,
    `accueil : ${Math.round(transferred / 1024)} Ko transférés (budget 200 Ko ; corps gzip : ${Math.round(gzipped / 1024)} Ko)\n${detail.join('\n')}`,
  );
  await context.close();
});

test('tout reste sur le site et chaque page a moins de 40 Ko de JavaScript compressé', { skip }, async () => {
  const { context, external } = await env().newContext();
  const urls = recordRequestUrls(context);
  const page = await context.newPage();
  const measured: string[] = [];

  /** Sums the gzip size of the page's scripts (read from cache or network alike). */
  const measureScripts = async (name: string, responses: Collected[]) => {
    const scripts = responses.filter((response) => response.resourceType === 'script');
    const gzipped = scripts.reduce((sum, script) => sum + gzipSync(script.body).length, 0);
    measured.push(`${name} : ${scripts.length} script(s), ${gzipped} octets gzip`);
    assert.ok(scripts.length >= 1, `${name} : au moins le script de sortie rapide`);
    assert.ok(gzipped < JS_GZIP_BUDGET, `${name} : ${gzipped} octets de JavaScript gzip (budget 40 Ko)`);
    return scripts;
  };

  for (const path of CITIZEN_PAGES) {
    const collector = collectResponses(page);
    await page.goto(`${env().baseUrl}${path}`, { waitUntil: 'load' });
    await measureScripts(path, await collector.stop());
  }

  await page.goto(`${env().baseUrl}/`);
  let collector = collectResponses(page);
  await page.getByRole('button', { name: 'Commencer mon signalement' }).click();
  await page.waitForURL(/\/signaler\/conversation/);
  await page.waitForLoadState('load');
  const chatScripts = await measureScripts('conversation', await collector.stop());
  assert.ok(
    chatScripts.some((script) => script.url.includes('/assets/chat.js')),
    'la conversation charge chat.js',
  );
  await chooseOption(page, 'Trafic de stupéfiants');
  await sendMessage(page, 'Deal tous les soirs devant le 12 rue de Dole à Besançon, trois guetteurs.');
  await chooseOption(page, 'Terminer et voir le résumé');
  await chooseOption(page, "C'est correct");
  collector = collectResponses(page);
  await transmitReport(page);
  await page.waitForLoadState('load');
  await measureScripts('récépissé', await collector.stop());
  assert.equal(measured.length, CITIZEN_PAGES.length + 2, measured.join('\n'));

  assert.ok(urls.length > 30, `requêtes enregistrées : ${urls.length}`);
  assert.ok(
    urls.some((url) => /\/assets\/vigie-[0-9a-f]+\.css$/.test(url)),
    'la feuille de style (DSFR compris) est servie par le site',
  );
  assert.ok(
    urls.some((url) => url.includes('/dsfr/fonts/Marianne-')),
    'les polices DSFR sont servies par le site',
  );
  assert.ok(
    urls.some((url) => url.includes('/api/v1/conversations/')),
    'les appels du chat en direct sont enregistrés',
  );
  assert.deepEqual(thirdPartyUrls(urls), [], 'requêtes vers un autre site');
  assert.deepEqual(external, []);
  await context.close();
});
