/** Text folding shared by the engine: matching ignores case and accents but keeps offsets. */

/**
 * Lower-cases and strips accents character by character, so that offsets in the folded text are
 * offsets in the original (a pattern match can be mapped back to what the citizen wrote).
 */
export function foldText(text: string): string {
  if (text === lastFoldInput) return lastFoldOutput;
  let out = '';
  // ASCII needs no normalization and lower-cases the same alone or in a run: runs are lowered at once.
  let asciiStart = 0;
  for (let i = 0; i < text.length; i++) {
    if (text.charCodeAt(i) < 0x80) continue;
    const ch = String.fromCodePoint(text.codePointAt(i) as number);
    out += text.slice(asciiStart, i).toLowerCase() + foldNonAscii(ch);
    i += ch.length - 1; // a surrogate pair is one character
    asciiStart = i + 1;
  }
  out += text.slice(asciiStart).toLowerCase();
  lastFoldInput = text;
  lastFoldOutput = out;
  return out;
}

// One turn folds the same message for every pattern of the flow: remember the last one.
let lastFoldInput = '';
let lastFoldOutput = '';
const foldedChars = new Map<string, string>();

function foldNonAscii(ch: string): string {
  let folded = foldedChars.get(ch);
  if (folded === undefined) {
    const lower = ch
      .normalize('NFD')
      .replace(/[\u0300-\u036f]/g, '')
      .toLowerCase();
    folded = lower.length === ch.length ? lower : ch;
    if (folded === '’' || folded === '‘') folded = "'";
    if (foldedChars.size < 10_000) foldedChars.set(ch, folded);
  }
  return folded;
}

/** Folds and keeps only letters and digits separated by single spaces (for whole-answer matching). */
export function squashText(text: string): string {
  if (text === lastSquashInput) return lastSquashOutput;
  const squashed = foldText(text)
    .replace(/[^a-z0-9]+/g, ' ')
    .trim();
  lastSquashInput = text;
  lastSquashOutput = squashed;
  return squashed;
}

// One text answer is squashed by each whole-answer test (skip, negative, label, word count): remember it.
let lastSquashInput = '';
let lastSquashOutput = '';

/** Builds a case-insensitive global regex from a flow pattern, or null if the pattern is invalid. */
export function compilePattern(source: string): RegExp | null {
  let compiled = compiledPatterns.get(source);
  if (compiled === undefined) {
    try {
      compiled = new RegExp(source, 'g');
    } catch {
      compiled = null;
    }
    compiledPatterns.set(source, compiled);
  }
  return compiled;
}

// Flow patterns are a fixed set: each is compiled once (findPattern resets lastIndex before using one).
const compiledPatterns = new Map<string, RegExp | null>();

export interface PatternMatch {
  start: number;
  end: number;
  value: string;
  text: string;
}

/** All matches of a pattern in `text` (matched on its folded form); group 1 is the value if present. */
export function findPattern(text: string, source: string): PatternMatch[] {
  const re = compilePattern(source);
  if (!re) return [];
  const folded = foldText(text);
  const matches: PatternMatch[] = [];
  // The exec loop of matchAll without its copy of the regex (a construction per call).
  re.lastIndex = 0;
  for (let m = re.exec(folded); m !== null; m = re.exec(folded)) {
    if (m[0].length === 0) {
      re.lastIndex++; // as matchAll does, step over an empty match
      continue;
    }
    const group = m[1];
    const start = group !== undefined ? m.index + m[0].indexOf(group) : m.index;
    const length = group !== undefined ? group.length : m[0].length;
    const original = text.slice(start, start + length).trim();
    if (original) matches.push({ start, end: start + length, value: original, text: original });
  }
  return matches;
}

const STRONG_SKIP = [
  /^(je )?(ne )?(sais|sait|sai|se|c est) (pas|plus)( trop)?$/,
  /^j ?(en )?(sais|sai|se) (pas|plus|rien)$/,
  /^(jsp|jsais pas|chais pas|chai pas|sais pas|je sais pas trop|jen sais rien|j en sais rien|nsp|idk)$/,
  /^(aucune|pas d|pas la moindre) idee$/,
  /^(je )?(ne )?(me )?(souviens|rappelle) (pas|plus)$/,
  /^(passer|passe|suivant|skip|je passe|on passe|pas de reponse)$/,
  /^(je )?(prefere|prefererais) (ne )?pas (dire|repondre|le dire|en parler)( a (cette|la) question| a ca)?( svp| stp| s il vous plait| merci)?$/,
  /^(je )?(ne )?(veux|veut) pas (repondre|dire|le dire|en parler)( a (cette|la) question| a ca)?( svp| stp| s il vous plait| merci)?$/,
  /^\?+$/,
];
const WEAK_SKIP = /^(non|nan|no|nope|rien|aucun|aucune|personne|pas vu|non merci|non rien|je n ai rien vu)$/;

