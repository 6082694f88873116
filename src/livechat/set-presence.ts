import type { AgentPrincipal } from '../agents/agent-principal.ts';
import type { AppDeps } from '../app-deps.ts';
import { assignQueued } from './assign-next.ts';
import { assertChatOperator } from './livechat.policy.ts';
import { type PresenceStatus, upsertPresence } from './livechat.repo.ts';
import { releaseChats } from './release-chats.ts';

export const PRESENCE_STATUSES = ['online', 'away', 'offline'] as const satisfies readonly PresenceStatus[];

/**
 * An operator's presence. Online: the automatic assignment may give them chats (and runs at once). Away:
 * they keep their chats and get no new one. Offline: their chats go back to the queue, to the others.
 */
export async function setPresence(
  deps: AppDeps,
  agent: AgentPrincipal,
  status: PresenceStatus,
): Promise<{ status: PresenceStatus }> {
  assertChatOperator(agent);
  const released = await deps.db.transaction().execute(async (tx) => {
    await upsertPresence(tx, agent.id, status, deps.now());
    if (status !== 'offline') return [];
    return releaseChats(tx, { agentId: agent.id, reason: 'offline', unitIds: agent.unitIds });
  });
  if (status === 'online' || released.length > 0) await assignQueued(deps);
  return { status };
}
