import type { FastifyReply, FastifyRequest } from 'fastify';
import { openAgentEventStream } from '../agents/agent-event-stream.ts';
import type { AgentPrincipal } from '../agents/agent-principal.ts';
import type { AppDeps } from '../app-deps.ts';
import { recordAudit } from '../audit/audit.repo.ts';
import { AppError } from '../errors.ts';
import { lastEventIdOf } from '../realtime/event-stream.ts';
import { authorizeChat } from './chat-access.ts';
import { readChatFacts } from './chat-facts.ts';
import { chatMessageOf } from './get-chat.ts';
import { findAssignedChat, findChatState, listChatMessages } from './livechat.repo.ts';

/**
 * The operator's live chat (SSE), like the citizen's: event `message` (id = seq) for each message
 * committed after Last-Event-ID (after the current end without it: the transcript comes from
 * `GET /api/v1/chats/:id`), internal notes included; event `facts` (the live fiche again) after the
 * citizen wrote; `end` with the code conversation_closed once the chat is no longer live (closed into a
 * report, transmitted by the citizen, erased). Subscribed to the conversation's topic, on which
 * every committed citizen turn and every operator message is announced; access is checked again before
 * every read, so a chat handed back or transferred, or a session ended, stops the stream.
 */
export async function streamChat(
  deps: AppDeps,
  request: FastifyRequest,
  reply: FastifyReply,
  agent: AgentPrincipal,
  conversationId: string,
): Promise<void> {
  const { chat, dataKey } = await authorizeChat(deps, deps.db, agent, conversationId);
  await recordAudit(deps.db, {
    actorKind: 'agent',
    actorId: agent.id,
    action: 'chat.viewed',
    objectType: 'conversation',
    objectId: chat.id,
    detail: { purpose: 'live' },
    unitIds: agent.unitIds,
  });
  // A Last-Event-ID beyond the conversation would silence the stream until the seq caught up with it.
  let sentSeq = Math.min(lastEventIdOf(request) ?? chat.last_seq, chat.last_seq);
  await openAgentEventStream(deps, request, reply, agent, {
    topics: [chat.id],
    async poll(send, current) {
      // Access again before every read, without the state or the key (unwrapped once, above): the
      // stream wakes on every message of the chat.
      const access = await findChatState(deps.db, conversationId);
      if (access?.assigned_agent_id !== current.id) throw new AppError('not_found');
      if (access.status !== 'with_agent') throw new AppError('conversation_closed');
      let citizenWrote = false;
      for (const row of await listChatMessages(deps.db, conversationId, sentSeq)) {
        if (row.seq <= sentSeq) continue;
        send('message', row.seq, chatMessageOf(dataKey, row));
        sentSeq = row.seq;
        citizenWrote ||= row.author === 'citizen';
      }
      // The live fiche fills itself: the facts the bot extracted from what the citizen just wrote.
      // Read after the messages (a turn commits its message and its facts together), never before.
      const fresh = citizenWrote ? await findAssignedChat(deps.db, conversationId, current.id) : undefined;
      if (fresh) send('facts', null, { facts: await readChatFacts(deps.db, dataKey, fresh) });
    },
  });
}
