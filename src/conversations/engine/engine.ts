/**
 * The conversation engine: interprets any flow of ../flows. Pure functions, no I/O; the state is
 * plain JSON and is never mutated (each turn works on a deep copy).
 */
import { extractEntities } from '../../extraction/index.ts';
import type { Entity } from '../../extraction/types.ts';
import { FLOWS } from '../flows/index.ts';
import { answersAnotherQuestion } from './answer-kind.ts';
import {
  type DangerFlag,
  detectDangerIndicators,
  impliesDangerNow,
  normalizeDangerFlags,
} from './danger-indicators.ts';
import { isDistress, wordsBeyondDistress } from './distress.ts';
import { detectEmergency } from './emergency.ts';
import type { FlowDefinition, OptionDef, QuestionDef } from './flow-types.ts';
import {
  keepNarrative,
  keepText,
  keepTimeRanges,
  keptTheSameWords,
  takePendingTexts,
  upgradeKeptTexts,
} from './kept-texts.ts';
import * as m from './messages.ts';
import {
  addEntityFacts,
  addFact,
  detectSlotsInText,
  evaluateCondition,
  factsOfSlot,
  findNextQuestion,
  isSlotFilled,
  matchOptionKeywords,
} from './slots.ts';
import { buildSummaryReply, summaryOptions } from './summary.ts';
import {
  countWords,
  findPattern,
  isAboutTheQuestion,
  isAcknowledgement,
  isNegativeText,
  isNoise,
  isOnlyAGreeting,
  isSkipText,
  isSoftNo,
  squashText,
} from './text-fold.ts';
import type {
  BotReply,
  Category,
  CitizenInput,
  Fact,
  FlowState,
  ReplyOption,
  ReportSummary,
  TurnContext,
  TurnResult,
} from './types.ts';
import { CATEGORIES } from './types.ts';

const MAX_TEXT_LENGTH = 20_000;
/** A first message at least this long is kept as the narrative when it also names the category. */
const NARRATIVE_MIN_WORDS = 6;
/**
 * A text that also answers the question asked (at the safety question, "oui, je suis chez ma sœur…")
 * is the account only when this long: a few words of context are part of the answer.
 */
const ANSWER_AND_ACCOUNT_MIN_WORDS = 12;
/** In danger, a short cry ("il me frappe en ce moment, aidez-moi") is the alarm: an account says more. */
const EMERGENCY_ACCOUNT_MIN_WORDS = 8;
/** A first message this long with no recognisable category still starts an "autre" report. */
const UNCATEGORISED_MIN_WORDS = 8;
// "je ne veux pas parler à un policier" refuses what "parler à un policier" asks.
const OFFICER_INTENT =
  "(?<!\\b(?:pas|jamais|sans|refuse de|pas besoin de|pas envie de) )\\b(?:parler|discuter|echanger|ecrire|chatter) (?:a|avec) (?:un|une|des|quelqu'un de la) (?:policier|policiere|policiers|agent|agents|gendarme|humain|vraie personne|police)\\b|\\bje (?:veux|voudrais) (?:un|une) (?:policier|policiere|agent)\\b";
const YES =
  /^(?:oui|ouais|ok|okay|d accord|c est correct|correct|c est bon|c est ca|parfait|valider|je valide|exact|tout est bon|oui c est correct)$/;
// A yes in words to "Souhaitez-vous échanger avec un policier ?", whose only button is the refusal.
// The whole answer, give or take polite words: "ok merci non" or "oui mais plus tard" are not a yes.
const OFFER_YES =
  '(?:oui|ouais|ok|okay|d accord|je veux bien|volontiers|avec plaisir|pas de soucis?|pas de probleme|aucun probleme|bien sur|tout a fait)';
const POLITE = '(?:merci|merci beaucoup|svp|stp|s il vous plait|pour moi)';
const ACCEPTS_OFFER = new RegExp(`^${OFFER_YES}(?: (?:${OFFER_YES}|${POLITE}))*$`);
// "non, je n'ai pas de photo" is a no; "pas de souci" is a yes.
const STARTS_WITH_NO = /^(?:non|nan|pas de|aucune?) (?!(?:souci|soucis|probleme|problemes|pb)\b)/;

/** The current question offers an officer (it is asked only while none was requested) and the text says yes. */
function acceptsOfficerOffer(state: FlowState, text: string): boolean {
  const question = flowOf(state)?.questions.find((q) => q.id === state.step);
  const offer = question?.condition;
  return (
    offer !== undefined &&
    'wantsOfficer' in offer &&
    !offer.wantsOfficer &&
    ACCEPTS_OFFER.test(squashText(text))
  );
}

interface Turn {
  state: FlowState;
  replies: BotReply[];
  emergency: boolean;
  ctx: TurnContext;
  messageId: string;
}

