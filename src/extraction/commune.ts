import { COMMON_WORD_COMMUNES } from './commune-common-words.ts';
import { findFuzzyCommune } from './commune-fuzzy.ts';
import { ELIDED_WORD_COMMUNES } from './commune-fuzzy-words.ts';
import { type CommuneRecord, getCommuneIndex } from './commune-index.ts';
import { type ExtractionContext, isFree, makeEntity } from './context.ts';
import { allMatches } from './text-utils.ts';
import type { Entity } from './types.ts';

interface Token {
  key: string;
  start: number;
  end: number;
}

// Maps, not object literals: looking up a freshly sliced word as an object key costs far more.
const TOKEN_ALIASES = new Map([
  ['st', 'saint'],
  ['ste', 'sainte'],
  ['sts', 'saints'],
  ['stes', 'saintes'],
]);

/** A name after these words is a street, square or building, not the commune ("rue de Dole"). */
const STREET_WORDS = new Set([
  'rue',
  'ru',
  'avenue',
  'av',
  'ave',
  'bd',
  'boulevard',
  'blvd',
  'boul',
  'chemin',
  'che',
  'chem',
  'route',
  'rte',
  'place',
  'pl',
  'allee',
  'allees',
  'impasse',
  'imp',
  'quai',
  'faubourg',
  'fbg',
  'fg',
  'square',
  'sq',
  'passage',
  'sentier',
  'voie',
  'promenade',
  'esplanade',
  'cite',
  'lotissement',
  'residence',
  // "quartier Saint-Claude" (Besançon) is not Saint-Claude (39); known neighbourhoods stay accepted, and
  // "quartier de Dole" is the commune (see isStreetName).
  'quartier',
  'montee',
  'ruelle',
  'cours',
  'parvis',
  'porte',
  'pont',
  'rond',
  'point',
  'tour',
  'tours',
  'immeuble',
  'batiment',
  'bat',
  'hameau',
  'clos',
  'traverse',
  'venelle',
  'mail',
  'galerie',
  'grande',
  'rocade',
  'm',
  'mr',
  'mme',
  'monsieur',
  'madame',
  'mlle',
  'dr',
  'docteur',
  'famille',
  'prenom',
  'nom',
  'fils',
  'general',
  'marechal',
  'president',
  'victor',
  'jean',
  'arret',
  'echangeur',
  'lac',
  'foret',
  'etang',
  'riviere',
  'plage',
  'gorges',
  'vallee',
  'col',
  'cascade',
  'grotte',
  'saut',
  'source',
  'sources',
  'massif',
  'plateau',
]);
/** Street-like words that may introduce a curated neighbourhood ("cité des Clairs-Soleils"). */
const STREET_OK_FOR_NEIGHBOURHOODS = new Set([
  'cite',
  'residence',
  'tour',
  'tours',
  'lotissement',
  'centre',
  'quartier',
]);

/** The word before the name once "de", "la"... are skipped. */
function streetWordBefore(tokens: Token[], i: number): string {
  let k = i - 1;
  while (k >= 0 && LINK_WORDS.has((tokens[k] as Token).key)) k--;
  return tokens[k]?.key ?? '';
}

/** Words that may sit between a street word and the name ("rue de la", "avenue du"). */
const LINK_WORDS = new Set(['de', 'du', 'des', 'd', 'la', 'le', 'les', 'l']);
/** Words just before a place name that make a commune reading likely. */
const PLACE_WORDS = new Set([
  'a',
  'au',
  'aux',
  'sur',
  'vers',
  'de',
  'd',
  'du',
  'dans',
  'pres',
  'cote',
  'en',
  'habite',
  'commune',
  'ville',
  'secteur',
  'quartier',
  'direction',
  'depuis',
  'entre',
  'et',
  'proche',
  'autour',
  'centre',
  'sortie',
  'apres',
  'avant',
]);
/** Place words strong enough for a lowercase common-word name ("a dole", not "de dole"). */
const STRONG_PLACE_WORDS = new Set([
  'a',
  'sur',
  'vers',
  'dans',
  'pres',
  'habite',
  'commune',
  'secteur',
  'quartier',
  'direction',
]);
/**
 * Places and people that "de" ties to a commune: "le tabac de dole", "la gare de montbeliard", "un gars de
 * dole", "ils viennent de dole". Unlike "rue de Dole", these name the commune itself.
 */
