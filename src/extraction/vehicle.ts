import { type ExtractionContext, makeEntity } from './context.ts';
import { allMatches } from './text-utils.ts';
import type { Entity } from './types.ts';

type VehicleType =
  | 'voiture'
  | 'scooter'
  | 'moto'
  | 'trottinette'
  | 'velo'
  | 'camionnette'
  | 'camion'
  | 'quad';

/** Nouns that name a kind of vehicle (folded text). */
const NOUNS: [RegExp, VehicleType][] = [
  [
    /voitures?|bagnoles?|vl|berlines?|citadines?|4x4|4 ?x ?4|suv|monospaces?|taxis?|cabriolets?|tutures?|gova|caisses?/,
    'voiture',
  ],
  [/scooters?|scoots?|mobylettes?|mobs?|cyclomoteurs?|deux[ -]roues motorises?/, 'scooter'],
  [
    /motos?|becanes?|motocross|moto[ -]cross|motos? cross|pit ?bikes?|dirt ?bikes?|grosses? cylindrees?/,
    'moto',
  ],
  [/trottinettes?|trotinettes?|trotinette|trotts?|trots?/, 'trottinette'],
  [/velos?|bicyclettes?|vtt|bmx|fat ?bikes?|vae/, 'velo'],
  [/camionnettes?|fourgons?|fourgonnettes?|utilitaires?|vans?|combis?/, 'camionnette'],
  [/camions?|poids[ -]lourds?|semi[ -]remorques?|camion[ -]benne|pl/, 'camion'],
  [/quads?/, 'quad'],
];
/** Generic "véhicule": a car unless the message names another kind. */
const GENERIC_VEHICLE = /(?<![a-z])vehicules?(?![a-z])/g;

interface ModelInfo {
  type: VehicleType;
  brand?: string;
  /** The model is also an ordinary word ("golf", "polo"): only with a brand or a determiner. */
  needsDeterminer?: boolean;
}

const BRANDS: Record<string, VehicleType> = {
  peugeot: 'voiture',
  renault: 'voiture',
  citroen: 'voiture',
  volkswagen: 'voiture',
  vw: 'voiture',
  bmw: 'voiture',
  audi: 'voiture',
  mercedes: 'voiture',
  'mercedes-benz': 'voiture',
  merco: 'voiture',
  toyota: 'voiture',
  ford: 'voiture',
  opel: 'voiture',
  fiat: 'voiture',
  dacia: 'voiture',
  seat: 'voiture',
  skoda: 'voiture',
  nissan: 'voiture',
  kia: 'voiture',
  hyundai: 'voiture',
  tesla: 'voiture',
  porsche: 'voiture',
  volvo: 'voiture',
  jeep: 'voiture',
  'alfa romeo': 'voiture',
  'land rover': 'voiture',
  'range rover': 'voiture',
  lancia: 'voiture',
  mazda: 'voiture',
  mitsubishi: 'voiture',
  lexus: 'voiture',
  jaguar: 'voiture',
  maserati: 'voiture',
  ferrari: 'voiture',
  lamborghini: 'voiture',
  cupra: 'voiture',
  suzuki: 'voiture',
  smart: 'voiture',
  mini: 'voiture',
  chevrolet: 'voiture',
  chrysler: 'voiture',
  infiniti: 'voiture',
  honda: 'moto',
  yamaha: 'moto',
  kawasaki: 'moto',
  ktm: 'moto',
  ducati: 'moto',
  triumph: 'moto',
  harley: 'moto',
  'harley-davidson': 'moto',
  husqvarna: 'moto',
  aprilia: 'moto',
  piaggio: 'scooter',
  vespa: 'scooter',
  kymco: 'scooter',
  sym: 'scooter',
  mbk: 'scooter',
  xiaomi: 'trottinette',
  ninebot: 'trottinette',
  segway: 'trottinette',
  iveco: 'camion',
  scania: 'camion',
  man: 'camion',
  daf: 'camion',
};
/** Brands that are also ordinary words: need a capital letter or a determiner. */
const WEAK_BRANDS = new Set(['seat', 'smart', 'mini', 'jaguar', 'man', 'sym', 'triumph', 'ford', 'fiat']);

const CAMIONNETTE_MODELS =
  'kangoo berlingo jumpy jumper partner expert boxer trafic master transit vito sprinter crafter transporter ducato doblo vivaro movano caddy citan dokker nemo bipper';