/** True when a whole answer means "I don't know / skip" (e.g. "je sais pas", "jsp", "aucune idée"). */
export function isSkipText(text: string): boolean {
  const s = squashText(text);
  if (text.trim() === '?') return true;
  return STRONG_SKIP.some((re) => re.test(s));
}

// A "no" said softly, which answers a question offering a "no" option ("Un véhicule ? — pas que je sache").
const SOFT_NO =
  /^(pas que je sache|(je )?(ne )?(crois|pense) pas|pas a ma connaissance|(j ai|j en ai|je n ai|je n en ai) (pas|rien|pas rien) (vu|remarque)|(pas|rien) (vu|remarque)|non pas vu|pas du tout( non)?|absolument pas)$/;

/** True when a whole answer is a soft "no" ("pas que je sache", "je crois pas", "j'ai rien vu"). */
export function isSoftNo(text: string): boolean {
  return SOFT_NO.test(squashText(text));
}

// Acknowledgements: polite, but they answer no question ("pas de souci" at "Un véhicule était-il impliqué ?").
const ACKNOWLEDGEMENT =
  /^(ok|okay|oki|d accord|dac|dacc|pas de souci|pas de soucis|pas de probleme|pas de pb|pas de prob|tres bien|entendu|ca marche|compris|je vois|ah|ah bon|merci|merci beaucoup)$/;

/** True when a whole answer only acknowledges ("ok", "d'accord", "pas de souci"). */
export function isAcknowledgement(text: string): boolean {
  return ACKNOWLEDGEMENT.test(squashText(text));
}

// Interjections and laughs: said while thinking or reacting, they answer nothing ("euh", "mdr", "hein").
const INTERJECTIONS = new Set(
  'euh heu eh hein hum hm ah oh bah ben bof pf mdr ptdr lol xd haha hahaha hihi ouf aie oups oula houla bref'.split(
    ' ',
  ),
);
// Keyboard rows (AZERTY and QWERTY): four keys in a row make no French word ("azerty", "qsdf").
const KEYBOARD_ROWS = ['azertyuiop', 'qsdfghjklm', 'wxcvbn', 'qwertyuiop', 'asdfghjkl', 'zxcvbnm'];

function isKeyboardRun(word: string): boolean {
  for (let i = 0; i + 4 <= word.length; i++) {
    const piece = word.slice(i, i + 4);
    if (KEYBOARD_ROWS.some((row) => row.includes(piece))) return true;
  }
  return false;
}

/**
 * True when a text is noise, not words that mean something: punctuation alone ("...", "???"),
 * interjections ("euh", "mdrrr"), a single letter, a keyboard run ("azerty").
 */
export function isNoise(text: string): boolean {
  // Letters said again and again are said once: "euuuh", "mdrrr", "pfff".
  const words = squashText(text)
    .replace(/([a-z])\1+/g, '$1')
    .split(' ')
    .filter(Boolean);
  if (words.length === 0) return true;
  if (words.every((w) => INTERJECTIONS.has(w))) return true;
  const [only] = words;
  return (
    words.length === 1 &&
    only !== undefined &&
    /^[a-z]+$/.test(only) &&
    (only.length === 1 || isKeyboardRun(only))
  );
}

/** True when a whole answer is a plain "non" / "rien", which skips a question without a "no" option. */
export function isNegativeText(text: string): boolean {
  return WEAK_SKIP.test(squashText(text));
}

// Asking back or saying one does not understand: about the question, not about the facts.
const ABOUT_THE_QUESTION =
  /\b(comprends? pas|comprends? rien|pas compris|rien compris|c est quoi|ca veut dire|veut dire quoi|quelle difference|que voulez vous dire)\b/;

/** True when a text is about the question asked (a question back, not understanding), not a fact. */
export function isAboutTheQuestion(text: string): boolean {
  return text.includes('?') || ABOUT_THE_QUESTION.test(squashText(text));
}

// Greetings and the wish to report, which open many first messages without telling any fact.
const GREETING_WORDS = new Set(
  (
    'bonjour bonsoir salut hello coucou allo madame monsieur mesdames messieurs je j ai voudrais veux ' +
    'voulais souhaite souhaiterais souhaitais aimerais faire fais un une des de d du le la les l ' +
    'signalement signaler declarer declaration porter plainte temoigner temoignage quelque chose svp stp ' +
    's il vous plait merci beaucoup bien pour sur a au aux information informations renseignement ' +
    'renseignements vous tu est c ce cela ca comment proceder marche fonctionne besoin aide aider peux ' +
    'pouvez puis possible oui ok voila alors euh excusez moi desole desolee anonyme anonymement bjr bsr ' +
    'slt voudrai jvoudrais probleme truc fait faits'
  ).split(' '),
);

/** True when a text only greets or says the person wants to report ("bonjour, je voudrais signaler"). */
export function isOnlyAGreeting(text: string): boolean {
  return squashText(text)
    .split(' ')
    .every((word) => GREETING_WORDS.has(word));
}

/** Counts words, to tell a real description from a one-word answer. */
export function countWords(text: string): number {
  return squashText(text).split(' ').filter(Boolean).length;
}
