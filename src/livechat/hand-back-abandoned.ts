import { countLiveSessions } from '../agents/session.repo.ts';
import { SESSION_IDLE_MS } from '../agents/sign-in.ts';
import type { KeyRing } from '../crypto/master-key.ts';
import type { Db } from '../db/database.ts';
import { findPlatformUnit } from '../units/unit.repo.ts';
import { assignQueued } from './assign-next.ts';
import { listHoldersWithoutSession, lockPresence, markOffline } from './livechat.repo.ts';
import { releaseChats } from './release-chats.ts';

/**
 * Hands back the chats of operators who left without signing out (a closed browser, a session that
 * idled out): nothing else would, and the citizens would wait for nobody. Run every minute by each server
 * process; safe from several at once (the release is a conditional UPDATE: a chat goes back once). The
 * operator is marked offline; their chats go back to the queue at their place, with a note, then to the
 * others.
 */
export async function handBackAbandonedChats(deps: {
  db: Db;
  keys: Pick<KeyRing, 'wrapKey'>;
  now: () => Date;
}): Promise<number> {
  const now = deps.now();
  const idleSince = new Date(now.getTime() - SESSION_IDLE_MS);
  const holders = await listHoldersWithoutSession(deps.db, now, idleSince);
  let released = 0;
  for (const agentId of holders) {
    released += await deps.db.transaction().execute(async (tx) => {
      // Signed in again since the list was read: they keep their chats.
      await lockPresence(tx, agentId);
      if ((await countLiveSessions(tx, agentId, now, idleSince)) > 0) return 0;
      const platform = await findPlatformUnit(tx);
      const chats = await releaseChats(tx, deps.keys, {
        agentId,
        reason: 'session_lost',
        unitIds: platform ? [platform.id] : [],
        now,
      });
      await markOffline(tx, agentId, now);
      return chats.length;
    });
  }
  if (released > 0) await assignQueued(deps);
  return released;
}
