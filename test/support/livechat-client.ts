import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { createAgent } from '../../src/agents/create-agent.ts';
import { currentTotp } from '../../src/agents/totp.ts';
import type { KeyRing } from '../../src/crypto/master-key.ts';
import type { Db } from '../../src/db/database.ts';
import { type OpenedStream, openStream, type SseEvent } from './agent-client.ts';

/**
 * The live chat over real HTTP, against a listening server process: the citizen as the chat script
 * drives it (bearer token), the operator as the console does (session cookie). Both sides see messages
 * in this shape; `internal` is only ever on the operator's side.
 */
export interface ChatMessage {
  id: string;
  seq: number;
  author: string;
  text: string;
  internal?: boolean;
}

/** How long a citizen keeps retrying a turn refused by the rate limit before the test gives up. */
const RETRY_BUDGET_MS = 60_000;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function expectJson<T>(response: Response, status: number, what: string): Promise<T> {
  const body = await response.text();
  assert.equal(response.status, status, `${what} : ${body.slice(0, 300)}`);
  return JSON.parse(body) as T;
}

/** Opens a conversation on the server at `baseUrl`, as the citizen's page does. */
export async function startConversation(baseUrl: string): Promise<{ id: string; token: string }> {
  const response = await fetch(`${baseUrl}/api/v1/conversations`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ category: 'stupefiants' }),
  });
  return expectJson(response, 201, 'ouverture de la conversation');
}

/** The citizen's side of one conversation, on one server. */
export function citizenChat(baseUrl: string, conversation: { id: string; token: string }) {
  const url = `${baseUrl}/api/v1/conversations/${conversation.id}`;
  const auth = { authorization: `Bearer ${conversation.token}` };
  return {
    /**
     * Sends a turn and resolves with the messages it wrote. A 429 (more than 20 turns in 10 s) wrote
     * nothing: the turn is sent again after Retry-After, as the chat script does.
     */
    async send(body: { text: string } | { option: string }): Promise<ChatMessage[]> {
      const deadline = Date.now() + RETRY_BUDGET_MS;
      while (true) {
        const response = await fetch(`${url}/messages`, {
          method: 'POST',
          headers: { ...auth, 'content-type': 'application/json' },
          body: JSON.stringify(body),
        });
        if (response.status === 429 && Date.now() < deadline) {
          await response.body?.cancel();
          await sleep(Number(response.headers.get('retry-after') ?? 1) * 1000);
          continue;
        }
        return (await expectJson<{ messages: ChatMessage[] }>(response, 201, 'message du citoyen')).messages;
      }
    },
    /** Sends free text and resolves with the citizen's own message. */
    async say(text: string): Promise<ChatMessage> {
      const written = (await this.send({ text })).find((m) => m.author === 'citizen');
      assert.ok(written, 'le message du citoyen dans la réponse');
      return written;
    },
    async view(): Promise<{ status: string; messages: ChatMessage[] }> {
      return expectJson(await fetch(url, { headers: auth }), 200, 'lecture de la conversation');
    },
    follow(afterSeq: number): Promise<OpenedStream> {
      return openStream(`${url}/events`, { ...auth, 'last-event-id': String(afterSeq) });
    },
  };
}

/**
 * Creates an operator of the reception platform in the database (with the processes' key ring, so that
 * the TOTP secret decrypts on every process) and signs them in on the server at `baseUrl`.
 */
