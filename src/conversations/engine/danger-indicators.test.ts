import assert from 'node:assert/strict';
import { test } from 'node:test';
import { detectDangerIndicators, impliesDangerNow, normalizeDangerFlags } from './danger-indicators.ts';
import {
  handleCitizenInput,
  recordMessageToOfficer,
  startConversation,
  summarizeForReport,
} from './engine.ts';
import { deepFreeze, makeContext, skipTo } from './test-helpers.ts';
import type { FlowState } from './types.ts';

const CASES: [string, string[]][] = [
  // Strangulation, even in the past; a denial cancels.
  ["il m'a serré le cou hier", ['strangulation']],
  ['il ma etranglé la semaine dernière', ['strangulation']],
  ['il ma pris par le cou', ['strangulation']],
  ['jsui enceinte et il ma serré la gorge', ['strangulation', 'pregnancy']],
  ["il ne m'a jamais étranglée", []],
  // Threat to kill, even in the past.
  ["il m'a menacée de mort", ['threat_to_kill']],
  ["il a dit qu'il allait me tuer", ['threat_to_kill']],
  ['il va me buter si je parle', ['threat_to_kill']],
  ["il ne m'a jamais menacée de mort", []],
  // A weapon used or in hand; named or denied, not.
  ["il m'a menacée avec un couteau", ['weapon']],
  ['il a un couteau à la main', ['weapon']],
  ["pas d'arme, il m'a juste insultée", []],
  ["il n'a pas d'arme", []],
  // The author present now; gone, elsewhere or in the past, not.
  ['il est là', ['author_present']],
  ['il est dans la chambre à côté', ['author_present']],
  ['il dort à côté', ['author_present']],
  ['mon ex est devant la porte', ['author_present']],
  ["il n'est plus là", []],
  ["il n'est pas là", []],
  ['il est parti', []],
  ['il est la bas chez sa mère', []],
  // Children threatened.
  ['il menace de tuer les enfants', ['threat_to_kill', 'children_threatened']],
  ['il frappe aussi mon fils', ['children_threatened']],
  ['il menace de prendre les enfants', ['children_threatened']],
  ['mes enfants sont en danger', ['children_threatened']],
  ["il n'a jamais touché les enfants", []],
  // Recent separation; an old one is not; a refused separation is one.
  ['on vient de se séparer', ['recent_separation']],
  ["je l'ai quitté il y a deux semaines", ['recent_separation']],
  ["il n'accepte pas la séparation", ['recent_separation']],
  ['on est séparés depuis dix ans', []],
  // Pregnancy; a past one or a denial, not.
  ['je suis enceinte de 4 mois', ['pregnancy']],
  ['je ne suis pas enceinte', []],
  ["quand j'étais enceinte il me frappait", []],
  // Nothing.
  ['il ma frappé hier', []],
  ['bonjour', []],
  ['', []],
];

test('detectDangerIndicators: phone-style French, negations and past markers', () => {
  for (const [text, expected] of CASES) {
    assert.deepEqual(detectDangerIndicators(text), expected, text);
  }
});

test('danger now: strangulation, threats to kill, weapon, author present, children; not separation or pregnancy', () => {
  assert.equal(impliesDangerNow(['strangulation']), true);
  assert.equal(impliesDangerNow(['author_present']), true);
  assert.equal(impliesDangerNow(['children_threatened']), true);
  assert.equal(impliesDangerNow(['recent_separation', 'pregnancy']), false);
  assert.equal(impliesDangerNow(undefined), false);
  assert.deepEqual(normalizeDangerFlags(['pregnancy', 'x', 'weapon', 'weapon']), ['weapon', 'pregnancy']);
  assert.deepEqual(normalizeDangerFlags(undefined), []);
});

const ctx = makeContext();

