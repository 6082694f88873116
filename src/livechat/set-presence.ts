import type { AgentPrincipal } from '../agents/agent-principal.ts';
import type { AppDeps } from '../app-deps.ts';
import { assignQueued } from './assign-next.ts';
import { readChatSettings } from './chat-settings.ts';
import { assertChatOperator } from './livechat.policy.ts';
import { findPresence, type PresenceStatus, upsertPresence } from './livechat.repo.ts';
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
    return releaseChats(tx, deps.keys, {
      agentId: agent.id,
      reason: 'offline',
      unitIds: agent.unitIds,
      now: deps.now(),
    });
  });
  if (status === 'online' || released.length > 0) await assignQueued(deps);
  return { status };
}

/**
 * An operator's presence as the assignment sees it: online but inactive for longer than the
 * administrator's setting counts as away (no new chat until they act again).
 */
export async function getPresence(
  deps: AppDeps,
  agent: AgentPrincipal,
): Promise<{ status: PresenceStatus; awayAfterMinutes: number }> {
  assertChatOperator(agent);
  const [presence, settings] = await Promise.all([
    findPresence(deps.db, agent.id),
    readChatSettings(deps.db),
  ]);
  const activeSince = deps.now().getTime() - settings.awayAfterMinutes * 60_000;
  const status =
    presence?.status === 'online' && presence.last_active_at.getTime() <= activeSince
      ? 'away'
      : (presence?.status ?? 'offline');
  return { status, awayAfterMinutes: settings.awayAfterMinutes };
}