const PLACE_NOUNS_BEFORE_DE = new Set([
  'tabac',
  'gare',
  'mairie',
  'lidl',
  'aldi',
  'leclerc',
  'carrefour',
  'intermarche',
  'auchan',
  'casino',
  'super',
  'mcdo',
  'kebab',
  'college',
  'lycee',
  'ecole',
  'fac',
  'piscine',
  'parking',
  'stade',
  'hopital',
  'pharmacie',
  'boulangerie',
  'boite',
  'bar',
  'eglise',
  'poste',
  'marche',
  'centre',
  'sortie',
  'entree',
  'ville',
  'commune',
  'zone',
  'banlieue',
  'coin',
  'secteur',
  'plug',
  'dealer',
  'dealers',
  'dealeur',
  'dealeurs',
  'gars',
  'mecs',
  'jeunes',
  'types',
  'bande',
  'habitant',
  'habitants',
  'vient',
  'viennent',
  'venant',
  'arrive',
  'arrivent',
  'originaire',
  'ecris',
  'appelle',
]);

/** True when the name at tokens[i] follows "de" after a place or people noun ("le tabac de dole"). */
function isPlaceNounDe(tokens: Token[], i: number): boolean {
  const prev = tokens[i - 1]?.key;
  if (prev !== 'de' && prev !== 'd') return false;
  return PLACE_NOUNS_BEFORE_DE.has(tokens[i - 2]?.key ?? '');
}

/** Names of rivers, mountains and départements that are also communes: need "à" to be the commune. */
const GEO_NAMES = new Set([
  'doubs',
  'saone',
  'loue',
  'ognon',
  'indre',
  'aube',
  'loire',
  'jura',
  'vienne',
  'marne',
  'seine',
  'meuse',
  'moselle',
  'somme',
  'allier',
  'cher',
  'orne',
  'eure',
  'lot',
  'tarn',
  'var',
  'gers',
  'ain',
  'aude',
  'rhone',
  'creuse',
  'dordogne',
  'charente',
  'sarthe',
  'mayenne',
  'manche',
  'oise',
  'yonne',
  'landes',
  'vosges',
  'savoie',
  'dessoubre',
  'drugeon',
]);
/** Commune names that are first names, English or SMS words: treated like common words. */
const EXTRA_COMMON = new Set([
  'albert',
  'alex',
  'nicole',
  'gilles',
  'yves',
  'leon',
  'lennon',
  'samson',
  'sion',
  'target',
  'island',
  'still',
  'this',
  'his',
  'her',
  'our',
  'lee',
  'ham',
  'die',
  'don',
  'dun',
  'tox',
  'sos',
  'bio',
  'marie',
  'romain',
  'mathieu',
  'florentin',
  'germaine',
  'julienne',
  'rene',
  'lucy',
  'nancy',
  'pierre',
  'francois',
  'rémy',
  'remy',
  'eloise',
  'anais',
  'alix',
  'lens',
  'vienne',
  'tours',
  'orange',
  'sens',
  'bar',
  'plan',
  'mer',
  'eu',
  'y',
  'saint',
  'sainte',
  'vitrolles',
  'ore',
  'bus',
  'gare',
  'trafic',
  'come',
  'must',
  'lit',
  'police',
  'mars',
  'mai',
  'bonnes',
  'nuits',
  'salon',
  'auto',
  'moto',
  'velo',
  'vente',
  'coke',
  'came',
  'herbe',
  'mur',
  'murs',
  'charge',
  'rance',
  'mende',
  'ver',
  'nage',
  'morte',
  'bourg',
  'mont',
  'pont',
  'port',
  'puits',
  'cours',
  'ville',
  'rue',
  'chaux',
  'pin',
  'vers',
  'mans',
  'bourges',
  'issue',
  'place',
  'ecole',
  'jeune',
  'plaine',
  'montagne',
  'campagne',
  'fontaine',
  'force',
  'bois',
  'lac',
  'grand',
  'moyen',
  'chef',
  'chez',
  'long',
  'longue',
  'sec',
  'seche',
  'belle',
  'beau',
  'petit',
  'noir',
  'blanc',
  'rouge',
]);

