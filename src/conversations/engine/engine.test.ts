import assert from 'node:assert/strict';
import { test } from 'node:test';
import { canSubmit, handleCitizenInput, startConversation, summarizeForReport } from './index.ts';
import { deepFreeze, lastReply, makeContext, play, skipTo, stubExtractor } from './test-helpers.ts';
import type { FlowState } from './types.ts';

const RICH =
  'Tous les soirs vers 21h, 3 jeunes vendent du shit devant la pharmacie rue de Dole à Besançon. ' +
  'Un guetteur en survêt noir surveille. Une Clio grise AB-123-CD vient livrer. Ils commandent au 06 12 34 56 78.';

const richExtractor = stubExtractor([
  { type: 'time', value: '21:00', text: '21h' },
  { type: 'persons', value: '3', text: '3 jeunes' },
  { type: 'substance', value: 'cannabis_resine', text: 'shit' },
  { type: 'commune', value: '25056', text: 'Besançon' },
  { type: 'vehicle', value: 'voiture', text: 'Clio grise', attrs: { model: 'Clio', colour: 'gris' } },
  { type: 'plate', value: 'AB-123-CD', text: 'AB-123-CD' },
  { type: 'phone', value: '+33612345678', text: '06 12 34 56 78' },
]);

function optionValues(state: FlowState): string[] {
  const reply = lastReply(
    handleCitizenInput(state, { messageId: 'probe', option: '__probe__' }, makeContext()).replies,
  );
  return (reply.options ?? []).map((o) => o.value);
}

test('the first message greets, states anonymity and emergency numbers, and offers the four categories', () => {
  const { state, replies } = startConversation();
  assert.equal(replies.length, 1);
  const [first] = replies;
  assert.match(first?.text ?? '', /Bonjour/);
  assert.match(first?.text ?? '', /anonyme/);
  assert.match(first?.text ?? '', /17/);
  assert.match(first?.text ?? '', /112/);
  assert.match(first?.text ?? '', /SMS au 114/);
  assert.deepEqual(first?.options, [
    { value: 'stupefiants', label: 'Trafic de stupéfiants' },
    { value: 'violences_intrafamiliales', label: 'Violences conjugales ou intrafamiliales' },
    { value: 'violences_sexuelles', label: 'Violences sexistes ou sexuelles' },
    { value: 'autre', label: 'Autres faits' },
  ]);
  assert.equal(state.step, 'category');
  assert.equal(state.category, null);
});

test('starting with a known category skips the category question and invites a free description', () => {
  const { state, replies } = startConversation('stupefiants');
  assert.equal(state.category, 'stupefiants');
  assert.match(replies[0]?.text ?? '', /anonyme/);
  const question = lastReply(replies);
  assert.equal(question.questionId, 'recit');
  assert.equal(question.input, 'text');
  assert.ok(question.options?.some((o) => o.value === 'skip' && o.label === 'Je ne sais pas / passer'));
});

test('a rich free-text drug report fills the slots and asks only what is missing', () => {
  const ctx = makeContext(richExtractor);
  const start = startConversation('stupefiants').state;
  const first = handleCitizenInput(start, { messageId: 'msg-1', text: RICH }, ctx);
  assert.equal(first.emergency, false);
  // Place, time, recurrence, activity, products, persons, roles, vehicle, plate, ordering are known.
  assert.equal(lastReply(first.replies).questionId, 'prix');
  const { state, questions } = play(
    first.state,
    [{ option: 'skip' }, { option: 'continue' }, { option: 'safe' }],
    ctx,
  );
  assert.deepEqual(['prix', ...questions], ['prix', 'photos', 'securite', 'summary']);
  assert.deepEqual(state.asked, ['recit', 'prix', 'photos', 'securite']);

  const byType = (type: string) => state.facts.filter((f) => f.type === type).map((f) => f.value);
  assert.deepEqual(byType('commune'), ['25056']);
  assert.deepEqual(byType('time'), ['21:00']);
  assert.deepEqual(byType('plate'), ['AB-123-CD']);
  assert.deepEqual(byType('phone'), ['+33612345678']);
  assert.deepEqual(byType('substance'), ['cannabis_resine']);
  assert.deepEqual(byType('persons'), ['3']);
  assert.deepEqual(byType('recurrence'), ['soirs']);
  assert.deepEqual(byType('activity').sort(), ['livraison', 'vente']);
  assert.deepEqual(byType('roles').sort(), ['guetteur', 'vendeur']);
  assert.deepEqual(byType('kind_of_place'), ['commerce']);
  assert.deepEqual(byType('place'), ['devant la pharmacie rue de Dole à Besançon']);
  assert.deepEqual(byType('clothing'), ['en survêt noir']);
  assert.deepEqual(byType('safety'), ['safe']);
  // Entity facts keep their message and offsets in it.
  const plate = state.facts.find((f) => f.type === 'plate');
  assert.equal(plate?.messageId, 'msg-1');
  assert.equal(RICH.slice(plate?.start, plate?.end), 'AB-123-CD');
  assert.equal(plate?.slot, 'plaque');
  assert.deepEqual(state.facts.find((f) => f.type === 'vehicle')?.attrs, { model: 'Clio', colour: 'gris' });
  // The text itself stays in its message: the state keeps only that something was written.
  assert.equal(state.hasText, true);
  assert.deepEqual(state.pendingTexts, []);

  const summary = lastReply(
    play(first.state, [{ option: 'skip' }, { option: 'continue' }, { option: 'safe' }], ctx).replies,
  );
  assert.ok(summary.text.startsWith("Voici ce que j'ai compris :"));
  assert.match(summary.text, /Commune : Besançon/);
  assert.match(summary.text, /Plaque : AB-123-CD/);
  // Button answers read as list items: "tous les soirs", not "Tous les soirs" after a colon.
  assert.match(summary.text, /Fréquence : tous les soirs/);
  assert.match(summary.text, /Produits : résine de cannabis/);
  assert.equal(summary.options?.[0]?.value, 'confirm');
  assert.ok(summary.options?.some((o) => o.value === 'correct:commune'));

  const confirmed = handleCitizenInput(state, { messageId: 'm9', option: 'confirm' }, ctx);
  assert.equal(confirmed.state.confirmed, true);
  assert.equal(confirmed.state.step, 'done');
  assert.match(lastReply(confirmed.replies).text, /Vous pouvez transmettre votre signalement/);
  assert.equal(canSubmit(confirmed.state), true);
  const report = summarizeForReport(confirmed.state);
  assert.equal(report.category, 'stupefiants');
  assert.equal(report.communeInsee, '25056');
  assert.equal(report.emergency, false);
  assert.equal(report.facts.length, confirmed.state.facts.length);
});

