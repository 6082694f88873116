/**
 * Questions and slots shared by every flow (plain data). Builders take only what differs between flows
 * (usually the wording), so that a shared slot keeps the same id, fact type and label everywhere: the
 * engine, the summary and the officers' view rely on them. Witness and victim flows have their own files.
 */
import type { CaptureDef, FlowDefinition, OptionDef, QuestionDef } from '../engine/flow-types.ts';

// ---- Every kind of flow ----

/** Where extracted facts that no question owns are listed. */
export const OTHER_SLOT: FlowDefinition['otherSlot'] = { id: 'autres', summaryLabel: 'Autres éléments' };

/** The free account, in the citizen's own words; only the invitation differs between flows. */
export function narrativeQuestion(prompt: string): QuestionDef {
  return {
    id: 'recit',
    kind: 'narrative',
    input: 'text',
    prompt,
    factType: 'narrative',
    summaryLabel: 'Votre récit',
  };
}

/** How safe the citizen feels; options marked `emergency` trigger the emergency message. */
export function safetyQuestion(prompt: string, options: OptionDef[]): QuestionDef {
  return {
    id: 'securite',
    kind: 'safety',
    input: 'choice',
    prompt,
    factType: 'safety',
    summaryLabel: 'Votre sécurité',
    options,
  };
}

/** The commune routes the report to the right service. */
export const COMMUNE_QUESTION: QuestionDef = {
  id: 'commune',
  kind: 'place',
  input: 'text',
  prompt: 'Dans quelle commune cela se passe-t-il ? (le quartier aide aussi)',
  factType: 'place',
  summaryLabel: 'Commune',
  filledBy: ['commune'],
};

// Moments said in words rather than as a date or an hour (folded text: no accents, lower case).
const PART_OF_DAY = '(?:matin|matinee|midi|apres-?midi|aprem|soir|soiree|nuit|journee)s?';
const WEEKDAY = '(?:lundi|mardi|mercredi|jeudi|vendredi|samedi|dimanche)s?';
const WEEKEND = '(?:week-? ?ends?|weekends?|fins? de semaine|we)';
const MONTH = '(?:janvier|fevrier|mars|avril|mai|juin|juillet|aout|septembre|octobre|novembre|decembre)';
// "tous les", "chaque", and their SMS spellings ("ts les", "tt les", "tou lé", "chak").
const EVERY = '(?:tous les|toutes les|tous le|tou les|tou le|ts les|tt les|chaque|chak)';

/**
 * "tous les soirs", "la nuit", "h24", "le week-end", "la semaine dernière", "en janvier", "il y a deux ans":
 * when it happens, said without a date or an hour (which the extractor finds).
 */
export const WHEN_CAPTURES: CaptureDef[] = [
  { pattern: `\\b${EVERY} (?:${PART_OF_DAY}|${WEEKDAY}|${WEEKEND}|jours?)(?: ${PART_OF_DAY})?\\b` },
  {
    pattern: `\\b(?:(?:le|la|les|ce|cet|cette|en) |l'|l )(?:${PART_OF_DAY}|${WEEKEND}|${WEEKDAY})(?: ${PART_OF_DAY})?\\b`,
  },
  { pattern: "\\b(?:toute la|toute l'|toutes les|a longueur de) (?:nuit|journee|apres-?midi|soiree)s?\\b" },
  { pattern: '\\b(?:h ?24|24 ?h ?(?:/|sur) ?24|jour et nuit|nuit et jour|7 ?j ?(?:/|sur) ?7)\\b' },
  { pattern: `\\b(?:la semaine|le mois|le week-? ?end|l'annee|l'an|${WEEKDAY}) (?:derniere?|passee?)\\b` },
  { pattern: `\\ben ${MONTH}\\b` },
  {
    pattern:
      '\\bil y a (?:environ |plus de |pres de )?(?:un|une|deux|trois|quatre|cinq|six|dix|quelques|plusieurs|\\d+) (?:jours?|semaines?|mois|ans?|annees?)\\b',
  },
];

export const WHEN_QUESTION: QuestionDef = {
  id: 'quand',
  kind: 'datetime',
  input: 'text',
  prompt:
    'Quand cela se passe-t-il ? Le jour et les heures si possible (par exemple « hier vers 22h », « de 16h à minuit »).',
  factType: 'datetime',
  summaryLabel: 'Quand',
  filledBy: ['date', 'time'],
  capture: WHEN_CAPTURES,
};

/** The kind of place (street, transport…), detected from the narrative; options differ per flow. */
export function kindOfPlaceQuestion(
  input: QuestionDef['input'],
  prompt: string,
  options: OptionDef[],
): QuestionDef {
  return {
    id: 'type_lieu',
    kind: 'place',
    input,
    prompt,
    factType: 'kind_of_place',
    summaryLabel: "Type d'endroit",
    detect: true,
    allowText: true,
    options,
  };
}
