/** Helpers shared by the engine tests (not part of the public API). */
import type { Entity } from '../../extraction/types.ts';
import { handleCitizenInput, startConversation } from './engine.ts';
import type { BotReply, Category, FlowState, TurnContext } from './types.ts';

export const NOW = new Date('2026-03-10T12:00:00+01:00');

/** A context with a fixed clock; `extract` replaces the extractor when a test needs stable entities. */
export function makeContext(extract?: TurnContext['extract']): TurnContext {
  return extract ? { now: NOW, departement: '25', extract } : { now: NOW, departement: '25' };
}

/** A deterministic extractor: returns the given entities wherever their text occurs in the message. */
export function stubExtractor(known: Omit<Entity, 'start' | 'end'>[]): TurnContext['extract'] {
  return (text) =>
    known.flatMap((e) => {
      const start = text.indexOf(e.text);
      return start < 0 ? [] : [{ ...e, start, end: start + e.text.length }];
    });
}

/** The current question: the last reply of a turn. */
export function lastReply(replies: BotReply[]): BotReply {
  const reply = replies.at(-1);
  if (!reply) throw new Error('no reply');
  return reply;
}

/** Plays a list of inputs, returning the final state and every question id asked on the way. */
export function play(
  state: FlowState,
  inputs: { text?: string; option?: string }[],
  ctx: TurnContext,
): { state: FlowState; replies: BotReply[]; questions: string[] } {
  let current = state;
  let replies: BotReply[] = [];
  const questions: string[] = [];
  inputs.forEach((input, i) => {
    const result = handleCitizenInput(current, { messageId: `m${i + 1}`, ...input }, ctx);
    current = result.state;
    replies = result.replies;
    const q = lastReply(replies).questionId;
    if (q) questions.push(q);
  });
  return { state: current, replies, questions };
}

/** Recursively freezes a value, so that a mutation throws in strict mode. */
export function deepFreeze<T>(value: T): T {
  if (value && typeof value === 'object') {
    for (const v of Object.values(value)) deepFreeze(v);
    Object.freeze(value);
  }
  return value;
}

/** A new conversation of `category` whose questions are skipped until `step` is asked; throws if never. */
export function skipTo(category: Category, step: string, ctx: TurnContext): FlowState {
  let state = startConversation(category).state;
  for (let i = 0; i < 40 && state.step !== step; i++) {
    state = handleCitizenInput(state, { messageId: `skip${i}`, option: 'skip' }, ctx).state;
  }
  if (state.step !== step) throw new Error(`question ${step} never asked in ${category}`);
  return state;
}
