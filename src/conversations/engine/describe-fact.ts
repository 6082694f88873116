/** Plain-French rendering of facts, for the summary shown to the citizen. */
import { ENTITY_TYPES } from '../../extraction/types.ts';
import type { FlowDefinition } from './flow-types.ts';
import type { Fact } from './types.ts';

const SUBSTANCES: Record<string, string> = {
  cannabis: 'cannabis',
  cannabis_resine: 'résine de cannabis',
  cannabis_herbe: 'herbe de cannabis',
  cocaine: 'cocaïne',
  crack: 'crack',
  heroine: 'héroïne',
  mdma: 'ecstasy / MDMA',
  ketamine: 'kétamine',
  amphetamine: 'amphétamine',
  methamphetamine: 'méthamphétamine',
  lsd: 'LSD',
  protoxyde_azote: "protoxyde d'azote",
  cannabinoides_synthese: 'cannabinoïdes de synthèse',
  medicaments: 'médicaments',
  champignons: 'champignons',
  unspecified: 'produit non précisé',
};

const VEHICLES: Record<string, string> = {
  voiture: 'voiture',
  scooter: 'scooter',
  moto: 'moto',
  trottinette: 'trottinette',
  velo: 'vélo',
  camionnette: 'camionnette',
  camion: 'camion',
  quad: 'quad',
};

/** Vehicle kinds that are feminine in French: their colour agrees ("voiture grise", "scooter gris"). */
const FEMININE_VEHICLES: ReadonlySet<string> = new Set(['voiture', 'moto', 'trottinette', 'camionnette']);
/** Feminine forms of the extractor's colour values that change (rouge, beige, marron… do not). */
const FEMININE_COLOURS: Record<string, string> = {
  noir: 'noire',
  blanc: 'blanche',
  gris: 'grise',
  bleu: 'bleue',
  vert: 'verte',
  doré: 'dorée',
  violet: 'violette',
};

const WEAPONS: Record<string, string> = { arme_feu: 'arme à feu', arme_blanche: 'arme blanche' };

const ENTITY_TYPE_SET: ReadonlySet<string> = new Set(ENTITY_TYPES);

const MONTHS = [
  'janvier',
  'février',
  'mars',
  'avril',
  'mai',
  'juin',
  'juillet',
  'août',
  'septembre',
  'octobre',
  'novembre',
  'décembre',
];

function describeDate(value: string): string {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
  if (!m) return value;
  const month = MONTHS[Number(m[2]) - 1];
  return month ? `${Number(m[3])} ${month} ${m[1]}` : value;
}

function describeTime(value: string): string {
  if (value === '00:00') return 'minuit';
  const m = /^(\d{2}):(\d{2})$/.exec(value);
  return m ? `${Number(m[1])}h${m[2] === '00' ? '' : m[2]}` : value;
}

// A count as the citizen wrote it: "trois jeunes", "4 ou 5 personnes", "une dizaine de mecs".
const STARTS_WITH_COUNT =
  /^(?:\d|(?:un|une|deux|trois|quatre|cinq|six|sept|huit|neuf|dix|onze|douze|treize|quatorze|quinze|seize|vingt|trente|plusieurs|quelques)(?![\p{L}]))/iu;

function describePersons(fact: Fact): string {
  if (STARTS_WITH_COUNT.test(fact.text)) return fact.text.charAt(0).toLowerCase() + fact.text.slice(1);
  if (/^\d+$/.test(fact.value)) return `${fact.value} ${fact.value === '1' ? 'personne' : 'personnes'}`;
  return fact.text;
}

// Option labels that begin with a name keep their capital.
const NAMED_LABEL = /^(?:Snapchat|Telegram|WhatsApp|Signal|Instagram)\b/;

/**
 * The label of the option a fact answers, as it reads inside a list ("de la vente, des livraisons", not
 * "De la vente, Des livraisons"); only for button answers (entity facts carry offsets).
 */
function optionLabel(flow: FlowDefinition, fact: Fact): string | undefined {
  if (fact.start !== undefined && ENTITY_TYPE_SET.has(fact.type)) return undefined;
  const question = flow.questions.find((q) => q.id === fact.slot);
  const label = question?.options?.find((o) => o.value === fact.value)?.label;
  if (!label || NAMED_LABEL.test(label) || label.charAt(1) !== label.charAt(1).toLowerCase()) return label;
  return label.charAt(0).toLocaleLowerCase('fr') + label.slice(1);
}

/** "voiture Renault Clio grise": kind, then brand and model as written, then the colour agreed. */
function describeVehicle(flow: FlowDefinition, fact: Fact): string {
  const kind = VEHICLES[fact.value] ?? optionLabel(flow, fact) ?? fact.text;
  const { brand, model, color, ...others } = fact.attrs ?? {};
  const shade = color && FEMININE_VEHICLES.has(fact.value) ? (FEMININE_COLOURS[color] ?? color) : color;
  return [kind, brand, model, ...Object.values(others), shade].filter(Boolean).join(' ');
}

/**
 * The commune as it routes the report: its official name ("besancon", "Planoise", "besac" all read
 * "Besançon"). The words the person used stay in the fact for the officers.
 */
function describeCommune(fact: Fact): string {
  return fact.attrs?.name ?? fact.text;
}

/** One fact as a short French phrase (normalised values where they read better than the raw text). */
export function describeFact(flow: FlowDefinition, fact: Fact): string {
  switch (fact.type) {
    case 'date':
      return describeDate(fact.value);
    case 'time':
      return describeTime(fact.value);
    case 'money':
      return `${fact.value} €`;
    case 'substance':
      return SUBSTANCES[fact.value] ?? optionLabel(flow, fact) ?? fact.text;
    case 'vehicle':
      return describeVehicle(flow, fact);
    case 'weapon':
      return WEAPONS[fact.value] ?? fact.text;
    case 'handle':
      return `@${fact.value}`;
    case 'persons':
      return optionLabel(flow, fact) ?? describePersons(fact);
    case 'commune':
      return describeCommune(fact);
    case 'plate':
    case 'phone':
      return fact.value;
    default:
      return optionLabel(flow, fact) ?? fact.text;
  }
}
