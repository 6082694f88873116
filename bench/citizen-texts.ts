/**
 * Citizen texts that vary as people's do, for the benches: accounts, answers and afterthoughts built
 * from pieces (places, times, vehicles, products, people, phone-style spelling), so that no two turns of
 * a run send the same words — the engine recognises "the same words again" and stores nothing then,
 * which a bench repeating a few fixed texts would measure instead of a real turn.
 */
import { seededRandom } from './bench-kit.ts';

type Pick = <T>(items: readonly T[]) => T;

const COMMUNES = [
  'Besançon',
  'besancon',
  'Montbéliard',
  'Pontarlier',
  'Audincourt',
  'Valentigney',
  'Morteau',
  'Baume-les-Dames',
  'Ornans',
  'Béthoncourt',
];
const STREETS = [
  'rue de Dole',
  'rue des Lilas',
  'avenue de Montrapon',
  'rue de Vesoul',
  'place de la Révolution',
  'rue Battant',
  'boulevard Kennedy',
  'allée du Bosquet',
  'rue de Belfort',
  'chemin des Vignes',
];
const PLACES = [
  'devant le hall du',
  'dans la cage d’escalier du',
  'sur le parking derrière le',
  'au pied de la tour du',
  'à l’arrêt de bus devant le',
  'dans le local poubelles du',
];
const TIMES = [
  'vers 21h',
  'à 18h30',
  'de 18h à 23h',
  'entre 22h et 2h du mat',
  'vers minuit',
  'le matin vers 7h',
  'tard le soir',
  'à 16h45',
  'vers 20 h',
];
const RECURRENCE = [
  'tous les soirs',
  'chaque week-end',
  'depuis des mois',
  'plusieurs fois par semaine',
  'h24',
  'presque tous les jours',
  'depuis lundi dernier',
  'le vendredi et le samedi',
];
const PRODUCTS = [
  'du shit',
  'de la beuh',
  'de la coke',
  'de la C',
  'du cannabis',
  'des cachets',
  'de l’héro',
  'de la résine',
];
const PEOPLE = [
  'deux jeunes',
  'trois gars',
  'un groupe de 4 ou 5',
  'un mec seul',
  'deux individus',
  'une dizaine de jeunes',
  'un couple',
];
const CLOTHES = [
  'en survêt noir',
  'avec une doudoune rouge',
  'capuche grise',
  'casquette blanche',
  'en jogging Nike',
  'veste kaki',
];
const VEHICLES = [
  'une Clio grise',
  'un scooter T-Max blanc',
  'une 308 noire',
  'une Golf bleue',
  'un Kangoo blanc',
  'une moto verte',
];
const PRICES = ['10 balles la barrette', '60 euros le gramme', '20€ le pochon', '50 le g'];
const FEELINGS = [
  'on en a marre',
  'les enfants voient tout',
  'ça fait peur',
  'on ose plus sortir',
  'personne fait rien',
  'je veux pas d’histoires',
];
const AFTERTHOUGHTS = [
  'j’ai oublié de dire que {people} {clothes} fait le guet {time}',
  'hier encore {vehicle} est passée {time} {place} {n} {street}',
  'ils ont changé d’endroit, maintenant c’est {place} {n} {street}',
  'le prix c’est {price} d’après un voisin',
  '{feeling}, {recurrence} c’est pareil',
  'y a aussi un numéro qui tourne {phone}',
  'sur snap ils s’appellent @{handle}',
  'la plaque je crois que c’est {plate}',
  'ce soir ils étaient {people} {time}',
];
const ANSWERS = [
  '{commune}',
  '{place} {n} {street} à {commune}',
  '{time}',
  '{recurrence}',
  '{people} {clothes}',
  '{vehicle} {plate}',
  '{product}, {price}',
  'je sais pas trop',
  'je crois que oui',
  'non',
  '{feeling}',
];

/** What one person saw: the few plates, numbers and handles they come back to in one conversation. */
interface Scene {
  plates: string[];
  phone: string;
  handle: string;
  vehicles: string[];
}

function newScene(random: () => number, pick: Pick): Scene {
  const digits = (n: number) => String(Math.floor(random() * 10 ** n)).padStart(n, '0');
  const letters = () => String.fromCharCode(65 + Math.floor(random() * 26), 65 + Math.floor(random() * 26));
  const handles = ['plug_besak', 'the_frais25', 'snap_livraison', 'dealer_du_25', 'kush_express'];
  return {
    plates: [`${letters()}-${digits(3)}-${letters()}`, `${letters()}-${digits(3)}-${letters()}`],
    phone: `06 ${digits(2)} ${digits(2)} ${digits(2)} ${digits(2)}`,
    handle: pick(handles),
    vehicles: [pick(VEHICLES), pick(VEHICLES)],
  };
}

/** The word lists of the templates' placeholders; the others are the person's own (`scene`) or a number. */
const WORDS: Record<string, readonly string[]> = {
  commune: COMMUNES,
  street: STREETS,
  place: PLACES,
  time: TIMES,
  recurrence: RECURRENCE,
  product: PRODUCTS,
  people: PEOPLE,
  clothes: CLOTHES,
  price: PRICES,
  feeling: FEELINGS,
};

function fill(template: string, random: () => number, pick: Pick, scene: Scene): string {
  return template.replace(/\{(\w+)\}/g, (_, key: string) => {
    if (key === 'n') return String(1 + Math.floor(random() * 80));
    if (key === 'vehicle') return pick(scene.vehicles);
    if (key === 'plate') return pick(scene.plates);
    if (key === 'phone') return scene.phone;
    if (key === 'handle') return scene.handle;
    const words = WORDS[key];
    return words ? pick(words) : key;
  });
}

/**
 * A generator of one person's texts, reproducible from its seed: the places and times vary from text to
 * text, the vehicles, plates, number and handle are the few that person saw.
 */
export function citizenTexts(seed: number) {
  const random = seededRandom(seed);
  const pick: Pick = (items) => items[Math.floor(random() * items.length)] as (typeof items)[number];
  const scene = newScene(random, pick);
  return {
    random,
    pick,
    /** A first message: the account, with some of the facts in it. */
    account(): string {
      const parts = [
        `${pick(RECURRENCE)} ${pick(PEOPLE)} vendent ${pick(PRODUCTS)}`,
        `${pick(PLACES)} ${1 + Math.floor(random() * 80)} ${pick(STREETS)} à ${pick(COMMUNES)}`,
        random() < 0.6 ? pick(TIMES) : '',
        random() < 0.5 ? `un guetteur ${pick(CLOTHES)}` : '',
        random() < 0.4 ? `${pick(scene.vehicles)} vient les livrer` : '',
        random() < 0.3 ? pick(FEELINGS) : '',
      ].filter(Boolean);
      const text = parts.join(random() < 0.5 ? ', ' : ' ');
      return random() < 0.4 ? text.toLowerCase() : text.charAt(0).toUpperCase() + text.slice(1);
    },
    /** A text answer to whatever was asked. */
    answer(): string {
      return fill(pick(ANSWERS), random, pick, scene);
    },
    /** Something added later, after the summary or to an officer. */
    afterthought(): string {
      return fill(pick(AFTERTHOUGHTS), random, pick, scene);
    },
  };
}
