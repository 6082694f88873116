import { randomUUID } from 'node:crypto';
import type { AppDeps } from '../app-deps.ts';
import { recordAudit } from '../audit/audit.repo.ts';
import type { Executor } from '../db/database.ts';
import { AppError } from '../errors.ts';
import { extractEntities } from '../extraction/index.ts';
import { assignQueued } from '../livechat/assign-next.ts';
import { queueStanding } from '../livechat/queue-standing.ts';
import { changedQueueDanger, joinQueue } from '../livechat/request-officer.ts';
import { encodeFact } from '../reports/fact-codec.ts';
import { recordInboxEvent, unitTopic } from '../reports/inbox-events.repo.ts';
import { findReportByConversation, insertFacts, touchReportActivity } from '../reports/report.repo.ts';
import {
  commitTurns,
  countCitizenFollowups,
  findLastBotMessage,
  type TurnToCommit,
  updateConversation,
} from './conversation.repo.ts';
import {
  type AuthorizedConversation,
  authorizeCitizen,
  authorizeCitizenTurn,
  type CitizenCredentials,
} from './conversation-access.ts';
import { citizenCanWrite, isChatting } from './conversation-status.ts';
import { type BotReply, handleCitizenInput, recordMessageToOfficer } from './engine/index.ts';
import { OFFICER_ALREADY_REQUESTED, OFFICER_REQUESTED } from './engine/messages.ts';
import { planFlowStateWrite } from './flow-state-codec.ts';
import { loadFlowState } from './load-flow-state.ts';
import { decodeMessage, type MessageView } from './message-codec.ts';
import { MAX_FOLLOWUP_MESSAGES, MAX_MESSAGES_PER_CONVERSATION } from './message-limits.ts';
import { persistMessages, prepareMessages } from './persist-messages.ts';
import { limitTurnRate } from './turn-rate-limit.ts';

export { MAX_FOLLOWUP_MESSAGES, MAX_MESSAGES_PER_CONVERSATION } from './message-limits.ts';

export const MAX_MESSAGE_LENGTH = 5000;
/** An option value, or several comma-separated: as the API's schema allows. */
export const MAX_OPTION_LENGTH = 100;
// Control characters other than tab and line breaks have no place in a message.
// biome-ignore lint/suspicious/noControlCharactersInRegex: finding control characters is the point.
const CONTROL_CHARACTERS = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F]/;

export const FOLLOWUP_ACK =
  'Merci, votre message a été ajouté à votre signalement. Les policiers qui le traitent en tiendront compte.';

export interface CitizenInput {
  text?: string;
  option?: string;
}

function validateInput(input: CitizenInput): { text?: string; option?: string } {
  const text = input.text?.trim();
  const option = input.option?.trim();
  if (text && option)
    throw new AppError('invalid_input', 'Envoyez soit un texte, soit un choix, pas les deux.');
  if (!text && !option) throw new AppError('invalid_input', 'Le message est vide : écrivez quelques mots.');
  if (text && (!text.isWellFormed() || CONTROL_CHARACTERS.test(text))) {
    // What is acknowledged must be what is stored: a lone surrogate would come back as U+FFFD.
    throw new AppError('invalid_input', 'Le message contient des caractères invalides.');
  }
  if (option && option.length > MAX_OPTION_LENGTH) {
    throw new AppError('invalid_input', 'Trop de réponses choisies à la fois.');
  }
  if (text && text.length > MAX_MESSAGE_LENGTH) {
    throw new AppError(
      'invalid_input',
      `Le message est trop long (${MAX_MESSAGE_LENGTH} caractères au maximum).`,
    );
  }
  return text ? { text } : { option };
}

/** Told at once when the citizen asks for an officer and nobody is online; the conversation stays in line. */
export const NO_OFFICER_ONLINE =
  'Aucun policier n’est disponible pour le moment. Vous pouvez transmettre votre signalement maintenant avec un récépissé : il sera lu par le prochain policier en service.';

/** Told when the citizen asks for an officer and at least one is online: their place in the queue. */
export function queuePositionMessage(position: number): string {
  return (
    `Vous êtes en file d’attente : position ${position}. Un policier de la plateforme va vous répondre. ` +
    'Vous pouvez continuer à écrire ici, et transmettre votre signalement à tout moment avec un récépissé.'
  );
}

// The engine accepts these at any step, whether or not the last question showed them as buttons.
const ALWAYS_ACCEPTED: Record<string, string> = {
  skip: 'Je ne sais pas / passer',
  talk_to_officer: 'Je souhaite échanger avec un policier',
};

/**
 * The text recorded for a chosen option: its label. Each value (several, comma-separated, for a question
 * with checkboxes) must be one the bot's last question offered, otherwise nothing is recorded.
 */
