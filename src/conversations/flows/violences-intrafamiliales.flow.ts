/** Domestic violence: short and careful; orients first, every question optional, stop at any time. */
import type { FlowDefinition } from '../engine/flow-types.ts';
import { COMMUNE_QUESTION, WHEN_QUESTION } from './common.ts';

export const violencesIntrafamilialesFlow: FlowDefinition = {
  category: 'violences_intrafamiliales',
  label: 'Violences conjugales ou intrafamiliales',
  categoryKeywords: [
    '\\b(?:mon mari|ma femme|mon conjoint|ma conjointe|mon compagnon|ma compagne|mon copain|ma copine|mon ex|mon pere|ma mere|mon beau-pere|ma belle-mere|mon fils|mon frere|violences? conjugales?|violences? (?:intra)?familiales?|a la maison)\\b',
    "\\b(?:me|m') ?(?:frappe|bat|tape|insulte|menace|etrangle|enferme|humilie)\\b",
  ],
  intro:
    "Vous avez bien fait d'écrire. Vous pouvez fermer cette page à tout moment avec le bouton « Quitter rapidement ».\n" +
    'En cas de danger immédiat : appelez le 17 ou le 112, ou envoyez un SMS au 114 si vous ne pouvez pas parler.\n' +
    "Le 3919 écoute les victimes de violences, 24h/24 : l'appel est gratuit, anonyme et n'apparaît pas sur les factures de téléphone. Pour un enfant en danger : 119.\n" +
    'Vous pouvez aussi porter plainte dans un commissariat ou une gendarmerie. Ici, vous répondez seulement à ce que vous voulez.',
  otherSlot: { id: 'autres', summaryLabel: 'Autres éléments' },
  stop: { label: "Arrêter ici et transmettre ce que j'ai dit", goTo: 'done' },
  offerOfficer: true,
  emergencyNote: 'Pour fermer cette page tout de suite, utilisez le bouton « Quitter rapidement ».',
  doneText:
    'Merci pour votre confiance. Vous pouvez transmettre votre message avec le bouton « Transmettre » : il sera lu par des policiers. Le 3919 reste joignable à tout moment, gratuitement. Pensez au bouton « Quitter rapidement » si besoin.',
  questions: [
    {
      id: 'securite',
      kind: 'safety',
      input: 'choice',
      prompt: 'Êtes-vous en sécurité en ce moment ?',
      factType: 'safety',
      summaryLabel: 'Votre sécurité',
      options: [
        { value: 'safe', label: 'Oui, je suis en sécurité', keywords: ['^\\s*(?:oui|ca va|ok)\\b'] },
        {
          value: 'not_safe',
          label: 'Non, je ne suis pas en sécurité',
          keywords: ['^\\s*(?:non|nan|pas vraiment)\\b'],
          emergency: true,
        },
      ],
    },
    {
      id: 'recit',
      kind: 'narrative',
      input: 'text',
      prompt:
        'Si vous le souhaitez, racontez ce qui se passe, avec vos mots. Vous pouvez écrire aussi peu que vous voulez.',
      factType: 'narrative',
      summaryLabel: 'Votre récit',
    },
    {
      id: 'auteur',
      kind: 'person',
      input: 'choice',
      prompt: 'Qui est la personne qui vous fait du mal ?',
      factType: 'relationship',
      summaryLabel: 'Auteur des faits',
      // No detection from the narrative: "ma fille a 6 ans" names a child, not the author.
      allowText: true,
      options: [
        {
          value: 'conjoint',
          label: 'Mon conjoint ou partenaire',
          keywords: [
            '\\b(?:mon mari|ma femme|mon conjoint|ma conjointe|mon compagnon|ma compagne|mon copain|ma copine|mon partenaire)\\b',
          ],
        },
        {
          value: 'ex',
          label: 'Mon ex-conjoint ou ex-partenaire',
          keywords: ['\\b(?:mon ex|mon ancien|mon ex-\\w+|ma ex)\\b'],
        },
        {
          value: 'parent',
          label: 'Un parent',
          keywords: ['\\b(?:mon pere|ma mere|mon beau-pere|ma belle-mere|mes parents)\\b'],
        },
        { value: 'enfant', label: 'Mon enfant', keywords: ['\\b(?:mon fils|ma fille)\\b'] },
        {
          value: 'famille',
          label: 'Un autre membre de la famille',
          keywords: ['\\b(?:mon frere|ma soeur|mon oncle|ma tante|mon cousin|ma cousine|mon grand-pere)\\b'],
        },
        { value: 'autre', label: 'Autre' },
      ],
    },
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
          reply: 'Merci. Pour un enfant en danger, le 119 est joignable 24h/24, gratuitement.',
        },
        { value: 'non', label: 'Non', keywords: ['^\\s*(?:non|nan)\\b'] },
      ],
    },
    {
      ...COMMUNE_QUESTION,
      prompt: 'Dans quelle commune cela se passe-t-il ? Cela permet de prévenir le bon service.',
    },
    // Never asked here (the person says only what they want), but dates and times said are listed.
    { ...WHEN_QUESTION, ask: false },
    {
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
        },
      ],
    },
  ],
};
