/** The "Voici ce que j'ai compris" summary and its correction options. */
import { describeFact } from './describe-fact.ts';
import type { FlowDefinition } from './flow-types.ts';
import { isTimeRange, NARRATIVE_QUOTE_LENGTH } from './kept-texts.ts';
import * as m from './messages.ts';
import { quoteOneLine } from './quote.ts';
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

// The longest a quoted piece of the person's words may be: the account's first words, one fact's text.
const QUOTE_LENGTH = NARRATIVE_QUOTE_LENGTH;
const FACT_LENGTH = 120;

/** One fact as the summary quotes it: on one line, whatever the person typed (see quoteOneLine). */
const quoteFact = (flow: FlowDefinition, fact: Fact) => quoteOneLine(describeFact(flow, fact), FACT_LENGTH);

/** A slot's facts in plain French, once each, a range of times as one phrase. */
function describeSlotFacts(state: FlowState, flow: FlowDefinition, facts: Fact[]): string[] {
  const values: string[] = [];
  for (let i = 0; i < facts.length; i++) {
    const fact = facts[i] as Fact;
    const next = facts[i + 1];
    if (isTimeRange(state, fact, next)) {
      values.push(`de ${quoteFact(flow, fact)} à ${quoteFact(flow, next)}`);
      i++;
    } else values.push(quoteFact(flow, fact));
  }
  return [...new Set(values.filter(Boolean))];
}

/** "Votre récit : « … »", the account's first words, for flows whose questions do not say what happened. */
function narrativeItem(state: FlowState, flow: FlowDefinition): string | null {
  if (!flow.summaryQuotesNarrative) return null;
  const question = flow.questions.find((q) => q.kind === 'narrative');
  const answered = question ? state.slots[question.id]?.values[0] !== undefined : false;
  const quoted = answered && state.narrativeQuote ? quoteOneLine(state.narrativeQuote, QUOTE_LENGTH) : '';
  if (!question || !quoted) return null;
  return `${question.summaryLabel} : « ${quoted} »`;
}

/** The summary's items: "Label : value, value", one line each, in flow order. */
function summaryItems(state: FlowState, flow: FlowDefinition): string[] {
  const facts = listedSlots(state, flow).flatMap((slot) => {
    const values = describeSlotFacts(state, flow, factsOfSlot(state, slot.id));
    return values.length > 0 ? [`${slot.label} : ${values.join(', ')}`] : [];
  });
  const narrative = narrativeItem(state, flow);
  return narrative ? [narrative, ...facts] : facts;
}

/**
 * The summary message. Its items are data (`list`), which the renderers show as a list; `text` is the
 * same message in plain text for clients that ignore `list`, one "• " line per item. Items never hold a
 * line break, so no one's words can add a line of their own to either.
 */
export function buildSummaryReply(state: FlowState, flow: FlowDefinition): BotReply {
  const items = summaryItems(state, flow);
  const reply = {
    options: summaryOptions(state, flow),
    kind: 'summary',
    input: 'choice',
    questionId: 'summary',
  } as const;
  if (items.length === 0) {
    return { ...reply, text: [m.SUMMARY_HEADER, m.SUMMARY_EMPTY, m.SUMMARY_QUESTION].join('\n') };
  }
  const text = [m.SUMMARY_HEADER, ...items.map((item) => `• ${item}`), m.SUMMARY_QUESTION].join('\n');
  return { ...reply, text, list: { before: m.SUMMARY_HEADER, items, after: m.SUMMARY_QUESTION } };
}
