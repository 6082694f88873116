/** Sexist and sexual violence: short and careful, like the domestic-violence flow. */
import type { FlowDefinition } from '../engine/flow-types.ts';
import { COMMUNE_QUESTION, WHEN_QUESTION } from './common.ts';

export const violencesSexuellesFlow: FlowDefinition = {
  category: 'violences_sexuelles',
  label: 'Violences sexistes ou sexuelles',
  categoryKeywords: [
    '\\b(?:viol|violee?|violer|agression sexuelle|agresse\\w* sexuellement|attouchements?|harcelement (?:sexuel|de rue)|harcele\\w*|exhib\\w*|frotteur|main aux fesses|touche\\w* (?:les fesses|la poitrine|les seins)|sexiste|sexuel\\w*|nudes?|revenge porn)\\b',
  ],
  intro:
    "Merci de votre confiance. Ce qui vous est arrivé n'est pas de votre faute. Vous pouvez fermer cette page à tout moment avec le bouton « Quitter rapidement ».\n" +
    'En cas de danger immédiat : appelez le 17 ou le 112, ou envoyez un SMS au 114 si vous ne pouvez pas parler.\n' +
    "Le site arretonslesviolences.gouv.fr, un service de l'État, permet aussi d'échanger avec des policiers ou des gendarmes formés. Pour un mineur : 119.\n" +
    'Ici, vous répondez seulement à ce que vous voulez.',
  otherSlot: { id: 'autres', summaryLabel: 'Autres éléments' },
  stop: { label: "Arrêter ici et transmettre ce que j'ai dit", goTo: 'done' },
  offerOfficer: true,
  emergencyNote: 'Pour fermer cette page tout de suite, utilisez le bouton « Quitter rapidement ».',
  doneText:
    'Merci. Vous pouvez transmettre votre message avec le bouton « Transmettre » : il sera lu par des policiers. Pensez au bouton « Quitter rapidement » si besoin.',
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
        'Si vous le souhaitez, racontez ce qui s’est passé, avec vos mots. Vous pouvez écrire aussi peu que vous voulez.',
      factType: 'narrative',
      summaryLabel: 'Votre récit',
    },
    { ...WHEN_QUESTION, prompt: 'Quand cela s’est-il passé ? (une date approximative suffit)' },
    {
      id: 'type_lieu',
      kind: 'place',
      input: 'choice',
      prompt: 'Où cela s’est-il passé ?',
      factType: 'kind_of_place',
      summaryLabel: "Type d'endroit",
      detect: true,
      allowText: true,
      options: [
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
      ],
    },
    { ...COMMUNE_QUESTION, prompt: 'Dans quelle commune ? Cela permet de prévenir le bon service.' },
    {
      id: 'auteur',
      kind: 'person',
      input: 'choice',
      prompt: "Connaissez-vous l'auteur ?",
      factType: 'relationship',
      summaryLabel: 'Auteur des faits',
      allowText: true,
      options: [
        {
          value: 'inconnu',
          label: 'Non, un inconnu',
          keywords: ['\\b(?:inconnu|je ne le connais pas|je le connais pas)\\b'],
        },
        { value: 'connu', label: 'Oui, je le connais', keywords: ['^\\s*oui\\b'] },
      ],
    },
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
