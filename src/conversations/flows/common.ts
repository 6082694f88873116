/**
 * Questions, texts and patterns shared by several flows (plain data). Builders take only what differs
 * between flows (usually the wording), so that a shared slot keeps the same id, fact type and label
 * everywhere: the engine, the summary and the officers' view rely on them.
 */
import type { CaptureDef, FlowDefinition, OptionDef, QuestionDef } from '../engine/flow-types.ts';

// ---- Capture patterns (witness flows) ----

/** Street addresses and landmarks ("12 rue Battant", "devant la pharmacie", "hall du 5"). */
export const PLACE_CAPTURES: CaptureDef[] = [
  {
    pattern:
      "\\b(?:\\d{1,4} ?(?:bis|ter)?,? )?(?:rue|avenue|av\\.|boulevard|bd|place|chemin|allee|impasse|quai|route|square|faubourg|cours|passage|residence|cite) (?:(?:de la|de l'|du|des|de|d'|la|le|les|l') ?)?[a-z0-9][^,.;!?\\n()]{1,40}?(?=[,.;!?\\n()]|$| (?:tous|toutes|chaque|vers|avec|depuis|le soir|la nuit|il|ils|elle|et|a \\d|de \\d|entre|pendant|quand|on|en)\\b)",
  },
  {
    pattern:
      "\\b(?:devant|derriere|a cote d[eu]|en face d[eu]|pres d[eu]|au niveau d[eu]|au pied d[eu]|a l'entree d[eu]|a la sortie d[eu]|dans le hall d[eu]|sous le porche d[eu]) (?:(?:la|le|les|l'|du|de la|des) ?)?[a-z0-9][^,.;!?\\n()]{1,40}?(?=[,.;!?\\n()]|$| (?:tous|toutes|chaque|vers|avec|depuis|le soir|la nuit|il|ils|elle|et|a \\d|de \\d|entre|pendant|quand|on|en)\\b)",
  },
];

/** Clothing and nicknames, captured into a person-description slot. */
export const PERSON_CAPTURES: CaptureDef[] = [
  {
    pattern:
      "\\b(?:en|avec|porte|portait|portent|portaient|habilles? (?:en|d'un|d'une)) (?:un |une |des |le |la |les |leur |sa |son )?(?:survet\\w*|survetement|sweat\\w*|jogging|doudoune|capuche|casquette|veste|blouson|k-?way|bob|cagoule|maillot|tn|sacoche|banane|bonnet|jean|short|tee-?shirt|t-shirt|masque|gants?)\\b(?: (?:tout )?(?:noire?s?|blanche?s?|grise?s?|rouges?|bleue?s?|verte?s?|jaunes?|marron|beiges?|kakis?|roses?|violets?|oranges?|fonces?|claire?s?|de marque|nike|adidas|lacoste|north face|puma|camouflage|a capuche|et (?:un|une|des) \\w+))*",
    factType: 'clothing',
  },
  {
    pattern:
      "\\b(?:surnomm\\w*|qu'on (?:l')?appelle|qu'ils appellent|se fait appeler|son blaze(?: c'est| est)?|son surnom(?: c'est| est)?|son pseudo(?: c'est| est)?|alias) [«\"]? ?([a-z0-9][\\w-]{1,20})",
    factType: 'nickname',
  },
];

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

