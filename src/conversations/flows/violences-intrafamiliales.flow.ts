/** Domestic violence: short and careful; orients first, every question optional, stop at any time. */
import type { FlowDefinition } from '../engine/flow-types.ts';
import { COMMUNE_QUESTION, narrativeQuestion, OTHER_SLOT, WHEN_QUESTION } from './common.ts';
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

export const violencesIntrafamilialesFlow: FlowDefinition = {
  category: 'violences_intrafamiliales',
  label: 'Violences conjugales ou intrafamiliales',
  categoryKeywords: [
    // "chez ma mère", "devant mon fils": someone of the family named as a place or a witness tells no
    // domestic violence.
    `${NOT_A_PLACE_OR_WITNESS}\\b(?:mon mari|ma femme|mon conjoint|ma conjointe|mon compagnon|ma compagne|mon copain|ma copine|mon mec|ma meuf|mon ex|mon pere|ma mere|mon beau-pere|ma belle-mere|mon fils|mon frere|(?:le pere|la mere) de mes enfants|violences? conjugales?|violences? (?:intra)?familiales?|a la maison)\\b`,
    // "il me frappe" is domestic, unless someone outside the family is the one who does it ("mon voisin me
    // menace"); neighbours who hear it ("il me bat, les voisins entendent tout") change nothing.
    "(?<!\\b(?:voisine?|collegue|patron(?:ne)?|chef|inconnue?|dealer|dealeur|quelqu'un|quelqu un) )\\b(?:me|m') ?(?:frappe|bat|tape|insulte|menace|etrangle|enferme|humilie)\\b",
  ],
  intro: victimIntro(
    'Vous avez bien fait de nous contacter.',
    "Le 3919 écoute les victimes de violences, 24 h/24 : l'appel est gratuit, anonyme et n'apparaît pas sur les factures de téléphone. Pour un enfant en danger, appelez le 119.\n" +
      `Vous pouvez aussi porter plainte dans un commissariat ou une gendarmerie. ${ANSWER_ONLY_WHAT_YOU_WANT}`,
  ),
  otherSlot: OTHER_SLOT,
  stop: VICTIM_STOP,
  offerOfficer: true,
  supportsDistress: true,
  emergencyNote: QUICK_EXIT_NOTE,
  inputHint: VICTIM_INPUT_HINT,
  doneText: victimDoneText(
    'Merci pour votre confiance.',
    'Le 3919 reste joignable à tout moment, gratuitement.',
  ),
  questions: [
    VICTIM_SAFETY_QUESTION,
    narrativeQuestion(
      'Si vous le souhaitez, racontez ce qui se passe, avec vos mots. Vous pouvez écrire aussi peu que vous voulez.',
    ),
    // Detected from the account, where a person is named as the subject, not as a place or a witness.
    authorQuestion('Qui est la personne qui vous fait du mal ?', [
      {
        value: 'conjoint',
        label: 'Mon conjoint ou partenaire',
        keywords: [
          `${NOT_A_PLACE_OR_WITNESS}\\b(?:mon mari|ma femme|mon conjoint|ma conjointe|mon compagnon|ma compagne|mon copain|ma copine|mon partenaire|mon mec|ma meuf|mon homme)\\b`,
        ],
      },
      {
        value: 'ex',
        label: 'Mon ex-conjoint ou ex-partenaire',
        keywords: [`${NOT_A_PLACE_OR_WITNESS}\\b(?:mon ex|mon ancien|mon ex-\\w+|ma ex)\\b`],
      },
      {
        value: 'parent',
        label: 'Un parent',
        keywords: [
          `${NOT_A_PLACE_OR_WITNESS}\\b(?:mon pere|ma mere|mon beau-pere|ma belle-mere|mes parents)\\b`,
        ],
      },
      {
        value: 'enfant',
        label: 'Mon enfant',
        // "le père de mon fils", "le copain à ma fille", "devant ma fille", "ma fille de 6 ans": someone of
        // the child, or a child who sees or is named, not the author.
        keywords: [
          `(?<!(?:pere|mere|papa|maman|parent|copain|copine|mari|femme|ex|ami|amie|beau-pere|belle-mere) (?:de|d'|a) )${NOT_A_PLACE_OR_WITNESS}\\b(?:mon fils|ma fille)\\b(?! (?:a|de) (?:[1-9]|1[0-7]) ans)`,
        ],
      },
      {
        value: 'famille',
        label: 'Un autre membre de la famille',
        keywords: [
          `${NOT_A_PLACE_OR_WITNESS}\\b(?:mon frere|ma s(?:oe|œ)ur|mon oncle|ma tante|mon cousin|ma cousine|mon grand-pere)\\b`,
        ],
      },
      { value: 'autre', label: 'Autre' },
    ]),
    {
      id: 'enfants',
      kind: 'choice',
      input: 'choice',
      prompt: 'Des enfants sont-ils exposés à ces violences ?',
      factType: 'children',
      summaryLabel: 'Enfants exposés',
      options: [
        {
          value: 'oui',
          label: 'Oui',
          keywords: ['^\\s*oui\\b'],
          // Said in the account: children who see, hear, are there, or a child's age.
          mentions: [
            '\\bdevant (?:les|mes|nos|ses|ma|mon|le|la|notre|leurs?) (?:deux |trois |\\w+ )?(?:enfants?|petite?s?|gosses?|gamins?|fils|filles?|bebes?|petit frere|petite soeur)\\b',
            '\\b(?:les|mes|nos|ses) (?:deux |trois |\\w+ )?(?:enfants|petits|gosses|gamins|bebes) (?:qui )?(?:entendent|voient|pleurent|ont peur|assistent|sont la|hurlent|crient|tremblent)\\b',
            '\\b(?:mon|ma|mes|notre|nos) (?:petite? )?(?:fils|filles?|enfants?|freres?|soeurs?|bebes?) de (?:[1-9]|1[0-7]) ans\\b',
          ],
          reply: 'Merci. Pour un enfant en danger, le 119 est joignable 24 h/24, gratuitement.',
        },
        {
          value: 'non',
          label: 'Non',
          keywords: ['^\\s*(?:non|nan|pas que je sache|(?:je )?(?:ne )?(?:crois|pense) pas)\\b'],
          mentions: ["\\b(?:pas|aucun|sans) (?:d'|de |d )?enfants?\\b"],
        },
      ],
    },
    {
      ...COMMUNE_QUESTION,
      prompt: 'Dans quelle commune cela se passe-t-il ? Cela permet de prévenir le bon service.',
    },
    // Never asked here (the person says only what they want), but dates and times said are listed.
    { ...WHEN_QUESTION, ask: false },
    OFFICER_QUESTION,
  ],
};