function newState(): FlowState {
  return {
    version: 1,
    category: null,
    step: 'category',
    slots: {},
    facts: [],
    pendingTexts: [],
    textDigests: [],
    timeRanges: [],
    narrativeQuote: null,
    hasText: false,
    emergency: false,
    dangerFlags: [],
    wantsOfficer: false,
    confirmed: false,
    correcting: false,
    finished: false,
    asked: [],
  };
}

/**
 * A copy with defaults for fields a stored state may lack; null when the value is not a state. The engine
 * never changes a fact, a slot answer or a kept text in place (it adds or replaces them), so copying the
 * containers is enough to leave the caller's state untouched, at a fraction of the cost of a deep copy
 * (which was a sixth of a turn).
 */
function copyState(value: unknown): FlowState | null {
  if (!value || typeof value !== 'object') return null;
  const raw = value as Partial<FlowState>;
  if (raw.version !== 1) return null;
  const category = raw.category && raw.category in FLOWS ? raw.category : null;
  const { freeTexts: legacyTexts, ...current } = raw as Partial<FlowState> & { freeTexts?: unknown };
  const state: FlowState = {
    ...newState(),
    ...current,
    category,
    step: typeof raw.step === 'string' ? raw.step : category ? null : 'category',
    slots: raw.slots && typeof raw.slots === 'object' ? { ...raw.slots } : {},
    facts: Array.isArray(raw.facts) ? [...raw.facts] : [],
    asked: Array.isArray(raw.asked) ? [...raw.asked] : [],
    dangerFlags: normalizeDangerFlags(raw.dangerFlags),
    pendingTexts: Array.isArray(raw.pendingTexts) ? raw.pendingTexts : [],
    textDigests: Array.isArray(raw.textDigests) ? raw.textDigests : [],
    timeRanges: Array.isArray(raw.timeRanges) ? raw.timeRanges : [],
  };
  if (legacyTexts !== undefined) {
    const narrative = category ? FLOWS[category].questions.find((q) => q.kind === 'narrative') : undefined;
    upgradeKeptTexts(state, legacyTexts, narrative ? state.slots[narrative.id]?.values[0] : undefined);
  }
  return state;
}

function flowOf(state: FlowState): FlowDefinition | null {
  return state.category ? FLOWS[state.category] : null;
}

function info(text: string): BotReply {
  return { text, kind: 'info' };
}

function categoryReply(withWelcome: boolean, prefix?: string): BotReply {
  const text = [prefix, withWelcome ? m.WELCOME : null, m.CATEGORY_PROMPT].filter(Boolean).join('\n');
  const options = CATEGORIES.map((c) => ({ value: c, label: FLOWS[c].label }));
  return { text, options, kind: 'question', input: 'choice', questionId: 'category' };
}

function questionOptions(state: FlowState, flow: FlowDefinition, q: QuestionDef): ReplyOption[] {
  // Where several answers may be checked together, the ones that end the question are chosen alone.
  const alone = q.input === 'multiple' ? { exclusive: true } : {};
  const options: ReplyOption[] = (q.options ?? []).map((o) => ({
    value: o.value,
    label: o.label,
    ...(o.noFact ? alone : {}),
  }));
  if (q.skippable !== false && !options.some((o) => o.value === 'skip'))
    options.push({ value: 'skip', label: m.SKIP_LABEL, ...alone });
  if (flow.offerOfficer && !state.wantsOfficer)
    options.push({ value: 'talk_to_officer', label: m.OFFICER_LABEL, ...alone });
  options.push({ value: 'stop', label: flow.stop.label, ...alone });
  return options;
}

function questionReply(state: FlowState, flow: FlowDefinition, q: QuestionDef, prefix?: string): BotReply {
  return {
    text: prefix ? `${prefix}\n${q.prompt}` : q.prompt,
    options: questionOptions(state, flow, q),
    kind: 'question',
    input: q.input,
    questionId: q.id,
  };
}

function addReply(): BotReply {
  return {
    text: m.ADD_PROMPT,
    options: [{ value: 'skip', label: m.SKIP_LABEL }],
    kind: 'question',
    input: 'text',
    questionId: 'add',
  };
}

function doneReply(flow: FlowDefinition): BotReply {
  return { text: flow.doneText, kind: 'done', input: 'text', questionId: 'done' };
}

/** The reply that (re)presents the current step; `prefix` explains why it is repeated. */
function currentPrompt(state: FlowState, prefix?: string): BotReply {
  const flow = flowOf(state);
  if (!flow || state.step === 'category' || state.step === null) return categoryReply(false, prefix);
  const question = flow.questions.find((q) => q.id === state.step);
  if (question) return questionReply(state, flow, question, prefix);
  const reply =
    state.step === 'summary'
      ? buildSummaryReply(state, flow)
      : state.step === 'add'
        ? addReply()
        : doneReply(flow);
  if (!prefix) return reply;
  const prefixed = { ...reply, text: `${prefix}\n${reply.text}` };
  return reply.list
    ? { ...prefixed, list: { ...reply.list, before: `${prefix}\n${reply.list.before}` } }
    : prefixed;
}

