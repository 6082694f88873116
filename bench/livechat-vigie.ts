/**
 * Vigie's side of the live-chat bench: operators created in the database, the real server on one or two
 * processes, conversations that ask for an officer, operators who sign in, go online (the automatic
 * assignment gives each 3) and take the rest of the queue by hand (a take is not bound by the cap), so
 * that every operator holds the same number of chats.
 */
import { createAgent } from '../src/agents/create-agent.ts';
import { currentTotp } from '../src/agents/totp.ts';
import { loadConfig } from '../src/config.ts';
import { loadKeyRing } from '../src/crypto/master-key.ts';
import { openDatabase } from '../src/db/open-database.ts';
import { pool, requestJson, startChild, stopChild } from './bench-kit.ts';
import type { ChatTarget, Side } from './livechat-load.ts';

export interface Operator {
  username: string;
  secret: string;
}

/** `count` operators (role operateur: the reception platform) for each of `groups`, one password for all. */
export async function createOperators(
  env: { databaseUrl: string; dataDir: string; masterKey: string },
  groups: string[],
  count: number,
  password: string,
): Promise<Map<string, Operator[]>> {
  const config = loadConfig({
    DATABASE_URL: env.databaseUrl,
    VIGIE_DATA_DIR: env.dataDir,
    VIGIE_MASTER_KEY: env.masterKey,
  });
  const keys = await loadKeyRing(config);
  // Opening it migrates the database and creates the server's role, as the server will find them.
  const database = await openDatabase(config, () => {}, {
    appRolePassword: keys.appRolePassword,
    poolSize: 2,
  });
  const operators = new Map<string, Operator[]>();
  try {
    for (const group of groups) {
      const list: Operator[] = [];
      for (let i = 0; i < count; i++) {
        const username = `bench-chat-${group}-${i}`;
        const created = await createAgent(
          { db: database.db, keys },
          { username, role: 'operateur', unitCodes: [], password },
        );
        list.push({ username, secret: created.totpSecret });
      }
      operators.set(group, list);
    }
  } finally {
    await database.close();
  }
  return operators;
}

async function signIn(base: string, operator: Operator, password: string): Promise<string> {
  const { response } = await requestJson(base, 'POST', '/api/v1/auth/login', {
    body: { username: operator.username, password, totp: currentTotp(operator.secret, new Date()) },
  });
  const cookie = response.headers
    .getSetCookie()
    .map((c) => c.split(';')[0] as string)
    .find((c) => c.startsWith('vigie_console='));
  if (!cookie) throw new Error(`pas de cookie de console pour ${operator.username}`);
  return cookie;
}

const FIRST_WORDS = [
  'Tous les soirs vers 21h, trois jeunes vendent du shit devant le hall du 12 rue de Dole à Besançon.',
  'Depuis lundi, deux hommes vendent de la coke sur le parking de Châteaufarine à Besançon.',
  'Un guetteur en survêtement noir surveille l’entrée de la tour du 5 rue de Cologne à Planoise.',
  'Une Clio grise immatriculée GH-512-KL passe les réapprovisionner tous les jours vers 18h.',
];

export interface VigieSetup {
  target: ChatTarget;
  /** Chats per operator after the takes. */
  chatsPerOperator: number[];
  setupSeconds: number;
  close(): Promise<void>;
}

/**
 * Starts Vigie on `processes` processes (two: citizens on the first, operators on the second, so that
 * every delivery crosses from one process to the other through PostgreSQL), opens `conversations`
 * conversations that ask for an officer, and hands them out evenly to `operators`.
 */