async function labelOfOption(
  db: Executor,
  conversation: AuthorizedConversation,
  option: string,
): Promise<string> {
  const last = await findLastBotMessage(db, conversation.row.id);
  const offered = last
    ? (decodeMessage(conversation.dataKey, { ...last, seq: 0, author: 'bot', created_at: new Date() })
        .options ?? [])
    : [];
  const labels = option.split(',').map((value) => {
    const label = offered.find((candidate) => candidate.value === value)?.label ?? ALWAYS_ACCEPTED[value];
    if (!label)
      throw new AppError('invalid_input', "Ce choix n'est pas proposé à cette étape de la conversation.");
    return label;
  });
  return labels.join(', ');
}

/**
 * One citizen turn. While the bot collects facts, the citizen's message, the bot's replies and the new
 * flow state are committed together in one statement before anything is acknowledged. The common case
 * takes no lock and, when this process committed the conversation's last turn, reads nothing (turn cache);
 * when another writer got there first, the turn runs again under the row lock. After submission, what the
 * citizen writes is a follow-up: it is added to the report with the facts extracted from it. Each
 * conversation has a rate of turns (429 beyond it, nothing written), a length before transmission
 * (MAX_MESSAGES_PER_CONVERSATION, exact: never one message more, 409 conversation_too_long) and a number
 * of follow-ups after it (MAX_FOLLOWUP_MESSAGES, 409 followup_too_long): a transmitted report whose
 * conversation reached its length still takes follow-ups.
 */
export async function postCitizenMessage(
  deps: AppDeps,
  input: CitizenCredentials & CitizenInput,
): Promise<{ messages: MessageView[] }> {
  const valid = validateInput(input);
  const conversation = await authorizeCitizenTurn(deps, input);
  if (!citizenCanWrite(conversation.row.status)) throw new AppError('conversation_closed');
  // Counted once authorized (nobody spends another's share) and before any write.
  limitTurnRate(deps.turnRateLimit, input.conversationId, deps.now());
  if (!isChatting(conversation.row.status)) return postFollowup(deps, input, valid);
  // At its length (as far as this copy knows), the turn goes under the lock: only there is it certain
  // that the conversation was not transmitted meanwhile, which would make the turn a follow-up.
  const optimistic =
    conversation.row.last_seq < MAX_MESSAGES_PER_CONVERSATION
      ? await tryBotTurn(deps, deps.db, conversation, valid)
      : null;
  if (optimistic) return keepForNextTurn(deps, optimistic);
  // Someone else wrote to the conversation (or the cached copy was stale): read it under lock.
  deps.turnCache.forget(input.conversationId);

  const serialized = await deps.db.transaction().execute(async (tx) => {
    const locked = await authorizeCitizen(deps, tx, input, { forUpdate: true });
    if (!isChatting(locked.row.status)) return locked.row.status;
    if (locked.row.last_seq >= MAX_MESSAGES_PER_CONVERSATION) throw new AppError('conversation_too_long');
    const result = await tryBotTurn(deps, tx, locked, valid);
    if (!result) throw new AppError('unavailable');
    return result;
  });
  if (typeof serialized !== 'string') {
    if (!serialized.queued) return keepForNextTurn(deps, serialized); // Now that it committed.
    // Just put in line: an operator with a free place takes it now (its status changes under the cache,
    // which is not kept: the next turn reads the conversation again).
    await assignQueued(deps);
    return { messages: serialized.messages };
  }
  // Transmitted (or closed) meanwhile: the turn, already counted, is a follow-up.
  if (!citizenCanWrite(serialized)) throw new AppError('conversation_closed');
  return postFollowup(deps, input, valid);
}

interface CommittedTurn {
  messages: MessageView[];
  /** The conversation as the turn left it, for the turn cache. */
  after: AuthorizedConversation;
  /** The turn put the conversation in line for an officer: the automatic assignment runs after it. */
  queued?: boolean;
}

function keepForNextTurn(deps: AppDeps, turn: CommittedTurn): { messages: MessageView[] } {
  deps.turnCache.remember(turn.after, deps.now());
  return { messages: turn.messages };
}

