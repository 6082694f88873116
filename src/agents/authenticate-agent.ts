import type { AppDeps } from '../app-deps.ts';
import { hashToken } from '../crypto/receipt.ts';
import type { Executor } from '../db/database.ts';
import { AppError } from '../errors.ts';
import type { AgentPrincipal } from './agent-principal.ts';
import type { Role } from './roles.ts';
import { findLiveSession } from './session.repo.ts';
import { SESSION_IDLE_MS } from './sign-in.ts';

/**
 * The agent behind a session token, checked in the database on every request (so a logout or a disabled
 * account takes effect at once, in every process). `touch` restarts the idle clock: requests the agent
 * makes do, a live stream re-checking its session does not.
 */
export async function authenticateAgent(
  deps: Pick<AppDeps, 'db' | 'keys' | 'now'>,
  token: string | undefined,
  options: { touch: boolean; db?: Executor },
): Promise<AgentPrincipal> {
  if (!token || token.length > 200) throw new AppError('not_signed_in');
  const now = deps.now();
  const sessionHash = hashToken(deps.keys.agentTokenKey, token);
  const db = options.db ?? deps.db;
  const live = await findLiveSession(
    db,
    sessionHash,
    now,
    new Date(now.getTime() - SESSION_IDLE_MS),
    options.touch,
  );
  if (!live) throw new AppError('not_signed_in');
  return {
    id: live.id,
    username: live.username,
    role: live.role as Role,
    unitIds: live.unit_ids,
    unitCodes: live.unit_codes,
    sessionHash,
  };
}