// A Map for the same reason as TOKEN_ALIASES.
const CONTRACTIONS = new Map([
  ['au', 'le'],
  ['aux', 'les'],
  ['du', 'le'],
  ['des', 'les'],
]);

/** True for the UTF-16 units of /[a-z0-9œæ]/, the word characters of folded text. */
function isTokenChar(code: number): boolean {
  return (code >= 97 && code <= 122) || (code >= 48 && code <= 57) || code === 0x153 || code === 0xe6;
}

/** The runs of /[a-z0-9œæ]+/ in the folded text; a plain loop, as it runs on every message. */
function tokenize(folded: string): Token[] {
  const tokens: Token[] = [];
  let start = -1;
  for (let i = 0; i <= folded.length; i++) {
    if (i < folded.length && isTokenChar(folded.charCodeAt(i))) {
      if (start < 0) start = i;
    } else if (start >= 0) {
      const word = folded.slice(start, i);
      tokens.push({ key: TOKEN_ALIASES.get(word) ?? word, start, end: i });
      start = -1;
    }
  }
  return tokens;
}

interface Hint {
  departement: string;
  start: number;
  end: number;
}

/** "(70)", "(2A)" after a commune name. */
const PARENTHESIZED_DEPARTEMENT = /\((\d{2}|2a|2b|97\d)\)/g;
/** "dans le 39", "du 25", not "de 15 ans" nor "en 20 min". */
const DEPARTEMENT_NUMBER =
  /(?<![a-z])(?:dans|du|en|de) (?:le |l')?(\d{2})(?!\d|[,.]\d| ?(?:h|ans|€|eur|min|km|m|g|kg|%|heures?|personnes|jeunes|mecs)(?![a-z]))/g;
/** A five-digit number that may be a postal code. */
const POSTAL_CODE = /(?<![\d+.,])(\d{5})(?![\d,.])/g;

/** Département hints: "(70)", "dans le 39", "25000", "en Haute-Saône", "du Jura". */
function findHints(ctx: ExtractionContext, tokens: Token[]): { hints: Hint[]; blocked: [number, number][] } {
  const index = getCommuneIndex();
  const f = ctx.folded;
  const hints: Hint[] = [];
  const blocked: [number, number][] = [];
  const isDep = (d: string) => index.regionOfDepartement.has(d.toUpperCase());
  // Most messages have no parenthesis: skip that scan.
  if (f.includes('(')) {
    for (const m of allMatches(PARENTHESIZED_DEPARTEMENT, f)) {
      if (isDep(m[1] ?? ''))
        hints.push({ departement: (m[1] ?? '').toUpperCase(), start: m.index, end: m.index + m[0].length });
    }
  }
  for (const m of allMatches(DEPARTEMENT_NUMBER, f)) {
    if (isDep(m[1] ?? ''))
      hints.push({ departement: m[1] ?? '', start: m.index, end: m.index + m[0].length });
  }
  for (const m of allMatches(POSTAL_CODE, f)) {
    const dep = index.postalCodes.get(m[1] ?? '');
    if (dep && isFree(ctx, m.index, m.index + 5))
      hints.push({ departement: dep, start: m.index, end: m.index + m[0].length });
  }
  for (let i = 0; i < tokens.length; i++) {
    let key = '';
    for (let j = i; j < Math.min(tokens.length, i + 5); j++) {
      key = key === '' ? (tokens[j] as Token).key : `${key} ${(tokens[j] as Token).key}`;
      const dep = index.departementNames.get(key);
      if (dep) {
        const start = (tokens[i] as Token).start;
        const end = (tokens[j] as Token).end;
        const prev = tokens[i - 1]?.key ?? '';
        const prev2 = tokens[i - 2]?.key ?? '';
        if (j > i) blocked.push([start, end]);
        const introduced =
          ['le', 'la', 'les', 'l', 'du', 'en', 'des'].includes(prev) || f.charAt(start - 1) === '(';
        if (introduced && !(prev === 'la' && prev2 === 'a')) {
          hints.push({ departement: dep, start, end });
          blocked.push([start, end]);
        }
      }
      // No longer name starts with these words: stop here.
      if (!index.departementPrefixes.has(key)) break;
    }
  }
  return { hints, blocked };
}

/**
 * "changé" is not "Change": an accent written in the text must exist in the name (missing ones are fine).
 * With `soft`, a circumflex or grave accent too many is forgiven ("Dôle" for Dole): it is a common
 * misspelling, whereas an acute accent marks a word ("changé", "côté").
 */
function accentsCompatible(written: string, names: string, soft = false): boolean {
  if (names === '') return true;
  const accented = written.toLowerCase().match(/[à-ÿ]/g);
  if (!accented) return true;
  const lowerNames = names.toLowerCase();
  return accented.every((ch) => ch === 'ç' || lowerNames.includes(ch) || (soft && /[àâèêîôûù]/.test(ch)));
}

function isCapitalized(ctx: ExtractionContext, start: number): boolean {
  const ch = ctx.text.charAt(start);
  return ch !== ch.toLowerCase();
}

/** At least 8 letters of [A-Za-zÀ-ÿ], none of them changed by toUpperCase. */
function isAllCaps(text: string): boolean {
  let letters = 0;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code >= 97 && code <= 122) return false;
    // ß, à-ö, ø-ÿ change under toUpperCase; À-Þ (with ×) and ÷ are in the range and do not.
    if (code >= 0xdf && code <= 0xff && code !== 0xf7) return false;
    if ((code >= 65 && code <= 90) || (code >= 0xc0 && code <= 0xde) || code === 0xf7) letters++;
  }
  return letters >= 8;
}

