/**
 * Danger indicators in a victim's words (issue 10 §4): the markers of lethal risk that police and the
 * domestic-violence grids ask about, recognised in phone-style French and recorded as flags (categories,
 * never content) on the conversation and the report, so that the queue puts them first and the officer
 * sees them at a glance.
 *
 * Policy (favour safety, as `emergency.ts`):
 * - strangulation, even in the past ("il m'a serré le cou hier"): a known lethal-risk marker;
 * - a threat to kill, even in the past ("il m'a menacée de mort");
 * - a weapon used or brandished ("il m'a menacée avec un couteau", "il a un couteau à la main"); a weapon
 *   merely named or denied ("pas d'arme") is not;
 * - the author present now ("il est là", "il est encore dans l'appartement"); not when he left or is said
 *   to be elsewhere ("il n'est plus là", "il est parti");
 * - children threatened or hit now ("il menace de tuer les enfants", "il frappe aussi mon fils");
 * - a recent separation ("on vient de se séparer", "il n'accepte pas la rupture"); not an old one
 *   ("séparés depuis dix ans");
 * - a pregnancy ("je suis enceinte"); not a past one ("quand j'étais enceinte").
 * The first five mean danger now (the emergency numbers are given, see DANGER_NOW_FLAGS); a separation
 * and a pregnancy are risk factors: flags only. Negations ("il ne m'a jamais étranglée") cancel in their
 * clause. Matching is done on emergency.ts's squashed form (no accents, repeated letters collapsed).
 */
import {
  NEGATION,
  NOW,
  PAST,
  splitClauses,
  splitSentences,
  squashForEmergency,
  WEAPON,
} from './emergency.ts';

export const DANGER_FLAGS = [
  'strangulation',
  'threat_to_kill',
  'weapon',
  'author_present',
  'children_threatened',
  'recent_separation',
  'pregnancy',
] as const;

export type DangerFlag = (typeof DANGER_FLAGS)[number];

/** The flags that mean danger now: the emergency numbers are given and the queue puts them first. */
export const DANGER_NOW_FLAGS: readonly DangerFlag[] = [
  'strangulation',
  'threat_to_kill',
  'weapon',
  'author_present',
  'children_threatened',
];

/** True when one of the flags means danger now. */
export function impliesDangerNow(flags: readonly string[] | undefined): boolean {
  return (flags ?? []).some((flag) => (DANGER_NOW_FLAGS as readonly string[]).includes(flag));
}

/** Known flags only, each once, in DANGER_FLAGS order (a stored state may hold anything). */
export function normalizeDangerFlags(flags: unknown): DangerFlag[] {
  if (!Array.isArray(flags)) return [];
  return DANGER_FLAGS.filter((flag) => flags.includes(flag));
}

const NECK = '(?:le cou|la gorge|mon cou|ma gorge|par le cou|par la gorge|a la gorge|au cou|autour du cou)';
const STRANGULATION: RegExp[] = [
  /\betrangl\w*|\bstrangul\w*|\betoufe\w*/,
  new RegExp(
    `\\b(?:sere|serer|serait|seraient|serant|sert|serent|pris|prend|prenait|atrape|atrapait|tenu|tient|tenait|empoigne|choppe|chope|saisi|saisit) (?:\\w+ )?${NECK}\\b`,
  ),
  /\b(?:mains?|bras) (?:autour|serees? autour) (?:du|de mon|de ma) (?:cou|gorge)\b/,
];

const KILL = '(?:tuer|buter|crever|egorger|faire la peau|descendre|trucider|planter)';
const THREAT_TO_KILL: RegExp[] = [
  /\bmenac\w* de mort\b|\bmenaces? de mort\b/,
  new RegExp(
    `\\b(?:va|vas|vont|veut|veulent|ve|vx|vais|alait|alaient|ira|voulait|voulaient|menace|menacent|menacait|menace de|menacent de|menacait de|a menace de|m a menace de|jure de|jure qu il va|dit qu il va|dit qu il alait|promis de|parle de) (?:de )?(?:me |m |nous |ns |la |le |les |l |te |t )?${KILL}\\b`,
  ),
  /\bje vais te (?:tuer|buter|crever|egorger)\b|\bt es morte?\b|\bje vais t egorger\b/,
];

const WEAPON_USE =
  /\b(?:menac\w*|point\w*|braqu\w*|brandi\w*|sort\w*|agit\w*|vis\w*|tir\w*|plant\w*|poignard\w*|blese\w*|frap\w*|tap\w*|coup|coups|avec (?:un|une|son|sa|le|la|des|ses|l))\b/;
const NO_WEAPON =
  /\b(?:pas|plus|aucune?|sans) (?:d |de |d une |d un )?(?:arme|armes|couteau|couteaux|flingue)\b/;

