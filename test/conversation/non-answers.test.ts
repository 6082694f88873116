/**
 * Issue 10 §4, second bullet: a message that answers no choice question gets a reply that fits it, never
 * "Je n'ai pas bien compris. Choisissez parmi les réponses proposées." alone. A victim who writes that she
 * does not know what to do, or that she is afraid, gets support: the 3919 and the offer of an officer (the
 * talk_to_officer option); what she writes is not filed as the answer to the question; only true noise gets
 * the reminder of the options (and changes nothing).
 *
 * Each input is written at each choice question of the victim flows, reached by skipping the questions
 * before it.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  type BotReply,
  type Category,
  type FlowState,
  handleCitizenInput,
  startConversation,
  type TurnContext,
} from '../../src/conversations/engine/index.ts';

const CTX: TurnContext = { now: new Date('2026-03-10T12:00:00+01:00'), departement: '25' };
/** The bare reminder (messages.ts CHOOSE_AN_ANSWER): what a victim in distress must never get alone. */
const REMINDER = "Je n'ai pas bien compris. Choisissez parmi les réponses proposées.";

/** The choice questions of the victim flows. */
const QUESTIONS: { category: Category; question: string }[] = [
  { category: 'violences_intrafamiliales', question: 'securite' },
  { category: 'violences_intrafamiliales', question: 'auteur' },
  { category: 'violences_intrafamiliales', question: 'enfants' },
  { category: 'violences_intrafamiliales', question: 'policier' },
  { category: 'violences_sexuelles', question: 'securite' },
  { category: 'violences_sexuelles', question: 'type_lieu' },
  { category: 'violences_sexuelles', question: 'auteur' },
  { category: 'violences_sexuelles', question: 'policier' },
];

/** She does not know what to do, she is afraid, she cannot say more: support, 3919, an officer. */
const DISTRESS = [
  'je sais pas quoi faire',
  "j'ai peur",
  'il va me tuer si il sait',
  'aidez moi',
  'je suis perdue',
  "j'ose pas en parler",
  "je veux juste que ça s'arrête",
  'jsp quoi faire jsuis perdu',
];

/** Not an answer, not noise either: never the bare reminder alone. */
const UNCLEAR = ["c'est compliqué"];

/** True noise: the reminder of the options, and nothing recorded. */
const NOISE = ['euh', '???', 'mdr', 'hein', '...', 'azerty', 'ok'];

/**
 * Where a word of NOISE is a designed answer, it is not noise there: "ok" is "Oui, je suis en sécurité"
 * (victim.ts, the safety question's keywords) and accepts the officer offered by the policier question.
 */
const ANSWERS_THERE: Record<string, string[]> = { securite: ['ok'], policier: ['ok'] };

/** A new conversation of `category` whose questions are skipped until `question` is asked. */
function reach(category: Category, question: string): FlowState {
  let { state } = startConversation(category);
  for (let i = 0; i < 30 && state.step !== question; i++) {
    state = handleCitizenInput(state, { messageId: `skip${i}`, option: 'skip' }, CTX).state;
  }
  if (state.step !== question) throw new Error(`${category}: ${question} never asked`);
  return state;
}

interface Outcome {
  replies: BotReply[];
  before: FlowState;
  after: FlowState;
}

function write(category: Category, question: string, text: string): Outcome {
  const before = reach(category, question);
  const { state: after, replies } = handleCitizenInput(before, { messageId: 'na', text }, CTX);
  return { replies, before, after };
}

function show(replies: BotReply[]): string {
  return replies.map((r) => `[${r.kind ?? ''}] ${r.text.split('\n')[0]}`).join(' | ');
}

/** The bare reminder: a reply that opens with it (the question follows), nothing else said this turn. */
function bareReminder(replies: BotReply[]): boolean {
  return replies.length === 1 && (replies[0]?.text ?? '').startsWith(REMINDER);
}

/** The text itself filed as the answer of the question asked ("j'ai peur" as the author). */
function filedAsAnswer(o: Outcome, question: string, text: string): boolean {
  return o.after.facts.some((f) => f.slot === question && f.value === text && !o.before.facts.includes(f));
}

function distressProblems(o: Outcome, question: string, text: string): string[] {
  const problems: string[] = [];
  if (bareReminder(o.replies)) problems.push('bare reminder');
  if (!o.replies.some((r) => r.text.includes('3919'))) problems.push('no 3919');
  if (!o.replies.some((r) => r.options?.some((opt) => opt.value === 'talk_to_officer')))
    problems.push('no officer offered');
  if (filedAsAnswer(o, question, text)) problems.push(`filed as the answer to ${question}`);
  return problems;
}

function unclearProblems(o: Outcome, question: string, text: string): string[] {
  const problems: string[] = [];
  if (bareReminder(o.replies)) problems.push('bare reminder');
  if (filedAsAnswer(o, question, text)) problems.push(`filed as the answer to ${question}`);
  return problems;
}

function noiseProblems(o: Outcome, question: string): string[] {
  const problems: string[] = [];
  if (!o.replies.some((r) => r.text.includes(REMINDER))) problems.push('no reminder of the options');
  if (o.after.step !== question) problems.push(`moved on to ${o.after.step}`);
  if (o.after.facts.length !== o.before.facts.length) problems.push('recorded a fact');
  return problems;
}

test('the non-answer inputs are reachable: every listed choice question is asked in its flow', () => {
  for (const { category, question } of QUESTIONS) {
    const state = reach(category, question);
    assert.equal(state.step, question);
  }
});

test('a non-answer to a choice question gets a reply that fits it: support for distress, the reminder for noise', () => {
  const failures: string[] = [];
  for (const { category, question } of QUESTIONS) {
    const where = `${category} @ ${question}`;
    const check = (text: string, problems: (o: Outcome) => string[]) => {
      const outcome = write(category, question, text);
      const found = problems(outcome);
      if (found.length > 0)
        failures.push(`${where} ← ${JSON.stringify(text)}: ${found.join(', ')} — ${show(outcome.replies)}`);
    };
    for (const text of DISTRESS) check(text, (o) => distressProblems(o, question, text));
    for (const text of UNCLEAR) check(text, (o) => unclearProblems(o, question, text));
    for (const text of NOISE) {
      if (ANSWERS_THERE[question]?.includes(text)) continue;
      check(text, (o) => noiseProblems(o, question));
    }
  }
  assert.equal(
    failures.length,
    0,
    `${failures.length} unfit replies:\n${failures.map((f) => `  - ${f}`).join('\n')}`,
  );
});
