import { randomUUID } from 'node:crypto';
import type { AgentPrincipal } from '../agents/agent-principal.ts';
import type { AppDeps } from '../app-deps.ts';
import { recordAudit } from '../audit/audit.repo.ts';
import { AppError } from '../errors.ts';
import {
  deleteCannedAnswer,
  insertCannedAnswer,
  listCannedAnswers,
  shortcutTaken,
  updateCannedAnswer,
} from './canned-answers.repo.ts';
import { MAX_CHAT_MESSAGE_LENGTH } from './post-chat-message.ts';

export interface CannedAnswer {
  id: string;
  /** What the operator types after "/" to find it: lower-case letters, digits and hyphens. */
  shortcut: string;
  title: string;
  body: string;
}

export interface CannedAnswerInput {
  shortcut: string;
  title: string;
  body: string;
}

const SHORTCUT = /^[a-z0-9][a-z0-9-]{0,29}$/;

function validated(input: CannedAnswerInput): CannedAnswerInput {
  const shortcut = input.shortcut.trim().toLowerCase().replace(/^\//, '');
  const title = input.title.trim();
  const body = input.body.trim();
  if (!SHORTCUT.test(shortcut)) {
    throw new AppError(
      'invalid_input',
      'Le raccourci fait de 1 à 30 caractères : lettres minuscules sans accent, chiffres et tirets.',
    );
  }
  if (!title || title.length > 120)
    throw new AppError('invalid_input', 'Le titre est vide ou trop long (120 caractères au plus).');
  if (!body || body.length > MAX_CHAT_MESSAGE_LENGTH) {
    throw new AppError(
      'invalid_input',
      `Le texte est vide ou trop long (${MAX_CHAT_MESSAGE_LENGTH} caractères au plus).`,
    );
  }
  return { shortcut, title, body };
}

/** The platform's canned answers, for the operators' "/" menu and the administration page. */
export async function listCanned(deps: AppDeps): Promise<{ items: CannedAnswer[] }> {
  return { items: await listCannedAnswers(deps.db) };
}

/**
 * The administrator writes, changes or removes a canned answer: the platform's own wording, never a
 * citizen's, so it is stored in clear. Each change is audited (which answer, never its text).
 */
export async function saveCanned(
  deps: AppDeps,
  admin: AgentPrincipal,
  input: CannedAnswerInput & { id?: string },
): Promise<CannedAnswer> {
  const clean = validated(input);
  return deps.db.transaction().execute(async (tx) => {
    const now = deps.now();
    const id = input.id ?? randomUUID();
    if (input.id && (await shortcutTaken(tx, clean.shortcut, input.id)))
      throw new AppError('conflict', `Le raccourci /${clean.shortcut} existe déjà.`);
    const saved = input.id
      ? await updateCannedAnswer(tx, { id, ...clean, agentId: admin.id, now })
      : await insertCannedAnswer(tx, { id, ...clean, agentId: admin.id, now });
    if (!saved) {
      throw input.id
        ? new AppError('not_found')
        : new AppError('conflict', `Le raccourci /${clean.shortcut} existe déjà.`);
    }
    await recordAudit(tx, {
      actorKind: 'agent',
      actorId: admin.id,
      action: input.id ? 'canned_answer.updated' : 'canned_answer.created',
      objectType: 'canned_answer',
      objectId: id,
      detail: { shortcut: clean.shortcut },
    });
    return saved;
  });
}

export async function removeCanned(deps: AppDeps, admin: AgentPrincipal, id: string): Promise<void> {
  await deps.db.transaction().execute(async (tx) => {
    if (!(await deleteCannedAnswer(tx, id))) throw new AppError('not_found');
    await recordAudit(tx, {
      actorKind: 'agent',
      actorId: admin.id,
      action: 'canned_answer.deleted',
      objectType: 'canned_answer',
      objectId: id,
    });
  });
}