async function tryBotTurn(
  deps: AppDeps,
  db: Executor,
  conversation: AuthorizedConversation,
  { text, option }: { text?: string; option?: string },
): Promise<CommittedTurn | null> {
  const { row, dataKey } = conversation;
  const now = deps.now();
  const messageId = randomUUID();
  const citizenText = option ? await labelOfOption(db, conversation, option) : (text as string);
  const stored = conversation.stored ?? (await loadFlowState(db, dataKey, row));
  const previous = stored.state;
  const context = { now, departement: deps.config.homeDepartement };
  // Written to the officer, words are no answer to the bot's pending question: only their facts are kept.
  const turn =
    row.status === 'with_agent' && !option
      ? recordMessageToOfficer(previous, { messageId, text }, context)
      : handleCitizenInput(previous, { messageId, ...(option ? { option } : { text }) }, context);
  let status = row.status;
  let replies: BotReply[] = turn.replies;
  let queued = false;
  if (status === 'with_agent') {
    // The officer answers: the citizen's message is stored and its facts extracted, the bot stays quiet.
    replies = [];
  } else if (option === 'talk_to_officer' || (!previous.wantsOfficer && turn.state.wantsOfficer)) {
    // Asking for an officer (the option, or the wish in words) puts the conversation in line, in the same
    // transaction as the turn and under its row lock; outside a transaction, the caller takes the lock.
    if (!db.isTransaction) return null;
    if (status === 'open') {
      await joinQueue(deps, db, row.id, turn.state);
      status = 'waiting_agent';
      queued = true;
    }
    // What the citizen is told is honest: their place in line, or that nobody is online right now.
    const standing = await queueStanding(db, row.id, now);
    const told =
      standing.operatorsOnline && standing.position > 0
        ? queuePositionMessage(standing.position)
        : NO_OFFICER_ONLINE;
    replies = turn.replies.map((reply) =>
      reply.text === OFFICER_REQUESTED || reply.text === OFFICER_ALREADY_REQUESTED
        ? { text: told, kind: 'info' }
        : reply,
    );
  }
  const drafts = [
    { id: messageId, author: 'citizen' as const, body: { text: citizenText } },
    ...replies.map((reply) => ({ author: 'bot' as const, body: reply })),
  ];
  if (row.last_seq + drafts.length > MAX_MESSAGES_PER_CONVERSATION) {
    // Under the lock the length is certain; outside, the caller takes the lock to find out.
    if (db.isTransaction) throw new AppError('conversation_too_long');
    return null;
  }
  const prepared = prepareMessages(dataKey, row.last_seq, drafts, now);
  // Only what changed is written: new facts, replaced ones, and the head unless it is the same (the same
  // words again, noise).
  const write = planFlowStateWrite(dataKey, row.id, stored, turn.state);
  const toCommit: TurnToCommit = {
    conversationId: row.id,
    tokenHash: conversation.tokenHash,
    expectedSeq: row.last_seq,
    expectedStatus: status,
    stateEnc: write.stateEnc,
    addedFacts: write.addedFacts,
    droppedFactNos: write.droppedFactNos,
    // In line or with an officer, danger told since moves the person up the queue and shows on the console.
    queueDanger: row.status === 'open' ? null : changedQueueDanger(previous, turn.state),
    category: turn.state.category,
    messages: prepared.rows,
    createdAt: now,
  };
  // Inside a transaction the turn is already serialized by the row lock; outside, it joins a group commit.
  const committed = db.isTransaction
    ? (await commitTurns(db, [toCommit])).has(row.id)
    : await deps.turnCommitter.commit(toCommit);
  if (!committed) return null;
  return {
    messages: prepared.views,
    after: {
      ...conversation,
      row: {
        ...row,
        status,
        state_enc: write.stateEnc ?? row.state_enc,
        last_seq: prepared.lastSeq,
        category: toCommit.category,
      },
      stored: write.stored,
    },
    queued,
  };
}

/** A message after submission: added to the transcript and, with the facts found in it, to the report. */
async function postFollowup(
  deps: AppDeps,
  credentials: CitizenCredentials,
  { text }: { text?: string; option?: string },
): Promise<{ messages: MessageView[] }> {
  if (!text) throw new AppError('invalid_input', 'Écrivez votre message.');
  const result = await deps.db.transaction().execute(async (tx) => {
    const { row, dataKey } = await authorizeCitizen(deps, tx, credentials, { forUpdate: true });
    const report = await findReportByConversation(tx, row.id);
    if (!report) throw new AppError('conversation_closed');
    // Its own bound, counted from the transmission: the length before it does not matter any more.
    if ((await countCitizenFollowups(tx, row.id)) >= MAX_FOLLOWUP_MESSAGES) {
      throw new AppError('followup_too_long');
    }
    const now = deps.now();
    const messageId = randomUUID();
    const written = await persistMessages(
      tx,
      dataKey,
      row.id,
      row.last_seq,
      [
        { id: messageId, author: 'citizen', body: { text } },
        { author: 'bot', body: { text: FOLLOWUP_ACK } },
      ],
      now,
    );
    await updateConversation(tx, row.id, { lastSeq: written.lastSeq });
    const entities = extractEntities(text, { now, departement: deps.config.homeDepartement });
    await insertFacts(
      tx,
      entities.map((entity) =>
        encodeFact(dataKey, deps.keys.blindIndexKey, report.id, { ...entity, slot: 'followup', messageId }),
      ),
    );
    await touchReportActivity(tx, report.id, now);
    await recordAudit(tx, {
      actorKind: 'citizen',
      action: 'report.followup_added',
      objectType: 'report',
      objectId: report.id,
      detail: { facts: entities.length },
      unitIds: [report.unit_id],
    });
    // The unit holding the report sees the answer arrive (its inbox and the open fiche).
    const event = report.unit_id
      ? await recordInboxEvent(tx, { unitId: report.unit_id, reportId: report.id, kind: 'report.replied' })
      : null;
    return { messages: written.views, event };
  });
  const last = result.messages.at(-1);
  if (last) deps.hub.announce(credentials.conversationId, last.seq);
  if (result.event) deps.hub.announce(unitTopic(result.event.unitId), result.event.id);
  return { messages: result.messages };
}
