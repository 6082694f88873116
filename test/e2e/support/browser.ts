import { existsSync } from 'node:fs';
import { after, before } from 'node:test';
import { type Browser, type BrowserContext, type BrowserContextOptions, chromium } from 'playwright-core';
import { createTestApp, type TestApp } from '../../support/test-app.ts';

/** Debian's Chromium: the e2e tests drive it, never a browser downloaded by Playwright. */
export const CHROMIUM_PATH = '/usr/bin/chromium';

const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--no-first-run',
  '--disable-sync',
];

/**
 * Why a browser test cannot run here, or false. A missing Chromium skips (never fails) the e2e suite,
 * as README.md promises; a missing DATABASE_URL means the file was not started by `npm test`.
 */
export const e2eSkip: string | false = !existsSync(CHROMIUM_PATH)
  ? 'Chromium de Debian absent : apt-get install -y chromium'
  : !process.env.DATABASE_URL
    ? 'nécessite DATABASE_URL : lancez `npm test`'
    : false;

/** The phone viewport of the journeys (a small Android phone). */
export const PHONE_VIEWPORT = { width: 360, height: 740 } as const;

/** Hosts the site may talk to: itself, and nothing else. */
export const LOCAL_HOSTS: ReadonlySet<string> = new Set(['127.0.0.1', 'localhost']);

/** One browser and one app over a fresh database, shared by the tests of a file. */
export interface E2eEnv {
  t: TestApp;
  browser: Browser;
  /** "http://127.0.0.1:PORT", without a trailing slash. */
  baseUrl: string;
  /**
   * A new isolated context (its own cookies and storage). Any request to another host is recorded in
   * `external` and answered locally (aborted, or by a test's own route), so nothing leaves the machine.
   */
  newContext(options?: BrowserContextOptions): Promise<{ context: BrowserContext; external: string[] }>;
  close(): Promise<void>;
}

/** Starts the real app on a free local port and launches one headless Chromium for the file. */
export async function openE2eEnv(): Promise<E2eEnv> {
  const t = await createTestApp();
  let browser: Browser | undefined;
  try {
    await t.app.listen({ port: 0, host: '127.0.0.1' });
    const address = t.app.server.address();
    if (!address || typeof address === 'string') throw new Error('adresse d’écoute inattendue');
    browser = await chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS });
    const opened = browser;
    return {
      t,
      browser: opened,
      baseUrl: `http://127.0.0.1:${address.port}`,
      async newContext(options = {}) {
        const context = await opened.newContext({ viewport: PHONE_VIEWPORT, locale: 'fr-FR', ...options });
        // Fail in seconds rather than Playwright's 30 s: every step here is local and fast.
        context.setDefaultTimeout(10_000);
        const external: string[] = [];
        // Registered first, so a test's own later route (the quick-exit destination) takes precedence.
        await context.route(
          (url) => !LOCAL_HOSTS.has(url.hostname) && url.protocol !== 'data:',
          (route) => {
            external.push(route.request().url());
            return route.abort('blockedbyclient');
          },
        );
        return { context, external };
      },
      async close() {
        await opened.close();
        await t.close();
      },
    };
  } catch (error) {
    await browser?.close();
    await t.close();
    throw error;
  }
}

/**
 * One environment for the whole test file, opened before its tests and closed after them (nothing when
 * Chromium is absent: the tests skip). Call at module level; the returned function gives the environment.
 */
export function useE2eEnv(): () => E2eEnv {
  let env: E2eEnv | undefined;
  before(async () => {
    if (!e2eSkip) env = await openE2eEnv();
  });
  after(async () => {
    await env?.close();
  });
  return () => {
    if (!env) throw new Error('environnement e2e non ouvert');
    return env;
  };
}

/** The citizen site's pages that need no conversation: every scan and budget walks them all. */
export const STATIC_CITIZEN_PAGES = [
  '/',
  '/themes/stupefiants',
  '/themes/violences-intrafamiliales',
  '/themes/violences-sexistes-et-sexuelles',
  '/themes/autres-faits',
  '/quitter-rapidement',
  '/accessibilite',
  '/confidentialite',
  '/suivi',
];
