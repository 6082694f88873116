/** Shared text helpers for the extractors: offset-preserving folding and French number words. */

const FOLD_CACHE = new Map<string, string>();

function foldChar(ch: string): string {
  const cached = FOLD_CACHE.get(ch);
  if (cached !== undefined) return cached;
  let out = ch.normalize('NFD').charAt(0).toLowerCase();
  if (ch === '’' || ch === '‘' || ch === 'ʼ' || ch === '`' || ch === '´') out = "'";
  else if (ch === '–' || ch === '—' || ch === '‑') out = '-';
  else if (ch === '\u00a0' || ch === '\u202f') out = ' ';
  if (out.length !== 1) out = ch.toLowerCase().length === 1 ? ch.toLowerCase() : ch;
  FOLD_CACHE.set(ch, out);
  return out;
}

/**
 * Lowercases and strips accents one UTF-16 unit at a time, so that offsets in the folded
 * string are offsets in the original message (regexes run on the folded text).
 */
export function foldText(text: string): string {
  // Runs of ASCII are lowercased in one call (toLowerCase only maps A-Z there); other units one by one.
  let out = '';
  let asciiStart = 0;
  for (let i = 0; i < text.length; i++) {
    if (text.charCodeAt(i) < 128) continue;
    out += text.slice(asciiStart, i).toLowerCase() + foldChar(text.charAt(i));
    asciiStart = i + 1;
  }
  return out + text.slice(asciiStart).toLowerCase();
}

const UNITS: Record<string, number> = {
  zero: 0,
  un: 1,
  une: 1,
  deux: 2,
  trois: 3,
  quatre: 4,
  cinq: 5,
  six: 6,
  sept: 7,
  huit: 8,
  neuf: 9,
  dix: 10,
  onze: 11,
  douze: 12,
  treize: 13,
  quatorze: 14,
  quinze: 15,
  seize: 16,
  vingt: 20,
  vingts: 20,
  trente: 30,
  quarante: 40,
  cinquante: 50,
  soixante: 60,
};

const NUMBER_TOKEN =
  '(?<![a-z])' +
  '(?:zero|une?|deux|trois|quatre|cinq|six|sept|huit|neuf|dix|onze|douze|treize|quatorze|quinze|seize|' +
  'vingts?|trente|quarante|cinquante|soixante|cents?|mille)(?![a-z])';

/** Regex source matching a French number written in words (folded text): "deux", "vingt-cinq", "deux cents". */
// Bounded: "deux mille trois cent quarante-cinq" has six words, and an unbounded repetition lets the
// separators of a range ("un-un-un…") be split in exponentially many ways (catastrophic backtracking).
export const NUMBER_WORDS_SOURCE = `${NUMBER_TOKEN}(?:[ -](?:et[ -])?${NUMBER_TOKEN}){0,6}`;

const TENS = new Set([20, 30, 40, 50, 60]);

/**
 * Parses a French number written in words ("deux cent cinquante", "quatre-vingt-dix", "vingt et un");
 * null if the words do not make one number. Juxtaposed numbers are not summed: "deux trois" and
 * "trois et cinq" are ranges (see parseNumberRange), not 5 and 8.
 */