function unchanged(prev: FlowState, prefix: string, emergency = false): TurnResult {
  const state = copyState(prev) ?? newState();
  return { state, replies: [currentPrompt(state, prefix)], emergency };
}

function emergencyReply(state: FlowState): BotReply {
  const note = flowOf(state)?.emergencyNote;
  return { text: note ? `${m.EMERGENCY}\n${note}` : m.EMERGENCY, kind: 'emergency' };
}

function sendEmergency(turn: Turn): void {
  turn.state.emergency = true;
  if (turn.emergency) return;
  turn.emergency = true;
  turn.replies.push(emergencyReply(turn.state));
}

/** The flows whose danger indicators are recorded (violence against the person who writes). */
const VICTIM_CATEGORIES: readonly (Category | null)[] = [
  null,
  'violences_intrafamiliales',
  'violences_sexuelles',
];

/**
 * Records the danger indicators of the turn's text on its resulting state (victim flows, or before any
 * category is chosen; another flow keeps none). Where the category was just chosen, the texts written
 * before it count too. One meaning danger now raises the emergency flag and, if this turn's message had
 * not already got it, puts the emergency numbers first. With the author present, a "safe" answer to the
 * safety question is not kept: "oui, je suis en sécurité… mais il est là" is no safety.
 */
function recordDangerFlags(
  prev: FlowState,
  result: TurnResult,
  text: string,
  withReply: boolean,
): TurnResult {
  const { state } = result;
  if (!VICTIM_CATEGORIES.includes(state.category)) {
    state.dangerFlags = [];
    return result;
  }
  const found: DangerFlag[] = text ? detectDangerIndicators(text) : [];
  const before = prev?.category ?? null;
  if (state.category && before !== state.category) {
    for (const earlier of copyState(prev)?.pendingTexts ?? [])
      found.push(...detectDangerIndicators(earlier.text));
  }
  state.dangerFlags = normalizeDangerFlags([...(state.dangerFlags ?? []), ...found]);
  let emergency = result.emergency;
  let replies = result.replies;
  if (impliesDangerNow(found)) {
    state.emergency = true;
    if (withReply && !emergency) {
      emergency = true;
      replies = [emergencyReply(state), ...replies];
    }
  }
  if (state.dangerFlags.includes('author_present')) dropSafeAnswer(state);
  return { state, replies, emergency };
}

/** The safety question's "safe" answer is withdrawn (kept answered: it is not asked again). */
function dropSafeAnswer(state: FlowState): void {
  const safety = 'securite';
  const wasSafe =
    state.slots[safety]?.values.includes('safe') ||
    state.facts.some((f) => f.slot === safety && f.value === 'safe');
  if (!wasSafe) return;
  state.facts = state.facts.filter((f) => !(f.slot === safety && f.value === 'safe'));
  state.slots[safety] = { status: 'answered', values: [] };
  state.emergency = true;
}

/** Keeps a citizen text and fills what extraction and detection find; returns the new facts. */
function recordContent(
  turn: Turn,
  text: string,
  current: QuestionDef | null,
  except: QuestionDef | null,
): Fact[] {
  const { state, messageId } = turn;
  keepText(state, messageId, text);
  const flow = flowOf(state);
  if (!flow) return [];
  let entities: Entity[] = [];
  try {
    entities = extractAnswer(turn, text, current);
  } catch {
    // A failing extractor must not lose the message: the officer still reads the text.
    entities = [];
  }
  keepTimeRanges(state, messageId, text, entities);
  // Entities first: a slot they fill (a count of persons) is not read again from the words.
  const extracted = addEntityFacts(state, flow, entities, messageId, current);
  const detected = detectSlotsInText(state, flow, text, messageId, except);
  answerDetectedOptions(turn, flow, detected);
  return [...extracted, ...detected];
}

/**
 * An option found in a text says what choosing it says: "devant les enfants" gets the 119 as the "Oui"
 * button would, "pas en sécurité" the emergency numbers.
 */
function answerDetectedOptions(turn: Turn, flow: FlowDefinition, detected: Fact[]): void {
  for (const fact of detected) {
    const option = flow.questions
      .find((q) => q.id === fact.slot)
      ?.options?.find((o) => o.value === fact.value);
    if (option?.reply) turn.replies.push(info(option.reply));
    if (option?.emergency) sendEmergency(turn);
  }
}

/** The entities of a citizen text; asked which commune, the extractor knows the text answers that. */
function extractAnswer(turn: Turn, text: string, current: QuestionDef | null): Entity[] {
  const extract = turn.ctx.extract ?? extractEntities;
  const answersCommuneQuestion = current?.filledBy?.some((rule) => rule === 'commune') ?? false;
  return extract(text, { now: turn.ctx.now, departement: turn.ctx.departement, answersCommuneQuestion });
}