const MODELS: Record<string, ModelInfo> = {};
for (const m of CAMIONNETTE_MODELS.split(' ')) MODELS[m] = { type: 'camionnette' };
for (const m of [
  'kangoo',
  'berlingo',
  'jumpy',
  'vito',
  'sprinter',
  'ducato',
  'crafter',
  'vivaro',
  'movano',
  'doblo',
  'dokker',
]) {
  MODELS[m] = { type: 'camionnette', needsDeterminer: true };
}
// Ordinary words ("un trafic", "un master", "un expert"): only right after their brand.
const BRAND_ONLY_MODELS = new Set([
  'jumper',
  'partner',
  'expert',
  'boxer',
  'trafic',
  'master',
  'transit',
  'caddy',
  'transporter',
  'citan',
  'nemo',
  'bipper',
]);
const CAR_MODELS =
  'clio twingo megane scenic captur laguna kadjar zoe modus espace austral arkana saxo xsara picasso ds3 ds4 ds7 ' +
  'golf polo passat tiguan touran touareg scirocco t-roc sharan corsa astra mokka zafira insignia fiesta focus kuga ' +
  'puma mondeo punto panda tipo multipla sandero duster logan jogger ibiza leon ateca arona octavia fabia superb ' +
  'qashqai micra juke yaris corolla aygo auris prius rav4 c-hr chr civic swift vitara 106 107 108 205 206 207 208 ' +
  '306 307 308 406 407 508 2008 3008 5008 rcz c1 c2 c3 c4 c5 a1 a3 a4 a5 a6 a7 a8 q2 q3 q5 q7 q8 rs3 rs4 rs6 tt ' +
  'x1 x3 x5 x6 m3 m4 m5 cla gla glc classe serie cayenne macan evoque velar cooper 500';
const COMMON_WORD_MODELS = new Set(
  'golf polo picasso fiesta focus puma panda tipo logan leon superb swift civic espace austral zoe modus jogger touran cooper classe serie c1 c2 c3 c4 c5 a1 a3 a4 a5 a6 a7 a8 q2 q3 q5 q7 q8 tt x1 x3 x5 x6 m3 m4 m5 500 106 107 108 205 206 207 208 306 307 308 406 407 508 2008 3008 5008 rcz cla gla glc'.split(
    ' ',
  ),
);
for (const m of CAR_MODELS.split(' '))
  MODELS[m] = { type: 'voiture', needsDeterminer: COMMON_WORD_MODELS.has(m) };
