import { claim, type ExtractionContext, isFree, makeEntity } from './context.ts';
import { allMatches } from './text-utils.ts';
import type { Entity } from './types.ts';

// One optional separator between digits: "06 12 34 56 78", "06.12.34.56.78", "0612345678", "06 1234 5678".
const SEP = '[ .\\-/]?';
const FRENCH_INTL = new RegExp(
  `(?<![\\d+])(?:\\+|00) ?33${SEP}(?:\\(0\\)${SEP})?([1-9](?:${SEP}\\d){8})(?![\\d])`,
  'g',
);
const FRENCH_NATIONAL = new RegExp(`(?<![\\d+,.])0([1-9](?:${SEP}\\d){8})(?![\\d]|[.,]\\d)`, 'g');
const FOREIGN = new RegExp(
  `(?<![\\d+])(?:\\+|00)([1-9]\\d{0,2})${SEP}((?:\\(0\\)${SEP})?\\d(?:${SEP}\\d){5,12})(?![\\d])`,
  'g',
);

function digitsOf(s: string): string {
  return s.replace(/\(0\)/g, '').replace(/\D/g, '');
}

/** Finds phone numbers and normalizes them to E.164 (+33612345678; foreign ones keep their country code). */
export function extractPhones(ctx: ExtractionContext): Entity[] {
  const out: Entity[] = [];
  const push = (value: string, start: number, end: number) => {
    if (!isFree(ctx, start, end)) return;
    out.push(makeEntity(ctx, 'phone', value, start, end));
    claim(ctx, start, end);
  };
  for (const m of allMatches(FRENCH_INTL, ctx.folded)) {
    push(`+33${digitsOf(m[1] ?? '')}`, m.index, m.index + m[0].length);
  }
  for (const m of allMatches(FRENCH_NATIONAL, ctx.folded)) {
    push(`+33${digitsOf(m[1] ?? '')}`, m.index, m.index + m[0].length);
  }
  for (const m of allMatches(FOREIGN, ctx.folded)) {
    const country = m[1] ?? '';
    if (country.startsWith('33')) continue;
    let rest = m[2] ?? '';
    rest = rest.replace(/^\(0\)/, '');
    push(`+${country}${digitsOf(rest)}`, m.index, m.index + m[0].length);
  }
  return out;
}