function showSummary(turn: Turn): void {
  const flow = flowOf(turn.state);
  if (!flow) return;
  turn.state.step = 'summary';
  turn.state.correcting = false;
  turn.state.confirmed = false;
  turn.replies.push(buildSummaryReply(turn.state, flow));
}

/** Moves to the next missing question, or to the summary when nothing useful is missing. */
function advance(turn: Turn): void {
  const { state } = turn;
  const flow = flowOf(state);
  if (!flow) return;
  const next = state.correcting || state.finished ? null : findNextQuestion(state, flow);
  if (!next) {
    showSummary(turn);
    return;
  }
  state.step = next.id;
  state.asked.push(next.id);
  turn.replies.push(questionReply(state, flow, next));
}

/** After a side request (officer, emergency): re-ask the current question, or move on if it became moot. */
function resumeStep(turn: Turn, prefix?: string): void {
  const { state } = turn;
  const flow = flowOf(state);
  const question = flow?.questions.find((q) => q.id === state.step);
  if (flow && question) {
    const moot =
      (isSlotFilled(state, question) && !state.correcting) ||
      (question.condition !== undefined && !evaluateCondition(question.condition, state, flow));
    if (moot) {
      advance(turn);
      return;
    }
  }
  turn.replies.push(currentPrompt(state, prefix));
}

function enterCategory(turn: Turn, category: Category, narrative: string | null): void {
  const { state } = turn;
  const flow = FLOWS[category];
  state.category = category;
  if (flow.intro) turn.replies.push(info(flow.intro));
  // Texts written before the category was known (e.g. an emergency message) still count.
  for (const earlier of takePendingTexts(state)) {
    recordContent({ ...turn, messageId: earlier.messageId }, earlier.text, null, null);
  }
  if (narrative !== null) {
    recordContent(turn, narrative, null, null);
    const narrativeQuestion = flow.questions.find((q) => q.kind === 'narrative');
    if (narrativeQuestion) markNarrative(state, narrativeQuestion, turn.messageId, narrative);
  }
  advance(turn);
}

/** squashText of a flow label or category name, a fixed set: cached so the citizen text stays the one remembered. */
function squashedLabel(label: string): string {
  let squashed = squashedLabels.get(label);
  if (squashed === undefined) {
    squashed = squashText(label);
    squashedLabels.set(label, squashed);
  }
  return squashed;
}

const squashedLabels = new Map<string, string>();

/**
 * The category whose clues the text holds most; between as many, the one named first ("violée … par un
 * ami de mon frère" is about the rape, whatever the brother).
 */
function guessCategory(text: string): Category | null {
  let best: Category | null = null;
  let bestScore = 0;
  let bestStart = Number.POSITIVE_INFINITY;
  for (const category of CATEGORIES) {
    const matches = FLOWS[category].categoryKeywords.flatMap((p) => findPattern(text, p));
    if (matches.length === 0) continue;
    const start = Math.min(...matches.map((m) => m.start));
    if (matches.length > bestScore || (matches.length === bestScore && start < bestStart)) {
      best = category;
      bestScore = matches.length;
      bestStart = start;
    }
  }
  return best;
}

function handleCategoryStep(turn: Turn, prev: FlowState, option: string, text: string): TurnResult | null {
  if (option) {
    const category = option === 'skip' ? 'autre' : CATEGORIES.find((c) => c === option);
    if (!category) return unchanged(prev, m.UNKNOWN_OPTION);
    enterCategory(turn, category, null);
    return null;
  }
  const squashed = squashText(text);
  const byLabel = CATEGORIES.find(
    (c) => squashedLabel(FLOWS[c].label) === squashed || squashedLabel(c) === squashed,
  );
  if (byLabel) {
    enterCategory(turn, byLabel, null);
    return null;
  }
  const guessed = guessCategory(text);
  const words = countWords(text);
  if (guessed) {
    // An account is the account even when it says danger ("mon mari me frappe depuis des années…").
    const minWords = turn.emergency ? EMERGENCY_ACCOUNT_MIN_WORDS : NARRATIVE_MIN_WORDS;
    const account = wordsBeyondDistress(text) >= minWords;
    if (turn.emergency && !account) recordContent(turn, text, null, null);
    enterCategory(turn, guessed, account ? text : null);
    return null;
  }
  if (isOnlyAGreeting(text)) return unchanged(prev, m.LISTENING);
  if (words >= UNCATEGORISED_MIN_WORDS) {
    enterCategory(turn, 'autre', text);
    return null;
  }
  // A short description with no clue of its category ("mon voisin me suit depuis des semaines") is
  // kept, and the person chooses the category; their words are applied to it then.
  if (words >= NARRATIVE_MIN_WORDS && !turn.emergency && !isAboutTheQuestion(text)) {
    if (keptTheSameWords(copyState(prev), text)) return unchanged(prev, m.NOTED_CHOOSE_CATEGORY);
    recordContent(turn, text, null, null);
    turn.replies.push(categoryReply(false, m.NOTED_CHOOSE_CATEGORY));
    return null;
  }
  if (turn.emergency) {
    recordContent(turn, text, null, null);
    turn.replies.push(categoryReply(false));
    return null;
  }
  return unchanged(prev, m.NOT_UNDERSTOOD);
}

