import { createHash, randomUUID } from 'node:crypto';
import type { AgentPrincipal } from '../agents/agent-principal.ts';
import type { AppDeps } from '../app-deps.ts';
import { recordAudit } from '../audit/audit.repo.ts';
import { type Category, describeFact, type Fact, type FlowState } from '../conversations/engine/index.ts';
import { FLOWS } from '../conversations/flows/index.ts';
import { loadFlowState } from '../conversations/load-flow-state.ts';
import { blindIndex } from '../crypto/blind-index.ts';
import { decryptJson, encryptJson } from '../crypto/envelope.ts';
import type { Executor } from '../db/database.ts';
import { AppError } from '../errors.ts';
import { insertFactRevision, updateFact } from '../reports/agent-report.repo.ts';
import { FACT_TYPES } from '../reports/edit-fact.ts';
import { encodeFact, SEARCHABLE_TYPES } from '../reports/fact-codec.ts';
import { encodeCurrentFact } from '../reports/fact-view.ts';
import { insertFacts } from '../reports/report.repo.ts';
import { authorizeChat } from './chat-access.ts';
import {
  type ChatFactAction,
  type ChatFactEditRow,
  insertChatFactEdit,
  listChatFactEdits,
  messageOfConversation,
} from './chat-facts.repo.ts';

/** A fact of the live fiche: extracted by the bot (and maybe corrected) or added by the operator. */
export interface ChatFactView {
  /** Stable while the chat lasts: a hash of the extracted fact's identity, or `added:<id>`. */
  key: string;
  type: string;
  value: string;
  /** The value in plain French, as the citizen's summary reads it. */
  label: string;
  text: string;
  messageId: string | null;
  status: 'extracted' | 'confirmed' | 'edited' | 'removed' | 'added';
  original?: { value: string; text: string };
}

interface EditContent {
  value: string;
  text: string;
}

/** What the operator decided about one fact, folded from their edits in order. */
interface FactDecision {
  confirmed: boolean;
  removed: boolean;
  edited?: EditContent;
  added?: EditContent & { type: string; messageId: string | null };
  edits: ChatFactEditRow[];
}

const editAad = (id: string) => `chat-fact:${id}`;

/** The identity of an extracted fact in the flow state, the same on every read of the state. */
export function chatFactKey(fact: Fact): string {
  const identity = JSON.stringify([fact.messageId, fact.slot, fact.type, fact.value, fact.start ?? null]);
  return createHash('sha256').update(identity).digest('base64url').slice(0, 22);
}

function foldDecisions(dataKey: Buffer, edits: ChatFactEditRow[]): Map<string, FactDecision> {
  const decisions = new Map<string, FactDecision>();
  for (const edit of edits) {
    const key = edit.action === 'add' ? `added:${edit.id}` : (edit.fact_key ?? '');
    const content = edit.body_enc
      ? decryptJson<EditContent & { messageId?: string | null }>(dataKey, edit.body_enc, editAad(edit.id))
      : null;
    const decision = decisions.get(key) ?? { confirmed: false, removed: false, edits: [] };
    decision.edits.push(edit);
    if (edit.action === 'add' && content) {
      decision.added = {
        type: edit.type ?? 'other',
        value: content.value,
        text: content.text,
        messageId: content.messageId ?? null,
      };
    } else if (edit.action === 'confirm') decision.confirmed = true;
    else if (edit.action === 'remove') decision.removed = true;
    else if (edit.action === 'restore') decision.removed = false;
    else if (edit.action === 'edit' && content)
      decision.edited = { value: content.value, text: content.text };
    decisions.set(key, decision);
  }
  return decisions;
}

function statusOf(decision: FactDecision | undefined): ChatFactView['status'] {
  if (!decision) return 'extracted';
  if (decision.removed) return 'removed';
  if (decision.added) return 'added';
  if (decision.edited) return 'edited';
  return decision.confirmed ? 'confirmed' : 'extracted';
}

/** The live fiche: the bot's facts with the operator's decisions applied, then the facts they added. */
export function chatFactsView(dataKey: Buffer, state: FlowState, edits: ChatFactEditRow[]): ChatFactView[] {
  const decisions = foldDecisions(dataKey, edits);
  const flow = FLOWS[(state.category ?? 'autre') as Category] ?? FLOWS.autre;
  const label = (fact: Pick<Fact, 'type' | 'value' | 'text'> & Partial<Fact>) =>
    describeFact(flow, { slot: '', messageId: '', ...fact });
  const extracted = state.facts.map((fact): ChatFactView => {
    const key = chatFactKey(fact);
    const decision = decisions.get(key);
    const shown = decision?.edited ?? fact;
    return {
      key,
      type: fact.type,
      value: shown.value,
      label: label({ ...fact, value: shown.value, text: shown.text }),
      text: shown.text,
      messageId: fact.messageId,
      status: statusOf(decision),
      ...(decision?.edited && { original: { value: fact.value, text: fact.text } }),
    };
  });
  const added: ChatFactView[] = [];
  for (const [key, decision] of decisions) {
    if (!decision.added) continue;
    const shown = decision.edited ?? decision.added;
    added.push({
      key,
      type: decision.added.type,
      value: shown.value,
      label: label({ type: decision.added.type, value: shown.value, text: shown.text }),
      text: shown.text,
      messageId: decision.added.messageId,
      status: statusOf(decision),
    });
  }
  return [...extracted, ...added];
}

/** The live fiche of a chat, read in the caller's transaction (its access already checked). */
export async function readChatFacts(
  tx: Executor,
  dataKey: Buffer,
  chat: { id: string; state_enc: Buffer },
): Promise<ChatFactView[]> {
  const { state } = await loadFlowState(tx, dataKey, chat);
  return chatFactsView(dataKey, state, await listChatFactEdits(tx, chat.id));
}