const HE = '(?:il|ils|elle|eles|i|l autre|mon mari|mon conjoint|mon ex|mon copain|mon compagnon|le pere|lui)';
const PRESENT: RegExp[] = [
  new RegExp(
    `\\b${HE} (?:est|sont|et|e) (?:encore |toujours |juste |actuelement |la |ici )?(?:la|ici|a cote|dans la piece|a la maison|chez moi|chez nous|dedans|en bas|devant|derriere|dans (?:l|le|la|mon|ma|notre) (?:apart\\w*|maison|chambre|salon|cuisine|imeuble|cage|couloir|entree|jardin|voiture|piece))\\b(?! bas\\b)`,
  ),
  new RegExp(
    `\\b${HE} (?:dort|dor|m atend|nous atend|atend|tourne|rode|fait les cent pas) (?:a cote|ici|la|dans|en bas|devant|dehors)\\b`,
  ),
  new RegExp(`\\b${HE} (?:vient|viens) (?:de rentrer|d arriver|de revenir)\\b`),
  /\b(?:il|ils) (?:est|sont) (?:rentre|rentres|revenu|revenus|arive|arives) (?:a la maison|chez moi|chez nous)?\b/,
];

const CHILD =
  '(?:les|mes|nos|ses|aux|a mes|a nos) (?:enfants|petits|gamins|goses|files|fils|bebes)|(?:mon|notre|son|a mon|le) (?:fils|bebe|enfant|petit|garcon)|(?:ma|notre|sa|a ma|la) (?:file|petite)';
const CHILDREN_THREAT: RegExp[] = [
  new RegExp(
    `\\b(?:menac\\w*|va|vont|veut|alait) (?:de )?(?:${KILL}|frap\\w*|enlever|kidnap\\w*|prendre|partir avec|faire du mal a|s en prendre a) (?:ausi )?(?:${CHILD})\\b`,
  ),
  new RegExp(
    `\\b(?:${HE}) (?:frape|tape|bat|cogne|brutalise|menace|etrangle|secoue|s en prend a|s en prend aux|leve la main sur) (?:ausi |meme |encore )?(?:${CHILD}|les enfants|enfants)\\b`,
  ),
  new RegExp(`\\b(?:${CHILD}|les enfants) (?:est|sont) (?:ausi |egalement )?en dang\\w*\\b`),
  new RegExp(`\\b(?:${CHILD}|les enfants) (?:est|sont|a|ont) (?:ausi |egalement )?menace\\w*\\b`),
];

const SEPARATION: RegExp[] = [
  /\b(?:separe|separes|separee|separees|separer|separation|rupture|divorce|divorcer|divorcons|divorcent)\b/,
  /\b(?:je l ai|je viens de le|je viens de la|j ai voulu le|je veux le|elle l a|je suis partie|je suis parti|je suis partie de chez|je l ai|j ai) quite\w*\b/,
  /\bje (?:le|la) quite\b|\bje suis (?:partie|parti) de chez (?:lui|nous|moi)\b|\bje veux (?:le|la) quiter\b/,
];
/** "il n'accepte pas la séparation" is a classic risk marker: its negation is not a denial. */
const REFUSED_SEPARATION =
  /\b(?:acepte|suporte|digere|veut) (?:pas|plus) (?:la|notre|ma|cete|de|qu on|que je) ?(?:separation|rupture|divorce|separer|divorcer|parte|le quite|quite)\b/;
const OLD =
  /\b(?:\d+|deux|trois|quatre|cinq|six|sept|huit|neuf|dix|plusieurs|des|nombreuses|longtemps) (?:ans|anees)\b/;

const PREGNANCY: RegExp[] = [
  /\benceinte\b|\bgrosese\b/,
  /\b(?:j atend|jatend|j atends|on atend|nous atendons) (?:un|notre|son) (?:bebe|enfant)\b/,
];
const PAST_PREGNANCY = /\b(?:etais|etait|avais ete|a ete) enceinte\b|\bquand j etais\b/;

/** The danger indicators of one message, in DANGER_FLAGS order, each once. */
export function detectDangerIndicators(text: string): DangerFlag[] {
  if (typeof text !== 'string' || !text.trim()) return [];
  const found = new Set<DangerFlag>();
  for (const sentence of splitSentences(text)) {
    const s = squashForEmergency(sentence);
    if (!s) continue;
    // Whole-sentence checks for a refused separation (its "ne … pas" is no denial).
    if (REFUSED_SEPARATION.test(s)) found.add('recent_separation');
    for (const clauseRaw of splitClauses(sentence)) {
      const c = squashForEmergency(clauseRaw);
      if (!c) continue;
      const negated = NEGATION.test(c);
      const past = PAST.test(c);
      if (!negated && STRANGULATION.some((re) => re.test(c))) found.add('strangulation');
      if (!negated && THREAT_TO_KILL.some((re) => re.test(c))) found.add('threat_to_kill');
      if (!negated && !NO_WEAPON.test(c) && WEAPON.test(c) && (WEAPON_USE.test(c) || NOW.test(c)))
        found.add('weapon');
      if (!negated && !past && PRESENT.some((re) => re.test(c))) found.add('author_present');
      if (!negated && CHILDREN_THREAT.some((re) => re.test(c))) found.add('children_threatened');
      if (!negated && !OLD.test(c) && SEPARATION.some((re) => re.test(c))) found.add('recent_separation');
      if (!negated && !PAST_PREGNANCY.test(c) && PREGNANCY.some((re) => re.test(c))) found.add('pregnancy');
    }
  }
  return DANGER_FLAGS.filter((flag) => found.has(flag));
}
