/**
 * Detection of immediate danger in a citizen message.
 *
 * Policy (favour safety: a missed present danger is worse than an extra message with 17/112/114):
 * - present or imminent danger is an emergency: violence happening now ("il me frappe", "on me tape"),
 *   a threat to kill ("il va me tuer"), a weapon with a threat or "now", a calls for help
 *   ("au secours", "aidez-moi"), "je suis en danger", the aggressor at the door or trying to get in,
 *   shots being fired; habitual present ("il me frappe depuis des années") counts too;
 * - past violence with a past marker ("hier il m'a frappé", "il y a deux ans") or in the past tense
 *   alone ("il m'a frappée", "il me frappait") is NOT an emergency alert: the flows orient the
 *   person to 17 / a police station for a complaint instead;
 * - a weapon merely present ("il y a une arme chez le voisin depuis des mois") is not an emergency;
 * - negations ("je ne suis plus en danger", "ce n'est pas urgent") cancel.
 * Matching is done on a squashed form: lower case, no accents, punctuation removed and repeated
 * letters collapsed, so SMS spellings ("au secouuurs", "jsui en dangé", "il m frap") still match.
 */

/**
 * Lower case, no accents, runs of anything but a-z0-9 turned into one space, repeated letters collapsed,
 * trimmed. Done in one pass over the character codes: the chain of regex replaces cost more than the tests.
 */
export function squashForEmergency(text: string): string {
  if (text === lastSquashInput) return lastSquashOutput;
  const codes: number[] = [];
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code < 0x80) {
      appendSquashed(codes, ASCII_SQUASHED[code] as number);
      continue;
    }
    const ch = String.fromCodePoint(text.codePointAt(i) as number);
    i += ch.length - 1; // a surrogate pair is one character
    const piece = squashedChar(ch);
    for (let k = 0; k < piece.length; k++) appendSquashed(codes, piece.charCodeAt(k));
  }
  if (codes[codes.length - 1] === SPACE) codes.pop();
  lastSquashInput = text;
  lastSquashOutput = stringOfCodes(codes);
  return lastSquashOutput;
}

// A sentence without clause separators is squashed twice in a row (as the sentence, then as its clause).
let lastSquashInput = '';
let lastSquashOutput = '';

const SPACE = 0x20;
const LOWER_A = 0x61;

/** Separators merge into one space (none at the start); a letter repeated right after itself is dropped. */
function appendSquashed(codes: number[], code: number): void {
  const last = codes.length > 0 ? codes[codes.length - 1] : SPACE;
  if (code === SPACE ? last === SPACE : code === last && code >= LOWER_A) return;
  codes.push(code);
}

function stringOfCodes(codes: number[]): string {
  let out = '';
  // In slices: a spread of a very long array would overflow the call stack.
  for (let i = 0; i < codes.length; i += 4096) out += String.fromCharCode(...codes.slice(i, i + 4096));
  return out;
}

/** ASCII code to its squashed code: lower-case letter, digit, or a space for a separator. */
const ASCII_SQUASHED: number[] = Array.from({ length: 0x80 }, (_, code) => {
  const lower = String.fromCharCode(code).toLowerCase();
  return /[a-z0-9]/.test(lower) ? lower.charCodeAt(0) : SPACE;
});

const squashedChars = new Map<string, string>();

/**
 * A non-ASCII character's squashed form: letters and digits, ' ' for a separator, '' for a stripped accent.
 * Per-character mapping gives the whole-string result: the only context-dependent lower-casing (final
 * sigma) and NFD's reordering of combining marks both end up as separators or nothing either way.
 */
function squashedChar(ch: string): string {
  let squashed = squashedChars.get(ch);
  if (squashed === undefined) {
    squashed = ch
      .toLowerCase()
      .normalize('NFD')
      .replace(/[\u0300-\u036f]/g, '')
      .replace(/[^a-z0-9]+/g, ' ');
    if (squashedChars.size < 10_000) squashedChars.set(ch, squashed);
  }
  return squashed;
}

const OBJECT = '(?:me|m|nous|ns|la|le|les|l|ma \\w+|mon \\w+|mes \\w+|sa \\w+|son \\w+|ses \\w+)';
const VIOLENT_VERB =
  '(?:frape|frapent|frap|tape|tapent|bat|batent|cogne|cognent|etrangle|etranglent|etoufe|etoufent|viole|violent|poignarde|poignardent|agrese|agresent|menace|menacent|tabase|tabasent|brutalise|brutalisent|egorge|tue|tuent|bloque|sequestre|enferme)';
const SUBJECT = '(?:il|ils|elle|eles|on|y|i|mon \\w+|le \\w+|ma \\w+)';

