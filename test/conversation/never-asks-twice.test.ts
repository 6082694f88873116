/**
 * Issue 10 §4, first bullet: the bot never asks for a fact the first message already gave.
 *
 * test/fixtures/first-messages.jsonl holds realistic first messages (phone and computer, SMS spelling,
 * the four categories, guessed from the text or chosen first by option), each with `states`: the ids of
 * the flow's questions whose answer a careful reader finds in the message. Each message is played through
 * the engine, every further question is answered "Je ne sais pas / passer" until the summary (or the end),
 * and each question asked after the message whose fact the message already gave is counted.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';
import {
  type BotReply,
  type Category,
  type FlowState,
  handleCitizenInput,
  isCategory,
  startConversation,
  type TurnContext,
} from '../../src/conversations/engine/index.ts';
import { FLOWS } from '../../src/conversations/flows/index.ts';

interface FirstMessage {
  category: Category;
  chooseCategoryFirst: boolean;
  text: string;
  states: string[];
  note: string;
}

const FIXTURE = new URL('../fixtures/first-messages.jsonl', import.meta.url);
const CTX: TurnContext = { now: new Date('2026-03-10T12:00:00+01:00'), departement: '25' };
/** More turns than any flow has questions: a conversation that does not end is a failure of its own. */
const MAX_TURNS = 40;

function readFixture(): FirstMessage[] {
  return readFileSync(FIXTURE, 'utf8')
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line) => JSON.parse(line) as FirstMessage);
}

interface Played {
  /** The category the conversation ended in. */
  category: Category | null;
  /** Question ids asked after the first message, in order (a question asked again appears again). */
  asked: string[];
  /** True when the conversation reached the summary or the end within MAX_TURNS. */
  ended: boolean;
}

/** The question the bot is waiting on: the last question of the turn's replies. */
function pendingQuestion(replies: BotReply[]): BotReply | undefined {
  return replies.filter((r) => r.kind === 'question').at(-1);
}

/**
 * Plays one first message, then answers every question with "skip" (the category question, if asked
 * again, with the message's category) until the summary or the end.
 */
function play(message: FirstMessage): Played {
  let { state, replies }: { state: FlowState; replies: BotReply[] } = startConversation();
  let turn = 0;
  const send = (input: { text?: string; option?: string }) => {
    const result = handleCitizenInput(state, { messageId: `m${++turn}`, ...input }, CTX);
    state = result.state;
    replies = result.replies;
  };
  if (message.chooseCategoryFirst) send({ option: message.category });
  send({ text: message.text });
  const asked: string[] = [];
  for (let i = 0; i < MAX_TURNS; i++) {
    if (state.step === 'summary' || state.step === 'done')
      return { category: state.category, asked, ended: true };
    const question = pendingQuestion(replies);
    const id = question?.questionId ?? state.step ?? '';
    if (id === 'category') {
      send({ option: message.category });
      continue;
    }
    asked.push(id);
    send({ option: 'skip' });
  }
  return { category: state.category, asked, ended: false };
}

test('the first-messages fixture is well formed: 60+ messages, the four categories, real question ids', () => {
  const messages = readFixture();
  assert.ok(messages.length >= 60, `${messages.length} messages`);
  const notes = new Set<string>();
  for (const m of messages) {
    assert.ok(isCategory(m.category), `${m.note}: category ${m.category}`);
    assert.equal(typeof m.chooseCategoryFirst, 'boolean', m.note);
    assert.ok(m.text.trim() !== '', m.note);
    assert.ok(!notes.has(m.note), `duplicate note ${m.note}`);
    notes.add(m.note);
    const ids = new Set(FLOWS[m.category].questions.map((q) => q.id));
    for (const id of m.states) assert.ok(ids.has(id), `${m.note}: ${id} is no question of ${m.category}`);
    assert.equal(new Set(m.states).size, m.states.length, `${m.note}: duplicate ids in states`);
  }
  for (const category of Object.keys(FLOWS) as Category[]) {
    assert.ok(
      messages.some((m) => m.category === category && m.chooseCategoryFirst),
      `${category}: a message with the category chosen first`,
    );
    assert.ok(
      messages.some((m) => m.category === category && !m.chooseCategoryFirst),
      `${category}: a message whose category is guessed from the text`,
    );
  }
});

test('the bot never asks for a fact the first message already gave', () => {
  const repeated: string[] = [];
  const problems: string[] = [];
  for (const message of readFixture()) {
    const played = play(message);
    if (played.category !== message.category)
      problems.push(`${message.note}: category ${played.category ?? 'none'}, expected ${message.category}`);
    if (!played.ended) problems.push(`${message.note}: no summary after ${MAX_TURNS} answers`);
    // A question asked twice after the message counts once: the repeat is in asking it at all.
    for (const id of new Set(played.asked)) {
      if (message.states.includes(id)) repeated.push(`${message.note} → ${id}`);
    }
  }
  const report = [
    `${repeated.length} question(s) asked for a fact the first message gave:`,
    ...repeated.map((r) => `  - ${r}`),
    ...(problems.length ? [`${problems.length} other problem(s):`, ...problems.map((p) => `  - ${p}`)] : []),
  ].join('\n');
  assert.equal(repeated.length + problems.length, 0, report);
});
