/** Slot bookkeeping: which slots are filled, which conditions hold, where extracted facts go. */
import type { Entity, EntityType } from '../../extraction/types.ts';
import type { Condition, FillRule, FlowDefinition, OptionDef, QuestionDef } from './flow-types.ts';
import { findPattern } from './text-fold.ts';
import type { Fact, FlowState } from './types.ts';

function ruleType(rule: FillRule): EntityType {
  return typeof rule === 'string' ? rule : rule.type;
}

function factMatchesRule(fact: Fact, rule: FillRule): boolean {
  if (fact.type !== ruleType(rule)) return false;
  if (typeof rule === 'string') return true;
  return fact.attrs !== undefined && Object.keys(fact.attrs).length > 0;
}

/** Entity types whose facts are attached to this question's slot. */
export function ownedTypes(question: QuestionDef): EntityType[] {
  let types = ownedTypesCache.get(question);
  if (types === undefined) {
    types = question.owns ?? (question.filledBy ?? []).map(ruleType);
    ownedTypesCache.set(question, types);
  }
  return types;
}

// Flow questions are constant data, and each entity of a turn looks its slot up through them.
const ownedTypesCache = new WeakMap<QuestionDef, EntityType[]>();

/** Facts currently attached to a slot. */
export function factsOfSlot(state: FlowState, slotId: string): Fact[] {
  return state.facts.filter((f) => f.slot === slotId);
}

/** A slot needs no question: answered, skipped, or filled by extracted facts. */
export function isSlotFilled(state: FlowState, question: QuestionDef): boolean {
  if (state.slots[question.id]) return true;
  // Plain loops: every question of the flow is checked against every fact on each turn.
  for (const fact of state.facts) if (fact.slot === question.id) return true;
  const rules = question.filledBy ?? [];
  for (const fact of state.facts) {
    for (const rule of rules) if (factMatchesRule(fact, rule)) return true;
  }
  return false;
}

/** A slot holds something positive (not skipped, not "none"). */
export function slotHasContent(state: FlowState, flow: FlowDefinition, slotId: string): boolean {
  const answer = state.slots[slotId];
  if (answer?.status === 'skipped' || answer?.status === 'none') return false;
  if (answer?.status === 'answered') return true;
  const question = flow.questions.find((q) => q.id === slotId);
  if (!question) return factsOfSlot(state, slotId).length > 0;
  return isSlotFilled(state, question);
}

function slotValues(state: FlowState, slotId: string): string[] {
  return [...(state.slots[slotId]?.values ?? []), ...factsOfSlot(state, slotId).map((f) => f.value)];
}

/** Evaluates a flow condition against the state. */
export function evaluateCondition(condition: Condition, state: FlowState, flow: FlowDefinition): boolean {
  if ('has' in condition) return slotHasContent(state, flow, condition.has);
  if ('valueIn' in condition) {
    const [slotId, values] = condition.valueIn;
    return slotValues(state, slotId).some((v) => values.includes(v));
  }
  if ('not' in condition) return !evaluateCondition(condition.not, state, flow);
  if ('all' in condition) return condition.all.every((c) => evaluateCondition(c, state, flow));
  if ('any' in condition) return condition.any.some((c) => evaluateCondition(c, state, flow));
  return state.wantsOfficer === condition.wantsOfficer;
}

/** The next question to ask: the first askable, relevant and unfilled one, in flow order. */
export function findNextQuestion(state: FlowState, flow: FlowDefinition): QuestionDef | null {
  for (const q of flow.questions) {
    if (q.ask === false) continue;
    if (isSlotFilled(state, q)) continue;
    if (q.condition && !evaluateCondition(q.condition, state, flow)) continue;
    return q;
  }
  return null;
}

/** The slot an extracted entity belongs to: the current question if it owns the type, else the first owner. */
export function slotForEntity(flow: FlowDefinition, type: EntityType, current: QuestionDef | null): string {
  if (current && ownedTypes(current).includes(type)) return current.id;
  return flow.questions.find((q) => ownedTypes(q).includes(type))?.id ?? flow.otherSlot.id;
}

/** How much a fact tells beyond its value: "Golf noire" tells more than "des voitures". */
function detailOf(fact: Fact): number {
  return fact.attrs ? Object.keys(fact.attrs).length : 0;
}

/**
 * Adds a fact unless the same (type, value) is already known; returns whether it was added. Where the
 * known one tells less ("des voitures", then "une Golf noire"), the more detailed one takes its place.
 */
