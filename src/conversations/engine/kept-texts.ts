/**
 * What the flow state keeps of the citizen's texts. The texts themselves are stored, encrypted, as
 * messages; the state, which every turn serializes, encrypts and writes, keeps only what the engine reads
 * again: the texts written before a category was chosen (applied to it once chosen, then dropped), short
 * digests of the latest texts (to recognise "the same words again"), which time facts begin a range, and
 * the account's first words for the summary. So a turn costs the same at turn 200 as at turn 5.
 */
import { createHash } from 'node:crypto';
import type { Entity } from '../../extraction/types.ts';
import { quoteOneLine } from './quote.ts';
import type { Fact, FlowState } from './types.ts';

/**
 * Texts kept while no category is chosen, far above what anyone writes before choosing one (the bot asks
 * for the category after each text): they are read for facts once it is chosen, then dropped. Beyond it
 * the first ones stay (the account, an emergency come first); the others are still in the messages.
 */
const MAX_PENDING_TEXTS = 50;
const MAX_PENDING_LENGTH = 64_000;
/** "The same words again" looks this far back. */
const MAX_DIGESTS = 20;
/** The longest the summary quotes of the account (see summary.ts). */
export const NARRATIVE_QUOTE_LENGTH = 200;

export interface KeptText {
  messageId: string;
  text: string;
}

/** A short keyed-by-nothing digest: enough to tell two texts apart, not to read one back. */
function digestOf(text: string): string {
  return createHash('sha256').update(text).digest('base64url').slice(0, 16);
}

/** True when the state already kept these very words (a citizen repeating themselves). */
export function keptTheSameWords(state: FlowState | null | undefined, text: string): boolean {
  return Boolean(state?.textDigests?.includes(digestOf(text)));
}

/** Keeps what the engine needs of a citizen text (idempotent for one message). */
export function keepText(state: FlowState, messageId: string, text: string): void {
  state.hasText = true;
  const digest = digestOf(text);
  if (!state.textDigests.includes(digest)) {
    state.textDigests = [...state.textDigests, digest].slice(-MAX_DIGESTS);
  }
  if (state.category !== null) return;
  if (state.pendingTexts.some((kept) => kept.messageId === messageId)) return;
  const length = state.pendingTexts.reduce((total, kept) => total + kept.text.length, 0);
  if (state.pendingTexts.length >= MAX_PENDING_TEXTS || length + text.length > MAX_PENDING_LENGTH) return;
  state.pendingTexts = [...state.pendingTexts, { messageId, text }];
}

/** The texts written before the category was chosen, handed over once: the state keeps them no longer. */
export function takePendingTexts(state: FlowState): KeptText[] {
  const pending = state.pendingTexts;
  state.pendingTexts = [];
  return pending;
}

/** The account's first words, as the summary quotes them. */
export function keepNarrative(state: FlowState, text: string): void {
  state.narrativeQuote = quoteOneLine(text, NARRATIVE_QUOTE_LENGTH);
}

// What may stand between two times of one range: "de 18h à 23h", "18h-23h", "18h jusqu'à 23h"; "et" only
// after "entre" ("entre 18h et 23h"), since "à 18h et 23h" names two moments, not a span.
const RANGE_CONNECTOR = /^\s*(?:à|a|-|–|—|jusqu['’ ]?(?:à|a))\s*$/i;
const AND_CONNECTOR = /^\s*et\s*$/i;
const BETWEEN_BEFORE = /\bentre\s*$/i;

const rangeKey = (messageId: string, start: number, nextStart: number) =>
  `${messageId}:${start}:${nextStart}`;

/** Notes the times of a text written as a range ("de 18h à 23h"), which the summary reads as one phrase. */
export function keepTimeRanges(state: FlowState, messageId: string, text: string, entities: Entity[]): void {
  const times = entities.filter((e) => e.type === 'time').sort((a, b) => a.start - b.start);
  for (let i = 0; i + 1 < times.length; i++) {
    const first = times[i] as Entity;
    const second = times[i + 1] as Entity;
    if (first.end > second.start) continue;
    const between = text.slice(first.end, second.start);
    const isRange =
      RANGE_CONNECTOR.test(between) ||
      (AND_CONNECTOR.test(between) && BETWEEN_BEFORE.test(text.slice(0, first.start)));
    const key = rangeKey(messageId, first.start, second.start);
    if (isRange && !state.timeRanges.includes(key)) state.timeRanges = [...state.timeRanges, key];
  }
}

/** True when `first` and `second`, two time facts of one message, were written as a range. */
export function isTimeRange(state: FlowState, first: Fact, second: Fact | undefined): second is Fact {
  if (!second || first.type !== 'time' || second.type !== 'time') return false;
  if (first.messageId !== second.messageId || first.start === undefined || second.start === undefined) {
    return false;
  }
  return state.timeRanges.includes(rangeKey(first.messageId, first.start, second.start));
}

/**
 * A state stored before this module kept every text whole (`freeTexts`): what the engine needs is derived
 * from them once, and the texts are dropped from the state (they are in the messages).
 */
export function upgradeKeptTexts(state: FlowState, legacy: unknown, narrativeMessageId?: string): void {
  if (!Array.isArray(legacy)) return;
  const texts = legacy.filter(
    (t): t is KeptText => typeof t?.messageId === 'string' && typeof t?.text === 'string',
  );
  for (const { messageId, text } of texts) {
    keepText(state, messageId, text);
    const times = state.facts.filter((f) => f.messageId === messageId && f.type === 'time');
    keepTimeRanges(
      state,
      messageId,
      text,
      times.map((f) => ({
        type: 'time',
        value: f.value,
        text: f.text,
        start: f.start ?? 0,
        end: f.end ?? 0,
      })),
    );
    if (messageId === narrativeMessageId) keepNarrative(state, text);
  }
}