export const WHEN_QUESTION: QuestionDef = {
  id: 'quand',
  kind: 'datetime',
  input: 'text',
  prompt:
    'Quand cela se passe-t-il ? Le jour et les heures si possible (par exemple « hier vers 22h », « de 16h à minuit »).',
  factType: 'datetime',
  summaryLabel: 'Quand',
  filledBy: ['date', 'time'],
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

// ---- Witness flows (stupéfiants, autre): many questions, then a summary to check ----

export const LANDMARK_QUESTION: QuestionDef = {
  id: 'lieu',
  kind: 'place',
  input: 'text',
  prompt:
    "Pouvez-vous préciser l'endroit : une rue, une adresse ou un repère ? (par exemple « devant la pharmacie », « hall du 12 rue des Lilas »)",
  factType: 'place',
  summaryLabel: 'Endroit',
  capture: PLACE_CAPTURES,
};

/** Witnesses stop to check the summary before transmitting. */
export const WITNESS_STOP: FlowDefinition['stop'] = { label: 'Terminer et voir le résumé', goTo: 'summary' };

export const WITNESS_DONE_TEXT =
  'Merci. Vous pouvez transmettre votre signalement avec le bouton « Transmettre ». Vous recevrez un code pour le suivre ; notez-le bien, il ne sera affiché qu’une fois.';

/** Asked near the end of the witness flows: a witness may fear having been noticed. */
export const WITNESS_SAFETY_QUESTION: QuestionDef = safetyQuestion(
  'Et vous, comment allez-vous ? Vous sentez-vous en sécurité ?',
  [
    { value: 'safe', label: 'Je suis en sécurité', keywords: ['^\\s*(?:oui|ca va|ok|en securite)\\b'] },
    {
      value: 'noticed',
      label: "J'ai peur d'avoir été repéré(e)",
      keywords: ['\\b(?:repere|remarque|vu|reconnu|grille)e?s?\\b'],
      reply:
        "Merci de nous le dire. Ne prenez aucun risque : pas de photo, pas de confrontation. Votre signalement est anonyme : les personnes en cause ne sauront pas qu'il vient de vous.",
    },
    {
      value: 'danger',
      label: 'Je me sens en danger',
      keywords: ['\\bdanger\\b', '\\bpeur\\b', '^\\s*non\\b'],
      emergency: true,
    },
  ],
);

export const PERSONS_OPTIONS: OptionDef[] = [
  {
    value: '1',
    label: 'Une personne',
    keywords: ['\\bun (?:seul )?(?:jeune|mec|gars|individu|homme|type|dealer|dealeur|vendeur|ado)\\b'],
  },
  { value: '3', label: '2 ou 3' },
  { value: '5', label: '4 ou 5' },
  { value: '6', label: 'Plus de 5' },
  {
    value: 'plusieurs',
    label: 'Plusieurs, je ne sais pas combien',
    keywords: [
      '\\b(?:des|les|plusieurs|quelques|deux-trois|une bande de|un groupe de) (?:jeunes|mecs|gars|individus|personnes|hommes|types|ados|adolescents|dealers|dealeurs|vendeurs|guetteurs|mineurs|gamins)\\b',
    ],
  },
];

export const VEHICLE_OPTIONS: OptionDef[] = [
  { value: 'voiture', label: 'Voiture', keywords: ['\\b(?:voiture|caisse|bagnole)s?\\b'] },
  { value: 'scooter', label: 'Scooter', keywords: ['\\bscoot(?:er)?s?\\b'] },
  { value: 'moto', label: 'Moto', keywords: ['\\bmotos?\\b'] },
  { value: 'trottinette', label: 'Trottinette', keywords: ['\\btrott(?:inette)?s?\\b'] },
  { value: 'velo', label: 'Vélo', keywords: ['\\bvelos?\\b'] },
  { value: 'camionnette', label: 'Camionnette', keywords: ['\\b(?:camionnette|utilitaire|fourgon)s?\\b'] },
  {
    value: 'none',
    label: 'Pas de véhicule',
    noFact: true,
    keywords: ['^\\s*(?:non|nan|aucun|pas de vehicule|rien)\\b'],
  },
];

/** How many people are involved; often detected from the narrative ("des jeunes", "un seul mec"). */
export function personsQuestion(prompt: string): QuestionDef {
  return {
    id: 'personnes',
    kind: 'person',
    input: 'choice',
    prompt,
    factType: 'persons',
    summaryLabel: 'Nombre de personnes',
    filledBy: ['persons'],
    detect: true,
    allowText: true,
    options: PERSONS_OPTIONS,
  };
}

/** Asked only once people are mentioned; clothing and nicknames are captured from any text. */
export function descriptionQuestion(prompt: string): QuestionDef {
  return {
    id: 'description',
    kind: 'person',
    input: 'text',
    prompt,
    factType: 'description',
    summaryLabel: 'Description des personnes',
    capture: PERSON_CAPTURES,
    condition: { has: 'personnes' },
  };
}

/** Vehicles involved; a plate said anywhere also fills it. */
export function vehicleQuestion(prompt: string): QuestionDef {
  return {
    id: 'vehicule',
    kind: 'vehicle',
    input: 'multiple',
    prompt,
    factType: 'vehicle',
    summaryLabel: 'Véhicules',
    filledBy: ['vehicle', 'plate'],
    owns: ['vehicle'],
    allowText: true,
    options: VEHICLE_OPTIONS,
  };
}

export const PLATE_QUESTION: QuestionDef = {
  id: 'plaque',
  kind: 'vehicle',
  input: 'text',
  prompt: "Avez-vous vu la plaque d'immatriculation, même en partie ?",
  factType: 'plate_partial',
  summaryLabel: 'Plaque',
  filledBy: ['plate'],
  condition: { has: 'vehicule' },
};

/** Never asked: only gathers the weapons mentioned in any text, so they are listed apart. */
export const WEAPONS_SLOT: QuestionDef = {
  id: 'armes',
  kind: 'text',
  input: 'text',
  prompt: '',
  factType: 'weapon',
  summaryLabel: 'Armes',
  owns: ['weapon'],
  ask: false,
};

// ---- Victim flows (violences): short and careful, every question optional ----

/** Victims may stop at any time and transmit what they said, without a summary to review. */
export const VICTIM_STOP: FlowDefinition['stop'] = {
  label: "Arrêter ici et transmettre ce que j'ai dit",
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
    'Vous pouvez transmettre votre message avec le bouton « Transmettre » : il sera lu par des policiers.';
  const quickExit = 'Pensez au bouton « Quitter rapidement » si besoin.';
  return [thanks, transmit, helpline, quickExit].filter((part) => part !== undefined).join(' ');
}

/** Asked first: a victim may be in danger right now. */
export const VICTIM_SAFETY_QUESTION: QuestionDef = safetyQuestion('Êtes-vous en sécurité en ce moment ?', [
  { value: 'safe', label: 'Oui, je suis en sécurité', keywords: ['^\\s*(?:oui|ca va|ok)\\b'] },
  {
    value: 'not_safe',
    label: 'Non, je ne suis pas en sécurité',
    keywords: ['^\\s*(?:non|nan|pas vraiment)\\b'],
    emergency: true,
  },
]);

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
    },
  ],
};