export type ChatFactInput =
  | { action: 'confirm' | 'remove' | 'restore'; key: string }
  | { action: 'edit'; key: string; value: string; text?: string }
  | { action: 'add'; type: string; value: string; text?: string; messageId?: string };

const MAX_FACT_LENGTH = 500;

function cleanValue(value: string): string {
  const trimmed = value.trim();
  if (!trimmed || trimmed.length > MAX_FACT_LENGTH) {
    throw new AppError(
      'invalid_input',
      'La valeur du fait est vide ou trop longue (500 caractères au plus).',
    );
  }
  return trimmed;
}

/**
 * The operator works on the live fiche while the citizen writes: confirm, correct, remove or restore a fact
 * the bot extracted, or add one said in other words. Nothing changes the flow state (the citizen's turns
 * rewrite it): each decision is a row of its own, encrypted with the conversation's key, applied to the
 * report's facts when the chat closes. Under the chat's row lock, so that a decision is never taken after
 * the close read them. Audited with the action and the type, never the value.
 */
export async function editChatFact(
  deps: AppDeps,
  agent: AgentPrincipal,
  conversationId: string,
  input: ChatFactInput,
): Promise<{ facts: ChatFactView[] }> {
  return deps.db.transaction().execute(async (tx) => {
    const { chat, dataKey } = await authorizeChat(deps, tx, agent, conversationId, { forUpdate: true });
    const before = await readChatFacts(tx, dataKey, chat);
    const id = randomUUID();
    let type: string;
    let content: (EditContent & { messageId?: string | null }) | null = null;
    if (input.action === 'add') {
      if (!(FACT_TYPES as readonly string[]).includes(input.type)) {
        throw new AppError('invalid_input', `Type de fait inconnu : ${input.type}.`);
      }
      const value = cleanValue(input.value);
      if (input.messageId && !(await messageOfConversation(tx, chat.id, input.messageId))) {
        throw new AppError('invalid_input', 'Ce message n’appartient pas à cette conversation.');
      }
      type = input.type;
      content = { value, text: input.text?.trim() || value, messageId: input.messageId ?? null };
    } else {
      const fact = before.find((candidate) => candidate.key === input.key);
      if (!fact) {
        throw new AppError(
          'not_found',
          'Ce fait n’est plus sur la fiche : la personne l’a corrigé entre-temps.',
        );
      }
      type = fact.type;
      if (input.action === 'edit') {
        const value = cleanValue(input.value);
        content = { value, text: input.text?.trim() || fact.text };
      }
    }
    await insertChatFactEdit(tx, {
      id,
      conversation_id: chat.id,
      fact_key: input.action === 'add' ? null : input.key,
      action: input.action,
      type,
      body_enc: content ? encryptJson(dataKey, content, editAad(id)) : null,
      agent_id: agent.id,
      at: deps.now(),
    });
    await recordAudit(tx, {
      actorKind: 'agent',
      actorId: agent.id,
      action: 'chat.fact_edited',
      objectType: 'conversation',
      objectId: chat.id,
      detail: { action: input.action, type },
      unitIds: agent.unitIds,
    });
    return { facts: await readChatFacts(tx, dataKey, chat) };
  });
}

const REVISION_ACTIONS: Record<ChatFactAction, string> = {
  confirm: 'confirmed',
  edit: 'edited',
  remove: 'removed',
  restore: 'restored',
  add: 'added',
};

/**
 * At the close, in its transaction: the operator's decisions become the report's fact revisions, exactly
 * as if they had been taken on the fiche (status, current value, blind index, one revision per decision
 * with its author and time), and the facts they added become facts of the report.
 */
export async function applyChatFactEdits(
  deps: Pick<AppDeps, 'keys'>,
  tx: Executor,
  input: {
    conversationId: string;
    reportId: string;
    dataKey: Buffer;
    facts: { id: string; fact: Fact }[];
    now: Date;
  },
): Promise<void> {
  const { dataKey } = input;
  const decisions = foldDecisions(dataKey, await listChatFactEdits(tx, input.conversationId));
  if (decisions.size === 0) return;
  const factIds = new Map(input.facts.map(({ id, fact }) => [chatFactKey(fact), { id, type: fact.type }]));
  for (const [key, decision] of decisions) {
    let target = factIds.get(key);
    if (decision.added) {
      const row = encodeFact(dataKey, deps.keys.blindIndexKey, input.reportId, {
        ...decision.added,
        slot: 'agent',
      });
      await insertFacts(tx, [row]);
      target = { id: row.id, type: decision.added.type };
    }
    if (!target) continue; // a decision on a fact the citizen's later correction replaced
    const last = decision.edits.at(-1) as ChatFactEditRow;
    const currentEnc = decision.edited ? encodeCurrentFact(dataKey, target.id, decision.edited) : null;
    await updateFact(tx, target.id, {
      status: statusOf(decision),
      currentEnc,
      ...(decision.edited && {
        blindIndex: SEARCHABLE_TYPES.has(target.type)
          ? blindIndex(deps.keys.blindIndexKey, target.type, decision.edited.value)
          : null,
      }),
      agentId: last.agent_id,
      at: last.at,
    });
    for (const edit of decision.edits) {
      const body = edit.body_enc ? decryptJson<EditContent>(dataKey, edit.body_enc, editAad(edit.id)) : null;
      await insertFactRevision(tx, {
        factId: target.id,
        agentId: edit.agent_id,
        action: REVISION_ACTIONS[edit.action],
        bodyEnc: body ? encodeCurrentFact(dataKey, target.id, { value: body.value, text: body.text }) : null,
        at: edit.at,
      });
    }
  }
}
