import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { mkdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { FastifyInstance } from 'fastify';
import type { Page } from 'playwright-core';
import { createAgent } from '../../../src/agents/create-agent.ts';
import { currentTotp } from '../../../src/agents/totp.ts';
import type { AppDeps } from '../../../src/app-deps.ts';
import { type AxeViolation, blockingViolations, formatViolations, WCAG_TAGS } from './axe.ts';

/** The officer's desk screen. */
export const DESK_VIEWPORT = { width: 1280, height: 800 } as const;
export const SHOTS_DIR = '/tmp/console-shots';

export interface ConsoleAgent {
  username: string;
  password: string;
  secret: string;
}

let accounts = 0;

/** A new account of this role and units, with a password of its own (each test signs in once per account). */
export async function newConsoleAgent(
  deps: AppDeps,
  role: string,
  unitCodes: string[] = [],
): Promise<ConsoleAgent> {
  const username = `${role}-${++accounts}-${randomBytes(2).toString('hex')}`;
  const password = `Citadelle-Vauban-${randomBytes(4).toString('hex')}`;
  const created = await createAgent(deps, { username, role, unitCodes, password });
  return { username, password, secret: created.totpSecret };
}

/** Presses Tab until the element with this id has the focus, as a keyboard user would. */
export async function tabToId(page: Page, id: string, max = 30): Promise<void> {
  for (let i = 0; i < max; i++) {
    if (await page.evaluate((target) => document.activeElement?.id === target, id)) return;
    await page.keyboard.press('Tab');
  }
  assert.fail(`#${id} jamais atteint au clavier`);
}

/** Signs in on /console with the keyboard only: Tab to each field, type, Enter. Lands on the agent's home. */
export async function signInWithKeyboard(page: Page, baseUrl: string, agent: ConsoleAgent): Promise<void> {
  await page.goto(`${baseUrl}/console`);
  await tabToId(page, 'login-username');
  await page.keyboard.type(agent.username);
  await page.keyboard.press('Tab');
  await page.keyboard.type(agent.password);
  await page.keyboard.press('Tab');
  await page.keyboard.type(currentTotp(agent.secret, new Date()));
  await page.keyboard.press('Enter');
  await page.waitForURL((url) => url.pathname !== '/console');
}

const require = createRequire(import.meta.url);
const AXE_SOURCE = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');

/**
 * axe-core on the page as it stands, with the real CSP in force: the source is evaluated through the
 * DevTools protocol, which a page's CSP does not govern (a <script> tag would be refused, rightly).
 */
export async function scanConsolePage(page: Page): Promise<AxeViolation[]> {
  if (!(await page.evaluate(() => 'axe' in window))) await page.evaluate(AXE_SOURCE);
  const results = (await page.evaluate(
    (tags) =>
      (window as unknown as { axe: { run(context: Document, options: object): Promise<unknown> } }).axe.run(
        document,
        { runOnly: { type: 'tag', values: tags }, resultTypes: ['violations'] },
      ),
    [...WCAG_TAGS],
  )) as {
    violations: { id: string; impact?: string | null; help: string; nodes: { target: unknown[] }[] }[];
  };
  return results.violations.map((v) => ({
    id: v.id,
    impact: v.impact ?? null,
    help: v.help,
    targets: v.nodes.map((node) => node.target.map(String).join(' ')),
  }));
}

/** Fails on a serious or critical violation; returns the others' summary for the test's diagnostics. */
export async function assertAccessible(page: Page, name: string): Promise<string> {
  const violations = await scanConsolePage(page);
  const blocking = new Set(blockingViolations(violations));
  assert.equal(blocking.size, 0, `${name} : violations d’accessibilité\n${formatViolations([...blocking])}`);
  const other = violations.filter((v) => !blocking.has(v));
  return other.length ? `${name} : ${formatViolations(other)}` : '';
}

/** Screenshots at desk size into /tmp/console-shots: the whole page, and the screen as an officer sees it. */
export async function shoot(page: Page, name: string): Promise<void> {
  mkdirSync(SHOTS_DIR, { recursive: true });
  await page.screenshot({ path: `${SHOTS_DIR}/${name}.png`, fullPage: true });
  await page.screenshot({ path: `${SHOTS_DIR}/${name}-ecran.png` });
}

export const RICH_REPORT =
  'Tous les soirs vers 21h trois jeunes vendent du shit et de la coke devant le hall du 12 rue de Dole à ' +
  'Besançon. Un guetteur en survêtement noir, un scooter T-Max blanc immatriculé GA-318-PT. ' +
  'Commandes au 06 55 44 33 22 et sur Snap @plug_besak, 10 euros le joint.';

/** Files a drug report through the citizen API (category, one rich message, submission). */
export async function fileReportThroughApi(
  app: FastifyInstance,
  text = RICH_REPORT,
): Promise<{ receipt: string }> {
  const started = await app.inject({ method: 'POST', url: '/api/v1/conversations', payload: {} });
  assert.equal(started.statusCode, 201, started.body);
  const { id, token } = started.json() as { id: string; token: string };
  const post = (path: string, payload?: object) =>
    app.inject({
      method: 'POST',
      url: `/api/v1/conversations/${id}${path}`,
      headers: { authorization: `Bearer ${token}` },
      ...(payload && { payload }),
    });
  assert.equal((await post('/messages', { option: 'stupefiants' })).statusCode, 201);
  assert.equal((await post('/messages', { text })).statusCode, 201);
  const submitted = await post('/submit');
  assert.equal(submitted.statusCode, 201, submitted.body);
  return submitted.json() as { receipt: string };
}

/** Records the CSP refusals the page reports in its console (there must be none). */
export function recordCspViolations(page: Page): string[] {
  const seen: string[] = [];
  page.on('console', (message) => {
    if (/Content Security Policy/i.test(message.text())) seen.push(message.text());
  });
  return seen;
}