/** Always an emergency unless negated in the same clause. */
const ALWAYS: RegExp[] = [
  /\b(?:au|o|os|oh) ?secour/,
  /\ba l aide\b/,
  /\baidez? ?(?:moi|nous)\b/,
  /\bsos\b/,
  /\bhelp\b/,
  /\bvenez vite\b|\bvite venez\b|\bvenez m aider\b/,
  /\burgen(?:t|ce)\b/,
  /\b(?:je suis|jsuis|j suis|chui|chuis|jsui|je sui|suis|je me sens|jme sens|on est|nous sommes|ns somes|sont|est) (?:vraiment |encore |toujours )?en dang(?:er|e|es|ee)?\b/,
  /\ben danger de mort\b/,
  /\b(?:va|vas|vont|veut|veulent|ve|vx|esaie de|esaye de|menace de|menacent de|a menace de|vient pour) (?:me |m |nous |ns |la |le |les |l |te |t )?tuer\b/,
  /\bje vais (?:mourir|me faire tuer)\b/,
  /\b(?:est|sont|et|es) (?:encore |toujours |la |juste |actuelement )?(?:devant|derriere) (?:ma|la|notre|chez moi|mon|l) ?(?:porte|fenetre|apart\w*|maison)?\b/,
  /\b(?:est|sont|et) (?:encore |toujours )?(?:en bas de chez moi|chez moi|dans (?:mon|l|la|ma|notre) (?:apart\w*|maison|chambre|imeuble|cage))/,
  /\b(?:esai\w*|esay\w*|veut|veulent|tente\w*|cherche\w*) (?:d|de) (?:entrer|rentrer|defoncer|forcer|casser)\b/,
  /\b(?:defonce|defoncent|force|forcent|casse|cassent|tape|tapent|frape|frapent|cogne|cognent) (?:a |sur |contre )?(?:la|ma|notre) porte\b/,
  /\b(?:il|ils|elle|eles) (?:est|sont|et) (?:encore|toujours) (?:la|ici|chez moi|dedans|a la maison)\b/,
  /\b(?:on|quelqu un|un homme|un mec|il|ils) (?:me|nous) (?:suit|suivent)\b(?! sur)/,
];

/** Violence or shots: an emergency unless the clause is negated or placed in the past. */
const PRESENT_VIOLENCE: RegExp[] = [
  new RegExp(`\\b${OBJECT} ${VIOLENT_VERB}\\b(?! sur les nerfs)`),
  new RegExp(`\\b${SUBJECT} ${VIOLENT_VERB} (?:${OBJECT}|a la porte|sa \\w+|ses \\w+)\\b`),
  /\bje me fais (?:frap\w*|tap\w*|agres\w*|viol\w*|tabas\w*|batre|cogner|menacer|etrangler|tuer)\b/,
  new RegExp(
    `\\bvien\\w* (?:de|d) ${OBJECT} ?(?:frap|tap|bat|cogn|etrangl|agres|menac|viol|poignard|tabas|brutalis)\\w*`,
  ),
  /\b(?:ca|sa|ils|on|i) (?:tire|tirent)\b/,
  /\bcoups? de feu\b|\bfusilade\b|\bdes tirs\b|\bdetonations?\b/,
];

export const WEAPON =
  /\b(?:arme|armes|couteau|couteaux|flingue|flingues|pistolet|fusil|revolver|kalach\w*|kalash\w*|machete|cuter|hache|bate|gun)\b/;
const THREAT =
  /(?<!\b(?:a|ont|avait|avaient) )\b(?:menace|menacent|pointe|pointent|braque|braquent|vise|visent|tire|tirent|brandit|brandisent|agite|agitent|sort|sortent)\b/;
export const NOW =
  /\b(?:en ce moment|maintenant|mtn|actuelement|la tout de suite|tout de suite|a l instant|dans la main|a la main|sur moi|sur nous)\b/;
const DANGER_WORD =
  /\b(?:frap\w*|tap\w*|menac\w*|arme|couteau|flingue|tuer|batre|bat|cogn\w*|agres\w*|danger|etrangl\w*)\b/;

const PAST_TENSE = /\b(?:m a|l a|nous a|ns a|a|ont) (?:frape|tape|menace|cogne|agrese|etrangle|batu|viole)\b/;
export const PAST =
  /\b(?:hier|avant hier|autrefois|a l epoque|quand j etais|l an dernier|l an pase|(?:la semaine|le mois|l anee|le week end|lundi|mardi|mercredi|jeudi|vendredi|samedi|dimanche|la nuit) (?:derniere?|pasee?)|il y a (?:\d+|un|une|deux|trois|quatre|cinq|quelques|plusieurs|des) (?:jours?|semaines?|mois|ans?|anees?)|en (?:19|20)\d\d)\b/;
export const NEGATION =
  /\b(?:ne|n) (?:\w+ ){0,3}(?:plus|pas|jamais)\b|\bpas (?:en danger|urgent|une urgence|d urgence)\b|\bplus en danger\b|\bnon urgent\b/;

export function splitSentences(text: string): string[] {
  return text.split(/[.!?;\n]+/).filter((s) => s.trim());
}

export function splitClauses(sentence: string): string[] {
  return sentence.split(/,|\s(?:et|mais|puis|alors|sauf que|parce que|car)\s/i).filter((s) => s.trim());
}

/**
 * True when the message signals immediate danger and must get the 17 / 112 / 114 reply before
 * anything else. See the module comment for the policy on past events and weapons.
 */
export function detectEmergency(text: string): boolean {
  if (typeof text !== 'string' || !text.trim()) return false;
  for (const sentence of splitSentences(text)) {
    const s = squashForEmergency(sentence);
    const sentencePast = PAST.test(s);
    // Clause splitting on "et" breaks SMS spellings such as "il et devant ma porte".
    if (!NEGATION.test(s) && ALWAYS.some((re) => re.test(s))) return true;
    for (const clauseRaw of splitClauses(sentence)) {
      const c = squashForEmergency(clauseRaw);
      if (!c) continue;
      const negated = NEGATION.test(c);
      if (!negated && ALWAYS.some((re) => re.test(c))) return true;
      if (!negated && !PAST.test(c) && !sentencePast && PRESENT_VIOLENCE.some((re) => re.test(c)))
        return true;
    }
    if (!sentencePast && WEAPON.test(s) && (THREAT.test(s) || NOW.test(s)) && !NEGATION.test(s)) return true;
    if (!sentencePast && NOW.test(s) && DANGER_WORD.test(s) && !NEGATION.test(s) && !PAST_TENSE.test(s))
      return true;
  }
  return false;
}
