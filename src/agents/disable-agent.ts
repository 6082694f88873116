import { recordAudit } from '../audit/audit.repo.ts';
import type { KeyRing } from '../crypto/master-key.ts';
import type { Db } from '../db/database.ts';
import { AppError } from '../errors.ts';
import { assignQueued } from '../livechat/assign-next.ts';
import { markOffline } from '../livechat/livechat.repo.ts';
import { releaseChats } from '../livechat/release-chats.ts';
import { announceOnCommit } from '../realtime/notify.repo.ts';
import { disableAgentRow, listAgentUnits } from './agent.repo.ts';
import { endAgentSessions } from './session.repo.ts';
import { agentTopic } from './sign-out.ts';

/**
 * Disables an account and ends its sessions at once, whichever process holds them: every request checks
 * its session in the database, and the open streams are told to check theirs (NOTIFY on commit, so this
 * works from the CLI with or without a server running). An operator's chats go back to the queue.
 */
export async function disableAgent(
  deps: { db: Db; now: () => Date; keys: Pick<KeyRing, 'wrapKey'> },
  input: { username: string; actorId?: string | null },
): Promise<{ sessionsEnded: number }> {
  const username = input.username.trim().toLowerCase();
  const done = await deps.db.transaction().execute(async (tx) => {
    const now = deps.now();
    const agent = await disableAgentRow(tx, username, now);
    if (!agent) throw new AppError('not_found', `Aucun compte « ${username} ».`);
    const sessionsEnded = await endAgentSessions(tx, agent.id, now, 'disabled');
    const units = await listAgentUnits(tx, agent.id);
    await recordAudit(tx, {
      actorKind: input.actorId ? 'agent' : 'system',
      actorId: input.actorId ?? null,
      action: 'agent.disabled',
      objectType: 'agent',
      objectId: agent.id,
      detail: { sessionsEnded },
      unitIds: units.map((u) => u.id),
    });
    const released = await releaseChats(tx, deps.keys, {
      agentId: agent.id,
      reason: 'disabled',
      unitIds: units.map((u) => u.id),
      now,
    });
    await markOffline(tx, agent.id, now);
    await announceOnCommit(tx, agentTopic(agent.id), 0);
    return { sessionsEnded, released: released.length };
  });
  if (done.released > 0) await assignQueued(deps);
  return { sessionsEnded: done.sessionsEnded };
}