export function parseNumberWords(words: string): number | null {
  const parts = words
    .trim()
    .split(/[\s-]+/)
    .filter((p) => p !== '');
  if (parts.length === 0) return null;
  let total = 0;
  let current = 0;
  // What the last word of the current group was: the next word must be able to follow it.
  let last: 'none' | 'unit' | 'teen' | 'ten' | 'cent' = 'none';
  let ten = 0;
  for (let i = 0; i < parts.length; i++) {
    const p = parts[i] as string;
    const next = parts[i + 1];
    if (p === 'et') {
      // Only "vingt et un", "soixante et onze".
      if (last !== 'ten' || !(next === 'un' || next === 'une' || (ten === 60 && next === 'onze')))
        return null;
    } else if (p === 'cent' || p === 'cents') {
      if (last !== 'none' && last !== 'unit') return null;
      current = (current === 0 ? 1 : current) * 100;
      last = 'cent';
    } else if (p === 'mille') {
      if (total > 0) return null;
      total = (current === 0 ? 1 : current) * 1000;
      current = 0;
      last = 'none';
    } else if (p === 'quatre' && (next === 'vingt' || next === 'vingts')) {
      if (last !== 'none' && last !== 'cent') return null;
      current += 80;
      last = 'ten';
      ten = 80;
      i++;
    } else if (p === 'dix' && (next === 'sept' || next === 'huit' || next === 'neuf')) {
      if (!(last === 'none' || last === 'cent' || (last === 'ten' && (ten === 60 || ten === 80))))
        return null;
      current += 10 + (UNITS[next] ?? 0);
      last = 'teen';
      i++;
    } else if (p in UNITS) {
      const v = UNITS[p] as number;
      if (TENS.has(v)) {
        if (last !== 'none' && last !== 'cent') return null;
        last = 'ten';
        ten = v;
      } else if (v >= 10) {
        // "soixante-dix", "quatre-vingt-douze".
        if (!(last === 'none' || last === 'cent' || (last === 'ten' && (ten === 60 || ten === 80))))
          return null;
        last = 'teen';
      } else {
        if (last === 'unit' || last === 'teen') return null;
        last = 'unit';
      }
      current += v;
    } else {
      return null;
    }
  }
  return total + current;
}

/**
 * Parses a number or a range of two written the way people say them: "4", "vingt-deux", "deux trois"
 * (2 to 3), "trois et cinq" (from "entre trois et cinq"), "dix douze". Null if neither.
 */
export function parseNumberRange(raw: string): { low: number; high: number } | null {
  const single = parseNumber(raw);
  if (single !== null) return { low: single, high: single };
  const parts = raw.trim().split(/\s+/);
  for (let k = 1; k < parts.length; k++) {
    const right =
      parts[k] === 'et' || parts[k] === 'a' || parts[k] === 'ou' ? parts.slice(k + 1) : parts.slice(k);
    const low = parseNumberWords(parts.slice(0, k).join(' '));
    const high = right.length > 0 ? parseNumberWords(right.join(' ')) : null;
    if (low !== null && high !== null && high > low) return { low, high };
  }
  return null;
}

/** Parses digits ("12", "1 500", "1.500", "2,5") or French number words; null if neither. */
export function parseNumber(raw: string): number | null {
  const s = raw.trim();
  if (/^\d{1,3}(?:[ .\u202f]\d{3})+(?:,\d+)?$/.test(s)) {
    return Number(s.replace(/[ .\u202f]/g, '').replace(',', '.'));
  }
  if (/^\d+(?:[.,]\d+)?$/.test(s)) return Number(s.replace(',', '.'));
  return parseNumberWords(s);
}

/**
 * The matches of a global regex, as `text.matchAll(re)` gives them, but without the copy of the regex that
 * matchAll makes on every call (a large share of the extraction time). Safe because all matches are
 * collected before the caller runs, and lastIndex is back at 0 when exec finds no more.
 */
export function allMatches(re: RegExp, text: string): RegExpExecArray[] {
  const matches: RegExpExecArray[] = [];
  re.lastIndex = 0;
  let m = re.exec(text);
  while (m !== null) {
    matches.push(m);
    if (m[0] === '') re.lastIndex++; // as matchAll does, so that an empty match cannot loop forever
    m = re.exec(text);
  }
  return matches;
}

/** Word characters of folded French text (letters incl. œ/æ, digits). */
export const WORD_CHAR = /[a-z0-9œæ]/;

/** True when position i of s is not inside a word (start or end boundary check helper). */
export function isWordChar(s: string, i: number): boolean {
  return i >= 0 && i < s.length && WORD_CHAR.test(s.charAt(i));
}

/** The few words just before `index` in the folded text (nearest last), for context rules. */
export function wordsBefore(folded: string, index: number, count: number): string[] {
  const head = folded.slice(Math.max(0, index - 60), index);
  const words = head.match(/[a-z0-9œæ]+/g) ?? [];
  return words.slice(-count);
}

/** The few words just after `index` in the folded text. */
export function wordsAfter(folded: string, index: number, count: number): string[] {
  const tail = folded.slice(index, index + 60);
  const words = tail.match(/[a-z0-9œæ]+/g) ?? [];
  return words.slice(0, count);
}