for (const m of [
  'tmax',
  't-max',
  't max',
  'xmax',
  'x-max',
  'booster',
  'kisbee',
  'speedfight',
  'ludix',
  'aerox',
  'nitro',
  'ovetto',
]) {
  MODELS[m] = {
    type: 'scooter',
    brand: m === 'booster' || m === 'nitro' || m === 'ovetto' ? 'MBK' : undefined,
    needsDeterminer: m === 'booster' || m === 'nitro',
  };
}
for (const m of [
  'mt07',
  'mt-07',
  'mt09',
  'mt-09',
  'r1',
  'cbr',
  'gsxr',
  'gsx-r',
  'z900',
  'z750',
  'z650',
  'yz',
  'crf',
  'ktm',
]) {
  MODELS[m] = { type: 'moto', needsDeterminer: m === 'r1' || m === 'yz' };
}
/** Model numbers that must follow a brand or a determiner ("une 208"), never alone. */
const DETERMINERS =
  /(?:une|un|la|le|sa|son|leur|cette|ce|en|ma|ta|grosse|gros|vieille|vieux|petite|belle|nouvelle|d'une|d'un|l') $/;

const FEMININE_DETERMINERS =
  /(?:une|la|sa|leur|cette|en|ma|ta|grosse|vieille|petite|belle|nouvelle|d'une|l') $/;

const COLORS: [RegExp, string][] = [
  [/noire?s?/, 'noir'],
  [/blanc(?:he)?s?/, 'blanc'],
  [/grise?s?/, 'gris'],
  [/rouges?/, 'rouge'],
  [/bleue?s?/, 'bleu'],
  [/verte?s?/, 'vert'],
  [/jaunes?/, 'jaune'],
  [/oranges?/, 'orange'],
  [/marrons?/, 'marron'],
  [/beiges?/, 'beige'],
  [/argente?e?s?|argent|grise? metal(?:lise)?e?/, 'gris'],
  [/doree?s?/, 'doré'],
  [/violette?s?/, 'violet'],
  [/roses?/, 'rose'],
  [/bordeaux/, 'bordeaux'],
  [/kaki/, 'kaki'],
  [/bleue? (?:marine|nuit|fonce)/, 'bleu'],
];
const COLOR_SOURCE = COLORS.map(([re]) => re.source).join('|');
const COLOR_AFTER = new RegExp(
  `^(?: (?:de couleur|couleur|toute|tout|mat|metallisee?|aux vitres teintees|vitres teintees))? (${COLOR_SOURCE})(?![a-z])`,
);

/** Each colour pattern anchored to a whole word, compiled once. */
const WHOLE_COLORS: [RegExp, string][] = COLORS.map(([re, value]) => [
  new RegExp(`^(?:${re.source})$`),
  value,
]);

function colorOf(word: string): string | undefined {
  for (const [re, value] of WHOLE_COLORS) if (re.test(word)) return value;
  return undefined;
}

function bounded(source: string): RegExp {
  return new RegExp(`(?<![a-z0-9])(?:${source})(?![a-z0-9])`, 'g');
}

const NOUN_RES: [RegExp, VehicleType][] = NOUNS.map(([re, type]) => [bounded(re.source), type]);
const BRAND_RE = bounded(
  Object.keys(BRANDS)
    .sort((a, b) => b.length - a.length)
    .map((b) => b.replace('-', '[ -]?'))
    .join('|'),
);
const MODEL_RE = bounded(
  Object.keys(MODELS)
    .sort((a, b) => b.length - a.length)
    .map((m) => m.replace('-', '[ -]?'))
    .join('|'),
);

interface Mention {
  type: VehicleType;
  start: number;
  end: number;
  attrs: Record<string, string>;
  kind: 'noun' | 'named';
}

function capitalized(ctx: ExtractionContext, start: number): boolean {
  const ch = ctx.text.charAt(start);
  return ch !== ch.toLowerCase();
}

function findColor(ctx: ExtractionContext, end: number): { color: string; end: number } | undefined {
  const m = COLOR_AFTER.exec(ctx.folded.slice(end, end + 40));
  if (!m) return undefined;
  const color = colorOf(m[1] ?? '');
  return color ? { color, end: end + m[0].length } : undefined;
}

function modelKey(raw: string): string {
  return raw
    .replace(/ /g, '-')
    .replace(/^t-?max$/, 'tmax')
    .replace(/^x-?max$/, 'xmax');
}

/** Finds vehicles (voiture, scooter, moto, trottinette, velo, camionnette, camion, quad) with brand/model/colour. */
export function extractVehicles(ctx: ExtractionContext): Entity[] {
  const f = ctx.folded;
  const mentions: Mention[] = [];
  for (const [re, type] of NOUN_RES) {
    for (const m of allMatches(re, f)) {
      const start = m.index;
      const word = m[0];
      const before = f.slice(Math.max(0, start - 12), start);
      if (
        /^caisses?$/.test(word) &&
        !/(?:une|sa|leur|grosse|belle|cette|en|leurs|des|petite|vieille) $/.test(before)
      )
        continue;
      if (
        /^caisses?$/.test(word) &&
        /(?:a la|de la|la) $/.test(before) &&
        /^ ?(?:du|de|d'|centrale|enregistreuse)/.test(f.slice(start + word.length, start + word.length + 15))
      ) {
        continue;
      }
      if (word === 'pl' && ctx.text.slice(start, start + 2) !== 'PL') continue;
      if (word === 'vl' && ctx.text.slice(start, start + 2) !== 'VL') continue;
      if ((word === 'mob' || word === 'mobs') && !/(?:une|sa|en|leur|la|des) $/.test(before)) continue;
      if (/^trots?$/.test(word) && !/(?:une|sa|en|leur|la|des|les) $/.test(before)) continue;
      if ((word === 'van' || word === 'vans') && !/(?:un|une|le|son|leur|en|des|les) $/.test(before))
        continue;
      if (word === 'vae' && !/(?:un|en|son) $/.test(before)) continue;
      mentions.push({ type, start, end: start + word.length, attrs: {}, kind: 'noun' });
    }
  }
  const named: Mention[] = [];
  for (const m of allMatches(BRAND_RE, f)) {
    const start = m.index;
    const brandKey = m[0].replace(' ', ' ');
    const before = f.slice(Math.max(0, start - 12), start);
    const brandType = BRANDS[brandKey.replace(/ (?=davidson)/, '-')] ?? BRANDS[brandKey] ?? 'voiture';
    if (WEAK_BRANDS.has(brandKey) && !capitalized(ctx, start) && !DETERMINERS.test(before)) continue;
    if (brandKey === 'mini' && !capitalized(ctx, start)) continue;
    const brandText = ctx.text.slice(start, start + m[0].length);
    const mention: Mention = {
      type: brandType,
      start,
      end: start + m[0].length,
      attrs: { brand: brandText },
      kind: 'named',
    };
    // The model right after the brand: "Peugeot 208", "Renault Clio 4", "BMW série 3", "Yamaha T-Max".
    const after = /^ ((?:serie|classe) [0-9a-z]|[a-z0-9]+(?:[ -]?[a-z0-9]+)?)/.exec(
      f.slice(mention.end, mention.end + 20),
    );
    if (after) {
      const candidates = [after[1] ?? '', (after[1] ?? '').split(/[ -]/)[0] ?? ''];
      for (const cand of candidates) {
        const info = /^(?:serie|classe) /.test(cand) ? { type: brandType } : MODELS[modelKey(cand)];
        const numeric = /^(?:[a-z]{0,2}\d{1,4}|[a-z]\d[a-z]?)$/.test(cand) && !/^\d{5}$/.test(cand);
        if (info || (numeric && brandType === 'voiture')) {
          const modelStart = mention.end + 1;
          mention.end = modelStart + cand.length;
          mention.attrs.model = ctx.text.slice(modelStart, mention.end);
          if (info) mention.type = info.type;
          break;
        }
      }
    }
    named.push(mention);
  }
  for (const m of allMatches(MODEL_RE, f)) {
    const start = m.index;
    const end = start + m[0].length;
    if (named.some((n) => start >= n.start && start < n.end)) continue;
    const info = MODELS[modelKey(m[0])];
    if (!info || BRAND_ONLY_MODELS.has(modelKey(m[0]))) continue;
    const before = f.slice(Math.max(0, start - 12), start);
    if (info.needsDeterminer && !DETERMINERS.test(before)) continue;
    // Car models are feminine ("une Golf"); "un polo" is a shirt.
    if (
      info.type === 'voiture' &&
      COMMON_WORD_MODELS.has(modelKey(m[0])) &&
      !FEMININE_DETERMINERS.test(before)
    )
      continue;
    if (
      /^\d+$/.test(m[0]) &&
      (/(?:ligne|bus|tram|numero|n°|no|porte|chambre|appart|appartement|batiment|bat) $/.test(before) ||
        !/^\d{3,4}$/.test(m[0]))
    ) {
      continue;
    }
    // "une 208" but not "la 208 rue..." / "en 2008" (a year): four-digit models need a capital-free car context.
    if (/^\d{4}$/.test(m[0]) && /en $/.test(before)) continue;
    const attrs: Record<string, string> = { model: ctx.text.slice(start, end) };
    if (info.brand) attrs.brand = info.brand;
    named.push({ type: info.type, start, end, attrs, kind: 'named' });
  }
  // A brand or model next to a vehicle noun describes that vehicle ("un scooter Yamaha", "une Clio, voiture grise").
  const absorbed = new Set<Mention>();
  const gapOk = (from: number, to: number) =>
    to >= from &&
    /^ ?(?:(?:de (?:marque|type)|modele|type|d'une|une|un|de couleur \S+) )?$/.test(f.slice(from, to));
  for (const n of named) {
    const near = mentions.find(
      (v) =>
        v.kind === 'noun' &&
        !absorbed.has(v) &&
        (gapOk(v.end, n.start) || gapOk(n.end, v.start)) &&
        (v.type === n.type || (n.type === 'moto' && v.type === 'scooter')),
    );
    if (near) {
      absorbed.add(near);
      Object.assign(near.attrs, n.attrs);
      near.end = Math.max(near.end, n.end);
      near.start = Math.min(near.start, n.start);
    } else {
      mentions.push(n);
    }
  }
  if (mentions.length === 0) {
    for (const m of allMatches(GENERIC_VEHICLE, f)) {
      mentions.push({ type: 'voiture', start: m.index, end: m.index + m[0].length, attrs: {}, kind: 'noun' });
    }
  }
  return mentions.map((v) => {
    const color = findColor(ctx, v.end);
    let end = v.end;
    if (color) {
      v.attrs.color = color.color;
      end = color.end;
    }
    return makeEntity(ctx, 'vehicle', v.type, v.start, end, v.attrs);
  });
}
