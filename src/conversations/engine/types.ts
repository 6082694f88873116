/** Public types of the conversation engine; everything in FlowState is JSON-serializable. */
import type { Entity, ExtractionOptions } from '../../extraction/types.ts';

/** The four categories, in the order the first message offers them (and guesses them from text). */
export const CATEGORIES = [
  'stupefiants',
  'violences_intrafamiliales',
  'violences_sexuelles',
  'autre',
] as const;

export type Category = (typeof CATEGORIES)[number];

/** Narrows any value (a form field, a stored state) to a known category. */
export function isCategory(value: unknown): value is Category {
  return typeof value === 'string' && (CATEGORIES as readonly string[]).includes(value);
}

export interface ReplyOption {
  value: string;
  label: string;
  /** Where several options may be chosen together: this one is chosen alone (skip, stop, "none"…). */
  exclusive?: boolean;
  /** Options of one group are shown together under this heading, folded (the summary's corrections). */
  group?: string;
}

/**
 * A list inside a bot message, carried as data so that nothing quoted in it can pass for a line of the
 * bot's: shown as `before`, the items as one list (each item one line), then `after`.
 */
export interface ReplyList {
  before: string;
  items: string[];
  after?: string;
}

/**
 * One bot message. `kind: 'question'` marks the current question: render `options` as buttons
 * (or checkboxes when `input` is 'multiple', submitting the chosen values joined by commas) and,
 * when `input` is 'text', a textarea. Text is accepted at every step.
 */
export interface BotReply {
  text: string;
  options?: ReplyOption[];
  kind?: 'info' | 'emergency' | 'question' | 'summary' | 'done';
  input?: 'text' | 'choice' | 'multiple';
  /** The question (slot) id, or 'category' / 'summary' / 'add' / 'done'. */
  questionId?: string;
  /** The message's list (the summary's facts); `text` then repeats it in plain text, one "• " line each. */
  list?: ReplyList;
}

export interface Fact {
  slot: string;
  type: string;
  value: string;
  text: string;
  messageId: string;
  start?: number;
  end?: number;
  attrs?: Record<string, string>;
}

/** What the citizen did with a slot when answering it directly. */
export interface SlotAnswer {
  status: 'answered' | 'skipped' | 'none';
  values: string[];
}

export interface FlowState {
  version: 1;
  category: Category | null;
  /** 'category', a question id, 'summary', 'add' or 'done'. */
  step: string | null;
  slots: Record<string, SlotAnswer>;
  facts: Fact[];
  /**
   * What is kept of the citizen's texts (kept-texts.ts); the texts themselves are in the messages, so the
   * state does not grow with the conversation. `pendingTexts`: written before the category was chosen,
   * applied to it once chosen. `textDigests`: the latest texts, to recognise the same words again.
   * `timeRanges`: which time facts begin a range with the next. `narrativeQuote`: the account's first
   * words for the summary. `hasText`: something was written (a report may be transmitted).
   */
  pendingTexts: { messageId: string; text: string }[];
  textDigests: string[];
  timeRanges: string[];
  narrativeQuote: string | null;
  hasText: boolean;
  emergency: boolean;
  /**
   * Danger indicators said in a victim flow (`danger-indicators.ts`: strangulation, threat_to_kill…),
   * accumulated and each once; categories, never content. A state stored before them has none.
   */
  dangerFlags: string[];
  wantsOfficer: boolean;
  confirmed: boolean;
  /** True while re-asking a slot chosen with `correct:<slot>`: the summary follows the answer. */
  correcting: boolean;
  /** True once the citizen chose to stop: no further question is asked. */
  finished: boolean;
  /** Question ids in the order they were asked (for statistics and debugging). */
  asked: string[];
}

export interface TurnContext {
  now: Date;
  /** Home département of the platform, e.g. '25'. */
  departement: string;
  /** Replaces the extractor (tests, or a future remote extractor); defaults to extractEntities. */
  extract?: (text: string, options: ExtractionOptions) => Entity[];
}

export interface CitizenInput {
  messageId: string;
  text?: string;
  option?: string;
}

export interface TurnResult {
  state: FlowState;
  replies: BotReply[];
  emergency: boolean;
}

export interface ReportSummary {
  category: Category;
  communeInsee: string | null;
  facts: Fact[];
  wantsOfficer: boolean;
  emergency: boolean;
  /** The danger indicators (see FlowState.dangerFlags). */
  dangerFlags: string[];
}
