/** What the victim flows (violences) share: short and careful, every question optional. */
import type { FlowDefinition, OptionDef, QuestionDef } from '../engine/flow-types.ts';
import { safetyQuestion } from './common.ts';

// ---- Victim flows (violences): short and careful, every question optional ----

/** Victims may stop at any time and transmit what they said, without a summary to review. */
/** Under the message field: a victim says what she wants, in her own words. */
export const VICTIM_INPUT_HINT = 'Écrivez ce que vous souhaitez, avec vos mots. Votre nom n’est pas demandé.';

export const VICTIM_STOP: FlowDefinition['stop'] = {
  label: 'Arrêter les questions ici',
  goTo: 'done',
};

export const QUICK_EXIT_NOTE =
  'Pour fermer cette page tout de suite, utilisez le bouton « Quitter rapidement ».';

/** Closes every victim intro: nothing is mandatory. */
export const ANSWER_ONLY_WHAT_YOU_WANT = 'Ici, vous répondez seulement à ce que vous voulez.';

/**
 * A victim intro: the quick exit and the emergency numbers always come right after the opening
 * words, before the flow's own orientation (helplines, where to file a complaint).
 */
export function victimIntro(opening: string, orientation: string): string {
  return (
    `${opening} Vous pouvez fermer cette page à tout moment avec le bouton « Quitter rapidement ».\n` +
    'En cas de danger immédiat : appelez le 17 ou le 112, ou envoyez un SMS au 114 si vous ne pouvez pas parler.\n' +
    orientation
  );
}

/** A victim done text: how to transmit, then a reminder of the quick exit as the last words. */
export function victimDoneText(thanks: string, helpline?: string): string {
  const transmit =
    'Vous pouvez transmettre votre message avec le bouton « Transmettre mon signalement », plus bas sur la page : il sera lu par des policiers.';
  const quickExit = 'Pensez au bouton « Quitter rapidement » si besoin.';
  return [thanks, transmit, helpline, quickExit].filter((part) => part !== undefined).join(' ');
}

/** Asked first: a victim may be in danger right now. */
export const VICTIM_SAFETY_QUESTION: QuestionDef = safetyQuestion('Êtes-vous en sécurité en ce moment ?', [
  {
    value: 'safe',
    label: 'Oui, je suis en sécurité',
    keywords: ['^\\s*(?:oui|ca va|ok)\\b'],
    // "je suis chez ma sœur, en sécurité pour l'instant"; not "pas en sécurité", "je veux être en sécurité".
    mentions: [
      "(?<!\\b(?:ne|n'|pas|plus|jamais|sais|sait)\\b[^,.;!?\\n]*)(?<!\\b(?:etre|sentir|serai|serais|serons) )\\ben securite\\b",
    ],
  },
  {
    value: 'not_safe',
    label: 'Non, je ne suis pas en sécurité',
    keywords: [
      '^\\s*(?:non|nan|pas vraiment|pas du tout|pas trop|pas sure?|(?:je )?(?:ne )?(?:crois|pense) pas)\\b',
      "\\b(?:j'?\\s?ai peur|danger)\\b",
    ],
    mentions: ['\\b(?:pas|plus|jamais) (?:du tout |vraiment |trop |encore )?en securite\\b'],
    emergency: true,
  },
]);

/**
 * Before a person named as the author: not a place or a witness ("chez ma sœur", "devant ma fille"). Put
 * before an option's pattern of persons ("il s'agit de mon fils" still names him).
 */
export const NOT_A_PLACE_OR_WITNESS = '(?<!\\b(?:chez|devant|derriere|pour|a|sur|contre|vers) )';

/** Who the author is to the victim; free text is kept when no option fits. */
export function authorQuestion(prompt: string, options: OptionDef[]): QuestionDef {
  return {
    id: 'auteur',
    kind: 'person',
    input: 'choice',
    prompt,
    factType: 'relationship',
    summaryLabel: 'Auteur des faits',
    allowText: true,
    // "mon mari me frappe" already says who: the question is not asked (the options' patterns leave out
    // people named as a place or a witness: "chez ma sœur", "devant ma fille").
    detect: true,
    options,
  };
}

/**
 * Asked only when no officer was requested yet. "Oui" is the talk_to_officer option the engine adds
 * to every question of these flows, so only the refusal is an option here.
 */
export const OFFICER_QUESTION: QuestionDef = {
  id: 'policier',
  kind: 'choice',
  input: 'choice',
  prompt: 'Souhaitez-vous échanger par écrit avec un policier ?',
  factType: 'officer',
  summaryLabel: 'Échange avec un policier',
  condition: { wantsOfficer: false },
  options: [
    {
      value: 'non',
      label: 'Non, je transmets simplement mon message',
      noFact: true,
      keywords: ['^\\s*(?:non|nan)\\b'],
      mentions: [
        '\\b(?:ne )?(?:veux|voudrais|souhaite|souhaiterais) pas (?:parler|echanger|discuter|avoir affaire) (?:a|avec) (?:un|une|la|des) (?:policiers?|policieres?|police|agents?|gendarmes?)\\b',
        "\\bpas (?:besoin|envie) (?:de parler a |d'echanger avec |de |d')(?:un |une |la )?(?:policiers?|policiere|police|agent|gendarme)\\b",
      ],
    },
  ],
};