function isSentenceStart(ctx: ExtractionContext, start: number): boolean {
  const head = ctx.text.slice(0, start).trimEnd();
  return head === '' || /[.!?\n:;]$/.test(head);
}

/** Picks among homonyms: nearby hint, any hint, home département, home region, then the largest. */
function chooseCandidate(
  candidates: CommuneRecord[],
  hints: Hint[],
  end: number,
  ctx: ExtractionContext,
): CommuneRecord | undefined {
  const index = getCommuneIndex();
  const near = hints.find((h) => h.start >= end && h.start - end <= 4);
  const inDep = (d: string) => candidates.filter((c) => c.departement === d);
  if (near) {
    const list = inDep(near.departement);
    if (list.length > 0) return list.sort((a, b) => b.population - a.population)[0];
  }
  for (const h of hints) {
    const list = inDep(h.departement);
    if (list.length > 0) return list.sort((a, b) => b.population - a.population)[0];
  }
  const home = inDep(ctx.departement);
  if (home.length > 0) return home.sort((a, b) => b.population - a.population)[0];
  const region = index.regionOfDepartement.get(ctx.departement);
  const regional = candidates.filter((c) => c.region === region);
  if (regional.length > 0) return regional.sort((a, b) => b.population - a.population)[0];
  return [...candidates].sort((a, b) => b.population - a.population)[0];
}

// Around a commune given as a whole answer to "which commune?": a place preposition before; after it,
// what people add to a town's name (a district of it, its département, a postcode, "je crois", "merci")
// and any punctuation or emoji ("Dole ?", "Dole centre", "Dole (39)", "dole jura", "Dole je crois").
const ANSWER_BEFORE =
  /^[^a-z0-9]*(?:(?:a|au|aux|sur|vers|dans|pres de|a cote de|sur la commune de|commune de)\s+)?$/;
// Built once from the data: any département name may follow ("dole jura", "Vesoul Haute-Saône").
let answerAfter: RegExp | undefined;
function answerAfterPattern(): RegExp {
  if (!answerAfter) {
    const departements = [...getCommuneIndex().departementNames.keys()]
      .sort((a, b) => b.length - a.length)
      .map((name) => name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&').replaceAll(' ', "[ '-]"));
    answerAfter = new RegExp(
      `^(?:[^a-z0-9]*(?:centre(?:[ -]ville)?|ville|la ville|gare|cedex|${departements.join('|')}|` +
        "quartier(?: (?:de |des |du |d'|de la |les |le |la )?[a-z-]+)?|svp|stp|merci|je crois|je pense|\\d{2,5}))*[^a-z0-9]*$",
    );
  }
  return answerAfter;
}

/** True when the name at [start, end) is all the answer says, give or take what people add around it. */
function isWholeAnswer(ctx: ExtractionContext, start: number, end: number): boolean {
  return ANSWER_BEFORE.test(ctx.folded.slice(0, start)) && answerAfterPattern().test(ctx.folded.slice(end));
}

