import { randomBytes, randomUUID } from 'node:crypto';
import { recordAudit } from '../audit/audit.repo.ts';
import { encryptJson } from '../crypto/envelope.ts';
import type { KeyRing } from '../crypto/master-key.ts';
import type { Db } from '../db/database.ts';
import { AppError } from '../errors.ts';
import { findPlatformUnit, findUnitByCode } from '../units/unit.repo.ts';
import { findAgentByUsername, insertAgent } from './agent.repo.ts';
import { hashPassword } from './password-hash.ts';
import { passwordProblem } from './password-policy.ts';
import { isRole, type Role } from './roles.ts';
import { generateTotpSecret, totpUrl } from './totp.ts';

export interface NewAgent {
  username: string;
  password: string;
  totpSecret: string;
  otpauthUrl: string;
}

export const USERNAME_PATTERN = /^[a-z0-9][a-z0-9._-]{2,63}$/;
export const totpAad = (agentId: string) => `totp:${agentId}`;

/** A password of 20 characters from a 64-symbol alphabet (120 bits), for accounts created without one. */
export function generatePassword(): string {
  return randomBytes(15).toString('base64url');
}

/**
 * Creates an agent account: username, role, units, a password (given or generated; checked against the
 * policy), a TOTP secret (encrypted), one audit record. Returns what the new agent must be handed once:
 * nothing of it is stored in clear.
 */
export async function createAgent(
  deps: { db: Db; keys: KeyRing },
  input: { username: string; role: string; unitCodes: string[]; password?: string; actorId?: string | null },
): Promise<NewAgent> {
  const username = input.username.trim().toLowerCase();
  if (!USERNAME_PATTERN.test(username)) {
    throw new AppError(
      'invalid_input',
      'Identifiant invalide : 3 à 64 caractères parmi a-z, 0-9, point, tiret et tiret bas.',
    );
  }
  if (!isRole(input.role)) {
    throw new AppError('invalid_input', 'Rôle inconnu : operateur, analyste, superviseur ou admin.');
  }
  const role: Role = input.role;
  const password = input.password ?? generatePassword();
  const problem = passwordProblem(password, username);
  if (problem) throw new AppError('invalid_input', problem);
  const passwordHash = await hashPassword(password);
  const totpSecret = generateTotpSecret();

  await deps.db
    .transaction()
    .execute(async (tx) => {
      if (await findAgentByUsername(tx, username)) {
        throw new AppError('conflict', `Un compte « ${username} » existe déjà.`);
      }
      const unitIds = await resolveUnits(tx, role, input.unitCodes);
      const id = randomUUID();
      await insertAgent(
        tx,
        {
          id,
          username,
          role,
          passwordHash,
          totpSecretEnc: encryptJson(deps.keys.totpKey, { secret: totpSecret }, totpAad(id)),
        },
        unitIds,
      );
      await recordAudit(tx, {
        actorKind: input.actorId ? 'agent' : 'system',
        actorId: input.actorId ?? null,
        action: 'agent.created',
        objectType: 'agent',
        objectId: id,
        detail: { role, units: input.unitCodes.join(',') },
        unitIds,
      });
    })
    .catch((error: { code?: string }) => {
      // Two creations of one name at the same instant: the second meets the unique index.
      if (error?.code === '23505') throw new AppError('conflict', `Un compte « ${username} » existe déjà.`);
      throw error;
    });
  return { username, password, totpSecret, otpauthUrl: totpUrl(username, totpSecret) };
}

/**
 * The units of a new account. An operator without a unit joins the reception platform; analysts and
 * supervisors need a unit; an administrator has none (units give access to reports).
 */
async function resolveUnits(db: Parameters<typeof findUnitByCode>[0], role: Role, codes: string[]) {
  if (role === 'admin') {
    if (codes.length > 0)
      throw new AppError('invalid_input', 'Un administrateur n’appartient à aucune unité.');
    return [];
  }
  if (codes.length === 0) {
    const platform = role === 'operateur' ? await findPlatformUnit(db) : undefined;
    if (!platform) throw new AppError('invalid_input', 'Indiquez l’unité du compte (--unit CODE).');
    return [platform.id];
  }
  const ids: string[] = [];
  for (const code of codes) {
    const unit = await findUnitByCode(db, code.trim().toUpperCase());
    if (!unit) throw new AppError('invalid_input', `Unité inconnue : ${code}.`);
    if (role === 'operateur' && unit.kind !== 'plateforme') {
      throw new AppError('invalid_input', 'Un opérateur appartient à la plateforme de réception.');
    }
    ids.push(unit.id);
  }
  return [...new Set(ids)];
}
