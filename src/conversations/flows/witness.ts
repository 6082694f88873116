/** What the witness flows (stupéfiants, autre) share: captures, questions about people and vehicles. */
import type { CaptureDef, FlowDefinition, OptionDef, QuestionDef } from '../engine/flow-types.ts';
import { safetyQuestion } from './common.ts';

// ---- Capture patterns (witness flows) ----

// Words that end a place name ("rue de Dole tous les soirs"); a place word followed by one of them at
// once names no place ("ma résidence depuis une semaine").
// SMS spellings too ("tt les jours", "chak nuit", "avc").
const AFTER_PLACE =
  "(?:tous|toutes|chaque|chak|ts|tt|vers|avec|avc|depuis|le soir|la nuit|le matin|le midi|l'apres-midi|le week-?end|hier|ce|cette|aujourd'hui|il|ils|elle|et|a \\d|de \\d|entre|pendant|quand|on|en)";

/** Street addresses and landmarks ("12 rue Battant", "devant la pharmacie", "hall du 5"). */
export const PLACE_CAPTURES: CaptureDef[] = [
  {
    pattern: `\\b(?:\\d{1,4} ?(?:bis|ter)?,? )?(?:rue|avenue|av\\.|boulevard|bd|place|chemin|allee|impasse|quai|route|square|faubourg|cours|passage|residence|cite) (?:(?:(?:de la|du|des|de|la|le|les)\\b|de l'|d'|l') ?)?(?!${AFTER_PLACE}\\b)[a-z0-9][^,.;!?\\n()]{1,40}?(?=[,.;!?\\n()]|$| ${AFTER_PLACE}\\b)`,
  },
  {
    pattern: `\\b(?:devant|derriere|a cote d[eu]|en face d[eu]|pres d[eu]|au niveau d[eu]|au pied d[eu]|a l'entree d[eu]|a la sortie d[eu]|dans le hall d[eu]|sous le porche d[eu]|(?:sur|dans) le parking d[eu]|a l(?:'| |' )(?:arret|arriere) d[eu]|au fond d[eu]) (?:(?:(?:la|le|les|du|de la|des)\\b|l') ?)?(?!${AFTER_PLACE}\\b)[a-z0-9][^,.;!?\\n()]{1,40}?(?=[,.;!?\\n()]|$| ${AFTER_PLACE}\\b)`,
  },
];

/** Clothing and nicknames, captured into a person-description slot. */
export const PERSON_CAPTURES: CaptureDef[] = [
  {
    pattern:
      "\\b(?:en|avec|porte|portait|portent|portaient|habilles? (?:en|d'un|d'une)) (?:toujours |souvent |tout le temps |parfois )?(?:un |une |des |le |la |les |leur |sa |son )?(?:survet\\w*|survetement|sweat\\w*|jogging|doudoune|capuche|casquette|veste|blouson|k-?way|bob|cagoule|maillot|tn|sacoche|banane|bonnet|jean|short|tee-?shirt|t-shirt|masque|gants?)\\b(?: (?:tout )?(?:noire?s?|blanche?s?|grise?s?|rouges?|bleue?s?|verte?s?|jaunes?|marron|beiges?|kakis?|roses?|violets?|oranges?|fonces?|claire?s?|de marque|nike|adidas|lacoste|north face|puma|camouflage|a capuche|et (?:un|une|des) \\w+))*",
    factType: 'clothing',
  },
  {
    pattern:
      "\\b(?:surnomm\\w*|qu'on (?:l')?appelle|qu'ils appellent|se fait appeler|son blaze(?: c'est| est)?|son surnom(?: c'est| est)?|son pseudo(?: c'est| est)?|alias) [«\"]? ?([a-z0-9][\\w-]{1,20})",
    factType: 'nickname',
  },
  // Faces hidden: "2 individus cagoulés", "masqués".
  {
    pattern: '\\b(?:encagoule|cagoule|masque)e?s?\\b(?! (?:noire?s?|blanche?s?|grise?s?))',
    factType: 'clothing',
  },
  // An approximate age: "d'une cinquantaine d'années", "âgé de 20 ans", "entre 15 et 18 ans".
  {
    pattern:
      "\\b(?:d'une|une|la) (?:quinzaine|vingtaine|trentaine|quarantaine|cinquantaine|soixantaine|septantaine) (?:d'annees)?|\\b(?:agee?s? de|d'environ|entre) \\d{1,2}(?: (?:et|a|ou) \\d{1,2})? ans\\b",
    factType: 'age',
  },
];

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