function markSkipped(state: FlowState, q: QuestionDef): void {
  state.slots[q.id] = { status: 'skipped', values: [] };
}

/** Answered in the citizen's own words: no option value to record. */
function markAnswered(state: FlowState, q: QuestionDef): void {
  state.slots[q.id] = { status: 'answered', values: [] };
}

/** The account, answered by one message: its id and first words are kept, for the summary to quote. */
function markNarrative(state: FlowState, q: QuestionDef, messageId: string, text: string): void {
  state.slots[q.id] = { status: 'answered', values: [messageId] };
  keepNarrative(state, text);
}

/**
 * A long text written while the account is still to be asked is the account: the person told it unasked
 * (at the safety question, or in the first message of a danger). Words of distress are not the account.
 */
function keepAsAccount(turn: Turn, text: string, minWords = NARRATIVE_MIN_WORDS): void {
  const { state } = turn;
  const narrative = flowOf(state)?.questions.find((q) => q.kind === 'narrative');
  if (!narrative || isSlotFilled(state, narrative) || isAboutTheQuestion(text)) return;
  if (wordsBeyondDistress(text) >= minWords) markNarrative(state, narrative, turn.messageId, text);
}

/** Distress in a flow that supports it: support is given this turn, and the text answers no question. */
function isDistressHere(state: FlowState, text: string): boolean {
  return Boolean(flowOf(state)?.supportsDistress) && text !== '' && isDistress(text);
}

/** Distress at a question: its facts are kept, the account too if it tells one, and the question stays. */
function answerDistress(turn: Turn, q: QuestionDef, text: string): TurnResult | null {
  recordContent(turn, text, q, q);
  keepAsAccount(turn, text);
  resumeStep(turn);
  return null;
}

/** Keeps a whole citizen text as one fact, for answers that no option or extracted entity covers. */
function addWholeTextFact(turn: Turn, slot: string, type: string, text: string): void {
  addFact(turn.state, {
    slot,
    type,
    value: text,
    text,
    messageId: turn.messageId,
    start: 0,
    end: text.length,
  });
}

function applyOptions(turn: Turn, q: QuestionDef, options: OptionDef[], text?: string): void {
  const { state, messageId } = turn;
  for (const option of options) {
    if (!option.noFact) {
      addFact(state, {
        slot: q.id,
        type: q.factType,
        value: option.value,
        text: text ?? option.label,
        messageId,
      });
    }
    if (option.reply) turn.replies.push(info(option.reply));
    if (option.emergency) sendEmergency(turn);
  }
  // "pas de plaque mais une Clio grise" at the vehicle question: a "no" that still named one answers it.
  const positive = options.some((o) => !o.noFact) || factsOfSlot(state, q.id).length > 0;
  state.slots[q.id] = { status: positive ? 'answered' : 'none', values: options.map((o) => o.value) };
}

function stopFlow(turn: Turn, flow: FlowDefinition): void {
  turn.state.finished = true;
  turn.state.correcting = false;
  if (flow.stop.goTo === 'summary') {
    showSummary(turn);
    return;
  }
  turn.state.step = 'done';
  turn.replies.push(doneReply(flow));
}

function answerWithOption(
  turn: Turn,
  prev: FlowState,
  flow: FlowDefinition,
  q: QuestionDef,
  option: string,
): TurnResult | null {
  if (option === 'skip') {
    markSkipped(turn.state, q);
    advance(turn);
    return null;
  }
  if (option === 'stop') {
    stopFlow(turn, flow);
    return null;
  }
  const values = q.input === 'multiple' ? option.split(',').map((v) => v.trim()) : [option];
  const chosen = [...new Set(values)].map((v) => q.options?.find((o) => o.value === v));
  if (chosen.length === 0 || chosen.some((o) => o === undefined)) return unchanged(prev, m.UNKNOWN_OPTION);
  // "Pas de véhicule" with "Voiture" says two opposite things: the "none" answer is chosen alone.
  if (chosen.length > 1 && chosen.some((o) => o?.noFact)) return unchanged(prev, m.CHOSEN_ALONE);
  applyOptions(turn, q, chosen as OptionDef[]);
  advance(turn);
  return null;
}

