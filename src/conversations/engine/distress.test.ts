import assert from 'node:assert/strict';
import { test } from 'node:test';
import { isDistress, wordsBeyondDistress } from './distress.ts';
import { handleCitizenInput, startConversation } from './engine.ts';
import { makeContext } from './test-helpers.ts';
import { isNoise } from './text-fold.ts';

test('distress is recognised in phone-style French, and an account is not distress alone', () => {
  for (const text of [
    'je sais pas quoi faire',
    'je ne sais plus quoi faire',
    'jsp quoi faire jsuis perdu',
    "j'ai peur",
    'jai trop peur',
    'aidez moi',
    "j'ose pas en parler",
    "je veux juste que ça s'arrête",
    "j'en peux plus",
    "c'est compliqué",
  ]) {
    assert.ok(isDistress(text), text);
  }
  for (const text of ['mon mari', 'dans la rue', 'oui', "je ne sais pas où c'était"]) {
    assert.ok(!isDistress(text), text);
  }
  assert.equal(wordsBeyondDistress('je sais pas quoi faire'), 0);
  assert.ok(
    wordsBeyondDistress("il m'a encore frappée hier soir devant ma fille, je sais plus quoi faire") >= 8,
  );
});

test('distress gets the emergency numbers once, as links, even when the same words are an emergency', () => {
  const ctx = makeContext();
  const started = startConversation('violences_intrafamiliales');
  const numbersIn = (texts: string[]) => texts.join('\n').match(/appelez le 17/g)?.length ?? 0;
  // Distress alone: the support says the numbers, worded as the pages turn into links.
  const lost = handleCitizenInput(started.state, { messageId: 'l', text: 'je sais pas quoi faire' }, ctx);
  const lostTexts = lost.replies.map((reply) => reply.text);
  assert.equal(lost.emergency, false);
  assert.equal(numbersIn(lostTexts), 1, lostTexts.join('\n'));
  assert.match(lostTexts.join('\n'), /appelez le 17 ou le 112, ou envoyez un SMS au 114/);
  // Distress that also answers "Êtes-vous en sécurité ?" as no: the emergency message gives them.
  const afraid = handleCitizenInput(started.state, { messageId: 'a', text: "j'ai peur" }, ctx);
  const afraidTexts = afraid.replies.map((reply) => reply.text);
  assert.ok(afraid.emergency);
  assert.ok(
    afraidTexts.some((text) => text.includes('3919')),
    afraidTexts.join('\n'),
  );
  assert.equal(numbersIn(afraidTexts), 1, afraidTexts.join('\n'));
  const help = handleCitizenInput(started.state, { messageId: 'h', text: 'au secours aidez moi' }, ctx);
  const helpTexts = help.replies.map((reply) => reply.text);
  assert.ok(help.emergency, 'a call for help is an emergency');
  assert.ok(
    helpTexts.some((text) => text.includes('3919')),
    helpTexts.join('\n'),
  );
  assert.equal(numbersIn(helpTexts), 1, helpTexts.join('\n'));
});

test('noise is punctuation, interjections, a letter or a keyboard run; words are not noise', () => {
  for (const text of ['euh', 'euuuh', '???', '...', 'mdrrr', 'hein', 'azerty', 'qsdf', 'x']) {
    assert.ok(isNoise(text), text);
  }
  for (const text of ['parking', 'HLM', 'bus', 'mon oncle', 'au travail', '12']) {
    assert.ok(!isNoise(text), text);
  }
});

test('noise at a question answered in words files nothing: the question stays, with a reminder', () => {
  const ctx = makeContext();
  let atText = startConversation('stupefiants');
  // Skipped up to the first question that takes words (not a choice).
  for (let skipped = 0; atText.replies.at(-1)?.input !== 'text'; skipped++) {
    assert.ok(skipped < 20, 'the flow asks a question in words within 20 questions');
    atText = handleCitizenInput(atText.state, { messageId: 's', option: 'skip' }, ctx);
  }
  const { state } = atText;
  const question = state.step;
  for (const noise of ['euh', '???', 'mdrrr', 'azerty']) {
    const result = handleCitizenInput(state, { messageId: 'n', text: noise }, ctx);
    assert.deepEqual(result.state, state, noise);
    assert.equal(result.replies.at(-1)?.questionId, question);
    assert.match(result.replies.at(-1)?.text ?? '', /Répondez avec vos mots/);
  }
});