/**
 * A commune named as the whole answer to "which commune?" is taken when it is near home, or a town of
 * 10,000 people written with a capital ("Tours", not "tours"). In lower case it must be near home and
 * not a mere village of the region, and an article-led name is a plain noun ("la montagne", "le
 * port"); so is a name after "au/du" that has no article ("au pont").
 */
function acceptAnswer(
  chosen: { population: number; departement: string; region: string },
  key: string,
  prev: string,
  capital: boolean,
  departement: string,
  homeRegion: string | undefined,
): boolean {
  const articleName = /^(?:le|la|les|l) /.test(key);
  if (!articleName && ['au', 'aux', 'du', 'des'].includes(prev)) return false;
  const near = chosen.departement === departement || chosen.region === homeRegion;
  if (capital) return near || chosen.population >= 10_000;
  // In lower case, a village of the region that is also a word ("vers", "mont") is the word.
  const familiar = chosen.departement === departement || chosen.population >= 2_000;
  return near && familiar && !articleName;
}

/** Is the name at tokens[i] preceded by a street word ("rue de", "avenue du", "place")? */
function isStreetName(tokens: Token[], i: number, folded: string): boolean {
  let k = i - 1;
  let links = 0;
  while (k >= 0 && LINK_WORDS.has((tokens[k] as Token).key) && links < 2) {
    k--;
    links++;
  }
  if (k < 0) return false;
  const word = (tokens[k] as Token).key;
  // "le lac, Villers-le-Lac": punctuation ends the street name.
  if (/[,;:!?()]/.test(folded.slice((tokens[k] as Token).end, (tokens[i] as Token).start))) return false;
  if (STREET_WORDS.has(word)) {
    // "centre de Besançon", "sortie de Dole", "un quartier de Dole" are places in the commune; "centre
    // Leclerc" and "quartier Saint-Claude" (of Besançon) are not.
    if ((word === 'centre' || word === 'sortie' || word === 'gare' || word === 'quartier') && links > 0) {
      return false;
    }
    return true;
  }
  return false;
}

/**
 * Finds communes named in the message and returns their INSEE code. Never from a street name; common-word
 * names need a capital letter and a place preposition; homonyms are settled by hints or the home département.
 */
export function extractCommunes(ctx: ExtractionContext): Entity[] {
  const index = getCommuneIndex();
  const f = ctx.folded;
  if (!/[a-z]{2}/.test(f)) return [];
  const tokens = tokenize(f);
  const { hints, blocked } = findHints(ctx, tokens);
  const allCaps = isAllCaps(ctx.text);
  const out: Entity[] = [];
  let i = 0;
  while (i < tokens.length) {
    // "au Russey" is "à le Russey", "du Russey" is "de le Russey": the article belongs to the name.
    let key = CONTRACTIONS.get((tokens[i] as Token).key) ?? '';
    let best: { key: string; j: number } | undefined;
    for (let j = key === '' ? i : i + 1; j < Math.min(tokens.length, i + index.maxTokens); j++) {
      key = key === '' ? (tokens[j] as Token).key : `${key} ${(tokens[j] as Token).key}`;
      if (index.byKey.has(key)) best = { key, j };
      if (!index.prefixes.has(key)) break;
    }
    const fuzzy = fuzzyAt(ctx, tokens, i, hints, blocked, best?.j ?? -1);
    if (fuzzy) {
      out.push(fuzzy.entity);
      i = fuzzy.j + 1;
      continue;
    }
    if (!best) {
      i++;
      continue;
    }
    const contracted = CONTRACTIONS.has((tokens[i] as Token).key) && best.j > i;
    const first = tokens[contracted ? i + 1 : i] as Token;
    const last = tokens[best.j] as Token;
    const start = first.start;
    const end = last.end;
    const accepted = acceptMatch(
      ctx,
      tokens,
      contracted ? i + 1 : i,
      best.key,
      start,
      end,
      hints,
      blocked,
      allCaps,
    );
    if (accepted) {
      const attrs: Record<string, string> = { name: accepted.name, departement: accepted.departement };
      if (accepted.alias) attrs.quartier = ctx.text.slice(start, end);
      out.push(makeEntity(ctx, 'commune', accepted.code, start, end, attrs));
      i = best.j + 1;
    } else {
      // The words of a rejected name ("rue de l'Île-de-France") are not re-read as shorter names.
      i = best.j + 1;
    }
  }
  return out;
}

