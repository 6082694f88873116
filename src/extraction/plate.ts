import { claim, type ExtractionContext, isFree, makeEntity } from './context.ts';
import { allMatches } from './text-utils.ts';
import type { Entity } from './types.ts';

const SIV = /(?<![a-z0-9])([a-z]{2})( {0,2}[-.]? {0,2})(\d{3})( {0,2}[-.]? {0,2})([a-z]{2})(?![a-z0-9])/g;
const FNI =
  /(?<![a-z0-9])(\d{1,4})( {0,2}-? {0,2})([a-z]{1,3})( {0,2}-? {0,2})(\d{2}|2a|2b|97[1-6])(?![a-z0-9])/g;
const PLATE_CONTEXT = /(?:plaque|immat|imat|plaq|siv|numero de la voiture|matricul)/;
/** Letter groups that are units or abbreviations, not FNI series ("10 h 30", "15 ans 20"). */
const FNI_STOP = new Set([
  'h',
  'kg',
  'g',
  'gr',
  'km',
  'm',
  'mn',
  'min',
  'ans',
  'an',
  'eur',
  'cm',
  'mm',
  'l',
  'cl',
  'ml',
  'e',
  'er',
  'eme',
  'rue',
  'bd',
  'av',
  'bis',
  'ter',
  'et',
  'ou',
  'a',
  'de',
  'le',
  'la',
  'les',
  'des',
  'du',
  'au',
  'sur',
  'x',
  'j',
  's',
  'mec',
  'ma',
  'mes',
  'sec',
  'pm',
  'am',
  'hr',
  'hrs',
  'k',
  'ke',
  'f',
  'ko',
  'mo',
  'go',
  'to',
  'par',
  'pour',
  'en',
]);

function isUpper(s: string): boolean {
  return s === s.toUpperCase() && s !== s.toLowerCase();
}

function hasPlateContext(ctx: ExtractionContext, start: number, end: number): boolean {
  const around = ctx.folded.slice(Math.max(0, start - 50), Math.min(ctx.folded.length, end + 20));
  return PLATE_CONTEXT.test(around);
}

function isValidDepartement(d: string): boolean {
  if (d === '2a' || d === '2b' || d.startsWith('97')) return true;
  const n = Number(d);
  return n >= 1 && n <= 95 && n !== 20;
}

/** Finds French licence plates: SIV (AB-123-CD) and old FNI (123-ABC-25), any spacing or case. */
export function extractPlates(ctx: ExtractionContext): Entity[] {
  const out: Entity[] = [];
  for (const m of allMatches(SIV, ctx.folded)) {
    const start = m.index;
    const end = start + m[0].length;
    if (!isFree(ctx, start, end)) continue;
    const original = ctx.text.slice(start, end);
    const letters = original.replace(/[^A-Za-z]/g, '');
    const spaced = (m[2] ?? '').includes(' ') || (m[4] ?? '').includes(' ');
    const dashed = /[-.]/.test(m[2] ?? '') && /[-.]/.test(m[4] ?? '');
    const compact = m[2] === '' && m[4] === '';
    const ok =
      isUpper(letters) ||
      dashed ||
      (compact && !/^(?:le|la|de|du|en|un|et)$/.test(m[1] ?? '')) ||
      (spaced && hasPlateContext(ctx, start, end));
    if (!ok) continue;
    const value = `${m[1]}-${m[3]}-${m[5]}`.toUpperCase();
    out.push(makeEntity(ctx, 'plate', value, start, end));
    claim(ctx, start, end);
  }
  for (const m of allMatches(FNI, ctx.folded)) {
    const start = m.index;
    const end = start + m[0].length;
    if (!isFree(ctx, start, end)) continue;
    const series = m[3] ?? '';
    const dep = m[5] ?? '';
    if (!isValidDepartement(dep)) continue;
    const originalSeries = ctx.text
      .slice(start, end)
      .replace(/[^A-Za-z]/g, '')
      .slice(0, series.length);
    const context = hasPlateContext(ctx, start, end);
    const upper = isUpper(originalSeries) && !isUpper(ctx.text.replace(/[^A-Za-z]/g, ''));
    if (!(context || (upper && !FNI_STOP.has(series)))) continue;
    if (FNI_STOP.has(series) && !context) continue;
    const value = `${m[1]}-${series}-${dep}`.toUpperCase();
    out.push(makeEntity(ctx, 'plate', value, start, end));
    claim(ctx, start, end);
  }
  return out;
}
