import { claim, type ExtractionContext, isFree, makeEntity } from './context.ts';
import { allMatches, NUMBER_WORDS_SOURCE, parseNumber, wordsBefore } from './text-utils.ts';
import type { Entity } from './types.ts';

/** A calendar day, as days since 1970-01-01 (UTC arithmetic, no time zone involved). */
type DayNumber = number;

const PARIS_FORMAT = new Intl.DateTimeFormat('en-CA', {
  timeZone: 'Europe/Paris',
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
});

const MONTHS: Record<string, number> = {
  janvier: 1,
  janv: 1,
  jan: 1,
  fevrier: 2,
  fevr: 2,
  fev: 2,
  mars: 3,
  avril: 4,
  avr: 4,
  mai: 5,
  juin: 6,
  juillet: 7,
  juil: 7,
  aout: 8,
  septembre: 9,
  sept: 9,
  sep: 9,
  octobre: 10,
  oct: 10,
  novembre: 11,
  nov: 11,
  decembre: 12,
  dec: 12,
};
const WEEKDAYS: Record<string, number> = {
  dimanche: 0,
  lundi: 1,
  mardi: 2,
  mercredi: 3,
  jeudi: 4,
  vendredi: 5,
  samedi: 6,
};

const MONTH_SOURCE =
  '(janvier|janv|jan|fevrier|fevr|fev|mars|avril|avr|mai|juin|juillet|juil|aout|septembre|sept|sep|octobre|oct|novembre|nov|decembre|dec)';
