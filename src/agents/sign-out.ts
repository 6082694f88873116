import type { AppDeps } from '../app-deps.ts';
import { recordAudit } from '../audit/audit.repo.ts';
import type { AgentPrincipal } from './agent-principal.ts';
import { endSession } from './session.repo.ts';

/** Ends the agent's session on the server (the cookie alone would not be enough). */
export async function signOut(deps: AppDeps, agent: AgentPrincipal): Promise<void> {
  await deps.db.transaction().execute(async (tx) => {
    await endSession(tx, agent.sessionHash, deps.now(), 'logout');
    await recordAudit(tx, {
      actorKind: 'agent',
      actorId: agent.id,
      action: 'agent.signed_out',
      objectType: 'agent',
      objectId: agent.id,
      unitIds: agent.unitIds,
    });
  });
  deps.hub.announce(agentTopic(agent.id), 0);
}

/** The real-time topic that tells an agent's open streams to check their session again. */
export function agentTopic(agentId: string): string {
  return `agent-${agentId}`;
}