test('the real extractor is used by default (the plate needs no question)', () => {
  const start = startConversation('stupefiants').state;
  const { state } = play(
    start,
    [{ text: 'Une voiture immatriculée GA-318-PT vient tous les jours.' }],
    makeContext(),
  );
  assert.ok(state.facts.some((f) => f.type === 'plate' && f.value === 'GA-318-PT' && f.slot === 'plaque'));
  const all = play(
    state,
    Array.from({ length: 25 }, () => ({ option: 'skip' })),
    makeContext(),
  );
  assert.ok(!all.state.asked.includes('plaque'));
});

test('every question can be skipped, by button or by typing « je sais pas »', () => {
  const ctx = makeContext(stubExtractor([]));
  let state = startConversation('stupefiants').state;
  const typed = ['je sais pas', 'jsp', 'aucune idée', 'Je ne sais pas'];
  const asked: string[] = [];
  for (let i = 0; i < 40 && state.step !== 'summary'; i++) {
    // The photo question moves on with its own "Continuer" button; a typed "je sais pas" still skips.
    const moveOn = state.step === 'photos' ? 'continue' : 'skip';
    assert.ok(optionValues(state).includes(moveOn), `${moveOn} offered on ${state.step}`);
    asked.push(String(state.step));
    const input = i < typed.length ? { text: typed[i] } : { option: 'skip' };
    state = handleCitizenInput(state, { messageId: `m${i}`, ...input }, ctx).state;
  }
  assert.equal(state.step, 'summary');
  assert.deepEqual(asked, [
    'recit',
    'commune',
    'lieu',
    'type_lieu',
    'quand',
    'recurrence',
    'activite',
    'produits',
    'personnes',
    'vehicule',
    'commande',
    'photos',
    'securite',
  ]);
  assert.equal(state.facts.length, 0);
  assert.equal(canSubmit(state), false);
  // Nothing to transmit yet: confirming asks for a few words instead.
  const confirm = handleCitizenInput(state, { messageId: 'x', option: 'confirm' }, ctx);
  assert.equal(confirm.state.step, 'add');
  const added = handleCitizenInput(
    confirm.state,
    { messageId: 'y', text: 'Des allées et venues louches' },
    ctx,
  );
  assert.equal(canSubmit(added.state), true);
  assert.equal(added.state.step, 'summary');
});

test('conditions: vehicle details and plate only when a vehicle was mentioned, roles only with persons', () => {
  const ctx = makeContext(stubExtractor([]));
  const start = startConversation('autre').state;
  const toVehicle = play(
    start,
    [
      { option: 'skip' }, // recit
      { text: 'Bagarre' }, // quoi
      { option: 'skip' }, // commune
      { option: 'skip' }, // lieu
      { option: 'skip' }, // quand
      { option: 'skip' }, // personnes -> no description question
    ],
    ctx,
  );
  assert.equal(toVehicle.state.step, 'vehicule');
  assert.ok(!toVehicle.state.asked.includes('description'));
  const noVehicle = play(toVehicle.state, [{ text: 'non' }], ctx);
  assert.equal(noVehicle.state.step, 'details');
  const withVehicle = play(toVehicle.state, [{ option: 'voiture' }], ctx);
  assert.equal(withVehicle.state.step, 'plaque');

  const drugs = play(startConversation('stupefiants').state, [{ option: 'skip' }], ctx).state;
  const toPersons = play(
    drugs,
    Array.from({ length: 7 }, () => ({ option: 'skip' })),
    ctx,
  );
  assert.equal(toPersons.state.step, 'personnes');
  assert.equal(play(toPersons.state, [{ option: 'skip' }], ctx).state.step, 'vehicule');
  assert.equal(play(toPersons.state, [{ option: '5' }], ctx).state.step, 'roles');
});

test('typed answers to choice questions map to options, several at once for multiple choices', () => {
  const ctx = makeContext(stubExtractor([]));
  const atKind = play(
    startConversation('stupefiants').state,
    [{ option: 'skip' }, { option: 'skip' }, { option: 'skip' }],
    ctx,
  );
  assert.equal(atKind.state.step, 'type_lieu');
  assert.equal(lastReply(atKind.replies).input, 'multiple');
  const parking = play(atKind.state, [{ text: 'PARKING' }], ctx).state;
  assert.deepEqual(
    parking.facts.map((f) => [f.slot, f.value]),
    [['type_lieu', 'parking']],
  );
  const toActivity = play(parking, [{ option: 'skip' }, { option: 'skip' }], ctx);
  assert.equal(toActivity.state.step, 'activite');
  const both = play(toActivity.state, [{ text: 'vente et livraison' }], ctx).state;
  assert.deepEqual(
    both.facts.filter((f) => f.slot === 'activite').map((f) => f.value),
    ['vente', 'livraison'],
  );
  const buttons = play(toActivity.state, [{ option: 'vente,stockage' }], ctx).state;
  assert.deepEqual(
    buttons.facts.filter((f) => f.slot === 'activite').map((f) => f.value),
    ['vente', 'stockage'],
  );
  // A text that matches nothing is kept as the answer when the question allows it.
  const free = play(atKind.state, [{ text: 'arrêt de tram' }], ctx).state;
  assert.deepEqual(
    free.facts.map((f) => [f.type, f.value]),
    [['kind_of_place', 'arrêt de tram']],
  );
});