const DAY_MONTH = new RegExp(
  `(?<![a-z0-9])(?:(lundi|mardi|mercredi|jeudi|vendredi|samedi|dimanche) )?(1er|premier|\\d{1,2}|${NUMBER_WORDS_SOURCE}) ${MONTH_SOURCE}\\.?(?![a-z])(?: (\\d{4}))?(?: (dernier|passe|prochain))?`,
  'g',
);
/** The month part of every DAY_MONTH match: a cheap test that lets most messages skip that pattern. */
const MONTH_WORD = new RegExp(` ${MONTH_SOURCE}\\.?(?![a-z])`);
const NUMERIC = /(?<![\d/.\-:,])(\d{1,2})([/.-])(\d{1,2})(?:\2(\d{4}|\d{2}))?(?![\d/]|[.,-]\d)/g;
const ISO = /(?<!\d)(\d{4})-(\d{2})-(\d{2})(?!\d)/g;
const RELATIVE =
  /(?<![a-z'-])(avant[ -]hier|apres[ -]demain|aujourd ?'? ?hui|aujourdhui|ajd|auj|hier|demain|ce soir|ce matin|ce midi|cet apres[ -]midi|cet aprem|cette nuit|cette apres[ -]midi)(?![a-z])/g;
const AGO = new RegExp(
  `(?<![a-z])(?:il y a|y a|ya|ca fait) (\\d{1,2}|${NUMBER_WORDS_SOURCE}|une?) (jours?|semaines?)(?![a-z])`,
  'g',
);
const WEEKDAY =
  /(?<![a-z])(lundi|mardi|mercredi|jeudi|vendredi|samedi|dimanche)(s?)(?![a-z])(?: (dernier|passe|prochain|qui vient))?/g;

function toDayNumber(y: number, m: number, d: number): DayNumber {
  return Math.floor(Date.UTC(y, m - 1, d) / 86_400_000);
}

function formatDay(day: DayNumber): string {
  return new Date(day * 86_400_000).toISOString().slice(0, 10);
}

function isValidDate(y: number, m: number, d: number): boolean {
  if (m < 1 || m > 12 || d < 1 || d > 31) return false;
  const date = new Date(Date.UTC(y, m - 1, d));
  return date.getUTCDate() === d && date.getUTCMonth() === m - 1;
}

const HOUR_MS = 3_600_000;
/** The UTC hour (ms / HOUR_MS) of the last parisToday call, and its answer. */
let cachedHour = Number.NaN;
let cachedToday: DayNumber = 0;

/** Today's date in Europe/Paris as a day number. */
export function parisToday(now: Date): DayNumber {
  // Intl formatting is slow and runs on every message. Paris changes date only on whole UTC hours
  // (its offsets are whole hours), so the answer is reused within the hour once both ends of it agree.
  const hour = Math.floor(now.getTime() / HOUR_MS);
  if (hour === cachedHour) return cachedToday;
  const today = formatParisDay(now);
  if (isWholeHourOn(hour, today)) {
    cachedHour = hour;
    cachedToday = today;
  }
  return today;
}

/** True when both ends of the UTC hour (hence all of it) fall on that Paris day. */
function isWholeHourOn(hour: number, day: DayNumber): boolean {
  const end = new Date((hour + 1) * HOUR_MS - 1);
  if (Number.isNaN(end.getTime())) return false; // the last hour of the Date range
  return formatParisDay(new Date(hour * HOUR_MS)) === day && formatParisDay(end) === day;
}

function formatParisDay(instant: Date): DayNumber {
  const [y, m, d] = PARIS_FORMAT.format(instant).split('-').map(Number);
  return toDayNumber(y ?? 1970, m ?? 1, d ?? 1);
}

/** For a day and month without a year: the occurrence nearest to today, or the past/next one when said. */
function resolveYear(today: DayNumber, month: number, day: number, direction?: string): DayNumber | null {
  const year = new Date(today * 86_400_000).getUTCFullYear();
  const candidates: DayNumber[] = [];
  for (const y of [year - 1, year, year + 1])
    if (isValidDate(y, month, day)) candidates.push(toDayNumber(y, month, day));
  if (candidates.length === 0) return null;
  if (direction === 'dernier' || direction === 'passe') {
    const past = candidates.filter((c) => c <= today);
    return past.length > 0 ? Math.max(...past) : null;
  }
  if (direction === 'prochain') {
    const future = candidates.filter((c) => c >= today);
    return future.length > 0 ? Math.min(...future) : null;
  }
  // Reports mostly tell past facts: prefer the past unless the future date is much closer.
  let best: DayNumber | null = null;
  let bestScore = Number.POSITIVE_INFINITY;
  for (const c of candidates) {
    const score = c <= today ? today - c : (c - today) * 2;
    if (score < bestScore) {
      best = c;
      bestScore = score;
    }
  }
  return best;
}

function weekdayOf(day: DayNumber): number {
  return (day + 4) % 7; // 1970-01-01 was a Thursday
}

/** Finds dates and resolves them to YYYY-MM-DD against `now` in Europe/Paris. */
export function extractDates(ctx: ExtractionContext): Entity[] {
  const out: Entity[] = [];
  const f = ctx.folded;
  const today = parisToday(ctx.now);
  const push = (day: DayNumber | null, start: number, end: number) => {
    if (day === null || !isFree(ctx, start, end)) return;
    out.push(makeEntity(ctx, 'date', formatDay(day), start, end));
    claim(ctx, start, end);
  };
  for (const m of allMatches(ISO, f)) {
    const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
    if (isValidDate(y, mo, d)) push(toDayNumber(y, mo, d), m.index, m.index + m[0].length);
  }
  const dayMonths = MONTH_WORD.test(f) ? allMatches(DAY_MONTH, f) : [];
  for (const m of dayMonths) {
    const rawDay = m[2] ?? '';
    const day = rawDay === '1er' || rawDay === 'premier' ? 1 : parseNumber(rawDay);
    const month = MONTHS[m[3] ?? ''];
    if (day === null || month === undefined || day < 1 || day > 31) continue;
    // "mars" and "mai" are also other words; "sept" is a number: need a plausible day before.
    if ((m[3] === 'sept' || m[3] === 'sep') && !/^\d/.test(rawDay)) continue;
    let resolved: DayNumber | null;
    if (m[4]) {
      const y = Number(m[4]);
      resolved = isValidDate(y, month, day) ? toDayNumber(y, month, day) : null;
    } else {
      resolved = resolveYear(today, month, day, m[5]);
    }
    push(resolved, m.index, m.index + m[0].length);
  }
  for (const m of allMatches(NUMERIC, f)) {
    const start = m.index;
    const end = start + m[0].length;
    const d = Number(m[1]);
    const mo = Number(m[3]);
    const sep = m[2];
    const rawYear = m[4];
    if (!rawYear) {
      // Without a year, "1/2" or "3.5" are rather fractions or decimals: need a slash and some context.
      if (sep !== '/') continue;
      const prev = wordsBefore(f, start, 1)[0] ?? '';
      const twoDigits = (m[1] ?? '').length === 2 && (m[3] ?? '').length === 2;
      if (!twoDigits && !['le', 'du', 'au', 'depuis', 'ce', ...Object.keys(WEEKDAYS)].includes(prev))
        continue;
      if (/^ ?(?:h|heures?|g|grammes?|kg|€|euros?)(?![a-z])/.test(f.slice(end, end + 8))) continue;
      push(resolveYear(today, mo, d), start, end);
      continue;
    }
    let y = Number(rawYear);
    if (rawYear.length === 2) y += 2000;
    if (isValidDate(y, mo, d)) push(toDayNumber(y, mo, d), start, end);
  }
  for (const m of allMatches(RELATIVE, f)) {
    const w = m[1] ?? '';
    let offset = 0;
    if (w.startsWith('avant')) offset = -2;
    else if (w.startsWith('apres')) offset = 2;
    else if (w === 'hier') offset = -1;
    else if (w === 'demain') offset = 1;
    push(today + offset, m.index, m.index + m[0].length);
  }
  for (const m of allMatches(AGO, f)) {
    const n = m[1] === 'un' || m[1] === 'une' ? 1 : parseNumber(m[1] ?? '');
    if (n === null || n > 60) continue;
    const days = (m[2] ?? '').startsWith('semaine') ? n * 7 : n;
    push(today - days, m.index, m.index + m[0].length);
  }
  for (const m of allMatches(WEEKDAY, f)) {
    const start = m.index;
    const end = start + m[0].length;
    if (!isFree(ctx, start, end)) continue;
    if (m[2] === 's') continue; // "les samedis": recurring
    const before = wordsBefore(f, start, 2);
    const prev = before[before.length - 1] ?? '';
    if (['les', 'chaque', 'tous', 'le'].includes(prev) && !m[3]) continue; // "le samedi", "chaque samedi": habit
    const target = WEEKDAYS[m[1] ?? ''] ?? 0;
    const todayWd = weekdayOf(today);
    let resolved: DayNumber;
    if (m[3] === 'prochain' || m[3] === 'qui vient') {
      resolved = today + ((target - todayWd + 7) % 7 || 7);
    } else if (m[3]) {
      resolved = today - ((todayWd - target + 7) % 7 || 7);
    } else {
      resolved = today - ((todayWd - target + 7) % 7);
    }
    push(resolved, start, end);
  }
  return out;
}
