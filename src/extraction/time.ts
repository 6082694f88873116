import { claim, type ExtractionContext, isFree, makeEntity } from './context.ts';
import { PEOPLE } from './persons.ts';
import { allMatches, NUMBER_WORDS_SOURCE, parseNumber, wordsBefore } from './text-utils.ts';
import type { Entity } from './types.ts';

const HOUR_UNIT = '(?:h(?:eures?|rs?)?)';
/** 20h, 20h30, 20 h 30, 20 heures, 20h00, 8h du soir, 20h et demie. */
const DIGIT_TIME = new RegExp(
  `(?<![\\d:.,/])(\\d{1,2}) ?${HOUR_UNIT}(?: ?(\\d{2})(?!\\d))?(?![a-z])` +
    `(?: ?(et demie?|et quart|moins le quart|moins quart))?(?: (du matin|du mat|du soir|de l'apres[ -]midi|de l'aprem))?`,
  'g',
);
const COLON_TIME = /(?<![\d:])([01]?\d|2[0-3]):([0-5]\d)(?![\d:])/g;
const WORD_TIME = new RegExp(
  `(?<![a-z])(${NUMBER_WORDS_SOURCE}) heures?(?: (et demie?|et quart|moins le quart))?` +
    `(?: (du matin|du mat|du soir|de l'apres[ -]midi|de l'aprem))?`,
  'g',
);
/** Minutes said after "heures" ("vingt heures trente", "une heure vingt du matin", "dix heures moins dix"). */
const WORD_MINUTES = new RegExp(`^ (?:(moins) )?(${NUMBER_WORDS_SOURCE})(?![a-z])`);
const PERIOD_AFTER = /^ (du matin|du mat|du soir|de l'apres[ -]midi|de l'aprem)(?![a-z])/;
/** A number followed by these counts them: "vingt heures deux mecs" is 20:00 and two people. */
const COUNTED_AFTER = new RegExp(
  `^ (?:${PEOPLE}|minutes?|mins?|fois|euros?|balles|voitures?|motos?|scooters?|ans|jours?|g|grammes?|kg)(?![a-z])`,
);
const NAMED_TIME = /(?<![a-z-])(midi|minuit)(?![a-z-])(?: (et demie?|et quart|moins le quart))?/g;
/** "de 22 à 23h", "entre 22 et 2h": the first bound has no unit of its own. */
const RANGE_START = /(?<![a-z])(?:de|entre|des) (\d{1,2}) ?(?:a|à|et|-) ?\d{1,2} ?h/g;

/** Words before a number of hours that make it a duration ("pendant 2h", "il y a 3h", "24h/24"). */
const DURATION_BEFORE = new Set([
  'pendant',
  'durant',
  'depuis',
  'dans',
  'ya',
  'toutes',
  'plus',
  'moins',
  'bout',
  'en',
  'pdt',
  // "ça dure 2h", "ça a duré 1h30", "ça fait 1h qu'ils sont là", "ils restent 3h", "j'ai attendu 1h".
  'dure',
  'duree',
  'durer',
  'fait',
  'reste',
  'restent',
  'restes',
  'restee',
  'restees',
  'attendu',
  'attend',
  'attendent',
  'poireaute',
  'mis',
  'mettent',
  'met',
]);
/** Words before a clock time ("à 20h", "vers deux heures"). */
const CLOCK_PREPOSITIONS = new Set([
  'a',
  'vers',
  'des',
  'avant',
  'apres',
  'jusqu',
  'entre',
  'et',
  'de',
  'sur',
  'depuis',
  'partir',
]);
/** Words that may sit between a duration verb and its hours ("ils restent là 2h", "ça dure bien 3h"). */
const DURATION_FILLERS = new Set([
  'la',
  'bien',
  'deja',
  'facilement',
  'environ',
  'genre',
  'au',
  'moins',
  'tjrs',
  'toujours',
  'souvent',
  'parfois',
  'des',
  'fois',
]);

function pad(n: number): string {
  return String(n).padStart(2, '0');
}

function applyModifiers(hour: number, minute: number, fraction?: string, period?: string): [number, number] {
  let h = hour;
  let m = minute;
  if (fraction) {
    if (fraction.startsWith('et demi')) m = 30;
    else if (fraction === 'et quart') m = 15;
    else {
      h = (h + 23) % 24;
      m = 45;
    }
  }
  if (period && /soir|apres|aprem/.test(period) && h < 12) h += 12;
  return [h, m];
}

/** Reads minutes in words after the hour word(s) ending at `from`; null when none are said. */
function wordMinutes(
  folded: string,
  from: number,
): { minute: number; before: boolean; end: number; period?: string } | null {
  const m = WORD_MINUTES.exec(folded.slice(from, from + 60));
  if (!m) return null;
  const before = m[1] !== undefined;
  const words = (m[2] ?? '').split(/[ -]/);
  const head = m[0].length - (m[2] ?? '').length;
  // Longest reading first: "trente deux mecs" gives 30 minutes and two people.
  for (let k = words.length; k >= 1; k--) {
    // "trente un homme": without "et", a final "un" is the article of what follows.
    if (k > 1 && (words[k - 1] === 'un' || words[k - 1] === 'une') && words[k - 2] !== 'et') continue;
    const said = words.slice(0, k).join(' ');
    const minute = parseNumber(said);
    if (minute === null || minute < 1 || minute > 59 || (before && minute > 30)) continue;
    const end = from + head + (m[2] ?? '').split(/[ -]/).slice(0, k).join(' ').length;
    const rest = folded.slice(end, end + 40);
    if (COUNTED_AFTER.test(rest)) continue;
    // "une", "deux"... alone are more often the start of something else than minutes.
    if (minute < 5 && !/^\s*(?:$|[,.;!?)])/.test(rest)) continue;
    const period = PERIOD_AFTER.exec(rest);
    return { minute, before, end: period ? end + period[0].length : end, period: period?.[1] };
  }
  return null;
}