export async function signInOperator(baseUrl: string, deps: { db: Db; keys: KeyRing }): Promise<string> {
  const username = `operateur-${randomBytes(4).toString('hex')}`;
  const password = `Fort-Griffon-${randomBytes(6).toString('hex')}`;
  const created = await createAgent(deps, { username, role: 'operateur', unitCodes: [], password });
  const response = await fetch(`${baseUrl}/api/v1/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username, password, totp: currentTotp(created.totpSecret, new Date()) }),
  });
  await expectJson(response, 200, 'connexion de l’opérateur');
  const cookie = response.headers
    .getSetCookie()
    .map((c) => c.split(';')[0] as string)
    .find((c) => c.startsWith('vigie_console='));
  assert.ok(cookie, 'cookie vigie_console');
  return cookie;
}

/** The operator's side, on one server: presence, the chats they hold, one chat's transcript, writes and stream. */
export function operatorConsole(baseUrl: string, cookie: string) {
  const request = (method: string, path: string, body?: unknown) =>
    fetch(`${baseUrl}/api/v1${path}`, {
      method,
      headers: { cookie, ...(body !== undefined && { 'content-type': 'application/json' }) },
      ...(body !== undefined && { body: JSON.stringify(body) }),
    });
  return {
    async setPresence(status: 'online' | 'away' | 'offline'): Promise<void> {
      await expectJson(await request('PUT', '/agent/presence', { status }), 200, 'présence');
    },
    async myChats(): Promise<string[]> {
      const { items } = await expectJson<{ items: { conversationId: string }[] }>(
        await request('GET', '/chats?state=mine'),
        200,
        'conversations de l’opérateur',
      );
      return items.map((item) => item.conversationId);
    },
    async transcript(conversationId: string): Promise<{ status: string; messages: ChatMessage[] }> {
      return expectJson(await request('GET', `/chats/${conversationId}`), 200, 'transcription');
    },
    async write(conversationId: string, text: string, internal = false): Promise<ChatMessage> {
      const response = await request('POST', `/chats/${conversationId}/messages`, { text, internal });
      return (await expectJson<{ message: ChatMessage }>(response, 201, 'message de l’opérateur')).message;
    },
    follow(conversationId: string, afterSeq: number): Promise<OpenedStream> {
      return openStream(`${baseUrl}/api/v1/chats/${conversationId}/events`, {
        cookie,
        'last-event-id': String(afterSeq),
      });
    },
  };
}

/**
 * The messages of a stream's events. Other events (the operator's `facts` and `status`) are not
 * messages and are left aside; an `end` (access lost, session ended) fails the test.
 */
function messagesOf(events: SseEvent[]): ChatMessage[] {
  const ended = events.find((e) => e.event === 'end');
  assert.equal(ended, undefined, `flux terminé par le serveur : ${JSON.stringify(ended?.data)}`);
  return events
    .filter((e) => e.event === 'message')
    .map((e) => {
      const message = e.data as ChatMessage;
      assert.equal(e.id, String(message.seq), 'id de l’événement = seq du message');
      return message;
    });
}

/**
 * A live stream that the client closes and opens again, as a phone changing networks does: it keeps
 * every message received over all its connections and resumes after the last one with Last-Event-ID.
 */
export function resumableFeed(open: (afterSeq: number) => Promise<OpenedStream>, startSeq: number) {
  const earlier: ChatMessage[] = [];
  let current: ChatMessage[] = [];
  let stream: OpenedStream | undefined;
  const received = () => [...earlier, ...current];
  /** Reads until `until` holds for everything received, on any connection, or the timeout passes. */
  const waitUntil = async (until: (all: ChatMessage[]) => boolean, timeoutMs = 10_000) => {
    assert.ok(stream, 'flux fermé');
    const events = await stream.waitFor((all) => {
      current = messagesOf(all);
      return until(received());
    }, timeoutMs);
    current = messagesOf(events);
    return received();
  };
  return {
    received,
    waitUntil,
    async connect(): Promise<void> {
      assert.equal(stream, undefined, 'déjà connecté');
      stream = await open(received().at(-1)?.seq ?? startSeq);
      assert.equal(stream.status, 200, 'ouverture du flux');
      current = [];
    },
    /** Reads until every one of `messages` has been received; fails naming those that never came. */
    async expectAll(messages: ChatMessage[], side: string): Promise<ChatMessage[]> {
      const all = await waitUntil((got) => missingFrom(got, messages).length === 0);
      assert.deepEqual(missingFrom(all, messages), [], `${side} : messages jamais reçus`);
      return all;
    },
    /** Closes the connection; whatever the server sent that was not read yet is lost, as on a real drop. */
    disconnect(): void {
      stream?.close();
      stream = undefined;
      earlier.push(...current);
      current = [];
    },
  };
}

/** The texts of `expected` that are not in `received`. */
function missingFrom(received: ChatMessage[], expected: ChatMessage[]): string[] {
  const got = new Set(received.map((m) => m.id));
  return expected.filter((m) => !got.has(m.id)).map((m) => m.text);
}
