import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { gzipSync } from 'node:zlib';
import type { Page, Response } from 'playwright-core';
import { type E2eEnv, LOCAL_HOSTS, openE2eEnv, e2eSkip as skip } from './support/browser.ts';
import { chooseOption, sendMessage, startReportFromHome, transmitReport } from './support/chat-journey.ts';
import { recordRequestUrls } from './support/traces.ts';

// Nothing but the site itself: no CDN, web font service, analytics or other third party, and light pages.
const HOME_FIRST_LOAD_BUDGET = 200 * 1024;
const JS_GZIP_BUDGET = 40 * 1024;

const CITIZEN_PAGES = [
  '/',
  '/themes/stupefiants',
  '/themes/violences-intrafamiliales',
  '/themes/violences-sexistes-et-sexuelles',
  '/themes/autres-faits',
  '/quitter-rapidement',
  '/accessibilite',
  '/confidentialite',
  '/suivi',
  '/signaler/conversation',
  '/cette-page-n-existe-pas',
];

let env: E2eEnv;
before(async () => {
  if (!skip) env = await openE2eEnv();
});
after(async () => {
  if (!skip) await env.close();
});

/** Every URL the browser asked for that is not on the site itself. */
function thirdPartyUrls(urls: string[]): string[] {
  return urls.filter((url) => {
    const parsed = new URL(url);
    if (parsed.protocol === 'data:' || parsed.protocol === 'blob:') return false;
    return !LOCAL_HOSTS.has(parsed.hostname);
  });
}

test('toutes les requêtes restent sur le site, pages et parcours compris', { skip }, async () => {
  const { context, external } = await env.newContext();
  const urls = recordRequestUrls(context);
  const page = await context.newPage();

  for (const path of CITIZEN_PAGES) {
    await page.goto(`${env.baseUrl}${path}`, { waitUntil: 'load' });
  }
  await startReportFromHome(page, env.baseUrl);
  await chooseOption(page, 'Trafic de stupéfiants');
  await sendMessage(page, 'Deal tous les soirs devant le 12 rue de Dole à Besançon, trois guetteurs.');
  await chooseOption(page, 'Terminer et voir le résumé');
  await chooseOption(page, "C'est correct");
  await transmitReport(page);
  await page.waitForLoadState('networkidle');

  assert.ok(urls.length > 30, `requêtes enregistrées : ${urls.length}`);
  assert.ok(
    urls.some((url) => url.includes('/dsfr/')),
    'les feuilles de style DSFR sont servies par le site',
  );
  assert.deepEqual(thirdPartyUrls(urls), [], 'requêtes vers un autre site');
  assert.deepEqual(external, []);
  await context.close();
});

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
  const { context } = await env.newContext();
  const page = await context.newPage();
  const collector = collectResponses(page);
  await page.goto(`${env.baseUrl}/`, { waitUntil: 'networkidle' });
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

test('moins de 40 Ko de JavaScript compressé par page', { skip }, async () => {
  const { context } = await env.newContext();
  const measured: string[] = [];

  const measure = async (name: string, responses: Collected[]) => {
    const scripts = responses.filter((response) => response.resourceType === 'script');
    const gzipped = scripts.reduce((sum, script) => sum + gzipSync(script.body).length, 0);
    measured.push(`${name} : ${scripts.length} script(s), ${gzipped} octets gzip`);
    assert.ok(scripts.length >= 1, `${name} : au moins le script de sortie rapide`);
    assert.ok(gzipped < JS_GZIP_BUDGET, `${name} : ${gzipped} octets de JavaScript gzip (budget 40 Ko)`);
    return scripts;
  };

  for (const path of CITIZEN_PAGES) {
    // A new page per visit, each a first visit: a cached script would not be counted.
    const page = await context.newPage();
    const collector = collectResponses(page);
    await page.goto(`${env.baseUrl}${path}`, { waitUntil: 'load' });
    await measure(path, await collector.stop());
    await page.close();
  }

  const page = await context.newPage();
  await page.goto(`${env.baseUrl}/`);
  let collector = collectResponses(page);
  await page.getByRole('button', { name: 'Commencer mon signalement' }).click();
  await page.waitForURL(/\/signaler\/conversation/);
  await page.waitForLoadState('load');
  const chatScripts = await measure('conversation', await collector.stop());
  assert.ok(
    chatScripts.some((script) => script.url.includes('/assets/chat.js')),
    'la conversation charge chat.js',
  );
  await chooseOption(page, 'Trafic de stupéfiants');
  await sendMessage(page, 'Deal devant le 12 rue de Dole à Besançon.');
  await chooseOption(page, 'Terminer et voir le résumé');
  await chooseOption(page, "C'est correct");
  collector = collectResponses(page);
  await transmitReport(page);
  await page.waitForLoadState('load');
  await measure('récépissé', await collector.stop());
  assert.equal(measured.length, CITIZEN_PAGES.length + 2, measured.join('\n'));
  await context.close();
});
