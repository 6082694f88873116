import type { AppDeps } from '../app-deps.ts';
import { recordAudit } from '../audit/audit.repo.ts';
import { assignQueued } from '../livechat/assign-next.ts';
import { markOffline } from '../livechat/livechat.repo.ts';
import { releaseChats } from '../livechat/release-chats.ts';
import type { AgentPrincipal } from './agent-principal.ts';
import { countLiveSessions, endSession } from './session.repo.ts';
import { SESSION_IDLE_MS } from './sign-in.ts';

/**
 * Ends the agent's session on the server (the cookie alone would not be enough). An operator who has no
 * other session open goes offline and hands their chats back to the queue, where the other operators get
 * them; one still signed in elsewhere (a second browser) keeps them there.
 */
export async function signOut(deps: AppDeps, agent: AgentPrincipal): Promise<void> {
  const released = await deps.db.transaction().execute(async (tx) => {
    await endSession(tx, agent.sessionHash, deps.now(), 'logout');
    const now = deps.now();
    const idleSince = new Date(now.getTime() - SESSION_IDLE_MS);
    const lastSession = (await countLiveSessions(tx, agent.id, now, idleSince)) === 0;
    const chats =
      agent.role === 'operateur' && lastSession
        ? await releaseChats(tx, deps.keys, {
            agentId: agent.id,
            reason: 'signed_out',
            unitIds: agent.unitIds,
            now: deps.now(),
          })
        : [];
    if (lastSession) await markOffline(tx, agent.id, deps.now());
    await recordAudit(tx, {
      actorKind: 'agent',
      actorId: agent.id,
      action: 'agent.signed_out',
      objectType: 'agent',
      objectId: agent.id,
      unitIds: agent.unitIds,
    });
    return chats;
  });
  deps.hub.announce(agentTopic(agent.id), 0);
  if (released.length > 0) await assignQueued(deps);
}

/** The real-time topic that tells an agent's open streams to check their session again. */
export function agentTopic(agentId: string): string {
  return `agent-${agentId}`;
}
