import { FUZZY_BLOCKED_WORDS } from './commune-fuzzy-words.ts';
import { type CommuneIndex, type CommuneRecord, getCommuneIndex } from './commune-index.ts';

/**
 * Communes written the way people type on a phone: a letter missing, doubled or wrong ("pontarlie",
 * "herricourt", "valentignay"), words run together or split ("grandcharmont", "lisle sur le doubs"), or
 * the first words of a long name ("luxeuil" for Luxeuil-les-Bains). The caller asks only after a place
 * word ("à", "sur", "le tabac de"), and only communes of the home region with at least
 * FUZZY_MIN_POPULATION people can come out: a typo is read as a town people near here would name.
 */

/** Shortest name (letters, spaces removed) read with one edit: "vesoul" with a typo stays unread. */
export const FUZZY_MIN_LENGTH = 7;
/** A multi-word name with one edit must be longer still ("les fins" is one letter from "les fils"). */
const FUZZY_MIN_LENGTH_MULTIWORD = 10;
/** Villages are left out: the more names, the more ordinary words fall one typo from one of them. */
export const FUZZY_MIN_POPULATION = 2000;
/** Words before the rest of a long name ("Luxeuil[-les-Bains]", "Lons[-le-Saunier]"). */
export const NAME_TAIL_START: ReadonlySet<string> = new Set([
  'les',
  'le',
  'la',
  'sur',
  'sous',
  'en',
  'de',
  'du',
  'des',
  'lez',
  'l',
]);
const ARTICLES = new Set(['le', 'la', 'les', 'l']);

/** The string and every string with one character fewer (the "symmetric delete" neighbourhood). */
export function deletionVariants(s: string): Set<string> {
  const out = new Set([s]);
  for (let i = 0; i < s.length; i++) out.add(s.slice(0, i) + s.slice(i + 1));
  return out;
}

/** True when a and b differ by at most one insertion, deletion, substitution or swap of neighbours. */
export function withinOneEdit(a: string, b: string): boolean {
  if (a === b) return true;
  if (Math.abs(a.length - b.length) > 1) return false;
  let i = 0;
  while (i < a.length && i < b.length && a[i] === b[i]) i++;
  if (a.length === b.length) {
    if (a.slice(i + 1) === b.slice(i + 1)) return true; // substitution
    return a[i] === b[i + 1] && a[i + 1] === b[i] && a.slice(i + 2) === b.slice(i + 2); // swap
  }
  return a.length > b.length ? a.slice(i + 1) === b.slice(i) : a.slice(i) === b.slice(i + 1);
}

interface RegionTable {
  /** Deletion variant of a name without spaces -> index keys of the names that give it. */
  variants: Map<string, string[]>;
  /** First words of a long name ("luxeuil", "salins") -> index keys, when those words are not a name. */
  heads: Map<string, string[]>;
}

const tables = new Map<string, RegionTable>();

function buildTable(index: CommuneIndex, region: string): RegionTable {
  const variants = new Map<string, string[]>();
  const heads = new Map<string, string[]>();
  const add = (map: Map<string, string[]>, k: string, key: string) => {
    const list = map.get(k);
    if (!list) map.set(k, [key]);
    else if (!list.includes(key)) list.push(key);
  };
  for (const [key, records] of index.byKey) {
    if (!records.some((r) => r.region === region && r.population >= FUZZY_MIN_POPULATION && !r.alias))
      continue;
    const tokens = key.split(' ');
    const joined = tokens.join('');
    if (/\d/.test(joined)) continue;
    const min = tokens.length > 1 ? FUZZY_MIN_LENGTH_MULTIWORD : FUZZY_MIN_LENGTH;
    if (joined.length >= min) for (const v of deletionVariants(joined)) add(variants, v, key);
    else if (tokens.length > 1) add(variants, joined, key); // spacing only ("grandcharmont")
    for (let k = 1; k < tokens.length - 1; k++) {
      const head = tokens.slice(0, k);
      if (!NAME_TAIL_START.has(tokens[k] as string) || ARTICLES.has(head[0] as string)) continue;
      add(heads, head.join(' '), key);
    }
  }
  return { variants, heads };
}

function tableFor(region: string): RegionTable {
  let table = tables.get(region);
  if (!table) {
    table = buildTable(getCommuneIndex(), region);
    tables.set(region, table);
  }
  return table;
}

export interface FuzzyCommune {
  /** Index of the last token of the name in the message. */
  j: number;
  /** The communes the written words may stand for (homonyms of one name, or names one typo apart). */
  candidates: CommuneRecord[];
  /** The words are the name's letters exactly, only spaced differently ("lisle sur le doubs"). */
  spacingOnly: boolean;
}

/**
 * Reads tokens[i…] as a misspelt, run-together or shortened commune name of the home region; undefined
 * if none. The longest reading wins; an ordinary word or a first name one typo from a name is never read.
 */
export function findFuzzyCommune(
  tokenKeys: readonly string[],
  i: number,
  region: string,
): FuzzyCommune | undefined {
  const index = getCommuneIndex();
  const table = tableFor(region);
  let best: FuzzyCommune | undefined;
  let joined = '';
  for (let j = i; j < Math.min(tokenKeys.length, i + 5); j++) {
    const token = tokenKeys[j] as string;
    if (/\d/.test(token)) break;
    // "saint claude a" is not one letter from a name: an added word must bring more than a letter.
    if (j > i && token.length < 2) break;
    joined += token;
    const written = tokenKeys.slice(i, j + 1).join(' ');
    const keys = new Set<string>();
    let spacingOnly = false;
    if (j > i || !FUZZY_BLOCKED_WORDS.has(joined)) {
      for (const v of deletionVariants(joined)) {
        for (const key of table.variants.get(v) ?? []) {
          const target = key.replaceAll(' ', '');
          // One edit in a single written word, or none at all in words that only lack their hyphens.
          if (!withinOneEdit(joined, target)) continue;
          if (joined !== target && key.includes(' ') && target.length < FUZZY_MIN_LENGTH_MULTIWORD) continue;
          if (joined !== target && j === i && FUZZY_BLOCKED_WORDS.has(token)) continue;
          keys.add(key);
          if (joined === target) spacingOnly = true;
        }
      }
    }
    // "luxeuil", "lons le": the first words of one long name, when they are not a name themselves.
    if (
      keys.size === 0 &&
      !index.byKey.has(written) &&
      !FUZZY_BLOCKED_WORDS.has(written) &&
      joined.length >= 6
    ) {
      const heads = table.heads.get(written);
      if (heads && heads.length === 1) keys.add(heads[0] as string);
    }
    if (keys.size === 0) continue;
    const candidates = [...keys].flatMap((k) => index.byKey.get(k) ?? []).filter((r) => !r.alias);
    if (candidates.length > 0) best = { j, candidates, spacingOnly };
  }
  return best;
}