function acceptMatch(
  ctx: ExtractionContext,
  tokens: Token[],
  i: number,
  key: string,
  start: number,
  end: number,
  hints: Hint[],
  blocked: [number, number][],
  allCaps: boolean,
): CommuneRecord | undefined {
  const index = getCommuneIndex();
  const candidates = index.byKey.get(key);
  if (!candidates || candidates.length === 0) return undefined;
  if (/^\d/.test(key)) return undefined;
  if (blocked.some(([s, e]) => start >= s && end <= e)) return undefined;
  if (!isFree(ctx, start, end)) return undefined;
  // "cité de la Castellane" is a housing estate, but "cité des Clairs-Soleils" is a known neighbourhood.
  const curated = candidates.some((c) => c.alias !== undefined);
  if (
    isStreetName(tokens, i, ctx.folded) &&
    !(curated && STREET_OK_FOR_NEIGHBOURHOODS.has(streetWordBefore(tokens, i)))
  ) {
    return undefined;
  }
  const prev = tokens[i - 1]?.key ?? '';
  const prev2 = tokens[i - 2]?.key ?? '';
  // "au Russey" = "à le Russey": the article is part of the official name.
  const placeWord =
    PLACE_WORDS.has(prev) || (prev === 'cote' && prev2 === 'a') || ctx.text.charAt(start - 1) === '(';
  const contentStart =
    tokens.find((t) => t.start >= start && t.end <= end && !['le', 'la', 'les', 'l'].includes(t.key))
      ?.start ?? start;
  const capital = allCaps || isCapitalized(ctx, contentStart);
  // "a larret de bus", "a lhopital": phones drop the apostrophe of "l'arrêt"; the village needs its capital.
  if (!capital && ELIDED_WORD_COMMUNES.has(key)) return undefined;
  // Capitals throughout, even in a message too short for isAllCaps ("AU PORT").
  const shouted = allCaps || !/\p{Ll}/u.test(ctx.text);
  const written = ctx.text.slice(start, end);
  let compatible = candidates.filter((c) =>
    accentsCompatible(written, c.alias ? '' : (c.formerName ?? c.name)),
  );
  // Accents only tell words apart for names that are also words ("changé"/"Change"); "Béthoncourt" is Bethoncourt.
  if (compatible.length === 0 && !COMMON_WORD_COMMUNES.has(key)) compatible = candidates;
  // "sur dôle": a circumflex too many, right after a strong place word, on a name near home.
  const homeRegionOf = index.regionOfDepartement.get(ctx.departement);
  if (compatible.length === 0 && STRONG_PLACE_WORDS.has(prev)) {
    compatible = candidates.filter(
      (c) =>
        c.region === homeRegionOf &&
        accentsCompatible(written, c.alias ? '' : (c.formerName ?? c.name), true),
    );
  }
  const chosen = chooseCandidate(compatible, hints, end, ctx);
  if (!chosen) return undefined;
  // A département number right after the name ("Rang (25)") makes it a place whatever the word.
  const hinted = hints.some(
    (h) => h.start >= end && h.start - end <= 4 && h.departement === chosen.departement,
  );
  if (hinted) return chosen;
  const index2 = getCommuneIndex();
  const homeRegion = index2.regionOfDepartement.get(ctx.departement);
  const headline =
    capital && isSentenceStart(ctx, start) && /^ ?(?:[,:(]|\d)/.test(ctx.text.slice(end, end + 3));
  if (ctx.answersCommuneQuestion && isWholeAnswer(ctx, start, end)) {
    // In capitals throughout, a capital tells nothing; but asked which commune, "TOURS" is still Tours.
    const answered = acceptAnswer(chosen, key, prev, capital && !allCaps, ctx.departement, homeRegion);
    if (answered) return chosen;
  }
  if (chosen.alias) {
    if (chosen.aliasNeedsContext && !(capital && (placeWord || !isSentenceStart(ctx, start))))
      return undefined;
    return chosen;
  }
  const contentKey = key.replace(/^(?:le|la|les|l) /, '');
  if (GEO_NAMES.has(contentKey)) {
    // "le Doubs", "dans le Jura" are the river or the département; "à Doubs", "Pontarlier, Doubs" the commune.
    if (prev === 'a' || (prev === 'commune' && prev2 === 'la')) return chosen;
    return capital && !['le', 'la', 'les', 'l', 'du', 'des', 'dans', 'en', 'de', 'd'].includes(prev)
      ? chosen
      : undefined;
  }
  const articleName = contentKey !== key;
  // "la barre des Epoisses": a plural article before a name that has none makes it a street's or a
  // district's name (the commune is "à Époisses", "d'Époisses"; "des", "aux" come before its own article,
  // "aux Rousses"). Not "du": people say "du Valdahon" as they say "au Valdahon".
  if (!articleName && (prev === 'des' || prev === 'aux')) return undefined;
  const saintName = /^saint(?:e|s|es)? /.test(contentKey);
  const common =
    (COMMON_WORD_COMMUNES.has(key) && !saintName) || EXTRA_COMMON.has(contentKey) || contentKey.length <= 3;
  if (!common) {
    // A small commune far from home named without any place word is more likely a brand or a surname ("Lacoste").
    const far = chosen.region !== homeRegion && chosen.population < 5000 && !chosen.alias;
    if (far && !placeWord && !headline) return undefined;
    return chosen;
  }
  // "au bief", "du plan": an article before a name that has none makes it an ordinary noun.
  if (!articleName && ['au', 'aux', 'du', 'des', 'le', 'la', 'les', 'l', 'un', 'une'].includes(prev))
    return undefined;
  if (!capital && articleName) return undefined;
  const region = index.regionOfDepartement.get(ctx.departement);
  const familiar =
    chosen.population >= 10_000 || chosen.departement === ctx.departement || chosen.region === region;
  const strong = !familiar || EXTRA_COMMON.has(contentKey) || contentKey.length <= 3;
  // Written in capitals, "AU PORT" may be any port: there a common word names a commune of another region
  // only with a hint (a wrong guess would send the report to the other end of France).
  if (shouted && chosen.region !== region) return undefined;
  if (strong) {
    // "Tours", "Bar", "Plan": only "à Tours", capitalized, after a place preposition.
    if (!capital || !placeWord) return undefined;
    if (allCaps && !['a', 'au', 'aux', 'sur', 'vers', 'dans'].includes(prev)) return undefined;
    return chosen;
  }
  if (headline) return chosen;
  if (capital && !allCaps) return placeWord || !isSentenceStart(ctx, start) ? chosen : undefined;
  return STRONG_PLACE_WORDS.has(prev) || isPlaceNounDe(tokens, i) ? chosen : undefined;
}

/** Words before a misspelt name that make it a place: "à", "sur", "vers", "dans", "le tabac de". */
function fuzzyContext(tokens: Token[], i: number): boolean {
  const prev = tokens[i - 1]?.key ?? '';
  return STRONG_PLACE_WORDS.has(prev) || isPlaceNounDe(tokens, i);
}

/**
 * A commune of the home region written with a typo, without its hyphens or shortened ("a pontarlie", "le
 * tabac de montbelliard", "a luxeuil"), read only after a place word and when no exact name is longer.
 */
function fuzzyAt(
  ctx: ExtractionContext,
  tokens: Token[],
  i: number,
  hints: Hint[],
  blocked: [number, number][],
  exactEnd: number,
): { entity: Entity; j: number } | undefined {
  if (!fuzzyContext(tokens, i)) return undefined;
  const region = getCommuneIndex().regionOfDepartement.get(ctx.departement);
  if (region === undefined) return undefined;
  const found = findFuzzyCommune(
    tokens.map((t) => t.key),
    i,
    region,
  );
  // An exact name is overridden only by a longer one spelt right ("lisle sur le doubs" over "Lisle").
  if (!found || found.j <= exactEnd || (exactEnd >= 0 && !found.spacingOnly)) return undefined;
  if (isStreetName(tokens, i, ctx.folded)) return undefined;
  const start = (tokens[i] as Token).start;
  const end = (tokens[found.j] as Token).end;
  if (!isFree(ctx, start, end) || blocked.some(([s, e]) => start >= s && end <= e)) return undefined;
  const chosen = chooseCandidate(found.candidates, hints, end, ctx);
  if (!chosen) return undefined;
  const attrs = { name: chosen.name, departement: chosen.departement, written: ctx.text.slice(start, end) };
  return { entity: makeEntity(ctx, 'commune', chosen.code, start, end, attrs), j: found.j };
}