test('a victim flow records the flags, gives the emergency numbers first and keeps them in the report', () => {
  const state = skipTo('violences_intrafamiliales', 'recit', ctx);
  const turn = handleCitizenInput(
    deepFreeze(state),
    { messageId: 'm1', text: "il m'a serré le cou la semaine dernière, je suis enceinte" },
    ctx,
  );
  assert.deepEqual(turn.state.dangerFlags, ['strangulation', 'pregnancy']);
  assert.equal(turn.emergency, true);
  assert.equal(turn.state.emergency, true);
  assert.equal(turn.replies[0]?.kind, 'emergency');
  assert.match(turn.replies[0]?.text ?? '', /17/);
  // The account is still taken as the answer: the flow goes on.
  assert.notEqual(turn.state.step, 'recit');
  const next = handleCitizenInput(turn.state, { messageId: 'm2', text: 'on vient de se séparer' }, ctx);
  assert.deepEqual(next.state.dangerFlags, ['strangulation', 'recent_separation', 'pregnancy']);
  assert.equal(next.emergency, false, 'a risk factor alone gives no emergency message');
  const summary = summarizeForReport(next.state);
  assert.deepEqual(summary.dangerFlags, ['strangulation', 'recent_separation', 'pregnancy']);
  assert.equal(summary.emergency, true);
});

test('"oui" to the safety question with the author present is not recorded as safe', () => {
  const start = startConversation('violences_intrafamiliales').state;
  assert.equal(start.step, 'securite');
  const turn = handleCitizenInput(
    start,
    { messageId: 'm1', text: 'oui je suis en sécurité mais il est là' },
    ctx,
  );
  assert.deepEqual(turn.state.dangerFlags, ['author_present']);
  assert.equal(turn.state.emergency, true);
  assert.equal(turn.replies[0]?.kind, 'emergency');
  assert.ok(!turn.state.facts.some((f) => f.slot === 'securite' && f.value === 'safe'));
  assert.notEqual(turn.state.step, 'securite', 'not asked again');

  // Safe first, the author's presence said later in the conversation: the "safe" answer is withdrawn.
  const safe = handleCitizenInput(start, { messageId: 'm1', option: 'safe' }, ctx);
  assert.ok(safe.state.facts.some((f) => f.slot === 'securite' && f.value === 'safe'));
  const later = handleCitizenInput(
    safe.state,
    { messageId: 'm2', text: "il est encore dans l'appartement" },
    ctx,
  );
  assert.ok(!later.state.facts.some((f) => f.slot === 'securite' && f.value === 'safe'));
  assert.equal(later.state.emergency, true);
});

test('the flags of a first message count once its category is known; other flows keep none', () => {
  const first = handleCitizenInput(
    startConversation().state,
    { messageId: 'm1', text: "mon mari m'a menacée de mort hier soir, il dort à côté" },
    ctx,
  );
  assert.equal(first.state.category, 'violences_intrafamiliales');
  assert.deepEqual(first.state.dangerFlags, ['threat_to_kill', 'author_present']);
  assert.equal(first.replies.filter((r) => r.kind === 'emergency').length, 1);

  const drugs = handleCitizenInput(
    startConversation('stupefiants').state,
    { messageId: 'm1', text: 'le dealer est là il a un couteau à la main' },
    ctx,
  );
  assert.deepEqual(drugs.state.dangerFlags, []);
});

test('an old state without flags decodes as none; a message to the officer adds its flags', () => {
  const state = skipTo('violences_sexuelles', 'recit', ctx) as Partial<FlowState>;
  delete state.dangerFlags;
  const old = JSON.parse(JSON.stringify(state)) as FlowState;
  assert.deepEqual(summarizeForReport(old).dangerFlags, []);
  const recorded = recordMessageToOfficer(old, { messageId: 'm9', text: 'il a un couteau à la main' }, ctx);
  assert.deepEqual(recorded.state.dangerFlags, ['weapon']);
  assert.equal(recorded.emergency, true);
  assert.equal(recorded.state.emergency, true);
  assert.deepEqual(recorded.replies, []);
});
