import assert from 'node:assert/strict';
import type { FastifyInstance } from 'fastify';
import type { AppDeps } from '../../src/app-deps.ts';
import { requestOfficer } from '../../src/livechat/request-officer.ts';
import { agentRequest } from './agent-client.ts';

/** The live chat through `app.inject`, as the API tests drive it (test/crash drives real processes). */

export interface ChatItem {
  conversationId: string;
  danger: boolean;
  waitingSince: string | null;
  agent?: string;
  category: string | null;
  commune: string | null;
}

export interface ChatMessage {
  id: string;
  seq: number;
  author: string;
  text: string;
  internal: boolean;
}

export interface CitizenMessage {
  id: string;
  seq: number;
  author: string;
  text: string;
  [key: string]: unknown;
}

/** A citizen opens a conversation (optionally writes something) and asks for an officer. */
export async function queueConversation(
  app: FastifyInstance,
  deps: AppDeps,
  text?: string,
): Promise<{ id: string; token: string }> {
  const started = await app.inject({ method: 'POST', url: '/api/v1/conversations', payload: {} });
  assert.equal(started.statusCode, 201, started.body);
  const conversation = started.json() as { id: string; token: string };
  if (text) {
    const posted = await app.inject({
      method: 'POST',
      url: `/api/v1/conversations/${conversation.id}/messages`,
      headers: { authorization: `Bearer ${conversation.token}` },
      payload: { text },
    });
    assert.equal(posted.statusCode, 201, posted.body);
  }
  const queued = await requestOfficer(deps, { conversationId: conversation.id, token: conversation.token });
  assert.equal(queued.status, 'waiting_agent');
  return conversation;
}

/** The queue or the operator's chats. */
export async function listChatItems(
  app: FastifyInstance,
  cookie: string,
  state: 'queued' | 'mine',
): Promise<ChatItem[]> {
  const response = await agentRequest(app, cookie, 'GET', `/api/v1/chats?state=${state}`);
  assert.equal(response.statusCode, 200, response.body);
  return (response.json() as { items: ChatItem[] }).items;
}

export async function setPresence(
  app: FastifyInstance,
  cookie: string,
  status: 'online' | 'away' | 'offline',
): Promise<void> {
  const response = await agentRequest(app, cookie, 'PUT', '/api/v1/agent/presence', { status });
  assert.equal(response.statusCode, 200, response.body);
  assert.deepEqual(response.json(), { status });
}

/** The chat as its operator reads it (notes included). */
export async function chatTranscript(
  app: FastifyInstance,
  cookie: string,
  conversationId: string,
): Promise<ChatMessage[]> {
  const response = await agentRequest(app, cookie, 'GET', `/api/v1/chats/${conversationId}`);
  assert.equal(response.statusCode, 200, response.body);
  return (response.json() as { messages: ChatMessage[] }).messages;
}

/** The conversation as the citizen's token reads it. */
export async function citizenMessages(
  app: FastifyInstance,
  conversation: { id: string; token: string },
): Promise<CitizenMessage[]> {
  const response = await app.inject({
    method: 'GET',
    url: `/api/v1/conversations/${conversation.id}`,
    headers: { authorization: `Bearer ${conversation.token}` },
  });
  assert.equal(response.statusCode, 200, response.body);
  return (response.json() as { messages: CitizenMessage[] }).messages;
}