export function addFact(state: FlowState, fact: Fact): boolean {
  const key = fact.value.toLowerCase();
  const known = state.facts.findIndex((f) => f.type === fact.type && f.value.toLowerCase() === key);
  if (known === -1) {
    state.facts.push(fact);
    return true;
  }
  if (detailOf(fact) <= detailOf(state.facts[known] as Fact)) return false;
  state.facts[known] = fact;
  return true;
}

/** A span found in a citizen text (an entity, an option keyword or a capture). */
export interface TextMatch {
  value: string;
  text: string;
  start: number;
  end: number;
}

/** The fact of a slot for a span found in the message `messageId`. */
function factFromMatch(slot: string, type: string, match: TextMatch, messageId: string): Fact {
  return {
    slot,
    type,
    value: match.value,
    text: match.text,
    messageId,
    start: match.start,
    end: match.end,
  };
}

/** Turns extracted entities into facts (mutates the working copy of the state). */
export function addEntityFacts(
  state: FlowState,
  flow: FlowDefinition,
  entities: Entity[],
  messageId: string,
  current: QuestionDef | null,
): Fact[] {
  const added: Fact[] = [];
  for (const e of entities) {
    const fact = factFromMatch(slotForEntity(flow, e.type, current), e.type, e, messageId);
    if (e.attrs && Object.keys(e.attrs).length > 0) fact.attrs = { ...e.attrs };
    if (addFact(state, fact)) added.push(fact);
  }
  return added;
}

/**
 * Fills still-empty slots from option keywords and capture patterns found in a citizen text.
 * `except` is the question being answered, whose answer is handled by the caller.
 */
export function detectSlotsInText(
  state: FlowState,
  flow: FlowDefinition,
  text: string,
  messageId: string,
  except: QuestionDef | null,
): Fact[] {
  const added: Fact[] = [];
  for (const q of flow.questions) {
    if (q === except || isSlotFilled(state, q)) continue;
    for (const m of matchOptionKeywords(q, text, 'mention')) {
      // A "no" said in passing ("je ne veux pas parler à un policier") answers, without a fact.
      if (q.options?.find((o) => o.value === m.value)?.noFact) {
        if (q.input !== 'multiple') {
          state.slots[q.id] = { status: 'none', values: [m.value] };
          break;
        }
        continue;
      }
      const fact = factFromMatch(q.id, q.factType, m, messageId);
      if (addFact(state, fact)) added.push(fact);
      if (q.input !== 'multiple') break;
    }
    if (!q.capture) continue;
    // Two patterns may catch the same words ("devant la pharmacie rue de Dole"): keep the earliest, longest.
    const found = q.capture
      .flatMap((c) => findPattern(text, c.pattern).map((m) => ({ ...m, type: c.factType ?? q.factType })))
      .sort((a, b) => a.start - b.start || b.end - a.end);
    let lastEnd = -1;
    for (const m of found) {
      if (m.start < lastEnd) continue;
      lastEnd = m.end;
      const fact = factFromMatch(q.id, m.type, m, messageId);
      if (addFact(state, fact)) added.push(fact);
    }
  }
  return added;
}

/**
 * How a text is read for a question's options: as an answer to it (keywords and mentions), or as a text
 * said elsewhere (mentions, and keywords where the question has `detect`, unless anchored at the start).
 */
export type Reading = 'answer' | 'mention';

function patternsOf(question: QuestionDef, option: OptionDef, reading: Reading): string[] {
  const mentions = option.mentions ?? [];
  if (reading === 'answer') return [...(option.keywords ?? []), ...mentions];
  if (!question.detect) return mentions;
  return [...(option.keywords ?? []).filter((k) => !k.startsWith('^')), ...mentions];
}

/** Options whose patterns occur in the text, in order of first occurrence. */
export function matchOptionKeywords(
  question: QuestionDef,
  text: string,
  reading: Reading = 'answer',
): TextMatch[] {
  const hits: TextMatch[] = [];
  for (const option of question.options ?? []) {
    let best: { start: number; end: number; text: string } | null = null;
    for (const keyword of patternsOf(question, option, reading)) {
      for (const m of findPattern(text, keyword)) {
        if (!best || m.start < best.start) best = { start: m.start, end: m.end, text: m.text };
      }
    }
    if (best) hits.push({ value: option.value, ...best });
  }
  return hits.sort((a, b) => a.start - b.start);
}