function isDuration(
  ctx: ExtractionContext,
  start: number,
  end: number,
  hour: number,
  hasMinutes: boolean,
): boolean {
  const after = ctx.folded.slice(end, end + 12);
  if (/^ ?(?:\/ ?24|sur 24|par jour|de route|de temps|d'attente|de suite|non[- ]stop)/.test(after))
    return true;
  if (/^ ?(?:de queue|d'affilee|d'affile)/.test(after)) return true;
  const before = wordsBefore(ctx.folded, start, 3);
  const prev = before[before.length - 1] ?? '';
  const prev2 = before[before.length - 2] ?? '';
  // "1h qu'ils sont là" is a duration, "c'est à 20h qu'ils arrivent" a clock time.
  if (/^ ?(?:qu'|que )/.test(after) && !CLOCK_PREPOSITIONS.has(prev)) return true;
  // "ils restent là 2h": a filler between the verb and the hours.
  const verb = DURATION_FILLERS.has(prev) && prev !== 'moins' ? prev2 : prev;
  if (verb !== prev && DURATION_BEFORE.has(verb) && verb !== 'dans' && verb !== 'en') return true;
  if (prev === 'a' && prev2 === 'y') return true; // "il y a 2h"
  if (prev === 'depuis') return !hasMinutes && hour <= 5; // "depuis 20h" is a clock time, "depuis 2h" a duration
  if (prev === 'les' && prev2 === 'toutes') return true;
  if (prev === 'de' && (prev2 === 'plus' || prev2 === 'moins')) return true;
  if (DURATION_BEFORE.has(prev)) return true;
  if (hour === 24 || hour === 48 || hour === 72) return true;
  return false;
}

/** Finds clock times and normalizes them to HH:MM ("vers 20h", "20h30", "20:30", "midi", "de 16h à minuit"). */
export function extractTimes(ctx: ExtractionContext): Entity[] {
  const out: Entity[] = [];
  const push = (hour: number, minute: number, start: number, end: number) => {
    if (hour > 24 || minute > 59 || !isFree(ctx, start, end)) return;
    out.push(makeEntity(ctx, 'time', `${pad(hour % 24)}:${pad(minute)}`, start, end));
    claim(ctx, start, end);
  };
  const f = ctx.folded;
  for (const m of allMatches(DIGIT_TIME, f)) {
    const hour = Number(m[1]);
    const minute = m[2] ? Number(m[2]) : 0;
    const start = m.index;
    const end = start + m[0].length;
    if (hour > 24 || isDuration(ctx, start, end, hour, m[2] !== undefined)) continue;
    const [h, min] = applyModifiers(hour, minute, m[3], m[4]);
    push(h, min, start, end);
  }
  for (const m of allMatches(COLON_TIME, f)) {
    push(Number(m[1]), Number(m[2]), m.index, m.index + m[0].length);
  }
  for (const m of allMatches(NAMED_TIME, f)) {
    const start = m.index;
    // "après-midi", "ce midi" is fine, "le Midi" (the South) is rare enough to accept.
    if (/apres[ -]?$/.test(f.slice(Math.max(0, start - 6), start))) continue;
    const [h, min] = applyModifiers(m[1] === 'midi' ? 12 : 0, 0, m[2]);
    push(h, min, start, start + m[0].length);
  }
  // WORD_TIME always contains " heure": most messages can skip that long pattern.
  const wordTimes = f.includes(' heure') ? allMatches(WORD_TIME, f) : [];
  for (const m of wordTimes) {
    const n = parseNumber(m[1] ?? '');
    if (n === null || n > 24) continue;
    const start = m.index;
    const before = wordsBefore(f, start, 2);
    const prev = before[before.length - 1] ?? '';
    // Words-only hours need a clock preposition: "vers deux heures", not "pendant deux heures".
    if (!CLOCK_PREPOSITIONS.has(prev)) continue;
    if (prev === 'depuis' && n <= 5 && !m[3]) continue;
    const minutes = m[2] || m[3] ? null : wordMinutes(f, start + m[0].length);
    if (minutes) {
      const [h] = applyModifiers(minutes.before ? (n + 23) % 24 : n, 0, undefined, minutes.period);
      push(h, minutes.before ? 60 - minutes.minute : minutes.minute, start, minutes.end);
      continue;
    }
    const [h, min] = applyModifiers(n, 0, m[2], m[3]);
    push(h, min, start, start + m[0].length);
  }
  for (const m of allMatches(RANGE_START, f)) {
    const hour = Number(m[1]);
    const numStart = m.index + m[0].indexOf(m[1] ?? '', 2);
    push(hour, 0, numStart, numStart + (m[1] ?? '').length);
  }
  return out;
}