/** Under the message field: a witness describes what was seen. */
export const WITNESS_INPUT_HINT =
  'Décrivez ce que vous avez vu : lieu, jour, heure, personnes, véhicules. Votre nom n’est pas demandé.';

/** Witnesses stop to check the summary before transmitting. */
export const WITNESS_STOP: FlowDefinition['stop'] = { label: 'Terminer et voir le résumé', goTo: 'summary' };

export const WITNESS_DONE_TEXT =
  'Merci. Vous pouvez transmettre votre signalement avec le bouton « Transmettre mon signalement », plus bas sur la page. Vous recevrez un récépissé pour le suivre ; notez-le bien avant de quitter la page.';

/** Asked near the end of the witness flows: a witness may fear having been noticed. */
export const WITNESS_SAFETY_QUESTION: QuestionDef = safetyQuestion(
  'Et vous, comment allez-vous ? Vous sentez-vous en sécurité ?',
  [
    { value: 'safe', label: 'Je suis en sécurité', keywords: ['^\\s*(?:oui|ca va|ok|en securite)\\b'] },
    {
      value: 'noticed',
      label: "J'ai peur d'avoir été repéré(e)",
      keywords: ['\\b(?:repere|remarque|vu|reconnu|grille)e?s?\\b'],
      // In an account "vu" is what the person saw; only their fear of being seen answers here.
      mentions: [
        "\\bpeur (?:qu'(?:ils|il|elles?|on) (?:m'aient|m'ait|m'a|m'ont|me) |d'avoir ete |d'etre )(?:deja )?(?:repere|vu|remarque|reconnu|grille|identifie)e?s?\\b",
        "\\b(?:ils|il|on) m'(?:ont|a) (?:deja )?(?:repere|remarque|reconnu|grille|identifie)e?s?\\b",
      ],
      reply:
        "Merci de nous le dire. Ne prenez aucun risque : pas de photo, pas de confrontation. Votre signalement est anonyme : les personnes en cause ne sauront pas qu'il vient de vous.",
    },
    {
      value: 'danger',
      label: 'Je me sens en danger',
      keywords: [
        '\\bdanger\\b',
        '\\bpeur\\b',
        '^\\s*(?:non|nan|pas vraiment|pas du tout|pas trop|pas sure?|(?:je )?(?:ne )?(?:crois|pense) pas)\\b',
      ],
      emergency: true,
    },
  ],
);

export const PERSONS_OPTIONS: OptionDef[] = [
  {
    value: '1',
    label: 'Une personne',
    keywords: [
      '\\bun (?:seul )?(?:jeune|mec|gars|individu|homme|type|dealer|dealeur|vendeur|ado|automobiliste|conducteur|motard|inconnu)\\b',
      '\\bune (?:seule )?(?:femme|fille|jeune|conductrice|inconnue)\\b',
      // "mon voisin me menace", "un faux plombier est venu"
      '\\b(?:mon|un|une) (?:voisine?|faux \\w+|fausse \\w+)\\b',
    ],
  },
  { value: '3', label: '2 ou 3' },
  { value: '5', label: '4 ou 5' },
  { value: '6', label: 'Plus de 5' },
  {
    value: 'plusieurs',
    label: 'Plusieurs, je ne sais pas combien',
    keywords: [
      '\\b(?:des|les|plusieurs|quelques|deux-trois|une bande de|un groupe de) (?:jeunes|mecs|gars|individus|personnes|hommes|types|ados|adolescents|dealers|dealeurs|vendeurs|guetteurs|mineurs|gamins|gens|keums)\\b',
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
    keywords: ['^\\s*(?:non|nan|aucun|pas de vehicule|rien)\\b', '\\ba pieds?\\b'],
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