test('corrections re-ask the slot, replace its facts and show the summary again', () => {
  const ctx = makeContext(richExtractor);
  const start = startConversation('stupefiants').state;
  const atSummary = play(
    start,
    [{ text: RICH }, { option: 'skip' }, { option: 'continue' }, { option: 'safe' }],
    ctx,
  ).state;
  assert.equal(atSummary.step, 'summary');
  const correcting = handleCitizenInput(atSummary, { messageId: 'c1', option: 'correct:commune' }, ctx);
  assert.equal(correcting.state.step, 'commune');
  assert.match(lastReply(correcting.replies).text, /corrigeons/);
  assert.ok(!correcting.state.facts.some((f) => f.slot === 'commune'));
  const corrected = handleCitizenInput(
    correcting.state,
    { messageId: 'c2', text: 'Planoise' },
    makeContext(stubExtractor([])),
  );
  assert.equal(corrected.state.step, 'summary');
  assert.deepEqual(
    corrected.state.facts.filter((f) => f.slot === 'commune').map((f) => [f.type, f.value, f.messageId]),
    [['place', 'Planoise', 'c2']],
  );
  assert.match(lastReply(corrected.replies).text, /Commune : Planoise/);
  assert.equal(summarizeForReport(corrected.state).communeInsee, null);

  // Correcting with « je ne sais pas » simply removes the slot.
  const plate = play(atSummary, [{ option: 'correct:plaque' }, { option: 'skip' }], ctx).state;
  assert.equal(plate.step, 'summary');
  assert.ok(!plate.facts.some((f) => f.type === 'plate'));
  // A correction option must be one of those offered.
  const bogus = handleCitizenInput(atSummary, { messageId: 'c3', option: 'correct:nimporte' }, ctx);
  assert.deepEqual(bogus.state, atSummary);
});

test('an emergency mid-flow gets 17 / 112 / 114 first and the conversation keeps its step', () => {
  const ctx = makeContext(stubExtractor([]));
  const atCommune = play(startConversation('stupefiants').state, [{ option: 'skip' }], ctx).state;
  assert.equal(atCommune.step, 'commune');
  const result = handleCitizenInput(atCommune, { messageId: 'e1', text: 'au secours ils me menacent' }, ctx);
  assert.equal(result.emergency, true);
  assert.equal(result.state.emergency, true);
  const [first] = result.replies;
  assert.equal(first?.kind, 'emergency');
  assert.match(first?.text ?? '', /17/);
  assert.match(first?.text ?? '', /112/);
  assert.match(first?.text ?? '', /SMS au 114/);
  assert.equal(result.state.step, 'commune');
  assert.equal(lastReply(result.replies).questionId, 'commune');
  assert.equal(result.state.hasText, true);
  assert.equal(JSON.stringify(result.state).includes('menacent'), false);
  // The conversation goes on normally afterwards.
  const next = handleCitizenInput(result.state, { messageId: 'e2', option: 'skip' }, ctx);
  assert.equal(next.emergency, false);
  assert.equal(next.state.step, 'lieu');
});

test('the category can be written instead of chosen; a long first message becomes the narrative', () => {
  const ctx = makeContext(stubExtractor([]));
  const { state } = startConversation();
  const drugs = handleCitizenInput(
    state,
    { messageId: 't1', text: 'Des jeunes vendent de la drogue dans le hall de mon immeuble tous les soirs' },
    ctx,
  );
  assert.equal(drugs.state.category, 'stupefiants');
  assert.equal(drugs.state.slots.recit?.status, 'answered');
  assert.deepEqual(
    drugs.state.facts.filter((f) => f.slot === 'type_lieu').map((f) => f.value),
    ['hall'],
  );
  assert.deepEqual(
    drugs.state.facts.filter((f) => f.slot === 'recurrence').map((f) => f.value),
    ['soirs'],
  );
  assert.equal(lastReply(drugs.replies).questionId, 'commune');

  const byLabel = handleCitizenInput(state, { messageId: 't2', text: 'autres faits' }, ctx);
  assert.equal(byLabel.state.category, 'autre');
  assert.equal(lastReply(byLabel.replies).questionId, 'recit');

  const vif = handleCitizenInput(state, { messageId: 't3', text: 'mon mari me frappe' }, ctx);
  assert.equal(vif.state.category, 'violences_intrafamiliales');
  assert.equal(vif.emergency, true);
  assert.equal(vif.replies[0]?.kind, 'emergency');

  const unclear = handleCitizenInput(state, { messageId: 't4', text: 'bonjour' }, ctx);
  assert.deepEqual(unclear.state, state);
  assert.equal(lastReply(unclear.replies).questionId, 'category');
});