function answerWithText(turn: Turn, prev: FlowState, q: QuestionDef, text: string): TurnResult | null {
  const { state } = turn;
  if (isSkipText(text)) {
    markSkipped(state, q);
    advance(turn);
    return null;
  }
  // Distress is no answer: "j'ai peur" is not the commune. An option it names still answers ("j'ai peur" to
  // "Êtes-vous en sécurité ?").
  const distressed = isDistressHere(state, text);
  if (distressed && q.input === 'text' && q.kind !== 'narrative') return answerDistress(turn, q, text);
  if (q.input === 'text') {
    // "euh" is no price and no account: nothing is filed, the question stays.
    if (isNoise(text)) return unchanged(prev, m.ANSWER_IN_WORDS);
    if (isNegativeText(text) || isSoftNo(text)) {
      markSkipped(state, q);
    } else {
      const added = recordContent(turn, text, q, q);
      if (q.kind !== 'narrative' && !added.some((f) => f.slot === q.id)) {
        const flow = flowOf(state);
        // Asked again once at most: a second answer is taken in the person's own words, whatever it says.
        const askedAgain = state.asked.at(-1) === q.id && state.asked.at(-2) === q.id;
        if (flow && !askedAgain && answersAnotherQuestion(flow, q, added, text)) {
          state.asked.push(q.id);
          turn.replies.push(currentPrompt(state, m.NOTED_ASK_AGAIN[q.kind]));
          return null;
        }
        addWholeTextFact(turn, q.id, q.factType, text);
      }
      if (q.kind === 'narrative') markNarrative(state, q, turn.messageId, text);
      else markAnswered(state, q);
    }
    advance(turn);
    return null;
  }
  const options = q.options ?? [];
  const squashed = squashText(text);
  const byLabel = options.find((o) => squashedLabel(o.label) === squashed || o.value === squashed);
  if (byLabel) {
    applyOptions(turn, q, [byLabel]);
    advance(turn);
    return null;
  }
  const hits = matchOptionKeywords(q, text);
  if (hits.length > 0) {
    if (countWords(text) > 3) {
      recordContent(turn, text, q, q);
      keepAsAccount(turn, text, ANSWER_AND_ACCOUNT_MIN_WORDS);
    }
    const picked = q.input === 'multiple' ? hits : hits.slice(0, 1);
    applyOptions(
      turn,
      q,
      picked.map((h) => options.find((o) => o.value === h.value) as OptionDef),
    );
    advance(turn);
    return null;
  }
  if (distressed) return answerDistress(turn, q, text);
  const none = options.find((o) => o.noFact);
  // "non, je n'ai pas de photo": a no followed by words is still the "no" answer where one is offered
  // (elsewhere a "non" may mean "not safe"); what the words tell is kept.
  // A soft "no" ("pas que je sache") is the "no" option where one is offered, else no answer: never a fact.
  const negative = isNegativeText(text) || isSoftNo(text);
  if (negative || (none && STARTS_WITH_NO.test(squashText(text)))) {
    if (!negative) recordContent(turn, text, q, q);
    if (none) applyOptions(turn, q, [none]);
    else markSkipped(state, q);
    advance(turn);
    return null;
  }
  // Noise ("euh", "mdr", "azerty") is no answer, even where a text may answer in the person's own words.
  if (isAcknowledgement(text) || isNoise(text)) return unchanged(prev, m.CHOOSE_AN_ANSWER);
  const added = recordContent(turn, text, q, q);
  keepAsAccount(turn, text);
  const filled = added.some((f) => f.slot === q.id) || isSlotFilled(state, q);
  // A question back ("c'est obligé ?") is not an answer in the person's own words.
  if (filled || (q.allowText && !isAboutTheQuestion(text))) {
    // The text itself becomes the answer only when nothing more precise was extracted from it.
    if (!filled) addWholeTextFact(turn, q.id, q.factType, text);
    markAnswered(state, q);
    advance(turn);
    return null;
  }
  if (added.length === 0 && !turn.emergency) {
    // Nothing extracted. A narrative is not filed as a fact (chit-chat would become one too), but it is
    // not "misunderstood" either: it stays with the report (and counts as something to transmit).
    const narrative = countWords(text) >= NARRATIVE_MIN_WORDS && !isAboutTheQuestion(text);
    if (!narrative) return unchanged(prev, m.CHOOSE_AN_ANSWER);
    // The same words again are already kept: the state stays as it was.
    if (keptTheSameWords(copyState(prev), text)) return unchanged(prev, m.NOTED_IN_TRANSCRIPT);
    turn.replies.push(currentPrompt(state, m.NOTED_IN_TRANSCRIPT));
    return null;
  }
  turn.replies.push(currentPrompt(state, m.NOTED_CHOOSE_AN_ANSWER));
  return null;
}

function addDetail(turn: Turn, flow: FlowDefinition, text: string): void {
  recordContent(turn, text, null, null);
  addWholeTextFact(turn, flow.otherSlot.id, 'details', text);
}

