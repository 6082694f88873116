import assert from 'node:assert/strict';
import test from 'node:test';
import { handleCitizenInput } from './engine.ts';
import { quoteOneLine } from './quote.ts';
import { lastReply, makeContext, skipTo } from './test-helpers.ts';
import type { BotReply, Category, FlowState } from './types.ts';

// Bidirectional controls and other invisible format characters a person can paste.
const FORMAT_CHARACTERS = /[\u200B-\u200F\u202A-\u202E\u2060-\u2069\u061C\uFEFF\u00AD]/u;

/** Answers `text` at `step`, skips the rest and returns the summary as shown again (probe: a bad option). */
function summaryAfter(category: Category, step: string, text: string): { reply: BotReply; state: FlowState } {
  const ctx = makeContext();
  let state = skipTo(category, step, ctx);
  state = handleCitizenInput(state, { messageId: 'r', text }, ctx).state;
  let reply: BotReply | undefined;
  for (let i = 0; i < 20 && state.step !== 'summary'; i++) {
    const turn = handleCitizenInput(state, { messageId: `s${i}`, option: 'skip' }, ctx);
    state = turn.state;
    reply = lastReply(turn.replies);
  }
  assert.equal(state.step, 'summary');
  assert.ok(reply);
  return { reply, state };
}

/** Every item one line, nothing invisible; the plain text repeats the items, one "• " line each. */
function assertOneLineItems(reply: BotReply): string[] {
  assert.equal(reply.kind, 'summary');
  const list = reply.list;
  assert.ok(list, 'the summary carries its list as data');
  assert.equal(list.before, "Voici ce que j'ai compris :");
  assert.equal(list.after, 'Est-ce correct ?');
  for (const item of list.items) {
    assert.doesNotMatch(item, /[\n\r\u2028\u2029\u0085]/u, item);
    assert.doesNotMatch(item, FORMAT_CHARACTERS, item);
  }
  assert.equal(reply.text, [list.before, ...list.items.map((item) => `• ${item}`), list.after].join('\n'));
  return list.items;
}

test('a narrative with line breaks, bullets and bidi controls stays inside its own item', () => {
  const narrative =
    'Un homme force les cadenas du local à vélos\n- Faux élément\n• autre\r\n* encore \u202Eevil\u202C et \u2067caché\u2069\u200B';
  const { reply } = summaryAfter('autre', 'recit', narrative);
  const items = assertOneLineItems(reply);
  const account = items.find((item) => item.startsWith('Votre récit : « '));
  assert.equal(
    account,
    'Votre récit : « Un homme force les cadenas du local à vélos - Faux élément • autre * encore evil et caché »',
  );
  assert.ok(!items.some((item) => /^(?:Faux élément|autre|encore)/.test(item)), items.join(' | '));
  // The plain text has exactly the bot's lines: header, one per item, question.
  assert.equal(reply.text.split('\n').length, items.length + 2);
  assert.ok(!reply.text.split('\n').some((line) => /^[-•*] ?(?:Faux|autre|encore)/.test(line)));
});

test('a fact in the person’s words is one line too, its leading bullets meaningless', () => {
  const answer = '- le père de mes enfants\n• Faux élément : rien\n- Autre ligne \u202Eevil';
  const { reply, state } = summaryAfter('violences_intrafamiliales', 'auteur', answer);
  assert.ok(state.facts.some((fact) => fact.slot === 'auteur'));
  const items = assertOneLineItems(reply);
  const author = items.find((item) => item.includes('le père de mes enfants'));
  assert.ok(author, items.join(' | '));
  assert.match(author, / : le père de mes enfants • Faux élément : rien - Autre ligne evil$/);
  assert.ok(!items.some((item) => /^(?:Faux élément|Autre ligne)/.test(item)), items.join(' | '));
});

test('the summary shown again after a wrong answer keeps its list, the explanation before it', () => {
  const ctx = makeContext();
  const { state } = summaryAfter('autre', 'recit', 'On m’a volé mon vélo devant la gare de Besançon.');
  const again = lastReply(handleCitizenInput(state, { messageId: 'p', option: '__probe__' }, ctx).replies);
  assert.ok(again.list);
  assert.match(again.list.before, /\nVoici ce que j'ai compris :$/);
  assert.ok(again.text.startsWith(`${again.list.before}\n• `));
});

test('quoteOneLine: one line, nothing invisible, no leading bullet, bounded without cutting an emoji', () => {
  assert.equal(quoteOneLine('  — • -  hello\n\n\tworld\u2028again\u0085end ', 100), 'hello world again end');
  assert.equal(quoteOneLine('a\u202Eb\u2066c\u2069\u200E\u200Fd\u061Ce\uFEFF', 100), 'abcde');
  assert.equal(quoteOneLine('\u202E\n- ', 100), '');
  assert.equal(quoteOneLine('abcdef', 3), 'abc…');
  assert.equal(quoteOneLine('ab😀cd', 3), 'ab😀…');
  // A phone number keeps its plus; a dash inside the text is the person's, kept.
  assert.equal(quoteOneLine('+33612345678', 100), '+33612345678');
  assert.equal(quoteOneLine('Saint-Claude - le soir', 100), 'Saint-Claude - le soir');
});
