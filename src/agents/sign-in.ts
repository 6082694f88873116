import { createHmac } from 'node:crypto';
import type { AppDeps } from '../app-deps.ts';
import { recordAudit } from '../audit/audit.repo.ts';
import { decryptJson } from '../crypto/envelope.ts';
import { generateToken, hashToken } from '../crypto/receipt.ts';
import { AppError } from '../errors.ts';
import { consumeTotpStep, findAgentByUsername, listAgentUnits } from './agent.repo.ts';
import { totpAad } from './create-agent.ts';
import { clearFailures, countAttempt } from './login-throttle.repo.ts';
import { verifyPassword } from './password-hash.ts';
import type { Role } from './roles.ts';
import { insertSession } from './session.repo.ts';
import { generateTotpSecret, matchTotp } from './totp.ts';

/** At most this many failed sign-ins per username in THROTTLE_WINDOW_MS; then 429 until it passes. */
export const MAX_FAILURES = 5;
export const THROTTLE_WINDOW_MS = 60_000;
/** A session ends after 12 hours whatever happens, and after 15 minutes without activity. */
export const SESSION_ABSOLUTE_MS = 12 * 60 * 60 * 1000;
export const SESSION_IDLE_MS = 15 * 60 * 1000;

export interface SignedInAgent {
  agent: { username: string; role: Role; units: string[] };
  token: string;
}

// Checked for unknown users too, so that the work (and its time) is the same.
const DUMMY_TOTP_SECRET = generateTotpSecret();

/** The throttle's key: a keyed hash of the username as typed, known or not. */
function throttleKey(key: Buffer, username: string): Buffer {
  return createHmac('sha256', key).update(`login:${username}`, 'utf8').digest();
}

/**
 * Password + TOTP sign-in. Unknown user, disabled account, wrong password, wrong or replayed code: the
 * same 401 after the same work (a password hash is always checked, a code always computed). Attempts are
 * counted per username in the database (shared by every process, and by unknown names alike) and a
 * success clears them, so five wrong attempts lock that name for a minute and nobody else.
 */
export async function signIn(
  deps: AppDeps,
  input: { username: string; password: string; totp: string },
): Promise<SignedInAgent> {
  const username = input.username.trim().toLowerCase().slice(0, 64);
  const now = deps.now();
  const windowStart = new Date(now.getTime() - THROTTLE_WINDOW_MS);
  const key = throttleKey(deps.keys.agentTokenKey, username);
  // The attempt is counted before it is checked and forgotten if it succeeds: checking a count first
  // and adding the failure after the (slow) password hash let a burst of parallel guesses all through.
  if ((await countAttempt(deps.db, key, now, windowStart)) > MAX_FAILURES) {
    throw new AppError('too_many_requests', 'Trop de tentatives pour ce compte : patientez une minute.');
  }
  const agent = await findAgentByUsername(deps.db, username);
  const passwordOk = await verifyPassword(agent?.password_hash ?? null, input.password.slice(0, 256));
  const secret = agent
    ? decryptJson<{ secret: string }>(deps.keys.totpKey, agent.totp_secret_enc, totpAad(agent.id)).secret
    : DUMMY_TOTP_SECRET;
  const step = matchTotp(secret, String(input.totp ?? ''), now);
  const accepted =
    agent &&
    !agent.disabled_at &&
    passwordOk &&
    step !== null &&
    (await consumeTotpStep(deps.db, agent.id, step));
  if (!agent || !accepted) throw new AppError('invalid_credentials');
  await clearFailures(deps.db, key);
  const token = generateToken();
  const units = await listAgentUnits(deps.db, agent.id);
  await deps.db.transaction().execute(async (tx) => {
    await insertSession(tx, {
      tokenHash: hashToken(deps.keys.agentTokenKey, token),
      agentId: agent.id,
      now,
      expiresAt: new Date(now.getTime() + SESSION_ABSOLUTE_MS),
    });
    await recordAudit(tx, {
      actorKind: 'agent',
      actorId: agent.id,
      action: 'agent.signed_in',
      objectType: 'agent',
      objectId: agent.id,
      unitIds: units.map((u) => u.id),
    });
  });
  return {
    agent: { username: agent.username, role: agent.role as Role, units: units.map((u) => u.code) },
    token,
  };
}
