/** Sexist and sexual violence: short and careful, like the domestic-violence flow. */
import type { FlowDefinition } from '../engine/flow-types.ts';
import {
  COMMUNE_QUESTION,
  kindOfPlaceQuestion,
  narrativeQuestion,
  OTHER_SLOT,
  WHEN_QUESTION,
} from './common.ts';
import {
  ANSWER_ONLY_WHAT_YOU_WANT,
  authorQuestion,
  NOT_A_PLACE_OR_WITNESS,
  OFFICER_QUESTION,
  QUICK_EXIT_NOTE,
  VICTIM_INPUT_HINT,
  VICTIM_SAFETY_QUESTION,
  VICTIM_STOP,
  victimDoneText,
  victimIntro,
} from './victim.ts';

export const violencesSexuellesFlow: FlowDefinition = {
  category: 'violences_sexuelles',
  label: 'Violences sexistes ou sexuelles',
  categoryKeywords: [
    '\\b(?:viol|violee?|violer|agression sexuelle|agresse\\w* sexuellement|attouchements?|harcelement (?:sexuel|de rue)|harcele\\w*|exhib\\w*|frotteur|main aux fesses|mains? baladeuses?|touche\\w* (?:les fesses|la poitrine|les seins|entre les jambes|partout)|sexiste|sexuel\\w*|nudes?|revenge porn)\\b',
    "\\b(?:me|m'|fait|faite|faire) ?(?:a |ont )?(?:tripot|pelot)\\w*",
  ],
  intro: victimIntro(
    "Merci de votre confiance. Ce qui vous est arrivé n'est pas de votre faute.",
    "Le site arretonslesviolences.gouv.fr, un service de l'État, permet aussi d'échanger avec des policiers ou des gendarmes formés. Pour un mineur, appelez le 119.\n" +
      ANSWER_ONLY_WHAT_YOU_WANT,
  ),
  otherSlot: OTHER_SLOT,
  stop: VICTIM_STOP,
  offerOfficer: true,
  supportsDistress: true,
  emergencyNote: QUICK_EXIT_NOTE,
  inputHint: VICTIM_INPUT_HINT,
  doneText: victimDoneText('Merci.'),
  questions: [
    VICTIM_SAFETY_QUESTION,
    narrativeQuestion(
      'Si vous le souhaitez, racontez ce qui s’est passé, avec vos mots. Vous pouvez écrire aussi peu que vous voulez.',
    ),
    { ...WHEN_QUESTION, prompt: 'Quand cela s’est-il passé ? (une date approximative suffit)' },
    kindOfPlaceQuestion('choice', 'Où cela s’est-il passé ?', [
      {
        value: 'rue',
        label: 'Dans la rue',
        keywords: ['\\b(?:dans la rue|en pleine rue|sur le trottoir)\\b'],
      },
      {
        value: 'transports',
        label: 'Dans les transports',
        keywords: ['\\b(?:bus|tram|train|metro|gare|transports?)\\b'],
      },
      {
        value: 'travail_etudes',
        label: 'Au travail ou à l’école',
        keywords: ['\\b(?:travail|boulot|bureau|ecole|college|lycee|fac)\\b'],
      },
      {
        value: 'domicile',
        label: 'À un domicile',
        keywords: ['\\b(?:chez moi|chez lui|chez elle|a la maison|appartement)\\b'],
      },
      {
        value: 'en_ligne',
        label: 'En ligne (réseaux sociaux, messages)',
        keywords: ['\\b(?:en ligne|internet|snap\\w*|insta\\w*|reseaux sociaux|messages?)\\b'],
      },
      { value: 'autre', label: 'Autre endroit' },
    ]),
    { ...COMMUNE_QUESTION, prompt: 'Dans quelle commune ? Cela permet de prévenir le bon service.' },
    authorQuestion("Connaissez-vous l'auteur ?", [
      {
        value: 'inconnu',
        label: 'Non, un inconnu',
        keywords: [
          '\\b(?:inconnue?s?|jamais vue?s? avant)\\b',
          '\\b(?:que )?je (?:ne )?(?:le |la |les )?(?:connais|connaissais|connaissait) (?:pas|pas du tout)\\b',
        ],
      },
      {
        value: 'connu',
        label: 'Oui, je le connais',
        keywords: [
          '^\\s*oui\\b',
          // "mon patron", "mon ex", "un ami de mon frère": someone of her life.
          `${NOT_A_PLACE_OR_WITNESS}\\b(?:mon|ma|mes) (?:ex|ancien|patron|patronne|chef|responsable|manager|prof|professeur|professeure|collegue|voisine?|ami|amie|pote|copain|copine|mec|mari|conjoint|compagnon|cousine?|oncle|beau-pere|beau-frere|frere|pere|entraineur|coach|camarade|colocataire|coloc|proprietaire|medecin)s?\\b`,
          "\\b(?:un|une) (?:ami|amie|pote|copain|copine|collegue|voisine?|cousine?|camarade|connaissance) (?:de|d')",
          "\\b(?:quelqu'un (?:que je connais|de ma famille|de mon entourage)|je (?:le|la) connais(?! pas))\\b",
        ],
      },
    ]),
    OFFICER_QUESTION,
  ],
};
