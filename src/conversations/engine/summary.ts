/** The "Voici ce que j'ai compris" summary and its correction options. */
import { describeFact } from './describe-fact.ts';
import type { FlowDefinition } from './flow-types.ts';
import * as m from './messages.ts';
import { factsOfSlot } from './slots.ts';
import type { BotReply, Fact, FlowState, ReplyOption } from './types.ts';

interface SummarySlot {
  id: string;
  label: string;
  askable: boolean;
}

function summarySlots(flow: FlowDefinition): SummarySlot[] {
  return [
    ...flow.questions.map((q) => ({ id: q.id, label: q.summaryLabel, askable: q.ask !== false })),
    { id: flow.otherSlot.id, label: flow.otherSlot.summaryLabel, askable: false },
  ];
}

/** Slots listed in the summary (those holding at least one fact), in flow order. */
export function listedSlots(state: FlowState, flow: FlowDefinition): SummarySlot[] {
  return summarySlots(flow).filter((s) => factsOfSlot(state, s.id).length > 0);
}

/** Options of the summary: confirm, one correction per listed slot, add a detail. */
export function summaryOptions(state: FlowState, flow: FlowDefinition): ReplyOption[] {
  const options: ReplyOption[] = [{ value: 'confirm', label: m.CONFIRM_LABEL }];
  for (const slot of listedSlots(state, flow)) {
    const verb = slot.askable ? m.CORRECT_LABEL : m.REMOVE_LABEL;
    options.push({
      value: `correct:${slot.id}`,
      label: `${verb} : ${slot.label}`,
      group: m.CORRECTIONS_GROUP,
    });
  }
  options.push({ value: 'add', label: m.ADD_LABEL });
  return options;
}

// What may stand between two times of one range: "de 18h à 23h", "18h-23h", "18h jusqu'à 23h"; "et" only
// after "entre" ("entre 18h et 23h"), since "à 18h et 23h" names two moments, not a span.
const RANGE_CONNECTOR = /^\s*(?:à|a|-|–|—|jusqu['’ ]?(?:à|a))\s*$/i;
const AND_CONNECTOR = /^\s*et\s*$/i;
const BETWEEN_BEFORE = /\bentre\s*$/i;

/** Two times written as a range in the same message ("de 18h à 23h"), which read as one phrase. */
function isTimeRange(state: FlowState, first: Fact, second: Fact | undefined): second is Fact {
  if (!second || first.type !== 'time' || second.type !== 'time') return false;
  if (first.messageId !== second.messageId || first.end === undefined || second.start === undefined) {
    return false;
  }
  if (first.end > second.start) return false;
  const text = state.freeTexts.find((t) => t.messageId === first.messageId)?.text;
  if (text === undefined || first.start === undefined) return false;
  const between = text.slice(first.end, second.start);
  return (
    RANGE_CONNECTOR.test(between) ||
    (AND_CONNECTOR.test(between) && BETWEEN_BEFORE.test(text.slice(0, first.start)))
  );
}

/** A slot's facts in plain French, once each, a range of times as one phrase. */
function describeSlotFacts(state: FlowState, flow: FlowDefinition, facts: Fact[]): string[] {
  const values: string[] = [];
  for (let i = 0; i < facts.length; i++) {
    const fact = facts[i] as Fact;
    const next = facts[i + 1];
    if (isTimeRange(state, fact, next)) {
      values.push(`de ${describeFact(flow, fact)} à ${describeFact(flow, next)}`);
      i++;
    } else values.push(describeFact(flow, fact));
  }
  return [...new Set(values)];
}

const QUOTE_LENGTH = 200;

/** "• Votre récit : « … »", the account's first words, for flows whose questions do not say what happened. */
function narrativeLine(state: FlowState, flow: FlowDefinition): string | null {
  if (!flow.summaryQuotesNarrative) return null;
  const question = flow.questions.find((q) => q.kind === 'narrative');
  const messageId = question ? state.slots[question.id]?.values[0] : undefined;
  const text = state.freeTexts
    .find((t) => t.messageId === messageId)
    ?.text.replace(/\s+/g, ' ')
    .trim();
  if (!question || !text) return null;
  const quoted = text.length > QUOTE_LENGTH ? `${text.slice(0, QUOTE_LENGTH).trimEnd()}…` : text;
  return `• ${question.summaryLabel} : « ${quoted} »`;
}

/** The summary message, listing facts in plain French. */
export function buildSummaryReply(state: FlowState, flow: FlowDefinition): BotReply {
  const facts = listedSlots(state, flow).map((slot) => {
    const values = describeSlotFacts(state, flow, factsOfSlot(state, slot.id));
    return `• ${slot.label} : ${values.join(', ')}`;
  });
  const narrative = narrativeLine(state, flow);
  const lines = narrative ? [narrative, ...facts] : facts;
  const body = lines.length > 0 ? lines.join('\n') : m.SUMMARY_EMPTY;
  const text = [m.SUMMARY_HEADER, body, m.SUMMARY_QUESTION].join('\n');
  return {
    text,
    options: summaryOptions(state, flow),
    kind: 'summary',
    input: 'choice',
    questionId: 'summary',
  };
}