function handleSummaryStep(
  turn: Turn,
  prev: FlowState,
  flow: FlowDefinition,
  option: string,
  text: string,
): TurnResult | null {
  const { state } = turn;
  if (!option && YES.test(squashText(text))) option = 'confirm';
  if (!option) {
    addDetail(turn, flow, text);
    turn.replies.push(info(m.ADDED));
    showSummary(turn);
    return null;
  }
  if (option === 'skip') {
    showSummary(turn);
    return null;
  }
  if (!summaryOptions(state, flow).some((o) => o.value === option)) return unchanged(prev, m.UNKNOWN_OPTION);
  if (option === 'add') {
    state.step = 'add';
    turn.replies.push(addReply());
    return null;
  }
  if (option === 'confirm') {
    if (!canSubmit(state)) {
      state.step = 'add';
      turn.replies.push({ ...addReply(), text: m.NOTHING_TO_SUBMIT });
      return null;
    }
    state.confirmed = true;
    state.step = 'done';
    turn.replies.push(doneReply(flow));
    return null;
  }
  const slotId = option.slice('correct:'.length);
  state.facts = state.facts.filter((f) => f.slot !== slotId);
  delete state.slots[slotId];
  const question = flow.questions.find((q) => q.id === slotId && q.ask !== false);
  if (!question) {
    state.slots[slotId] = { status: 'skipped', values: [] };
    showSummary(turn);
    return null;
  }
  state.step = question.id;
  state.correcting = true;
  state.asked.push(question.id);
  turn.replies.push(questionReply(state, flow, question, m.CORRECTING));
  return null;
}

function runTurn(prev: FlowState, input: CitizenInput, ctx: TurnContext): TurnResult {
  const state = copyState(prev);
  if (!state) {
    const started = startConversation();
    return { ...started, emergency: false };
  }
  const option = typeof input?.option === 'string' ? input.option.trim() : '';
  const text = typeof input?.text === 'string' ? input.text.trim().slice(0, MAX_TEXT_LENGTH) : '';
  if (!option && !text) return unchanged(prev, m.EMPTY_MESSAGE);
  const turn: Turn = { state, replies: [], emergency: false, ctx, messageId: String(input.messageId ?? '') };
  if (text && detectEmergency(text)) sendEmergency(turn);

  if (
    option === 'talk_to_officer' ||
    (!option && (findPattern(text, OFFICER_INTENT).length > 0 || acceptsOfficerOffer(state, text)))
  ) {
    turn.replies.push(info(state.wantsOfficer ? m.OFFICER_ALREADY_REQUESTED : m.OFFICER_REQUESTED));
    state.wantsOfficer = true;
    // What else the message says is kept ("je veux parler à un policier, mon mari me frappe").
    if (text) recordContent(turn, text, null, null);
    resumeStep(turn);
    return recordDangerFlags(prev, { state, replies: turn.replies, emergency: turn.emergency }, text, true);
  }

  const flow = flowOf(state);
  const support =
    !option && isDistressHere(state, text) ? info(m.distressSupport(state.wantsOfficer, false)) : null;
  if (support) turn.replies.push(support);
  const result = flow
    ? dispatchStep(turn, prev, flow, option, text)
    : handleCategoryStep(turn, prev, option, text);
  const done = recordDangerFlags(
    prev,
    result ?? { state, replies: turn.replies, emergency: turn.emergency },
    text,
    true,
  );
  // The turn's emergency message gives the numbers already ("j'ai peur" at "Êtes-vous en sécurité ?").
  if (!support || !done.replies.some((reply) => reply.kind === 'emergency')) return done;
  const calmer = info(m.distressSupport(state.wantsOfficer, true));
  return { ...done, replies: done.replies.map((reply) => (reply === support ? calmer : reply)) };
}

function dispatchStep(
  turn: Turn,
  prev: FlowState,
  flow: FlowDefinition,
  option: string,
  text: string,
): TurnResult | null {
  const { state } = turn;
  if (state.step === 'summary') return handleSummaryStep(turn, prev, flow, option, text);
  if (state.step === 'add' || state.step === 'done') {
    if (option && option !== 'skip') return unchanged(prev, m.UNKNOWN_OPTION);
    if (option === 'skip') {
      if (state.step === 'add') showSummary(turn);
      else turn.replies.push(doneReply(flow));
      return null;
    }
    addDetail(turn, flow, text);
    if (state.step === 'add') {
      turn.replies.push(info(m.ADDED));
      showSummary(turn);
    } else {
      turn.replies.push(info(m.ADDED_AFTER_DONE), doneReply(flow));
    }
    return null;
  }
  const question = flow.questions.find((q) => q.id === state.step);
  if (!question) {
    if (text) recordContent(turn, text, null, null);
    advance(turn);
    return null;
  }
  if (turn.emergency && !option) {
    // Danger first: keep what was written (the account, if it tells one), then come back to the question.
    recordContent(turn, text, question, question);
    keepAsAccount(turn, text, EMERGENCY_ACCOUNT_MIN_WORDS);
    resumeStep(turn);
    return null;
  }
  return option
    ? answerWithOption(turn, prev, flow, question, option)
    : answerWithText(turn, prev, question, text);
}