test('a short description with no category is kept until the category is chosen; a greeting is not one', () => {
  const ctx = makeContext();
  const { state } = startConversation();
  const text = 'mon voisin me suit depuis des semaines';
  const kept = handleCitizenInput(state, { messageId: 'k', text }, ctx);
  assert.equal(kept.state.step, 'category');
  assert.match(lastReply(kept.replies).text, /^Merci, c'est noté\. Pour bien orienter/);
  assert.deepEqual(kept.state.pendingTexts, [{ messageId: 'k', text }]);
  // The same words again change nothing.
  assert.deepEqual(handleCitizenInput(kept.state, { messageId: 'k2', text }, ctx).state, kept.state);
  // Once the category is chosen, the words stay with the report, and the person is invited to say more.
  const chosen = handleCitizenInput(kept.state, { messageId: 'c', option: 'autre' }, ctx).state;
  assert.deepEqual(chosen.pendingTexts, []);
  assert.equal(chosen.hasText, true);
  assert.equal(chosen.step, 'recit');

  for (const greeting of [
    'bonjour je voudrais faire un signalement svp',
    'Bonsoir, je souhaite signaler quelque chose',
    "Bonjour, je voudrais faire un signalement anonyme s'il vous plaît",
  ]) {
    const turn = handleCitizenInput(state, { messageId: 'g', text: greeting }, ctx);
    assert.deepEqual(turn.state, state, greeting);
    assert.match(lastReply(turn.replies).text, /^Bien sûr, je vous écoute\./, greeting);
  }
});

test('a victim who names the author in her account is not asked who it is', () => {
  const ctx = makeContext();
  const state = skipTo('violences_intrafamiliales', 'recit', ctx);
  const told = handleCitizenInput(
    state,
    { messageId: 'r', text: 'mon mari me crie dessus tout le temps et il me rabaisse' },
    ctx,
  ).state;
  assert.deepEqual(
    told.facts.filter((f) => f.slot === 'auteur').map((f) => f.value),
    ['conjoint'],
  );
  assert.ok(!told.asked.includes('auteur'));
});

test('threats from outside the family are not domestic violence; neighbours who hear it change nothing', () => {
  const ctx = makeContext();
  const { state } = startConversation();
  const categoryOf = (text: string) =>
    handleCitizenInput(state, { messageId: 'v', text }, ctx).state.category;
  assert.notEqual(categoryOf('mon voisin me menace de mort'), 'violences_intrafamiliales');
  assert.notEqual(categoryOf('mon collègue me menace'), 'violences_intrafamiliales');
  for (const text of [
    'mon mari me frappe devant les voisins',
    'il me frappe et les voisins entendent tout',
    'il me bat, les voisins ont appelé la police',
    'mon mec me frappe tous les soirs',
    'le père de mes enfants me menace',
  ]) {
    assert.equal(categoryOf(text), 'violences_intrafamiliales', text);
  }
  // A cry for help is not the account: the victim is still invited to tell what happens.
  const cry = handleCitizenInput(state, { messageId: 'e', text: 'il me frappe en ce moment aidez moi' }, ctx);
  assert.equal(cry.state.slots.recit, undefined);
});

test('an invalid option or an empty message re-prompts politely and leaves the state unchanged', () => {
  const ctx = makeContext(stubExtractor([]));
  const atKind = play(
    startConversation('stupefiants').state,
    [{ option: 'skip' }, { option: 'skip' }, { option: 'skip' }],
    ctx,
  ).state;
  for (const input of [
    { option: 'n_importe_quoi' },
    { option: 'parking,ovni' },
    { text: '   ' },
    {},
    { option: 'confirm' },
  ]) {
    const result = handleCitizenInput(atKind, { messageId: 'bad', ...input }, ctx);
    assert.deepEqual(result.state, atKind, JSON.stringify(input));
    assert.equal(result.emergency, false);
    const reply = lastReply(result.replies);
    assert.equal(reply.questionId, 'type_lieu');
    assert.match(reply.text, /pas disponible|vide/);
  }
  // A choice question without free text answers re-prompts on unrelated text.
  const atSafety = play(
    atKind,
    Array.from({ length: 9 }, () => ({ option: 'skip' })),
    ctx,
  ).state;
  assert.equal(atSafety.step, 'securite');
  const gibberish = handleCitizenInput(atSafety, { messageId: 'g', text: 'blablabla' }, ctx);
  assert.deepEqual(gibberish.state, atSafety);
  assert.match(
    lastReply(gibberish.replies).text,
    /pas bien compris\. Choisissez parmi les réponses proposées/,
  );
  // Garbage state or input never throws.
  const garbage = handleCitizenInput(null as unknown as FlowState, { messageId: 'z', text: 'x' }, ctx);
  assert.equal(garbage.state.step, 'category');
  assert.doesNotThrow(() => handleCitizenInput(atKind, null as never, ctx));
});

test('new facts written at a choice question are kept, and the reply says so without claiming not to understand', () => {
  const ctx = makeContext();
  const state = skipTo('stupefiants', 'photos', ctx);
  const noted = handleCitizenInput(
    state,
    { messageId: 'facts', text: 'Une Clio grise immatriculée AB-123-CD vient tous les soirs à Dole.' },
    ctx,
  );
  assert.equal(noted.state.step, 'photos', 'the photo question is still open');
  assert.ok(noted.state.facts.some((f) => f.type === 'plate' && f.messageId === 'facts'));
  const reply = lastReply(noted.replies);
  assert.match(reply.text, /^Merci, c'est noté\. Pour la question ci-dessous, choisissez/);
  assert.doesNotMatch(reply.text, /pas bien compris/);
  assert.equal(reply.questionId, 'photos');
  // The same text again tells nothing new: no new fact, the question is asked again.
  const again = handleCitizenInput(
    noted.state,
    { messageId: 'again', text: 'Une Clio grise immatriculée AB-123-CD vient tous les soirs à Dole.' },
    ctx,
  );
  assert.deepEqual(again.state, noted.state, 'the same words are already kept');
  assert.match(
    lastReply(again.replies).text,
    /^Merci, votre message est gardé avec votre signalement\. Pour la question ci-dessous, choisissez parmi/,
  );
});

test('a narrative at a choice question with nothing to extract is acknowledged, not filed as a fact', () => {
  const ctx = makeContext();
  const state = skipTo('stupefiants', 'photos', ctx);
  const text = 'Ils crient toute la nuit et jettent des bouteilles depuis le balcon.';
  const told = handleCitizenInput(state, { messageId: 'story', text }, ctx);
  assert.deepEqual(
    told.state.facts,
    state.facts,
    'no fact: chit-chat of the same length would become one too',
  );
  assert.equal(told.state.step, 'photos');
  assert.match(
    lastReply(told.replies).text,
    /^Merci, votre message est gardé avec votre signalement\. Pour la question/,
  );
  assert.equal(lastReply(told.replies).questionId, 'photos');
  // It stays with the report: a victim who only wrote that can still transmit it.
  let victim = startConversation('violences_intrafamiliales').state;
  victim = handleCitizenInput(
    victim,
    { messageId: 'v', text: 'Il hurle sur moi dans la cuisine et casse tout' },
    ctx,
  ).state;
  victim = handleCitizenInput(victim, { messageId: 'stop', option: 'stop' }, ctx).state;
  assert.equal(canSubmit(victim), true);
  // A "no" followed by words is the "no" answer where one is offered, and its facts are kept.
  const none = handleCitizenInput(
    state,
    { messageId: 'none', text: "non je n'ai pas pris de photos, la Clio AB-123-CD était là" },
    ctx,
  ).state;
  assert.notEqual(none.step, 'photos');
  assert.ok(none.facts.some((f) => f.type === 'plate' && f.messageId === 'none'));
  // Asking back or not understanding is about the question: nothing is kept, the question comes back.
  for (const aside of [
    'Je ne comprends pas ce que vous me demandez.',
    "C'est quoi la différence entre les deux réponses ?",
    'Excusez-moi mais je n’ai rien compris à votre question',
  ]) {
    const asked = handleCitizenInput(state, { messageId: 'aside', text: aside }, ctx);
    assert.deepEqual(asked.state, state, aside);
    assert.match(lastReply(asked.replies).text, /^Je n'ai pas bien compris\. Choisissez parmi/, aside);
  }
  // Declining to answer skips the question, whatever the polite words around it.
  const declined = handleCitizenInput(
    state,
    { messageId: 'no', text: 'Je préfère ne pas répondre à cette question svp' },
    ctx,
  );
  assert.equal(declined.state.slots.photos?.status, 'skipped');
  const refused = handleCitizenInput(state, { messageId: 'no2', text: 'je ne veux pas le dire' }, ctx);
  assert.equal(refused.state.slots.photos?.status, 'skipped');
  assert.notEqual(declined.state.step, 'photos');
});

test('a question back at a question that takes free answers is not filed as the answer', () => {
  const ctx = makeContext();
  const state = skipTo('violences_intrafamiliales', 'auteur', ctx);
  for (const text of ["c'est obligé ?", 'je comprends pas la question']) {
    const asked = handleCitizenInput(state, { messageId: 'q', text }, ctx);
    assert.deepEqual(asked.state, state, text);
    assert.match(lastReply(asked.replies).text, /^Je n'ai pas bien compris\. Choisissez parmi/);
  }
  // Their own words still answer it.
  const own = handleCitizenInput(state, { messageId: 'a', text: 'le père de mes enfants' }, ctx);
  assert.ok(own.state.facts.some((f) => f.slot === 'auteur' && f.text === 'le père de mes enfants'));
});

test('asked when or where, an answer about something else is kept for its facts and the question asked again', () => {
  const ctx = makeContext();
  const cases = [
    { step: 'quand', text: '3 ou 4 jeunes', kept: 'personnes', again: /pas trouvé de moment/ },
    { step: 'quand', text: "c'est mon voisin qui vend", kept: 'roles', again: /pas trouvé de moment/ },
    { step: 'lieu', text: 'le soir surtout', kept: 'recurrence', again: /pas trouvé d'endroit/ },
    { step: 'lieu', text: 'vers 22h', kept: 'quand', again: /pas trouvé d'endroit/ },
  ];
  for (const { step, text, kept, again } of cases) {
    const state = skipTo('stupefiants', step, ctx);
    const turn = handleCitizenInput(state, { messageId: 'x', text }, ctx);
    assert.equal(turn.state.step, step, text);
    assert.ok(!turn.state.facts.some((f) => f.slot === step), `${text} is not the ${step}`);
    assert.ok(
      turn.state.facts.some((f) => f.slot === kept && f.messageId === 'x'),
      `${text} keeps ${kept}`,
    );
    assert.match(lastReply(turn.replies).text, again);
    assert.equal(lastReply(turn.replies).questionId, step);
    // Said again, it is taken as the answer: the question is never asked a third time.
    const repeated = handleCitizenInput(turn.state, { messageId: 'y', text }, ctx).state;
    assert.notEqual(repeated.step, step, `${text} said twice`);
    // So is any second answer, even one about something else again.
    const other = handleCitizenInput(turn.state, { messageId: 'z', text: 'une Clio grise' }, ctx).state;
    assert.notEqual(other.step, step, `${text} then another`);
  }
  // Answers that name a moment or a place, even with other facts in them, are the answer.
  const answers = [
    { step: 'quand', text: 'tous les soirs à Planoise' },
    { step: 'quand', text: 'depuis les vacances, 3 ou 4 jeunes' },
    { step: 'quand', text: 'ça dure depuis des mois' },
    { step: 'lieu', text: 'dans sa voiture' },
    { step: 'lieu', text: 'en bas de mon immeuble' },
    { step: 'lieu', text: 'devant chez moi' },
  ];
  for (const { step, text } of answers) {
    const state = skipTo('stupefiants', step, ctx);
    const turn = handleCitizenInput(state, { messageId: 'x', text }, ctx).state;
    assert.notEqual(turn.step, step, text);
    assert.ok(
      turn.facts.some((f) => f.slot === step),
      `${text} answers ${step}`,
    );
  }
});

test('asked which commune, a bare name that is also a common word is the commune', () => {
  const ctx = makeContext();
  const state = skipTo('violences_intrafamiliales', 'commune', ctx);
  for (const text of ['Dole', 'dole', 'à Dole', 'Lons']) {
    const answered = handleCitizenInput(state, { messageId: 'c', text }, ctx).state;
    const commune = answered.facts.find((f) => f.type === 'commune');
    assert.ok(commune, text);
    assert.equal(text.slice(commune.start, commune.end), commune.text, 'offsets in the person’s words');
  }
  // The report goes to the Jura.
  const dole = handleCitizenInput(state, { messageId: 'c', text: 'Dole' }, ctx).state;
  assert.equal(summarizeForReport(dole).communeInsee, '39198');
  // Elsewhere, the common word stays a common word.
  const aside = handleCitizenInput(state, { messageId: 'g', text: 'près de la gare' }, ctx).state;
  assert.ok(!aside.facts.some((f) => f.type === 'commune'));
});

test('words inside other words are not keywords: vendredi is not a sale, the father of my son is not my son', () => {
  const ctx = makeContext();
  const narrative = handleCitizenInput(
    startConversation('stupefiants').state,
    { messageId: 'n', text: 'Ils sont là le mardi et le vendredi soir devant le lycée' },
    ctx,
  ).state;
  assert.ok(!narrative.facts.some((f) => f.value === 'vente'), JSON.stringify(narrative.facts));
  const state = skipTo('violences_intrafamiliales', 'auteur', ctx);
  const father = handleCitizenInput(state, { messageId: 'a', text: 'le père de mon fils' }, ctx).state;
  const author = father.facts.find((f) => f.slot === 'auteur');
  assert.equal(author?.value, 'le père de mon fils');
  const friend = handleCitizenInput(state, { messageId: 'f', text: 'le copain à ma fille' }, ctx).state;
  assert.equal(friend.facts.find((f) => f.slot === 'auteur')?.value, 'le copain à ma fille');
  for (const text of ["c'est mon fils", "il s'agit de mon fils"]) {
    const son = handleCitizenInput(state, { messageId: 'b', text }, ctx).state;
    assert.equal(son.facts.find((f) => f.slot === 'auteur')?.value, 'enfant', text);
  }
  // Phone keyboards write "sœur" with the ligature.
  const sister = handleCitizenInput(state, { messageId: 'c', text: 'ma sœur' }, ctx).state;
  assert.equal(sister.facts.find((f) => f.slot === 'auteur')?.value, 'famille');
});

test('"à pied" at the vehicle question means no vehicle, not a vehicle called "à pied"', () => {
  const ctx = makeContext();
  const state = skipTo('autre', 'vehicule', ctx);
  const walking = handleCitizenInput(state, { messageId: 'w', text: 'ils sont venus à pied' }, ctx).state;
  assert.notEqual(walking.step, 'vehicule');
  assert.ok(!walking.facts.some((f) => f.slot === 'vehicule'), JSON.stringify(walking.facts));
  // A "no" that still names a vehicle answers with that vehicle: its plate is asked next.
  const named = handleCitizenInput(
    state,
    { messageId: 'n', text: 'pas de plaque mais une clio grise' },
    ctx,
  ).state;
  assert.equal(named.slots.vehicule?.status, 'answered');
  assert.equal(named.step, 'plaque');
});

test('a soft "no" takes the "no" option, an acknowledgement answers nothing, "je crois pas" is not safe', () => {
  const ctx = makeContext();
  const vehicle = skipTo('stupefiants', 'vehicule', ctx);
  for (const text of ['pas que je sache', 'je crois pas', "j'ai rien vu"]) {
    const answered = handleCitizenInput(vehicle, { messageId: 'n', text }, ctx).state;
    assert.equal(answered.slots.vehicule?.status, 'none', text);
    assert.ok(!answered.facts.some((f) => f.slot === 'vehicule'), text);
  }
  // Without a "no" option, a soft no answers nothing: never a role called "pas que je sache".
  const persons = skipTo('stupefiants', 'personnes', ctx);
  const roles = handleCitizenInput(persons, { messageId: 'n', option: '1' }, ctx).state;
  assert.equal(roles.step, 'roles');
  const noRole = handleCitizenInput(roles, { messageId: 'r', text: 'pas que je sache' }, ctx).state;
  assert.equal(noRole.slots.roles?.status, 'skipped');
  assert.ok(!noRole.facts.some((f) => f.slot === 'roles'));
  const car = handleCitizenInput(
    skipTo('stupefiants', 'vehicule', ctx),
    { messageId: 'c', text: 'une Clio grise' },
    ctx,
  );
  const plate = car.state;
  assert.equal(plate.step, 'plaque');
  const noPlate = handleCitizenInput(plate, { messageId: 'p', text: 'je crois pas' }, ctx).state;
  assert.equal(noPlate.slots.plaque?.status, 'skipped');
  const children = skipTo('violences_intrafamiliales', 'enfants', ctx);
  const noChildren = handleCitizenInput(children, { messageId: 'e', text: 'je ne crois pas' }, ctx).state;
  assert.deepEqual(noChildren.slots.enfants?.values, ['non']);
  for (const text of ['pas de souci', 'ok', "d'accord"]) {
    const turn = handleCitizenInput(vehicle, { messageId: 'a', text }, ctx);
    assert.deepEqual(turn.state, vehicle, text);
    assert.match(lastReply(turn.replies).text, /Choisissez parmi les réponses proposées/);
  }
  for (const category of ['violences_intrafamiliales', 'stupefiants'] as const) {
    const safety = skipTo(category, 'securite', ctx);
    for (const text of ['je crois pas', 'pas trop', 'je ne pense pas']) {
      const turn = handleCitizenInput(safety, { messageId: 's', text }, ctx);
      assert.equal(turn.emergency, true, `${category}: ${text}`);
    }
  }
});

test('"oui" or "pas de souci" to the officer offer is a yes, "non merci" a no', () => {
  const ctx = makeContext();
  const state = skipTo('violences_intrafamiliales', 'policier', ctx);
  for (const text of ['pas de souci', 'aucun problème pour moi', 'oui', 'Oui je veux bien']) {
    const reply = handleCitizenInput(state, { messageId: 'ok', text }, ctx);
    assert.equal(reply.state.wantsOfficer, true, text);
    assert.notEqual(reply.state.step, 'policier', text);
  }
  for (const text of ['ok merci non', 'oui mais plus tard', 'pas de souci mais non']) {
    assert.equal(handleCitizenInput(state, { messageId: 'x', text }, ctx).state.wantsOfficer, false, text);
  }
  // A yes that tells more goes through the usual handling: what it tells is kept.
  const told = handleCitizenInput(state, { messageId: 't', text: 'oui, ça se passe à Besançon' }, ctx).state;
  assert.ok(told.facts.some((f) => f.type === 'commune' && f.value === '25056'));
  const no = handleCitizenInput(state, { messageId: 'no', text: 'non merci, je transmets juste' }, ctx);
  assert.equal(no.state.slots.policier?.status, 'none');
});

test('domestic violence: 3919, talk_to_officer, and stopping early to transmit what was said', () => {
  const ctx = makeContext(stubExtractor([]));
  const { state, replies } = startConversation('violences_intrafamiliales');
  const intro = replies.map((r) => r.text).join('\n');
  assert.match(intro, /3919/);
  assert.match(intro, /factures/);
  assert.match(intro, /119/);
  assert.match(intro, /Quitter rapidement/);
  assert.match(intro, /17/);
  const first = lastReply(replies);
  assert.equal(first.questionId, 'securite');
  const values = first.options?.map((o) => o.value) ?? [];
  assert.ok(values.includes('talk_to_officer'));
  assert.ok(values.includes('stop'));
  assert.ok(values.includes('skip'));

  const officer = handleCitizenInput(state, { messageId: 'v1', option: 'talk_to_officer' }, ctx);
  assert.equal(officer.state.wantsOfficer, true);
  assert.match(officer.replies[0]?.text ?? '', /policier vous répondra dès que possible/);
  assert.match(officer.replies[0]?.text ?? '', /lu par des policiers/);
  assert.equal(officer.state.step, 'securite');
  assert.ok(!(lastReply(officer.replies).options ?? []).some((o) => o.value === 'talk_to_officer'));

  const told = play(
    officer.state,
    [{ option: 'safe' }, { text: 'Il me surveille et me rabaisse depuis des mois.' }],
    ctx,
  );
  assert.equal(told.state.step, 'auteur');
  const stopped = handleCitizenInput(told.state, { messageId: 'v4', option: 'stop' }, ctx);
  assert.equal(stopped.state.step, 'done');
  assert.match(lastReply(stopped.replies).text, /Transmettre/);
  assert.equal(canSubmit(stopped.state), true);
  assert.equal(summarizeForReport(stopped.state).wantsOfficer, true);

  // Without asking for an officer, the last question offers it; "non" just moves on.
  const atChildren = play(state, [{ option: 'safe' }, { option: 'skip' }, { option: 'skip' }], ctx).state;
  assert.equal(atChildren.step, 'enfants');
  const children = handleCitizenInput(atChildren, { messageId: 'v5', option: 'oui' }, ctx);
  assert.ok(children.replies.some((r) => r.kind === 'info' && /119/.test(r.text)));
  const all = play(children.state, [{ option: 'skip' }], ctx);
  assert.equal(all.state.step, 'policier');
  assert.equal(play(all.state, [{ text: 'non' }], ctx).state.step, 'summary');
  // Typing a wish to talk works too.
  assert.equal(play(state, [{ text: 'je veux parler à un policier' }], ctx).state.wantsOfficer, true);
});

test('sexual violence orients to arretonslesviolences.gouv.fr and is careful', () => {
  const { replies } = startConversation('violences_sexuelles');
  const text = replies.map((r) => r.text).join('\n');
  assert.match(text, /arretonslesviolences\.gouv\.fr/);
  assert.match(text, /Quitter rapidement/);
  assert.ok(lastReply(replies).options?.some((o) => o.value === 'talk_to_officer'));
  const notSafe = handleCitizenInput(
    startConversation('violences_sexuelles').state,
    { messageId: 's1', option: 'not_safe' },
    makeContext(),
  );
  assert.equal(notSafe.emergency, true);
  assert.equal(notSafe.replies[0]?.kind, 'emergency');
  // Written instead of choosing: recognised from the words people use.
  for (const text of [
    "Un homme m'a tripotée dans le tram ce matin",
    'il me touche partout quand je passe devant le chantier',
  ]) {
    const first = handleCitizenInput(startConversation().state, { messageId: 'v1', text }, makeContext());
    assert.equal(first.state.category, 'violences_sexuelles', text);
  }
});

test('the state survives JSON round trips between turns and is never mutated', () => {
  const ctx = makeContext(richExtractor);
  const inputs = [
    { option: 'stupefiants' },
    { text: RICH },
    { text: 'je crois 10 euros' },
    { option: 'continue' },
    { text: 'au secours' },
    { option: 'noticed' },
    { option: 'correct:commune' },
    { text: 'Besançon' },
    { option: 'confirm' },
    { text: 'Ils ont aussi un chien.' },
  ];
  let direct = startConversation().state;
  let stored = JSON.stringify(direct);
  inputs.forEach((input, i) => {
    const frozen = deepFreeze(structuredClone(direct));
    const snapshot = JSON.stringify(frozen);
    const a = handleCitizenInput(frozen, { messageId: `r${i}`, ...input }, ctx);
    assert.equal(JSON.stringify(frozen), snapshot, 'input state untouched');
    const b = handleCitizenInput(JSON.parse(stored) as FlowState, { messageId: `r${i}`, ...input }, ctx);
    assert.deepEqual(b, a);
    direct = a.state;
    stored = JSON.stringify(b.state);
  });
  assert.equal(direct.step, 'done');
  assert.equal(direct.emergency, true);
  assert.ok(direct.facts.some((f) => f.type === 'details' && f.value === 'Ils ont aussi un chien.'));
});

test('the summary reads a range of hours as one phrase, counts people in the citizen’s words and agrees colours', () => {
  const ctx = makeContext();
  const toSummary = (text: string) => {
    let { state, replies } = handleCitizenInput(
      startConversation('stupefiants').state,
      { messageId: 'm1', text },
      ctx,
    );
    for (let i = 0; i < 20 && state.step !== 'summary'; i++) {
      const turn = handleCitizenInput(state, { messageId: `s${i}`, option: 'skip' }, ctx);
      state = turn.state;
      replies = turn.replies;
    }
    return lastReply(replies).text;
  };
  const ranged = toSummary(
    'Tous les soirs de 18h à 23h trois jeunes vendent du shit rue de Dole à Besançon.',
  );
  assert.match(ranged, /Quand : de 18h à 23h\n/);
  assert.match(ranged, /Nombre de personnes : trois jeunes\n/);
  assert.match(toSummary('Entre 2h et 4h du matin ils vendent de la coke à Dole.'), /Quand : de 2h à 4h\n/);
  const apart = toSummary('Ils arrivent vers 18h, la police passe à 23h, ils vendent du shit à Dole.');
  assert.match(apart, /Quand : 18h, 23h\n/);
  assert.match(toSummary('Ils livrent de la coke à 18h et 23h à Dole.'), /Quand : 18h, 23h\n/);
  assert.match(toSummary('Ils vendent du shit de 22h à minuit à Dole.'), /Quand : de 22h à minuit\n/);
  assert.match(toSummary('Une dizaine de mecs vendent du shit à Dole.'), /personnes : une dizaine de mecs\n/);
  // The commune by its official name, whatever words the person used for it.
  assert.match(toSummary('ils vendent du shit a besancon tous les soirs'), /Commune : Besançon\n/);
  assert.match(toSummary('ils vendent du shit à Planoise tous les soirs'), /Commune : Besançon\n/);
  assert.match(toSummary('Ils sont 3 à vendre du shit à Dole.'), /personnes : 3 personnes\n/);
  const vehicles = toSummary(
    'Une Renault Clio grise et un scooter Yamaha T-Max blanc livrent de la coke à Dole, une moto noire aussi.',
  );
  assert.match(vehicles, /voiture Renault Clio grise/);
  assert.match(vehicles, /scooter Yamaha T-Max blanc/);
  assert.match(vehicles, /moto noire/);
  // The brand the extractor infers from a model comes first, as people say it.
  assert.match(toSummary('Un Booster noir livre de la coke à Dole.'), /scooter MBK Booster noir/);
  // A place word is a place only with a name: "de" is not the start of "depuis".
  const noName = toSummary('Ils vendent du shit dans le local de ma résidence depuis une semaine à Dole.');
  assert.doesNotMatch(noName, /Endroit/);
  assert.match(
    toSummary('Ils vendent du shit résidence des Lilas depuis une semaine à Dole.'),
    /Endroit : résidence des Lilas\n/,
  );
  assert.match(toSummary('Ils vendent du shit rue Delacroix à Dole.'), /Endroit : rue Delacroix/);
});

test('the "Autres faits" summary opens with the account, shortened; other flows list only facts', () => {
  const ctx = makeContext();
  const toSummary = (category: 'autre' | 'stupefiants', text: string) => {
    let state = skipTo(category, 'recit', ctx);
    state = handleCitizenInput(state, { messageId: 'r', text }, ctx).state;
    for (let i = 0; i < 20 && state.step !== 'summary'; i++) {
      state = handleCitizenInput(state, { messageId: `s${i}`, option: 'skip' }, ctx).state;
    }
    return lastReply(handleCitizenInput(state, { messageId: 'p', option: '__probe__' }, ctx).replies).text;
  };
  const account = 'Un homme vole des vélos dans le local de ma résidence à Besançon, il force les cadenas.';
  assert.match(toSummary('autre', account), new RegExp(`\\n• Votre récit : « ${account} »\\n`));
  const long = `${'Il force les cadenas du local à vélos, '.repeat(10)}à Besançon.`;
  assert.match(toSummary('autre', long), /• Votre récit : « Il force les cadenas[^»]{150,210}… »/);
  assert.doesNotMatch(toSummary('stupefiants', 'Trois jeunes vendent du shit à Besançon.'), /Votre récit/);
});
