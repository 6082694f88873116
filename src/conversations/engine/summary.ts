/** The "Voici ce que j'ai compris" summary and its correction options. */
import { describeFact } from './describe-fact.ts';
import type { FlowDefinition } from './flow-types.ts';
import * as m from './messages.ts';
import { factsOfSlot } from './slots.ts';
import type { BotReply, FlowState, ReplyOption } from './types.ts';

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
    options.push({ value: `correct:${slot.id}`, label: `${verb} : ${slot.label}` });
  }
  options.push({ value: 'add', label: m.ADD_LABEL });
  return options;
}

/** The summary message, listing facts in plain French. */
export function buildSummaryReply(state: FlowState, flow: FlowDefinition): BotReply {
  const lines = listedSlots(state, flow).map((slot) => {
    const values = factsOfSlot(state, slot.id).map((f) => describeFact(flow, f));
    return `• ${slot.label} : ${[...new Set(values)].join(', ')}`;
  });
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