/**
 * Starts a conversation. Without a category, the single reply greets, states anonymity and the
 * emergency numbers, and asks for the category; with one, it greets and asks the flow's first question.
 */
export function startConversation(category?: Category): { state: FlowState; replies: BotReply[] } {
  const state = newState();
  if (!category || !(category in FLOWS)) return { state, replies: [categoryReply(true)] };
  const turn: Turn = {
    state,
    replies: [info(m.WELCOME)],
    emergency: false,
    ctx: { now: new Date(), departement: '' },
    messageId: '',
  };
  enterCategory(turn, category, null);
  return { state, replies: turn.replies };
}

/**
 * Handles one citizen message (text) or button (option) and returns the new state and the bot's
 * replies. Never throws and never mutates `state`; bad input yields a French re-prompt and an
 * unchanged state. `emergency` is true when this message signalled immediate danger.
 */
export function handleCitizenInput(state: FlowState, input: CitizenInput, ctx: TurnContext): TurnResult {
  try {
    return runTurn(state, input, ctx);
  } catch {
    try {
      return unchanged(state, m.TECHNICAL_PROBLEM);
    } catch {
      return { state: newState(), replies: [categoryReply(true, m.TECHNICAL_PROBLEM)], emergency: false };
    }
  }
}

/**
 * A message written to the officer while they hold the chat: kept as free text, its entities and the
 * slots detected in it recorded as facts (the operator's live fiche fills itself), the emergency flag
 * raised if it says so. It is never taken as the answer to the bot's pending question ("Bonjour, vous
 * êtes là ?" is no price), and the step does not move: handed back to the queue, the conversation resumes
 * where the bot left it. No reply: the officer answers.
 */
export function recordMessageToOfficer(state: FlowState, input: CitizenInput, ctx: TurnContext): TurnResult {
  const copy = copyState(state);
  const text = typeof input?.text === 'string' ? input.text.trim().slice(0, MAX_TEXT_LENGTH) : '';
  if (!copy || !text) return { state, replies: [], emergency: false };
  const turn: Turn = {
    state: copy,
    replies: [],
    emergency: false,
    ctx,
    messageId: String(input.messageId ?? ''),
  };
  try {
    if (detectEmergency(text)) sendEmergency(turn);
    recordContent(turn, text, null, null);
  } catch {
    // A failing extractor must not lose the message: it is stored all the same, for the officer to read.
    return { state, replies: [], emergency: false };
  }
  const recorded = recordDangerFlags(
    copy,
    { state: copy, replies: [], emergency: turn.emergency },
    text,
    false,
  );
  return { ...recorded, emergency: turn.emergency || impliesDangerNow(detectDangerIndicators(text)) };
}

/**
 * The pending question again, after something that is not an answer (a photo added): the state does not
 * change, and the person sees what is still asked, with its options.
 */
export function repeatCurrentPrompt(state: FlowState, prefix: string): BotReply {
  return currentPrompt(copyState(state) ?? newState(), prefix);
}

/** The hint under the message field for a conversation of this category (none chosen yet: null). */
export function inputHintOf(category: Category | null): string | null {
  return category ? FLOWS[category].inputHint : null;
}

/** True when a report can be transmitted: a category and at least a fact or a free text. */
export function canSubmit(state: FlowState): boolean {
  const kept = copyState(state);
  return Boolean(kept?.category) && ((kept?.facts.length ?? 0) > 0 || Boolean(kept?.hasText));
}

/**
 * The conversation's danger as the queue and the report show it: the flow's emergency flag or a danger
 * indicator meaning danger now, and the indicators themselves (categories only).
 */
export function dangerOf(state: FlowState): { danger: boolean; dangerFlags: DangerFlag[] } {
  const dangerFlags = normalizeDangerFlags(state.dangerFlags);
  return { danger: state.emergency || impliesDangerNow(dangerFlags), dangerFlags };
}

/**
 * What the report (fiche) is built from. The commune is the first commune fact of the commune slot,
 * else the first commune fact at all. Throws if no category was chosen (check canSubmit first).
 */
export function summarizeForReport(state: FlowState): ReportSummary {
  if (!state.category) throw new Error('summarizeForReport: la conversation n’a pas de catégorie');
  const communes = state.facts.filter((f) => f.type === 'commune');
  const commune = communes.find((f) => f.slot === 'commune') ?? communes[0];
  const { danger, dangerFlags } = dangerOf(state);
  return {
    category: state.category,
    communeInsee: commune?.value ?? null,
    facts: state.facts.map((f) => ({ ...f, ...(f.attrs ? { attrs: { ...f.attrs } } : {}) })),
    wantsOfficer: state.wantsOfficer,
    emergency: danger,
    dangerFlags,
  };
}