export async function setUpVigie(options: {
  processes: 1 | 2;
  conversations: number;
  operators: Operator[];
  password: string;
  env: NodeJS.ProcessEnv;
  /** Passed to startChild: node flags and a file for what the servers print (a GC trace). */
  child?: { nodeFlags?: string[]; logFile?: string };
}): Promise<VigieSetup> {
  const t0 = performance.now();
  const servers = [await startChild('bench/vigie-server.ts', options.env, options.child)];
  const cleanup = async () => {
    for (const server of servers) await stopChild(server.child);
  };
  try {
    if (options.processes === 2) {
      servers.push(await startChild('bench/vigie-server.ts', options.env, options.child));
    }
    const citizenBase = `http://127.0.0.1:${servers[0]?.port}`;
    const operatorBase = `http://127.0.0.1:${servers.at(-1)?.port}`;

    // Citizens: open, tell, ask for an officer (nobody of this group is online yet: they wait in line).
    const chats: { id: string; token: string }[] = [];
    await pool(options.conversations, 8, async (i) => {
      const { json } = await requestJson(citizenBase, 'POST', '/api/v1/conversations', {
        body: { category: 'stupefiants' },
      });
      const chat = { id: json.id as string, token: json.token as string };
      chats[i] = chat;
      const path = `/api/v1/conversations/${chat.id}/messages`;
      await requestJson(citizenBase, 'POST', path, {
        token: chat.token,
        body: { text: FIRST_WORDS[i % FIRST_WORDS.length] },
      });
      await requestJson(citizenBase, 'POST', path, {
        token: chat.token,
        body: { option: 'talk_to_officer' },
      });
    });

    // Operators: one sign-in each (a TOTP step is accepted once per account), online, then their share.
    const cookies: string[] = [];
    for (const operator of options.operators) {
      const cookie = await signIn(operatorBase, operator, options.password);
      cookies.push(cookie);
      await requestJson(operatorBase, 'PUT', '/api/v1/agent/presence', {
        cookie,
        body: { status: 'online' },
      });
    }
    const holder = new Map<string, number>();
    for (const [k, cookie] of cookies.entries()) {
      const { json } = await requestJson(operatorBase, 'GET', '/api/v1/chats?state=mine', { cookie });
      for (const item of json.items as { conversationId: string }[]) holder.set(item.conversationId, k);
    }
    const share = Math.ceil(options.conversations / cookies.length);
    const counts = cookies.map((_, k) => [...holder.values()].filter((h) => h === k).length);
    const queued = chats.filter((chat) => !holder.has(chat.id));
    await pool(queued.length, 4, async (q) => {
      const chat = queued[q] as { id: string };
      const k = counts.findIndex((n) => n < share);
      if (k < 0) throw new Error('plus aucun opérateur avec une place');
      counts[k] = (counts[k] as number) + 1;
      await requestJson(operatorBase, 'POST', `/api/v1/chats/${chat.id}/take`, { cookie: cookies[k] });
      holder.set(chat.id, k);
    });
    const operatorOf = chats.map((chat) => {
      const k = holder.get(chat.id);
      if (k === undefined) throw new Error(`conversation ${chat.id} sans opérateur`);
      return cookies[k] as string;
    });

    const target: ChatTarget = {
      label: options.processes === 1 ? 'Vigie, 1 process' : 'Vigie, 2 processes',
      conversations: chats.length,
      stream(side: Side, i: number): { url: string; headers: Record<string, string> } {
        const chat = chats[i] as { id: string; token: string };
        return side === 'citizen'
          ? {
              url: `${citizenBase}/api/v1/conversations/${chat.id}/events`,
              headers: { authorization: `Bearer ${chat.token}` },
            }
          : {
              url: `${operatorBase}/api/v1/chats/${chat.id}/events`,
              headers: { cookie: operatorOf[i] as string },
            };
      },
      async send(side: Side, i: number, text: string) {
        const chat = chats[i] as { id: string; token: string };
        if (side === 'citizen') {
          await requestJson(citizenBase, 'POST', `/api/v1/conversations/${chat.id}/messages`, {
            token: chat.token,
            body: { text },
          });
        } else {
          await requestJson(operatorBase, 'POST', `/api/v1/chats/${chat.id}/messages`, {
            cookie: operatorOf[i] as string,
            body: { text },
          });
        }
      },
      pids: servers.map((s) => s.child.pid as number),
    };
    return {
      target,
      chatsPerOperator: counts,
      setupSeconds: (performance.now() - t0) / 1000,
      async close() {
        // Away, not offline: their chats stay theirs and are not handed to the next group's operators.
        for (const cookie of cookies) {
          await requestJson(operatorBase, 'PUT', '/api/v1/agent/presence', {
            cookie,
            body: { status: 'away' },
          }).catch(() => {});
        }
        await cleanup();
      },
    };
  } catch (error) {
    await cleanup();
    throw error;
  }
}
