import { claim, type ExtractionContext, isFree, makeEntity } from './context.ts';
import { allMatches, NUMBER_WORDS_SOURCE, parseNumber } from './text-utils.ts';
import type { Entity } from './types.ts';

const AMOUNT = `(\\d{1,3}(?:[ .\\u202f]\\d{3})+(?:,\\d{1,2})?|\\d+(?:[.,]\\d{1,2})?|${NUMBER_WORDS_SOURCE})`;
const CURRENCY =
  '(€|euros?|eur(?![a-z])|balles|boules|e(?= (?:le|la|les) (?:g|gr|gramme|barrette|boulette|pochon|pochette|dose|plaquette|taz|cachet|keus|paquet|pilule|sachet|ballon|bonbonne|joint|pochons?|taz|gramme|grammes)(?![a-z]))|e(?= ?(?:[,.;)]|$))(?<=(?:(?<![a-z])(?:pour|a|prix|de|et) |[=:] ?)\\d{1,5} ?e))';
const MULTIPLIER = "(k|mille|millions?(?: d'| de )?|milles?)?";
/** "80 euros", "80€", "1,5k€", "15 000 €", "vingt balles", "2 millions d'euros". */
const AMOUNT_CURRENCY = new RegExp(`(?<![\\d,.])${AMOUNT} ?${MULTIPLIER} ?${CURRENCY}(?![a-z])`, 'g');
const SHARED_CURRENCY = /(?<![\d,.])(\d{1,5}) ?(?:et|ou|a|-|\/) ?(?=\d)/g;
/** "€80", "EUR 80". */
const CURRENCY_AMOUNT = /(?:€|eur) ?(\d+(?:[.,]\d{1,2})?)(?![\d])/g;
/** "10k", "10 k" need an euro context elsewhere in the message. */
const BARE_K = /(?<![\d,.a-z])(\d+(?:[.,]\d)?) ?k(?![a-z0-9€])/g;
/** A price per unit of product without currency: "50 le gramme", "10 la barrette". */
const UNIT_PRICE =
  /(?<![\d,.])(\d{1,4})(?: ?(?:€|euros?|balles))? (?:le|la|les|du|par) ?(?:g|gr|gramme|barrette|boulette|pochon|pochette|dose|plaquette|cachet|taz|keus|paquet|sachet|ballon|bonbonne|bouteille|pilule|plaquette|savonnette|joint)(?![a-z])/g;
const MONEY_CONTEXT =
  /(?:€|euro|balles|fric|thune|tune|cash|liquide|billets?|argent|prix|paye|payer|vend|achet|coute|tarif|pognon|oseille|moula|sous)/;

function formatAmount(n: number): string {
  const rounded = Math.round(n * 100) / 100;
  return String(rounded);
}

function multiplierOf(raw: string | undefined): number {
  if (!raw) return 1;
  if (raw === 'k' || raw.startsWith('mille')) return 1000;
  if (raw.startsWith('million')) return 1_000_000;
  return 1;
}

/** Finds amounts of money in euros, as plain decimal strings ("550", "1500", "12.5"). */
export function extractMoney(ctx: ExtractionContext): Entity[] {
  const out: Entity[] = [];
  const f = ctx.folded;
  const push = (amount: number | null, start: number, end: number) => {
    if (amount === null || !Number.isFinite(amount) || amount <= 0 || !isFree(ctx, start, end)) return;
    out.push(makeEntity(ctx, 'money', formatAmount(amount), start, end));
    claim(ctx, start, end);
  };
  for (const m of allMatches(AMOUNT_CURRENCY, f)) {
    const raw = m[1] ?? '';
    if (m[3] === 'balles' && !/\d/.test(raw) && /^(une?|deux)$/.test(raw)) continue; // "une balle" is a bullet
    if (m[3] === 'boules' && !/\d/.test(raw)) continue;
    const n = parseNumber(raw);
    if (n === null) continue;
    push(n * multiplierOf(m[2]), m.index, m.index + m[0].length);
  }
  // "des pochons de 10 et 20 euros": the first amount shares the currency of the second.
  for (const m of allMatches(SHARED_CURRENCY, f)) {
    const next = m.index + m[0].length;
    if (out.some((e) => e.start === next))
      push(parseNumber(m[1] ?? ''), m.index, m.index + (m[1] ?? '').length);
  }
  for (const m of allMatches(CURRENCY_AMOUNT, f)) {
    push(parseNumber(m[1] ?? ''), m.index, m.index + m[0].length);
  }
  if (MONEY_CONTEXT.test(f)) {
    for (const m of allMatches(BARE_K, f)) {
      const n = parseNumber(m[1] ?? '');
      push(n === null ? null : n * 1000, m.index, m.index + m[0].length);
    }
  }
  for (const m of allMatches(UNIT_PRICE, f)) {
    const numEnd = m.index + (m[1] ?? '').length;
    push(parseNumber(m[1] ?? ''), m.index, numEnd);
  }
  return out;
}
