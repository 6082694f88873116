/**
 * Distress in a victim's words (issue 10 §4): she does not know what to do, she is afraid, lost, cannot
 * say more. Such a message answers no question; it gets support (messages.ts distressSupport) in the
 * flows that offer it. Patterns are matched on folded text (text-fold.ts), SMS spellings included.
 */
import { countWords, findPattern } from './text-fold.ts';

const DISTRESS_PATTERNS = [
  // "je sais pas quoi faire", "je ne sais plus quoi faire", "jsp quoi faire"
  "\\b(?:(?:je |j'|j )?(?:ne )?(?:sais|sait|sai|se) (?:pas|plus|vraiment pas|vraiment plus)|jsp|jsais pas|jsai pas|chais pas|sais pas) (?:quoi|comment) faire\\b",
  "\\b(?:j'|j |j)?(?:ai|ais) (?:tres |trop |tellement |si |vraiment )?peur\\b",
  '\\b(?:je suis|jsuis|jsui|chui|chuis|je me sens|jme sens) (?:completement |tellement |trop |tres |vraiment |toute? )?(?:perdue?|paumee?|seule?|a bout|desesperee?|terrorisee?|effrayee?)\\b',
  "\\b(?:aide[sz]?[- ]?moi|au secours|(?:j'|j )?ai besoin d'aide)\\b",
  "\\b(?:j'|j |j|je n')?ose (?:pas |plus |meme pas )?(?:en parler|parler|le dire|rien dire|porter plainte)\\b",
  "\\b(?:je n'|j'|j |j)?en peux plus\\b|\\bje craque\\b",
  "\\bje (?:veux|voudrais) (?:juste |seulement |simplement )?que (?:ca|tout ca|tout|il|ils|elle) (?:s'|s )?arrete\\b",
  '\\b(?:va|vont|veut|veulent) me (?:tuer|buter|crever)\\b',
  "\\bc'?est (?:trop |tellement |vraiment |tres |un peu )?(?:complique|difficile|dur)\\b",
];

/** True when the text says distress (fear, not knowing what to do, a call for help). */
export function isDistress(text: string): boolean {
  return DISTRESS_PATTERNS.some((p) => findPattern(text, p).length > 0);
}

/** The words of a text once its words of distress are set aside: what it tells of the facts. */
export function wordsBeyondDistress(text: string): number {
  let rest = text;
  for (const pattern of DISTRESS_PATTERNS) {
    for (const m of findPattern(rest, pattern)) {
      rest = rest.slice(0, m.start) + ' '.repeat(m.end - m.start) + rest.slice(m.end);
    }
  }
  return countWords(rest);
}
